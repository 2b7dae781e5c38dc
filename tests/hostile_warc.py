"""Hostile WARC files that are small on disk and huge inflated, built as a stream.

- :func:`header_line_warc`: a gzip member whose WARC header block has one line of
  ``size`` bytes (a 200 MB line makes a ~200 KB file), then a good record;
- :func:`http_header_line_warc`: a well-formed record whose HTTP head holds such a line;
- :func:`huge_body_warc`: a response whose body is ``size`` zero bytes, then a good record.

The good record after the hostile one is the first response/request pair of
``legacy.warc.gz``, so a reader that resynchronizes must still find it.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from tests.damaged_warc import LEGACY, OFFSETS

_STEP = 1 << 24


def _member(out: Path, parts: list[bytes | tuple[bytes, int]]) -> None:
    """Append one gzip member of ``parts`` (bytes, or (byte, count) runs) to ``out``."""
    comp = zlib.compressobj(1, zlib.DEFLATED, 31)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("ab") as fh:
        for part in parts:
            if isinstance(part, tuple):
                byte, count = part
                block = byte * min(count, _STEP)
                while count > 0:
                    n = min(count, _STEP)
                    fh.write(comp.compress(block[:n]))
                    count -= n
            else:
                fh.write(comp.compress(part))
        fh.write(comp.flush())


def _good_pair(out: Path) -> None:
    data = LEGACY.read_bytes()
    with out.open("ab") as fh:
        fh.write(data[OFFSETS[1] : OFFSETS[3]])  # a response and its request


def _warc_head(length: int, extra: bytes = b"") -> bytes:
    return (
        b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:hostile>\r\n"
        b"WARC-Date: 2020-01-01T00:00:00Z\r\nWARC-Target-URI: https://www.war.gov/x\r\n"
        b"Content-Type: application/http; msgtype=response\r\n" + extra
        + b"Content-Length: " + str(length).encode() + b"\r\n\r\n"
    )  # fmt: skip


def header_line_warc(out: Path, size: int) -> Path:
    """A WARC header line of ``size`` bytes, then a good response/request pair."""
    out.unlink(missing_ok=True)
    _member(out, [_warc_head(0, b"X-Long: "), (b"a", size), b"\r\n\r\n\r\n\r\n"])
    _good_pair(out)
    return out


def http_header_line_warc(out: Path, size: int) -> Path:
    """An HTTP header line of ``size`` bytes in a well-formed record, then a good pair."""
    out.unlink(missing_ok=True)
    head = b"HTTP/1.1 200 OK\r\nX-Long: "
    tail = b"\r\nContent-Type: text/html\r\n\r\n<html></html>"
    _member(out, [_warc_head(len(head) + size + len(tail)), head, (b"a", size), tail,
                  b"\r\n\r\n"])  # fmt: skip
    _good_pair(out)
    return out


def huge_body_warc(out: Path, size: int) -> Path:
    """A 200 response of ``size`` zero bytes (text/html), then a good pair."""
    out.unlink(missing_ok=True)
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    _member(out, [_warc_head(len(head) + size), head, (b"\x00", size), b"\r\n\r\n"])
    _good_pair(out)
    return out
