"""Speed rewrites that must not change a byte: each fast path against the formulation
it replaced (the oracle, kept here), on random text that leans on the edge cases:
runs of every kind of whitespace, backticks, typography, empty paragraphs."""

from __future__ import annotations

import hashlib
import re

from hypothesis import given
from hypothesis import strategies as st

from dodarchive.extract.identity import normalize_text, text_hash
from dodarchive.pages.boilerplate import BOILERPLATE_PHRASES, is_boilerplate
from dodarchive.pages.fields import MIN_DETECT_WORDS, detect_language
from tests.fuzz.support import fuzz

PIECES = [
    "a", "Word", "`", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u200b", "\x1c", "\u2019",
    "\u201c", "\u2014", "e\u0301", "\u0301", "\ufb01", "a\u200b\u0301", "Share",
    "Bookmark and Share", "Stay  Connected", "\u00e9", "",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


def old_text_hash(headline: str, paragraphs: list[str]) -> str:
    """text_hash before the ASCII fast path (b5be99b)."""
    body = " ".join(normalize_text(p) for p in paragraphs)
    data = f"{normalize_text(headline)}\n{normalize_text(body)}".encode()
    return hashlib.sha256(data).hexdigest()[:32]


@fuzz(500)
@given(headline=texts, paragraphs=st.lists(texts, max_size=6))
def test_text_hash_as_before(headline: str, paragraphs: list[str]) -> None:
    assert text_hash(headline, paragraphs) == old_text_hash(headline, paragraphs)


def test_typography_maps_to_no_mapped_character() -> None:
    """The fast path's premise: what the typography table maps to is never itself mapped,
    so a normalized text holds no key of it."""
    from dodarchive.extract.identity import _TYPOGRAPHY

    values = "".join(v for v in _TYPOGRAPHY.values() if isinstance(v, str))
    assert values
    assert not any(ord(c) in _TYPOGRAPHY for c in values)


def test_text_hash_composes_across_a_deleted_zero_width_space() -> None:
    """ "a", ZWSP, combining acute: NFKC keeps them apart, the typography table then
    deletes the ZWSP, and only normalizing again composes "\u00e1"."""
    assert text_hash("H", ["a\u200b\u0301"]) == text_hash("H", ["\u00e1"])
    assert text_hash("H", ["a\u200b\u0301"]) == old_text_hash("H", ["a\u200b\u0301"])


@fuzz(500)
@given(line=texts | st.sampled_from(BOILERPLATE_PHRASES))
def test_space_collapse_as_the_regex(line: str) -> None:
    """``" ".join(s.split())`` is ``re.sub(r"\\s+", " ", s).strip()``: the same whitespace."""
    assert " ".join(line.split()) == re.sub(r"\s+", " ", line).strip()
    assert is_boilerplate(line) == is_boilerplate(re.sub(r"\s+", " ", line).strip())


@fuzz(300)
@given(words=st.lists(st.sampled_from(["the", "Air", "a", " ", "\n"]), max_size=30))
def test_word_count_cut_off_as_before(words: list[str]) -> None:
    text = " ".join(words)
    if len(text.split()) < MIN_DETECT_WORDS:
        assert detect_language(text) == "und"
    else:
        assert detect_language(text) != "und"
