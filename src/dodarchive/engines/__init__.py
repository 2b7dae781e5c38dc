"""Extraction engines: ways of running :func:`dodarchive.extract.extract_record` over WARCs.

Every engine calls the same per-record function, so they differ only in how records
are scheduled and where results are written; their article lines are identical.
"""
