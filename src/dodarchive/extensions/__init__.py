"""dodarchive Scrapy extensions."""
