"""Independent oracles: every fixture case checked against values a person read off the page.

The golden ``output.json`` files are the code's own earlier output, so comparing with them
only proves the code did not change. The oracles under ``tests/oracles/<template>.toml`` were
written by reading each case's ``inputs/HttpResponse-body.html`` (see tests/oracles/README.md):
headline, dates, author names, the first and last sentence of the body, the number of
paragraphs, and each image's caption and credit. One test per case and field, so a
regression names the field that broke.

Where the code and the page disagree the oracle wins: the field is listed under ``xfail`` in
the oracle with the reason, and runs as a strict xfail so the day the code is fixed the
test says so.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from dodarchive.fixtures import case_result
from tests.conftest import FIXTURES

ORACLES = Path(__file__).parent / "oracles"
PAGES = FIXTURES / "pages"
ARTICLE_FIELDS = (
    "headline",
    "datePublished",
    "dateModified",
    "authors",
    "first",
    "last",
    "paragraphs",
    "images",
)
DATELINE_ROOM = 80  # a dateline ("WASHINGTON (AFNS) -- ") may precede the first sentence


def _oracles() -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(ORACLES.glob("*.toml")):
        for key, oracle in tomllib.loads(path.read_text(encoding="utf-8")).items():
            template, _, case = key.rpartition("/")
            found[(template or path.stem, case)] = oracle
    return found


ORACLE = _oracles()


def _params() -> list[Any]:
    params = []
    for (template, case), oracle in ORACLE.items():
        fields = ("exception", "reason") if "exception" in oracle else ARTICLE_FIELDS
        for field in fields:
            if field not in oracle:
                continue
            marks = []
            reason = oracle.get("xfail", {}).get(field)
            if reason:
                marks.append(pytest.mark.xfail(reason=reason, strict=True))
            params.append(pytest.param(template, case, field, marks=marks, id=f"{case}-{field}"))
    return params


def _norm(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


@cache
def _result(template: str, case: str) -> dict[str, Any]:
    return case_result(PAGES / template / case)


def test_every_case_has_an_oracle() -> None:
    cases = {(p.parent.parent.name, p.parent.name) for p in PAGES.glob("*/*/inputs")}
    assert cases, "no fixture cases found"
    assert sorted(cases - set(ORACLE)) == [], "fixture cases without a hand-written oracle"
    assert sorted(set(ORACLE) - cases) == [], "oracles for cases that do not exist"


@pytest.mark.parametrize(("template", "case", "field"), _params())
def test_oracle(template: str, case: str, field: str) -> None:
    oracle = ORACLE[(template, case)]
    got = _result(template, case)
    if field in ("exception", "reason"):
        key = "type" if field == "exception" else "reason"
        assert got.get("exception", {}).get(key) == oracle[field], (
            f"{case}: expected {oracle[field]}, got {got.get('exception') or 'an article'}"
        )
        return
    assert "exception" not in got, f"{case}: expected an article, got {got['exception']}"
    paragraphs = [_norm(p) or "" for p in got["paragraphs"]]
    want = oracle[field]
    if field == "headline":
        assert _norm(got["headline"]) == want
    elif field in ("datePublished", "dateModified"):
        value = got[field]
        if want and value and len(want) == 10 and len(value) > 10:
            value = value[:10]  # the page gave a date; a time of day from elsewhere is fine
        assert value == (want or None), f"{field} of {case}"
    elif field == "authors":
        assert [a["name"] for a in got["authors"]] == want
    elif field == "first":
        assert paragraphs, f"{case}: no paragraphs"
        at = paragraphs[0].find(want)
        assert 0 <= at <= DATELINE_ROOM, (
            f"first paragraph does not open with {want!r}: {paragraphs[0][:300]!r}"
        )
    elif field == "last":
        assert paragraphs, f"{case}: no paragraphs"
        assert paragraphs[-1].endswith(want), f"last paragraph: {paragraphs[-1][-300:]!r}"
    elif field == "paragraphs":
        assert len(paragraphs) == want
    elif field == "images":
        got_images = [
            {
                k: v
                for k, v in (("caption", _norm(i["caption"])), ("credit", _norm(i["creditText"])))
                if v
            }
            for i in got["images"]
        ]
        assert got_images == want
