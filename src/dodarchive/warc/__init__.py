"""Reading and checking WARC files.

:mod:`.files` (which files the inputs name), :mod:`.reader` (the one reader: records with
provenance), :mod:`.scan` (the one rule for whole records, and damage),
:mod:`.validate` (digest and structure checks).
"""
