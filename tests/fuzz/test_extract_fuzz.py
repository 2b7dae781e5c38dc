"""Fuzzing ``extract_record`` with damaged bodies of real template pages.

The contract (see :func:`tests.fuzz.support.check_contract`): nothing raises, every
reject names a specific reason (never ``extractor-crash``), and an article is whole.
Seeds are saved fixture cases of every template; mutations are truncations, flipped
bytes, inserted garbage and invalid UTF-8, zero-byte and binary bodies.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.support import baseline, check_contract, fuzz, seed_records, with_body

SEEDS = seed_records()
SEED = st.integers(min_value=0, max_value=len(SEEDS) - 1)
#: The small af.mil and static seeds: cheap enough for the high-count tests.
SMALL = st.sampled_from([i for i, r in enumerate(SEEDS) if len(r.body) < 60_000])


@fuzz(275)
@given(index=SEED, fraction=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_body_is_never_a_partial_article(index: int, fraction: float) -> None:
    rec = SEEDS[index]
    body = rec.body[: int(len(rec.body) * fraction)]
    outcome = check_contract(with_body(rec, body))
    if b"</html>" not in body.lower():
        assert outcome.kind != "article", outcome.article
    elif outcome.kind == "article":  # only trailing bytes after </html> were cut
        assert outcome.article == baseline(index).article


@fuzz(250)
@given(
    index=SEED,
    flips=st.lists(
        st.tuples(st.floats(min_value=0.0, max_value=1.0), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    ),
)
def test_flipped_bytes(index: int, flips: list[tuple[float, int]]) -> None:
    rec = SEEDS[index]
    body = bytearray(rec.body)
    for where, value in flips:
        body[min(int(where * len(body)), len(body) - 1)] = value
    check_contract(with_body(rec, bytes(body)))


@fuzz(150)
@given(
    index=SMALL,
    where=st.floats(min_value=0.0, max_value=1.0),
    junk=st.one_of(
        st.binary(min_size=1, max_size=64),
        st.sampled_from([b"\xff\xfe", b"\xc3", b"\xe2\x80", b"\x92\x93\x94", b"\xed\xa0\x80"]),
    ),
)
def test_inserted_garbage_and_invalid_utf8(index: int, where: float, junk: bytes) -> None:
    rec = SEEDS[index]
    pos = int(where * len(rec.body))
    check_contract(with_body(rec, rec.body[:pos] + junk + rec.body[pos:]))


@fuzz(250)
@given(
    prefix=st.binary(max_size=200),
    suffix=st.binary(max_size=2000),
    ctype=st.sampled_from(["text/html", "text/html; charset=utf-8", "application/xhtml+xml", ""]),
)
def test_binary_bodies_labelled_html_are_rejected(prefix: bytes, suffix: bytes, ctype: str) -> None:
    rec = SEEDS[0]
    body = prefix + b"\x00" + suffix  # a NUL in the first 4 KB: binary
    outcome = check_contract(with_body(rec, body, (("Content-Type", ctype),) if ctype else ()))
    assert (outcome.kind, outcome.reason) == ("rejected", "binary-body")


@fuzz(50)
@given(index=SEED, blank=st.sampled_from([b"", b" ", b"\r\n\r\n", b"\t \n"]))
def test_zero_byte_and_blank_bodies_are_rejected(index: int, blank: bytes) -> None:
    outcome = check_contract(with_body(SEEDS[index], blank))
    assert (outcome.kind, outcome.reason) == ("rejected", "empty-body")
