"""The award parser's case-insensitive alternations run behind a first-character
lookahead (``records.text.guarded``). The guard must never change a match: every
guarded pattern is checked against itself unguarded, on every real award paragraph the
award tests hold and on random text made of the patterns' own words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dodarchive.records import awards
from tests.fuzz.support import fuzz

_GUARD = re.compile(r"\(\?=\[(?P<first>[^\]]*)\]\)\(\?:(?P<pattern>.*)\)\Z", re.S)
GUARDED = {
    name: value
    for name, value in vars(awards).items()
    if isinstance(value, re.Pattern) and _GUARD.match(value.pattern)
}


def _unguarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    m = _GUARD.match(pattern.pattern)
    assert m is not None
    return re.compile(m.group("pattern"), pattern.flags)


def _paragraphs() -> list[str]:
    source = Path(__file__).parent.parent / "test_records_awards.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    found = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) > 40
    ]
    assert len(found) > 30
    return found


def _matches(
    pattern: re.Pattern[str], text: str
) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def test_the_award_patterns_are_guarded() -> None:
    assert {"_TYPE_RE", "_OFFERS", "_COMPLETION", "_COMPETED", "_NOT_COMPETED"} <= set(GUARDED)


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_guard_keeps_every_match_on_real_paragraphs(name: str) -> None:
    pattern = GUARDED[name]
    plain = _unguarded(pattern)
    hits = 0
    for text in _paragraphs():
        assert _matches(pattern, text) == _matches(plain, text)
        hits += bool(plain.search(text))
    if name not in ("_NOTHING_AWARDED",):
        assert hits, f"{name} never matched: the check would prove nothing"


WORDS = [
    "one", "Two", "12", "\u0663", "offers", "bids", "with", "and", "received", "not", "sole-source",
    "competitively", "procured", "solicited", "full and open competition", "FMS", "ſole",
    "foreign military sales", "government of", "cumulative value", "total", "is", "to", "$5",
    "expected to be completed", "June 30, 2015", "Sept. 2019", "completion date",
    "firm-fixed-price",
    "IDIQ", "\u0130DIQ", "cost-plus-fixed-fee", "requirements contract", " ", "  ", ",",
    ".", "obligated", "appropriations", "cancelled", "KELVIN \u212a",
]  # fmt: skip


@fuzz(400)
@given(parts=st.lists(st.sampled_from(WORDS), max_size=14))
def test_guard_keeps_every_match_on_random_text(parts: list[str]) -> None:
    text = " ".join(parts)
    for pattern in GUARDED.values():
        assert _matches(pattern, text) == _matches(_unguarded(pattern), text)
