"""Properties of every article we produce: no boilerplate, required fields, stable bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dodarchive.fixtures import case_result
from dodarchive.pages import PAGE_CLASSES
from dodarchive.pages.boilerplate import BOILERPLATE_PHRASES, is_boilerplate
from dodarchive.pages.textcapture import normalize_file
from tests.conftest import FIXTURES

CASES = sorted(p.parent for p in (FIXTURES / "pages").glob("*/*/output.json"))
#: Phrases that can also be honest prose ("... the United States Department of Defense").
PROSE_OK = {"United States Department of Defense", "DoD News", "News Article"}


def _articles() -> list[tuple[str, dict[str, Any]]]:
    out = [(f"{c.parent.name}/{c.name}", case_result(c)) for c in CASES]
    seed = normalize_file(FIXTURES / "seed" / "000_3799e5ddaccbd4d4.txt").to_dict()
    return [*out, ("seed", seed)]


ARTICLES = _articles()


@pytest.mark.parametrize(("name", "article"), ARTICLES, ids=[n for n, _ in ARTICLES])
def test_no_boilerplate_in_body_headline_or_captions(name: str, article: dict[str, Any]) -> None:
    texts = [article["headline"], *article["paragraphs"]]
    texts += [i["caption"] or "" for i in article["images"]]
    for text in texts:
        assert not is_boilerplate(text), f"{name}: boilerplate line {text!r}"
        for phrase in BOILERPLATE_PHRASES:
            if phrase not in PROSE_OK:
                assert phrase not in text, f"{name}: {phrase!r} in {text[:80]!r}"
    assert article["articleBody"] == "\n\n".join(article["paragraphs"])


@pytest.mark.parametrize(("name", "article"), ARTICLES, ids=[n for n, _ in ARTICLES])
def test_required_fields_present(name: str, article: dict[str, Any]) -> None:
    assert article["headline"]
    assert article["paragraphs"]
    assert all(p.strip() == p and p for p in article["paragraphs"])
    classes = {c.extractor().name: c for c in PAGE_CLASSES}
    cls = classes.get(article["extractor"]["name"])
    for field in cls.guarantees if cls else ():
        assert article[field], f"{name}: {field} empty"


def test_prose_mentioning_the_department_is_kept() -> None:
    story = dict(ARTICLES)["dnn-story/story-reconstructed"]
    assert (
        "The story mentions the United States Department of Defense in prose, which must stay."
        in story["paragraphs"]
    )
    assert "Stay Connected" not in story["articleBody"]


def test_every_known_template_has_a_case() -> None:
    templates = {c.parent.name for c in CASES}
    ours = {c.template for c in PAGE_CLASSES}
    assert ours <= templates, ours - templates


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rerun_is_byte_identical(case: Path) -> None:
    first = json.dumps(case_result(case), ensure_ascii=False, sort_keys=True, indent=2)
    second = json.dumps(case_result(case), ensure_ascii=False, sort_keys=True, indent=2)
    assert first == second
    assert first + "\n" == (case / "output.json").read_text(encoding="utf-8")


ALL_CASES = sorted(p.parent for p in (FIXTURES / "pages").glob("*/*/inputs"))


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_reconstructed_cases_are_labelled(case: Path) -> None:
    body = (case / "inputs" / "HttpResponse-body.html").read_bytes()
    meta = case / "meta.json"
    built = b"RECONSTRUCTED" in body
    assert built == meta.exists()
    if built:
        data = json.loads(meta.read_text(encoding="utf-8"))
        assert data["reconstructed"] is True
        assert data["how"]
        assert case.name.endswith("reconstructed")
