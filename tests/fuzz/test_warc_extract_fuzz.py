"""WARC-level damage around real pages: a bad record between two good ones, chunked
bodies with bad framing, cut-off gzip Content-Encoding, wrong HTTP Content-Length and a
wrong WARC Content-Length. Good records around the bad one are still extracted whole."""

from __future__ import annotations

import contextlib
import gzip
import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dodarchive.extract.record import extract_record
from dodarchive.warc.reader import WarcReadError, iter_records
from tests.fuzz.support import baseline, check_contract, fuzz, seed_records

SEEDS = seed_records()
FIRST, LAST = 2, 11  # a small af.mil print view and the static page


def _warc(records: list[tuple[str, list[tuple[str, str]], bytes]]) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, headers, payload in records:
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        rec = writer.create_warc_record(
            url, "response", payload=io.BytesIO(payload), length=len(payload), http_headers=http
        )
        writer.write_record(rec)
    return out.getvalue()


def _seed(index: int) -> tuple[str, list[tuple[str, str]], bytes]:
    rec = SEEDS[index]
    return rec.url, list(rec.http_headers), rec.body


def _chunked(body: bytes, sizes: list[int]) -> bytes:
    """``body`` framed as chunks of ``sizes`` (the rest in one more), then the last chunk."""
    out, pos = [], 0
    for size in [*sizes, len(body)]:
        part = body[pos : pos + size]
        if not part:
            break
        out.append(b"%x\r\n%s\r\n" % (len(part), part))
        pos += len(part)
    return b"".join(out) + b"0\r\n\r\n"


def _bad_middle(kind: str, junk: bytes, where: float) -> tuple[list[tuple[str, str]], bytes]:
    body = SEEDS[1].body
    html = [("Content-Type", "text/html; charset=utf-8")]
    cut = int(where * len(body))
    if kind == "garbage":
        return html, junk
    if kind == "gzip-cut":
        return [*html, ("Content-Encoding", "gzip")], gzip.compress(body)[: max(1, cut // 4)]
    if kind == "gzip-junk":
        return [*html, ("Content-Encoding", "gzip")], gzip.compress(body)[:20] + junk
    if kind == "deflate-junk":
        return [*html, ("Content-Encoding", "deflate")], junk
    if kind == "chunked-cut":
        return [*html, ("Transfer-Encoding", "chunked")], _chunked(body, [1000, 2000])[:cut]
    if kind == "chunked-bad-size":
        framed = _chunked(body, [1000, 2000])
        return [*html, ("Transfer-Encoding", "chunked")], framed.replace(b"7d0\r\n", b"9z9\r\n")
    if kind == "zstd":
        return [*html, ("Content-Encoding", "zstd")], body
    return html, body[:cut]  # "cut": a body cut short


@fuzz(150)
@given(
    kind=st.sampled_from(
        [
            "garbage",
            "gzip-cut",
            "gzip-junk",
            "deflate-junk",
            "chunked-cut",
            "chunked-bad-size",
            "zstd",
            "cut",
        ]
    ),
    junk=st.binary(min_size=1, max_size=300),
    where=st.floats(min_value=0.05, max_value=0.99),
)
def test_bad_record_between_good_ones(
    tmp_path_factory, kind: str, junk: bytes, where: float
) -> None:
    headers, payload = _bad_middle(kind, junk, where)
    data = _warc([_seed(FIRST), (SEEDS[1].url, headers, payload), _seed(LAST)])
    path = tmp_path_factory.mktemp("w") / "mixed.warc.gz"
    path.write_bytes(data)
    first, middle, last = (check_contract(r) for r in iter_records(path))
    for outcome, index in ((first, FIRST), (last, LAST)):
        want = baseline(index).article
        assert outcome.article is not None
        assert want is not None
        assert (outcome.article.headline, outcome.article.paragraphs) == (
            want.headline,
            want.paragraphs,
        )
    assert middle.kind != "article", middle  # every variant damages the page
    expected = {
        "gzip-cut": {"truncated-body"},
        "chunked-cut": {"bad-chunked-body"},
        "chunked-bad-size": {"bad-chunked-body"},
        "zstd": {"bad-content-encoding"},
        "cut": {"truncated", "no-body", "no-headline"},
    }
    if kind in expected:
        assert middle.reason in expected[kind], middle


@fuzz(100)
@given(sizes=st.lists(st.integers(min_value=1, max_value=5000), max_size=6))
def test_valid_chunked_bodies_give_the_same_article(tmp_path_factory, sizes: list[int]) -> None:
    body = SEEDS[1].body
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")]
    path = tmp_path_factory.mktemp("c") / "chunked.warc.gz"
    path.write_bytes(_warc([(SEEDS[1].url, headers, _chunked(body, sizes))]))
    (rec,) = iter_records(path)
    outcome = check_contract(rec)
    assert outcome.article is not None
    assert outcome.article.paragraphs == baseline(1).article.paragraphs  # type: ignore[union-attr]


@fuzz(100)
@given(length=st.integers(min_value=0, max_value=10**9))
def test_wrong_http_content_length_is_ignored(tmp_path_factory, length: int) -> None:
    url, headers, body = _seed(FIRST)
    path = tmp_path_factory.mktemp("l") / "len.warc.gz"
    path.write_bytes(_warc([(url, [*headers, ("Content-Length", str(length))], body)]))
    (rec,) = iter_records(path)
    outcome = check_contract(rec)
    assert outcome.article is not None
    assert outcome.article.paragraphs == baseline(FIRST).article.paragraphs  # type: ignore[union-attr]


@fuzz(100)
@given(delta=st.integers(min_value=-5000, max_value=5000).filter(lambda d: d != 0))
def test_wrong_warc_content_length_keeps_the_records_before(tmp_path: Path, delta: int) -> None:
    """Uncompressed WARC; the middle record's WARC Content-Length is off by ``delta``."""
    raw = gzip.decompress(_warc([_seed(FIRST), _seed(1), _seed(LAST)]))
    second = raw.index(b"WARC/1", 10)
    start = raw.index(b"Content-Length: ", second) + len(b"Content-Length: ")
    end = raw.index(b"\r\n", start)
    raw = raw[:start] + str(max(0, int(raw[start:end]) + delta)).encode() + raw[end:]
    path = tmp_path / f"len{delta}.warc"
    path.write_bytes(raw)
    outcomes = []
    with contextlib.suppress(WarcReadError):
        outcomes.extend(check_contract(r) for r in iter_records(path))
    assert outcomes, "the record before the damage is always read"
    assert outcomes[0].article == extract_record(next(iter_records(path))).article
    assert outcomes[0].article is not None
    assert outcomes[0].article.paragraphs == baseline(FIRST).article.paragraphs  # type: ignore[union-attr]
