"""dodarchive downloader middlewares: scope, contact User-Agent, incremental skipping."""
