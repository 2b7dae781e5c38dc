"""dodarchive: archive DoD press pages into WARC files and extract clean Article JSON."""

__version__ = "0.1.0"
