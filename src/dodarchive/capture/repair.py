"""Find where the whole records of a gzip WARC end, and recover crashed ``.open`` files.

A crawl killed mid-write leaves ``NAME.warc.gz.open``, perhaps with half a record at its
end. On start, :func:`recover_open_files` finishes every such file nobody holds a lock
on: whole exchanges are kept under ``NAME.warc.gz``, and any cut-off tail is moved, not
deleted, to ``NAME.warc.gz.tail``. Nothing is silently lost: the tail is fsynced before
the file is cut, and the kept file before it is renamed (and the folder after). The writer puts each
response (or revisit) before its request record, so a file ending in a whole response
without its request was cut between the two: that response goes to the tail too, so the
kept file never holds a response with no request.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path

from dodarchive.capture.writer import fsync_dir

__all__ = ["Recovery", "Scan", "recover_open_files", "scan_gzip_warc", "scan_plain_warc"]

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
_CHUNK = 1 << 20
_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)[ \t]*\r\n", re.IGNORECASE)
_TYPE = re.compile(rb"\r\nwarc-type:[ \t]*([!-~]+)[ \t]*\r\n", re.IGNORECASE)
#: Record types the writer follows with their request record.
PAIRED = frozenset({"response", "revisit"})


@dataclass(frozen=True, slots=True)
class Scan:
    """``records`` whole records end at byte ``end``; ``problem`` says what follows, if any.

    ``last_start`` and ``last_type`` are the offset and ``WARC-Type`` of the last whole
    record (gzip scans only; 0 and "" when there is none).
    """

    records: int
    end: int
    size: int
    problem: str | None
    last_start: int = 0
    last_type: str = ""


#: Most bytes of a record's WARC header block the scan holds; a longer one is damage.
HEAD_LIMIT = 1 << 20


def _member_ok(head: bytes, size: int) -> str | None:
    """None if a gzip member that inflates to ``size`` bytes, starting with ``head`` (its
    first :data:`HEAD_LIMIT` bytes or all of it), is exactly one whole WARC record."""
    if not head.startswith(b"WARC/"):
        return "gzip member does not start with a WARC version line"
    head_end = head.find(b"\r\n\r\n")
    if head_end < 0:
        if size > len(head):
            return f"record header block is over {HEAD_LIMIT} bytes"
        return "record header block is cut off"
    match = _LENGTH.search(head, 0, head_end + 2)
    if match is None:
        return "record has no Content-Length"
    expected = head_end + 4 + int(match.group(1)) + 4
    if size != expected:
        return f"record is {size} bytes, its Content-Length implies {expected}"
    return None


def scan_gzip_warc(path: Path, start: int = 0) -> Scan:
    """Walk the gzip members of a record-per-member WARC from byte ``start``, checking
    each is one whole record. Streams: memory stays bounded by :data:`HEAD_LIMIT` plus a
    chunk, whatever a member inflates to."""
    size = path.stat().st_size
    records = last_start = 0
    end = start
    last_type = ""

    def scan(problem: str | None) -> Scan:
        return Scan(records, end, size, problem, last_start, last_type)

    with path.open("rb") as fh:
        fh.seek(start)
        pending = b""
        while True:
            dec = zlib.decompressobj(31)
            head = bytearray()
            inflated = consumed = 0
            while not dec.eof:
                chunk = pending or fh.read(_CHUNK)
                pending = b""
                if not chunk:
                    break
                data = chunk
                try:
                    while data and not dec.eof:  # bounded output per call: no bomb inflates
                        out = dec.decompress(data, _CHUNK)
                        inflated += len(out)
                        if len(head) < HEAD_LIMIT:
                            head += out[: HEAD_LIMIT - len(head)]
                        data = dec.unconsumed_tail
                except zlib.error as exc:
                    return scan(f"bad gzip data at byte {end}: {exc}")
                consumed += len(chunk) - len(dec.unused_data)
            if not dec.eof:
                return scan(f"truncated record at byte {end}" if consumed or inflated else None)
            pending = dec.unused_data
            problem = _member_ok(bytes(head), inflated)
            if problem:
                return scan(f"{problem} (record at byte {end})")
            match = _TYPE.search(head, 0, head.find(b"\r\n\r\n") + 2)
            last_type = match.group(1).decode("ascii").lower() if match else ""
            last_start = end
            records += 1
            end += consumed


def scan_plain_warc(path: Path, start: int = 0) -> Scan:
    """Walk an uncompressed WARC record by record from byte ``start``, checking each is
    whole."""
    size = path.stat().st_size
    records = 0
    end = start
    with path.open("rb") as fh:
        while end < size:
            fh.seek(end)
            head = fh.read(1 << 16)
            head_end = head.find(b"\r\n\r\n")
            match = _LENGTH.search(head, 0, head_end + 2) if head_end >= 0 else None
            if not head.startswith(b"WARC/") or match is None:
                what = "truncated record" if head_end < 0 else "unparsable record"
                return Scan(records, end, size, f"{what} at byte {end}")
            total = head_end + 4 + int(match.group(1)) + 4
            fh.seek(end + total - 4)
            if end + total > size:
                return Scan(records, end, size, f"truncated record at byte {end}")
            if fh.read(4) != b"\r\n\r\n":
                return Scan(records, end, size, f"record at byte {end} overruns its length")
            records += 1
            end += total
    return Scan(records, end, size, None)


@dataclass(frozen=True, slots=True)
class Recovery:
    """What :func:`recover_open_files` did with one ``.open`` file."""

    open_path: Path
    final: Path | None
    records: int
    tail: Path | None
    problem: str | None


def _locked_by_someone(path: Path) -> bool:
    with path.open("rb") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        return False


def recover_open_files(out_dir: Path) -> list[Recovery]:
    """Finish every unlocked ``*.warc.gz.open`` in ``out_dir`` (see the module docstring)."""
    done: list[Recovery] = []
    if not out_dir.is_dir():
        return done
    for path in sorted(out_dir.glob("*.warc.gz" + OPEN_SUFFIX)):
        if _locked_by_someone(path):
            logger.info("%s is being written by another process; left alone", path)
            continue
        done.append(_recover(path))
    return done


def _recover(path: Path) -> Recovery:
    scan = scan_gzip_warc(path)
    records, end, problem = scan.records, scan.end, scan.problem
    if scan.last_type in PAIRED:  # cut between a response and its request record
        records, end = records - 1, scan.last_start
        lone = f"{scan.last_type} at byte {end} has no request record after it"
        problem = f"{lone}; {problem}" if problem else lone
    final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
    if final.exists():
        logger.error("cannot recover %s: %s already exists", path, final.name)
        return Recovery(path, None, records, None, f"{final.name} exists")
    tail: Path | None = None
    if end < scan.size:
        tail = final.with_name(final.name + ".tail")
        with path.open("r+b") as fh:
            fh.seek(end)
            with tail.open("wb") as out:
                shutil.copyfileobj(fh, out)
                out.flush()
                os.fsync(out.fileno())  # the tail is safe on disk before the cut
            fsync_dir(tail.parent)
            fh.truncate(end)
        logger.warning(
            "recovered %s: kept %d whole records, moved %d trailing bytes to %s (%s)",
            path.name, records, scan.size - end, tail.name, problem,
        )  # fmt: skip
    if records == 0:
        path.unlink()
        logger.warning("removed %s: it held no whole record", path.name)
        return Recovery(path, None, 0, tail, problem)
    with path.open("rb") as fh:
        os.fsync(fh.fileno())  # the finished name only ever names durable records
    path.rename(final)
    fsync_dir(final.parent)
    logger.info("recovered %s (%d records)", final.name, records)
    return Recovery(path, final, records, tail, problem)
