"""The quick member scan (``iter_member_spans``) against warcio's reading, on odd WARCs.

``scan`` walks a ``.warc.gz`` member by member and reads the WARC headers itself; at the
first member of a shape it does not take, it reads the file again with warcio. The
contract: ``scan`` gives exactly what reading with warcio alone gives (the same spans,
the same damage, byte for byte), whatever the file, and the quick walk takes the
plain files the writers here and elsewhere produce, so it is the path actually used.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dodarchive.warc.reader import Skipped, Span, iter_member_spans, iter_records_resync
from dodarchive.warc.scan import Damage, damage_of, scan
from tests.conftest import FIXTURE_WARCS
from tests.fuzz.support import fuzz

FUZZ = fuzz(400)


def warcio_scan(path: Path) -> list[Span | Damage]:
    """What ``scan`` gave before the quick walk: every item from warcio's reading."""
    size = path.stat().st_size
    items: list[Span | Damage] = []
    for item in iter_records_resync(path, types=None, max_body=0):
        if isinstance(item, Skipped):
            items.append(damage_of(item, size))
        else:
            ref = item.ref
            items.append(Span(ref.offset, ref.length, ref.recordType, ref.targetUri))
    return items


def quick_until(path: Path) -> tuple[int, int | None]:
    """How many spans the quick walk took, and where it stopped (None: the end)."""
    walk = iter_member_spans(path)
    taken = 0
    while True:
        try:
            next(walk)
        except StopIteration as stop:
            return taken, stop.value
        taken += 1


def test_fixture_warcs_are_taken_whole_and_agree() -> None:
    paths = sorted(FIXTURE_WARCS.glob("*.warc.gz"))
    assert len(paths) >= 5
    for path in paths:
        spans = warcio_scan(path)
        assert list(scan(path)) == spans, path.name
        assert quick_until(path) == (len(spans), None), path.name


def test_a_cut_file_reads_again_and_says_what_one_pass_says(tmp_path: Path) -> None:
    source = FIXTURE_WARCS / "defensegov-2018.warc.gz"
    spans = warcio_scan(source)
    last = spans[-1]
    assert isinstance(last, Span)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(source.read_bytes()[: last.offset + last.length // 2])
    assert quick_until(cut) == (len(spans) - 1, last.offset)
    items = list(scan(cut))
    assert items == warcio_scan(cut)
    assert items[:-1] == spans[:-1]
    damage = items[-1]
    assert isinstance(damage, Damage)
    assert (damage.offset, damage.reason) == (last.offset, "warc-truncated")


def test_a_plain_warc_goes_to_warcio_from_the_start(tmp_path: Path) -> None:
    plain = tmp_path / "plain.warc"
    plain.write_bytes(gzip.decompress((FIXTURE_WARCS / "defensegov-2018.warc.gz").read_bytes()))
    assert quick_until(plain) == (0, 0)
    assert list(scan(plain)) == warcio_scan(plain)
    assert len(list(scan(plain))) == 7


# -- generated WARCs -----------------------------------------------------------------

VERSIONS = [b"WARC/1.0", b"WARC/1.1", b"WARC/0.18", b"warc/1.0", b"WARC/1.0 "]
TYPES = ["response", "request", "revisit", "warcinfo", "metadata", "resource", ""]
TARGETS = [
    "https://www.war.gov/News/",
    "http://www.af.mil/a b",
    "<https://www.defense.gov/x>",
    "dns:www.war.gov",
    "https://www.af.mil/caf\u00e9",
    "",
    None,
]
HTTP_HEADS = [
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
    b"HTTP/1.1 200 OK\nContent-Type: text/html\n\n",
    b"HTTP/1.1 200 OK\r\nX: folded\r\n  more\r\n\r\n",
    b"\r\n",
    b"",
    b"not http at all",
]


ODDITIES = ["version", "missing", "length", "fold", "bare-lf", "blank", "latin", "tail"]


@st.composite
def records(draw: st.DrawFn) -> bytes:
    """One WARC record's bytes: of the plain shape (half of them), or with one oddity
    that writers or damage make, so that each of the quick walk's checks is met."""
    odd = draw(st.sampled_from([None] * len(ODDITIES) + ODDITIES))
    rec_type = draw(st.sampled_from(TYPES))
    target = draw(st.sampled_from(TARGETS))
    head = draw(st.sampled_from(HTTP_HEADS))
    size = draw(st.sampled_from([0, 1, 40, 70_000, 40, 1_100_000]))
    body = head + b"x" * size if draw(st.booleans()) else (b"y" * size + b"\r\n\r\n" + head)
    fields = [
        ("WARC-Type", rec_type),
        ("WARC-Record-ID", "<urn:uuid:00000000-0000-0000-0000-000000000001>"),
        ("WARC-Date", "2025-11-02T05:00:00Z"),
        ("WARC-Target-URI", target),
    ]
    if odd == "missing":
        del fields[draw(st.integers(0, len(fields) - 1))]
    lines = []
    for name, value in fields:
        if value is None:
            continue
        spelled = draw(st.sampled_from([name, name.lower(), name.upper()]))
        sep = draw(st.sampled_from([": ", ":", " :  ", ":\t"]))
        lines.append(f"{spelled}{sep}{value}".encode())
    length = str(len(body))
    if odd == "length":
        length = draw(
            st.sampled_from([str(len(body) - 1), str(len(body) + 3), "12a", f" {length}"])
        )
    lines.append(b"Content-Length: " + length.encode())
    at = draw(st.integers(0, len(lines) - 1))  # the line an oddity goes to
    if odd == "fold":
        lines.insert(at + 1, draw(st.sampled_from([b" more", b"\tmore"])))
    elif odd == "bare-lf":
        lines[at] += b"\nX: y"
    elif odd == "blank":
        lines.insert(at, draw(st.sampled_from([b"  ", b"\t", b"\x0b"])))
    elif odd == "latin":
        lines[at] += b"caf\xe9"
    tail = b"\r\n\r\n"
    if odd == "tail":
        tail = draw(st.sampled_from([b"\r\n", b"", b"\r\n\r\n\r\n", b"zz\r\n", b"\n\n\r\n"]))
    version = draw(st.sampled_from(VERSIONS[2:] if odd == "version" else VERSIONS[:2]))
    return version + b"\r\n" + b"\r\n".join(lines) + b"\r\n\r\n" + body + tail


@st.composite
def warc_files(draw: st.DrawFn) -> bytes:
    """A .warc.gz of generated records: a member each, or shared or split, with damage."""
    parts: list[tuple[bytes, bool]] = []  # (bytes, gzipped)
    for record in draw(st.lists(records(), min_size=1, max_size=4)):
        packing = draw(st.sampled_from(["one"] * 6 + ["split", "shared", "plain", "empty"]))
        if packing == "split":  # the header block and the rest in two members
            at = record.index(b"\r\n\r\n") + 4
            parts += [(record[:at], True), (record[at:], True)]
        elif packing == "shared" and parts and parts[-1][1]:  # two records in one member
            parts[-1] = (parts[-1][0] + record, True)
        elif packing == "plain":
            parts.append((record, False))
        elif packing == "empty":
            parts += [(b"", True), (record, True)]
        else:
            parts.append((record, True))
    data = bytearray(b"".join(gzip.compress(p, mtime=0) if z else p for p, z in parts))
    damage = draw(st.sampled_from(["none"] * 4 + ["cut", "flip", "garbage", "blank"]))
    if damage == "cut":
        del data[draw(st.integers(1, len(data) - 1)) :]
    elif damage == "flip":
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    elif damage == "garbage":
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(min_size=1, max_size=40))
    elif damage == "blank":
        data += b"\r\n\r\n"
    return bytes(data)


@FUZZ
@given(data=warc_files())
def test_scan_gives_what_warcio_gives(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("quick") / "odd.warc.gz"
    path.write_bytes(data)
    assert list(scan(path)) == warcio_scan(path)


@FUZZ
@given(rows=st.lists(records(), min_size=1, max_size=3))
def test_whatever_the_quick_walk_takes_warcio_reads_the_same(tmp_path_factory, rows) -> None:
    path = tmp_path_factory.mktemp("taken") / "odd.warc.gz"
    path.write_bytes(b"".join(gzip.compress(row, mtime=0) for row in rows))
    taken, stopped = quick_until(path)
    expected = warcio_scan(path)
    quick = list(iter_member_spans(path))
    assert quick == expected[:taken]
    assert list(scan(path)) == expected
    if stopped is None:
        assert taken == len(expected)


def test_a_quick_span_warcio_does_not_find_is_an_error_not_output(
    tmp_path: Path, monkeypatch
) -> None:
    """The guard behind the quick walk: should it ever take a span that warcio does not
    find, ``scan`` raises instead of yielding a mix of the two readings."""
    import dodarchive.warc.scan as scan_module

    cut = tmp_path / "cut.warc.gz"
    source = (FIXTURE_WARCS / "defensegov-2018.warc.gz").read_bytes()
    first, second = warcio_scan(FIXTURE_WARCS / "defensegov-2018.warc.gz")[:2]
    assert isinstance(first, Span)
    assert isinstance(second, Span)
    cut.write_bytes(source[: second.offset + 10])  # damage in the second record

    def wrong(spans: list[Span], stop: int):  # a stand-in walk that took ``spans``
        def walk(path: Path):
            yield from spans
            return stop

        return walk

    too_long = Span(0, first.length + 3, "warcinfo")
    for spans, stop in [
        ([too_long], too_long.length),  # a span longer than warcio's
        ([Span(0, 5, "warcinfo")], 5),  # shorter
        ([first, Span(second.offset, 10, "response")], second.offset + 10),  # not whole
    ]:
        monkeypatch.setattr(scan_module, "iter_member_spans", wrong(spans, stop))
        with pytest.raises(RuntimeError, match="quick scan and warcio differ at byte"):
            list(scan(cut))
    monkeypatch.setattr(scan_module, "iter_member_spans", wrong([first], second.offset))
    assert list(scan(cut)) == warcio_scan(cut)  # the honest walk, stopped at the damage
    one = tmp_path / "one.warc.gz"  # warcio ends before the quick spans do
    one.write_bytes(source[: second.offset])
    beyond = wrong([first, Span(second.offset, 7, "response")], second.offset + 7)
    monkeypatch.setattr(scan_module, "iter_member_spans", beyond)
    with pytest.raises(RuntimeError, match=f"differ at byte {second.offset}"):
        list(scan(one))
