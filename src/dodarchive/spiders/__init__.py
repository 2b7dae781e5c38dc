"""dodarchive's spiders. The top-level ``spiders/`` folder is a link to this package."""
