"""Extraction: WARC records in, Article records out (per-record function, engines, output)."""
