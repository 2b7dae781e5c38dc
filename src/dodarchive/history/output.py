"""Write ``dodarchive history`` lines: JSON Lines, or Parquet with :func:`version_schema`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dodarchive.extract.output import Format, JsonlWriter, ParquetWriter, RecordWriter

__all__ = ["open_history_writer", "version_schema"]


def version_schema() -> Any:
    """The pyarrow schema of a version line (the keys of
    :func:`dodarchive.history.versions.version_row`); ``changes`` is null for version 1,
    ``archivedUrl`` for a direct capture."""
    import pyarrow as pa

    capture = pa.struct(
        [
            pa.field("url", pa.string(), nullable=False),
            pa.field("date", pa.string()),
            pa.field("archivedUrl", pa.string()),
            pa.field("warcFile", pa.string(), nullable=False),
            pa.field("recordId", pa.string(), nullable=False),
            pa.field("offset", pa.int64(), nullable=False),
        ]
    )
    headline = pa.struct([pa.field("old", pa.string()), pa.field("new", pa.string())])
    changes = pa.struct(
        [
            pa.field("headline", headline),
            pa.field("added", pa.list_(pa.string())),
            pa.field("removed", pa.list_(pa.string())),
            pa.field("diff", pa.string()),
            pa.field("significance", pa.float64()),
        ]
    )
    return pa.schema(
        [
            pa.field("articleKey", pa.string(), nullable=False),
            pa.field("version", pa.int64(), nullable=False),
            pa.field("textHash", pa.string(), nullable=False),
            pa.field("headline", pa.string(), nullable=False),
            pa.field("firstSeen", pa.string()),
            pa.field("lastSeen", pa.string()),
            pa.field("captures", pa.list_(capture), nullable=False),
            pa.field("changes", changes),
        ]
    )


def open_history_writer(fmt: Format, path: str | Path) -> RecordWriter:
    """A writer of version lines at ``path`` (atomic, as ``extract``'s)."""
    if fmt == "parquet":
        return ParquetWriter(path, schema=version_schema())
    return JsonlWriter(path)
