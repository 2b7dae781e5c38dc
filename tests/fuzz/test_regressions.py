"""One test per bug the fuzz suite found, each the smallest input that showed it."""

from __future__ import annotations

import gzip

import pytest

from dodarchive.warc.reader import BodyDecodeError, dechunk
from tests.fuzz.support import check_contract, seed_records, with_body

SEEDS = seed_records()
AFMIL = SEEDS[1]  # af.mil print view (fact sheet)


def test_nul_byte_in_afmil_page_is_bad_encoding_not_an_article_with_fffd() -> None:
    body = AFMIL.body
    mid = body.index(b"A fully operational system")  # in the text, past the binary sniff
    assert mid > 4096
    outcome = check_contract(with_body(AFMIL, body[:mid] + b"\x00" + body[mid:]))
    assert (outcome.kind, outcome.reason) == ("rejected", "bad-encoding")


def test_afmil_page_cut_after_some_text_is_truncated_not_short() -> None:
    body = AFMIL.body
    cut = body[: body.index(b"</html>") - 400]
    outcome = check_contract(with_body(AFMIL, cut))
    assert (outcome.kind, outcome.reason) == ("rejected", "truncated")


def test_corrupt_raw_deflate_is_a_reject_not_zlib_error() -> None:
    rec = with_body(AFMIL, b"\xff" * 40, (("Content-Encoding", "deflate"),))
    with pytest.raises(BodyDecodeError) as err:
        rec.decoded_body()
    assert err.value.reason == "bad-content-encoding"
    outcome = check_contract(rec)
    assert (outcome.kind, outcome.reason) == ("rejected", "bad-content-encoding")


def test_gzip_body_cut_mid_stream_is_truncated_body() -> None:
    packed = gzip.compress(AFMIL.body)
    rec = with_body(AFMIL, packed[: len(packed) // 2], (("Content-Encoding", "gzip"),))
    outcome = check_contract(rec)
    assert (outcome.kind, outcome.reason) == ("rejected", "truncated-body")


@pytest.mark.parametrize(
    ("framed", "want"),
    [
        (b"5\r\nhello\r\n0\r\n\r\n", b"hello"),
        (b"5;ext=1\r\nhello\r\n1\nx\n0\r\n\r\n", b"hellox"),
        (b"<html>not chunked</html>", b"<html>not chunked</html>"),
    ],
)
def test_dechunk(framed: bytes, want: bytes) -> None:
    assert dechunk(framed) == want


@pytest.mark.parametrize(
    "framed", [b"5\r\nhel", b"5\r\nhelloXX", b"5\r\nhello\r\nzz\r\n", b"5\r\nhello\r\n"]
)
def test_dechunk_bad_framing(framed: bytes) -> None:
    with pytest.raises(BodyDecodeError) as err:
        dechunk(framed)
    assert err.value.reason == "bad-chunked-body"


def test_binary_body_with_challenge_words_is_binary_not_a_refusal() -> None:
    """Hypothesis put refusal_kind's own marker bytes into a binary body: the challenge
    check ran first and skipped it as ``refused``; damaged input is rejected first."""
    html = (("Content-Type", "text/html"),)
    rec = with_body(SEEDS[0], b"\x00enable javascript and cookies", html)
    outcome = check_contract(rec)
    assert (outcome.kind, outcome.reason) == ("rejected", "binary-body")
    text = with_body(SEEDS[0], b"<p>Please enable JavaScript to continue</p>")
    assert (check_contract(text).kind, check_contract(text).reason) == ("skipped", "refused")
