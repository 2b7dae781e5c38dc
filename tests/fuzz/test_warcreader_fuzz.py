"""Fuzzing the WARC reader with truncations, flipped bytes and garbage.

The contract: ``iter_records`` yields every whole record before any damage, then either
ends cleanly (only when the input ends on a record boundary) or raises
``WarcReadError``; never any other exception.
"""

from __future__ import annotations

import gzip
import itertools
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dodarchive.warc.reader import WarcReadError, iter_records
from tests.conftest import FIXTURE_WARCS
from tests.fuzz.support import fuzz

SMALL = FIXTURE_WARCS / "defensegov-2018.warc.gz"
SOURCE = SMALL.read_bytes()
RECORDS = list(iter_records(SMALL, types=None))
BOUNDARIES = [r.ref.offset for r in RECORDS] + [len(SOURCE)]
FUZZ = fuzz(500)


def _read_all(path: Path) -> tuple[list[int], WarcReadError | None]:
    offsets: list[int] = []
    try:
        for rec in iter_records(path, types=None):
            offsets.append(rec.ref.offset)
    except WarcReadError as exc:
        return offsets, exc
    return offsets, None


def test_fixture_reads_whole() -> None:
    assert [r.ref.recordType for r in RECORDS] == [
        "warcinfo", "response", "request", "metadata", "response", "request", "metadata",
    ]  # fmt: skip


@FUZZ
@given(cut=st.integers(min_value=1, max_value=len(SOURCE) - 1))
def test_truncation_yields_whole_records_then_reports(tmp_path_factory, cut: int) -> None:
    path = tmp_path_factory.mktemp("cut") / "cut.warc.gz"
    path.write_bytes(SOURCE[:cut])
    offsets, error = _read_all(path)
    whole = [o for o, end in itertools.pairwise(BOUNDARIES) if end <= cut]
    assert offsets == whole
    assert (error is None) == (cut in BOUNDARIES)


@FUZZ
@given(
    position=st.integers(min_value=0, max_value=len(SOURCE) - 1),
    value=st.integers(min_value=0, max_value=255),
)
def test_flipped_byte_never_crashes(tmp_path_factory, position: int, value: int) -> None:
    data = bytearray(SOURCE)
    data[position] = value
    path = tmp_path_factory.mktemp("flip") / "flip.warc.gz"
    path.write_bytes(bytes(data))
    offsets, _ = _read_all(path)
    # Records wholly before the damaged member are always still read.
    member_start = max(b for b in BOUNDARIES if b <= position)
    assert offsets[: BOUNDARIES.index(member_start)] == BOUNDARIES[: BOUNDARIES.index(member_start)]


@FUZZ
@given(data=st.binary(min_size=1, max_size=2048))
def test_garbage_is_a_read_error(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("junk") / "junk.warc.gz"
    path.write_bytes(data)
    offsets, error = _read_all(path)
    assert offsets == []
    assert error is not None


@FUZZ
@given(
    header=st.sampled_from(["Content-Length", "WARC-Record-ID", "WARC-Date", "WARC-Type"]),
    value=st.text(alphabet="0123456789-abcxyz :", max_size=12),
)
def test_bogus_warc_headers_never_crash(tmp_path_factory, header: str, value: str) -> None:
    raw = gzip.decompress(SOURCE)
    head = f"{header}: ".encode()
    start = raw.index(head, raw.index(b"WARC-Type: response"))
    end = raw.index(b"\r\n", start)
    mutated = raw[:start] + head + value.encode() + raw[end:]
    path = tmp_path_factory.mktemp("hdr") / "hdr.warc"
    path.write_bytes(mutated)
    offsets, _ = _read_all(path)
    assert offsets[:1] == [0]  # the warcinfo record before the damage is still read


def test_uncompressed_warc_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "plain.warc"
    path.write_bytes(gzip.decompress(SOURCE))
    got = [(r.ref.recordType, r.url, r.body) for r in iter_records(path, types=None)]
    assert got == [(r.ref.recordType, r.url, r.body) for r in RECORDS]


def test_empty_file_yields_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(b"")
    assert _read_all(path) == ([], None)


def test_decompression_bomb_is_refused() -> None:
    (rec,) = [r for r in RECORDS if r.ref.recordType == "response"][:1]
    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
    payload = bomb.compress(b"\0" * (8 * 1024 * 1024)) + bomb.flush()
    forged = type(rec)(
        ref=rec.ref,
        status=200,
        reason="OK",
        protocol="HTTP/1.1",
        http_headers=(("Content-Encoding", "gzip"),),
        body=payload,
    )
    with pytest.raises(ValueError, match="exceeds 1048576 bytes"):
        forged.decoded_body(max_size=1024 * 1024)
    assert len(forged.decoded_body(max_size=16 * 1024 * 1024)) == 8 * 1024 * 1024
