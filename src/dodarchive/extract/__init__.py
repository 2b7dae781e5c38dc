"""Extraction: WARC records in, Article records out.

Modules in data-flow order: :mod:`.record` (``extract_record``, one record to an
``Outcome``; ``EXTRACT_TYPES``), :mod:`.summary` (the ``Result`` of a record and the
``Summary`` of a run, shared by both engines), :mod:`.local` (the local engine: batches
over worker processes), :mod:`.captures` (deduplication keys), :mod:`.sink` (the local
engine's ordered consumer), :mod:`.output` (atomic JSONL and Parquet writers, the Arrow
schema), :mod:`.spark` and :mod:`.spark_task` (the Spark engine, driver and task).
"""
