"""warcscan: whole records are told apart from cut ones, and inputs that are no WARC."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from dodarchive.warc.scan import Damage, InputError, Span, check_input, scan
from tests.conftest import FIXTURE_WARCS
from tests.damaged_warc import damaged_copy

NOT_WARC = "not a WARC file (does not start with a WARC/1.x record)"
LEGACY = FIXTURE_WARCS / "legacy.warc.gz"
# Record offsets of legacy.warc.gz: warcinfo, then (response, request, metadata) x 5.
OFFSETS = [0, 405, 16682, 17183, 17851, 27833, 28340, 29011, 45534, 46035, 46706,
           63059, 63559, 64224, 81106, 81608]  # fmt: skip


def test_scan_whole_file_gives_every_record() -> None:
    spans = list(scan(LEGACY))
    assert all(isinstance(s, Span) for s in spans)
    assert [s.offset for s in spans] == OFFSETS  # type: ignore[union-attr]
    assert [s.rec_type for s in spans[:4]] == ["warcinfo", "response", "request", "metadata"]  # type: ignore[union-attr]
    last = spans[-1]
    assert last.offset + last.length == LEGACY.stat().st_size  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("cut", "whole", "detail"),
    [
        (17851 + 3000, 4, "response record has 7861 of 39333 body bytes"),
        (17851 + 100, 4, "WARC headers cut short"),
        (405 + 5, 1, "5 bytes after the last whole record"),
        # only the gzip trailer of the response is missing: warcio alone reads it as whole
        (OFFSETS[5] - 9, 4, "gzip member cut short"),
    ],
)
def test_cut_gzip_warc_reports_truncation_after_whole_records(
    tmp_path: Path, cut: int, whole: int, detail: str
) -> None:
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(LEGACY.read_bytes()[:cut])
    items = list(scan(path))
    assert [s.offset for s in items[:-1]] == OFFSETS[:whole]  # type: ignore[union-attr]
    assert items[-1] == Damage(OFFSETS[whole], "warc-truncated", detail, cut)  # to the end


def test_cut_plain_warc(tmp_path: Path) -> None:
    raw = gzip.decompress(LEGACY.read_bytes())
    path = tmp_path / "cut.warc"
    path.write_bytes(raw[:100_000])
    items = list(scan(path))
    assert [s.offset for s in items[:-1]] == [0, 568, 56385, 57145, 58299, 98177]  # type: ignore[union-attr]
    detail = "metadata record has 531 of 640 body bytes"
    assert items[-1] == Damage(98945, "warc-truncated", detail, 100_000)


def test_garbage_after_records_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "garbage.warc.gz"
    path.write_bytes(LEGACY.read_bytes()[:17851] + b"not a record\r\n" * 10)
    damage = list(scan(path))[-1]
    assert isinstance(damage, Damage)
    assert (damage.offset, damage.reason) == (17851, "warc-corrupt")
    assert damage.detail.startswith("Invalid WARC record, first line: not a record")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"<html>hello</html>", NOT_WARC),
        (gzip.compress(b"<html>hello</html>"), NOT_WARC),
        (b"\x1f\x8b\x08garbage", "not a WARC file (corrupt gzip header)"),
    ],
)  # fmt: skip
def test_check_input_rejects_non_warcs(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "input.warc.gz"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        check_input(path)
    assert str(info.value) == f"{path}: {reason}"


def test_check_input_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r": no such file$"):
        check_input(tmp_path / "missing.warc.gz")
    with pytest.raises(InputError, match=r": is a directory$"):
        check_input(tmp_path)
    check_input(LEGACY)  # a real WARC passes


def test_a_cut_record_is_reported_even_when_its_type_is_not_read(tmp_path: Path) -> None:
    """The reader checks every record, not only the types it was asked to yield."""
    from dodarchive.warc.reader import WarcReadError, iter_records

    path = tmp_path / "cut.warc.gz"
    path.write_bytes(LEGACY.read_bytes()[: OFFSETS[-1] - 9])  # the last request record, cut
    responses: list[int] = []
    with pytest.raises(WarcReadError) as info:
        responses.extend(r.ref.offset for r in iter_records(path))  # responses only
    assert responses == [405, 17851, 29011, 46706, 64224]
    assert (info.value.offset, info.value.kind) == (OFFSETS[-2], "truncated")


@pytest.mark.parametrize("kind", ["garbage", "negative", "absurd", "blob"])
def test_scan_resynchronizes_after_damage(tmp_path: Path, kind: str) -> None:
    path, ranges, offsets = damaged_copy(tmp_path / "damaged.warc.gz", {4: kind, 11: kind})
    items = list(scan(path))
    spans = [i for i in items if isinstance(i, Span)]
    damage = [i for i in items if isinstance(i, Damage)]
    assert [s.offset for s in spans] == offsets  # every record after the damage is read
    assert [(d.offset, d.end) for d in damage] == ranges
    assert all(f"; bytes {d.offset}-{d.end} skipped, read on from {d.end}" in d.detail
               for d in damage)  # fmt: skip
    expected = "warc-truncated" if kind == "absurd" else "warc-corrupt"
    assert {d.reason for d in damage} == {expected}
