"""Write the corpus: JSON Lines or Parquet, always atomically.

Every file is written to a hidden temporary file in the destination folder and moved
into place with :func:`os.replace` only when complete, so a killed run leaves either
no file or the previous complete one (after SIGKILL, a stray ``.NAME.PID.*.tmp`` that
the next run deletes).
The Parquet columns follow the Article dataclasses (nested structs and lists), so
``pandas.read_parquet`` gives the same fields as ``pandas.read_json(lines=True)``.
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from dodarchive.article import Article
from dodarchive.schema import FieldType, dataclass_fields

__all__ = [
    "FORMATS",
    "AtomicFile",
    "MissingDependencyError",
    "RecordWriter",
    "arrow_fields",
    "arrow_schema",
    "check_format",
    "open_writer",
    "sweep_stale",
]

FORMATS = ("jsonl", "parquet")
Format = Literal["jsonl", "parquet"]


class MissingDependencyError(Exception):
    """An optional dependency needed for the requested output is not installed."""


class AtomicFile:
    """A binary file that appears at ``path`` only on :meth:`commit`.

    Until then it is ``.NAME.PID.XXXX.tmp`` in the same folder (same file system, so the
    final rename is atomic); :meth:`discard` removes it, and :func:`sweep_stale` removes
    those left by processes that were killed.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        prefix = f".{self.path.name}.{os.getpid()}."
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=self.dir)
        self.tmp = Path(tmp)
        self.fh: IO[bytes] = os.fdopen(fd, "wb")

    @property
    def dir(self) -> Path:
        """The destination folder."""
        return self.path.parent if str(self.path.parent) else Path()

    def commit(self) -> None:
        """Flush, fsync and move the file into place."""
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        self.tmp.chmod(0o666 & ~current_umask())  # mkstemp made it 0600
        self.tmp.replace(self.path)  # os.replace: atomic on one file system

    def discard(self) -> None:
        """Close and delete the temporary file (idempotent)."""
        self.fh.close()
        self.tmp.unlink(missing_ok=True)


def current_umask() -> int:
    """The process's file mode creation mask (read without changing it, from /proc on
    Linux; elsewhere set and restored at once).

    >>> old = os.umask(0o027); current_umask() == 0o027; _ = os.umask(old)
    True
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:  # pragma: no cover - not Linux
        status = ""
    for line in status.splitlines():
        if line.startswith("Umask:"):
            return int(line.split()[1], 8)
    mask = os.umask(0o022)  # pragma: no cover
    os.umask(mask)  # pragma: no cover
    return mask  # pragma: no cover


def sweep_stale(path: str | Path) -> list[Path]:
    """Delete temporary files of ``path`` left by dead processes; returns what went.

    Only ``.NAME.PID.*.tmp`` files whose PID is no longer running are touched, so a
    concurrent run writing the same file keeps its temporary file.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path()
    removed = []
    for tmp in folder.glob(f".{glob.escape(target.name)}.*.tmp"):
        pid = tmp.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RecordWriter(Protocol):
    """Where article lines go; ``write`` takes one JSON line without the newline."""

    def write(self, line: str) -> None:
        """Add one record."""

    def commit(self) -> None:
        """Finish and move the file into place."""

    def discard(self) -> None:
        """Abandon the file; the destination is untouched."""


class JsonlWriter:
    """One JSON object per line, UTF-8, ``\\n``-terminated."""

    def __init__(self, path: str | Path) -> None:
        self._file = AtomicFile(path)

    def write(self, line: str) -> None:
        """Add one line."""
        self._file.fh.write(line.encode("utf-8") + b"\n")

    def commit(self) -> None:
        """Finish and move the file into place."""
        self._file.commit()

    def discard(self) -> None:
        """Abandon the file."""
        self._file.discard()


class ParquetWriter:
    """Parquet with the Article schema (or ``schema``), in row groups of ``batch`` rows."""

    def __init__(self, path: str | Path, batch: int = 512, schema: Any = None) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise MissingDependencyError(
                "--format parquet needs pyarrow: pip install 'dodarchive[parquet]'"
            ) from None
        self._pa = pa
        self._schema = schema if schema is not None else arrow_schema()
        self._file = AtomicFile(path)
        self._writer = pq.ParquetWriter(self._file.fh, self._schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self._batch = batch

    def write(self, line: str) -> None:
        """Add one record (a JSON line of an Article)."""
        self._rows.append(json.loads(line))
        if len(self._rows) >= self._batch:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            table = self._pa.Table.from_pylist(self._rows, schema=self._schema)
            self._writer.write_table(table)
            self._rows = []

    def commit(self) -> None:
        """Write the last row group and the footer, then move the file into place."""
        self._flush()
        self._writer.close()
        self._file.commit()

    def discard(self) -> None:
        """Abandon the file."""
        self._rows = []
        self._file.discard()


def check_format(fmt: Format) -> None:
    """Raise :class:`MissingDependencyError` now if ``fmt`` cannot be written later."""
    if fmt == "parquet":
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise MissingDependencyError(
                "--format parquet needs pyarrow: pip install 'dodarchive[parquet]'"
            ) from None


def open_writer(fmt: Format, path: str | Path) -> RecordWriter:
    """A writer for ``fmt`` at ``path``; raises :class:`MissingDependencyError` for
    Parquet without pyarrow, before anything is created."""
    if fmt == "parquet":
        return ParquetWriter(path)
    return JsonlWriter(path)


def arrow_schema() -> Any:
    """The pyarrow schema of an Article row, from :func:`dodarchive.schema.dataclass_fields`.

    Strings stay strings, ints are int64, tuples lists, nested dataclasses structs;
    ``X | None`` fields are nullable. Columns are in the dataclass's field order.
    """
    import pyarrow as pa

    return pa.schema(_arrow_fields(Article))


def arrow_fields(cls: type) -> list[Any]:
    """The pyarrow fields of dataclass ``cls`` (nested dataclasses as structs), by JSON key."""
    return _arrow_fields(cls)


def _arrow_fields(cls: type) -> list[Any]:
    import pyarrow as pa

    return [
        pa.field(name, _arrow_type(t), nullable=t.nullable) for name, t in dataclass_fields(cls)
    ]


def _arrow_type(ftype: FieldType) -> Any:
    import pyarrow as pa

    if ftype.cls is not None:
        return pa.struct(_arrow_fields(ftype.cls))
    if ftype.items is not None:
        return pa.list_(_arrow_type(ftype.items))
    simple = {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_()}
    return simple.get(ftype.kind, pa.float64())
