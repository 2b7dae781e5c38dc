"""A real fixture WARC with damage spliced in between its records, for resync tests.

:func:`damaged_copy` copies ``legacy.warc.gz`` (16 records: warcinfo, then five
response/request/metadata triples) and inserts, before chosen records, one of:

- ``garbage``: a whole gzip member that is not a WARC record;
- ``negative``: a gzip member holding a record whose Content-Length is ``-5``;
- ``absurd``: a gzip member holding a record claiming 10^12 body bytes;
- ``blob``: 3000 bytes that are not gzip at all.

It returns the new file and, per damage, the byte range it occupies: every original
record must still be read, and each range reported once.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

LEGACY = Path(__file__).resolve().parent / "fixtures" / "warc" / "legacy.warc.gz"
OFFSETS = [0, 405, 16682, 17183, 17851, 27833, 28340, 29011, 45534, 46035, 46706,
           63059, 63559, 64224, 81106, 81608]  # fmt: skip


def _record(length: str) -> bytes:
    head = (
        "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:bad>\r\n"
        f"WARC-Date: 2020-01-01T00:00:00Z\r\nContent-Length: {length}\r\n\r\n"
    )
    return gzip.compress(head.encode() + b"some body\r\n\r\n", mtime=0)


DAMAGE = {
    "garbage": gzip.compress(b"this is not a WARC record at all\r\n" * 20, mtime=0),
    "negative": _record("-5"),
    "absurd": _record("1000000000000"),
    "blob": random.Random(5).randbytes(3000).replace(b"\x1f\x8b", b"\x00\x00"),
}


def damaged_copy(
    out: Path, before: dict[int, str]
) -> tuple[Path, list[tuple[int, int]], list[int]]:
    """Copy LEGACY to ``out`` with ``DAMAGE[kind]`` inserted before record ``index``.

    Returns the path, the (start, end) byte range of each inserted damage, and the new
    offsets of the original records.
    """
    data = LEGACY.read_bytes()
    bounds = [*OFFSETS, len(data)]
    chunks: list[bytes] = []
    ranges: list[tuple[int, int]] = []
    offsets: list[int] = []
    pos = 0
    for n in range(len(OFFSETS)):
        if n in before:
            bad = DAMAGE[before[n]]
            ranges.append((pos, pos + len(bad)))
            chunks.append(bad)
            pos += len(bad)
        offsets.append(pos)
        member = data[bounds[n] : bounds[n + 1]]
        chunks.append(member)
        pos += len(member)
    out.write_bytes(b"".join(chunks))
    return out, ranges, offsets
