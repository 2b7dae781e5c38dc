"""Find where the whole records of a gzip WARC end, and recover crashed ``.open`` files.

A crawl killed mid-write leaves ``NAME.warc.gz.open``, perhaps with half a record at its
end. On start, :func:`recover_open_files` finishes every such file nobody holds a lock
on: whole records are kept under ``NAME.warc.gz``, and any cut-off tail is moved, not
deleted, to ``NAME.warc.gz.tail``. Nothing is silently lost.
"""

from __future__ import annotations

import fcntl
import logging
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Recovery", "Scan", "recover_open_files", "scan_gzip_warc", "scan_plain_warc"]

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
_CHUNK = 1 << 20
_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)[ \t]*\r\n", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Scan:
    """``records`` whole records end at byte ``end``; ``problem`` says what follows, if any."""

    records: int
    end: int
    size: int
    problem: str | None


def _member_ok(data: bytes) -> str | None:
    """None if ``data`` (one decompressed gzip member) is exactly one whole WARC record."""
    if not data.startswith(b"WARC/"):
        return "gzip member does not start with a WARC version line"
    head_end = data.find(b"\r\n\r\n")
    if head_end < 0:
        return "record header block is cut off"
    match = _LENGTH.search(data, 0, head_end + 2)
    if match is None:
        return "record has no Content-Length"
    expected = head_end + 4 + int(match.group(1)) + 4
    if len(data) != expected:
        return f"record is {len(data)} bytes, its Content-Length implies {expected}"
    return None


def scan_gzip_warc(path: Path) -> Scan:
    """Walk the gzip members of a record-per-member WARC, checking each is one whole record."""
    size = path.stat().st_size
    records = end = 0
    with path.open("rb") as fh:
        pending = b""
        while True:
            dec = zlib.decompressobj(31)
            parts: list[bytes] = []
            consumed = 0
            while not dec.eof:
                chunk = pending or fh.read(_CHUNK)
                pending = b""
                if not chunk:
                    break
                try:
                    parts.append(dec.decompress(chunk))
                except zlib.error as exc:
                    return Scan(records, end, size, f"bad gzip data at byte {end}: {exc}")
                consumed += len(chunk) - len(dec.unused_data)
            if not dec.eof:
                if consumed or parts:
                    return Scan(records, end, size, f"truncated record at byte {end}")
                return Scan(records, end, size, None)
            pending = dec.unused_data
            problem = _member_ok(b"".join(parts))
            if problem:
                return Scan(records, end, size, f"{problem} (record at byte {end})")
            records += 1
            end += consumed


def scan_plain_warc(path: Path) -> Scan:
    """Walk an uncompressed WARC record by record, checking each is whole."""
    size = path.stat().st_size
    records = end = 0
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
    final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
    if final.exists():
        logger.error("cannot recover %s: %s already exists", path, final.name)
        return Recovery(path, None, scan.records, None, f"{final.name} exists")
    tail: Path | None = None
    if scan.end < scan.size:
        tail = final.with_name(final.name + ".tail")
        with path.open("r+b") as fh:
            fh.seek(scan.end)
            tail.write_bytes(fh.read())
            fh.truncate(scan.end)
        logger.warning(
            "recovered %s: kept %d whole records, moved %d trailing bytes to %s (%s)",
            path.name, scan.records, scan.size - scan.end, tail.name, scan.problem,
        )  # fmt: skip
    if scan.records == 0:
        path.unlink()
        logger.warning("removed %s: it held no whole record", path.name)
        return Recovery(path, None, 0, tail, scan.problem)
    path.rename(final)
    logger.info("recovered %s (%d records)", final.name, scan.records)
    return Recovery(path, final, scan.records, tail, scan.problem)
