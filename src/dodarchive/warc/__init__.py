"""Reading and checking WARC files: one reader, one scanner, one input expander, validation."""
