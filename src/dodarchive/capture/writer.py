"""Rolling WARC files named the Heritrix way, written as ``.open`` and renamed on close.

``PREFIX-YYYYmmddHHMMSSfff-SERIAL-HOST.warc.gz``: the time the file was opened (UTC, to the
millisecond) and a five-digit serial one above the highest already in the folder for that
prefix, so a resumed crawl starts a new file and never appends to a finished one (files
are created with ``O_EXCL``). Each file starts with a ``warcinfo`` record; a new file is
started once the current one has reached ``max_size`` bytes (so a file can exceed it by
one exchange). The file being written holds an exclusive ``flock``, which is how
:mod:`.repair` tells a live file from one a crashed crawl left behind.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from isal import isal_zlib
from warcio.warcwriter import WARCWriter

from dodarchive.capture.records import (
    WARC_VERSION,
    Exchange,
    Original,
    metadata_record,
    request_record,
    response_record,
    revisit_record,
    warc_date,
    warcinfo_record,
)

__all__ = [
    "WarcFileWriter",
    "WarcWriteError",
    "Written",
    "fsync_dir",
    "new_record_id",
    "safe_name_part",
    "utc_now",
    "warc_name",
]

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"


def new_record_id() -> str:
    """A fresh ``<urn:uuid:...>`` record id."""
    return f"<urn:uuid:{uuid.uuid4()}>"


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


#: Longest prefix or host kept in a file name (the whole name stays under 255 bytes).
NAME_PART_MAX = 80


def safe_name_part(text: str) -> str:
    """``text`` fit for one part of a file name: ASCII letters, digits, ``._-`` only (no
    ``/`` or NUL, so never a path), not starting with a dot, at most 80 characters.

    >>> safe_name_part("../../etc/passwd"), safe_name_part("a\\x00b c"), safe_name_part("..")
    ('etc_passwd', 'a_b_c', '')
    """
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", text).lstrip("._")
    return cleaned[:NAME_PART_MAX]


def warc_name(prefix: str, opened: datetime, serial: int, host: str) -> str:
    """Heritrix-style file name.

    >>> warc_name("urls", datetime(2026, 11, 26, 17, 5, 9, 123456, tzinfo=UTC), 7, "box")
    'urls-20261126170509123-00007-box.warc.gz'
    """
    stamp = opened.astimezone(UTC).strftime("%Y%m%d%H%M%S") + f"{opened.microsecond // 1000:03d}"
    return f"{prefix}-{stamp}-{serial:05d}-{host}.warc.gz"


def next_serial(out_dir: Path, prefix: str) -> int:
    """One above the highest serial of ``prefix`` files (finished or open) in ``out_dir``."""
    pattern = re.compile(rf"^{re.escape(prefix)}-\d{{17}}-(\d+)-.*\.warc\.gz(?:\.open)?$")
    serials = [int(m.group(1)) for p in out_dir.iterdir() if (m := pattern.match(p.name))]
    return max(serials, default=-1) + 1


#: Compression level of each record's gzip member: ISA-L's default (its levels run 0-3).
#: Compressing was most of the writer's CPU: zlib at warcio's level 9 took 0.49 ms per
#: fixture response, zlib 6 0.38 ms, ISA-L 2 0.06 ms for files ~8% larger than zlib 6
#: (bench/RESULTS.md, WARC writer profile). The output is ordinary gzip (RFC 1952).
GZIP_LEVEL = isal_zlib.ISAL_DEFAULT_COMPRESSION


class _GzipMembers:
    """A file wrapper that gzips what is written, one member per ``flush()``; warcio
    flushes after each record, so every record is its own member (as with gzip=True).
    Compressed with Intel ISA-L (python-isal), several times faster than zlib.

    A record's compressed bytes stay in memory until its ``flush()`` hands them to the OS
    (``fh`` is unbuffered), so a failure leaves nothing queued in a buffer to surface later;
    :meth:`discard` drops a half-compressed record and starts a fresh compressor.
    """

    def __init__(self, fh: IO[bytes], level: int = GZIP_LEVEL) -> None:
        self.fh = fh
        self.level = level
        self._parts: list[bytes] = []
        self._comp = self._compressor()

    def _compressor(self) -> Any:
        """A compressor for one gzip member (wbits 31: gzip header and trailer)."""
        return isal_zlib.compressobj(self.level, isal_zlib.DEFLATED, 31)

    def write(self, data: bytes) -> int:
        if part := self._comp.compress(data):
            self._parts.append(part)
        return len(data)

    def flush(self) -> None:
        parts, self._parts = [*self._parts, self._comp.flush()], []
        self._comp = self._compressor()
        for part in parts:
            _write_all(self.fh, part)

    def discard(self) -> None:
        """Forget the record being compressed; the next write starts a new member."""
        self._parts = []
        self._comp = self._compressor()


def _write_all(fh: IO[bytes], data: bytes) -> None:
    """Write all of ``data`` to the unbuffered ``fh`` (which may take it in pieces)."""
    view = memoryview(data)
    while view:
        done = fh.write(view)
        if not done:
            raise OSError(errno.EIO, "write made no progress")
        view = view[done:]


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (fsync of the folder itself)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class WarcWriteError(OSError):
    """An exchange could not be written; the file was cut back to where it started."""


@dataclass(frozen=True, slots=True)
class Written:
    """What one :meth:`WarcFileWriter.write_exchange` call put on disk."""

    response_id: str
    date: str
    revisit: bool
    records: int
    bytes: int
    new_files: int


class WarcFileWriter:
    """Appends exchanges to gzip-per-record WARC/1.1 files in ``out_dir``, rolling over."""

    def __init__(
        self,
        out_dir: Path,
        prefix: str,
        host: str,
        *,
        max_size: int,
        info: Sequence[tuple[str, str]],
        make_id: Callable[[], str] = new_record_id,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.out_dir = out_dir
        self.prefix = safe_name_part(prefix.replace("-", "_")) or "crawl"
        self.host = safe_name_part(host) or "localhost"
        self.max_size = max_size
        self.info = list(info)
        self.make_id = make_id
        self.now = now
        self.finished: list[Path] = []
        self._fh: IO[bytes] | None = None
        self._writer: Any = None
        self._gz: _GzipMembers | None = None
        self._path: Path | None = None
        self._warcinfo_id: str | None = None
        self._serial: int | None = None

    @property
    def current(self) -> Path | None:
        """The ``.open`` file being written, if any."""
        return self._path

    @property
    def full(self) -> bool:
        """The current file has reached ``max_size``: the next exchange closes it first."""
        return self._fh is not None and self._fh.tell() >= self.max_size

    def _open(self) -> int:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        if self._serial is None:
            self._serial = next_serial(self.out_dir, self.prefix)
        opened = self.now()
        name = warc_name(self.prefix, opened, self._serial, self.host)
        self._serial += 1
        path = self.out_dir / (name + OPEN_SUFFIX)
        fh = path.open("xb", buffering=0)
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            gz = _GzipMembers(fh)
            writer = WARCWriter(gz, gzip=False, warc_version=WARC_VERSION)
            warcinfo_id = self.make_id()
            writer.write_record(warcinfo_record(name, self.info, warcinfo_id, opened))
        except BaseException:
            fh.close()
            path.unlink()  # it holds at most part of a warcinfo record
            raise
        self._fh, self._path, self._gz, self._writer = fh, path, gz, writer
        self._warcinfo_id = warcinfo_id
        fsync_dir(self.out_dir)  # the new name survives a power cut (recovery finds it)
        return fh.tell()

    def write_exchange(
        self,
        ex: Exchange,
        original: Original | None = None,
        response_id: str | None = None,
        digest: str | None = None,
    ) -> Written:
        """Write ``ex`` as response (or revisit of ``original``) plus request records.

        A fetch from a web archive (``ex.original_url``) also gets a ``metadata`` record
        naming the original URL. The records always land in one file, flushed afterwards.
        If writing fails (a full disk, a file-size limit, a compressor error) the file is
        cut back to where this exchange started and :class:`WarcWriteError` is raised: the
        file then still holds whole records only, and the next call can write again.
        ``response_id`` is the response record's id when the caller needed it in advance
        (a dedup claim), ``digest`` the body's :func:`.payload_digest` if already known.
        """
        new_files = 0
        written = 0
        if self.full:
            self.close()
        if self._fh is None:
            written += self._open()
            new_files = 1
        assert self._fh is not None
        start = self._fh.tell()
        response_id = response_id or self.make_id()
        if original is None:
            response = response_record(ex, response_id, self._warcinfo_id, digest)
        else:
            response = revisit_record(ex, response_id, self._warcinfo_id, original, digest)
        request = request_record(ex, self.make_id(), self._warcinfo_id, response_id)
        try:
            self._writer.write_record(response)
            self._writer.write_record(request)
            records = 2
            if ex.original_url:
                fields = [("original-url", ex.original_url)]
                meta = metadata_record(ex, self.make_id(), self._warcinfo_id, response_id, fields)
                self._writer.write_record(meta)
                records += 1
            end = self._fh.tell()
        except Exception as exc:
            self._cut_back(start)
            raise WarcWriteError(f"cannot write WARC records for {ex.url}: {exc}") from exc
        written += end - start
        return Written(
            response_id=response_id,
            date=warc_date(ex.date),
            revisit=original is not None,
            records=records + new_files,
            bytes=written,
            new_files=new_files,
        )

    def _cut_back(self, start: int) -> None:
        """After a failed write: drop the half-written exchange from the file and the
        compressor. If the file cannot be cut, it is left ``.open`` for recovery (see
        :mod:`.repair`) and the next exchange starts a new file."""
        assert self._fh is not None
        assert self._gz is not None
        path = self._path
        self._gz.discard()
        try:
            os.ftruncate(self._fh.fileno(), start)
            self._fh.seek(start)
        except OSError as exc:
            logger.error(
                "cannot cut %s back to byte %d (%s); left for recovery", self._path, start, exc
            )
            fh, self._fh = self._fh, None
            self._gz = self._writer = self._path = None
            try:
                os.fsync(fh.fileno())  # its whole records stay durable, as sync() promised
            except OSError:
                logger.exception("cannot fsync %s", path)
            fh.close()

    def sync(self) -> None:
        """fsync the current file: every exchange written so far survives a power cut.

        Closed files were fsynced by :meth:`close`.
        """
        if self._fh is not None:
            os.fsync(self._fh.fileno())

    def close(self) -> Path | None:
        """Finish the current file: fsync it, unlock, rename ``.open`` away and fsync the
        folder, so the finished name and its records survive a power cut. Returns its path."""
        if self._fh is None or self._path is None:
            return None
        fh, path = self._fh, self._path
        self._fh = self._gz = self._writer = self._path = None
        try:
            os.fsync(fh.fileno())
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
            fh.close()
        final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
        if final.exists():
            raise FileExistsError(f"{final} exists; leaving {path.name} as it is")
        path.rename(final)
        fsync_dir(final.parent)
        self.finished.append(final)
        return final
