"""The Python API gives what the command line gives: same pages, same records, same order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import dodarchive
from dodarchive.article import Article, dumps
from dodarchive.fixtures import load_case
from dodarchive.warc.scan import InputError
from tests.conftest import FIXTURE_WARCS, ROOT, dodarchive_cmd, subprocess_env

CASES = sorted(p.parent for p in (ROOT / "tests" / "fixtures" / "pages").glob("*/*/output.json"))
SOURCE_FREE = {"source", "firstSeen", "lastSeen"}  # no WARC record (and date) behind it


def _extract_cli(tmp_path: Path, *args: str) -> list[str]:
    out = tmp_path / "articles.jsonl"
    done = subprocess.run(
        [*dodarchive_cmd(), "extract", str(FIXTURE_WARCS), "-o", str(out), "--workers", "1", *args],
        capture_output=True, text=True, cwd=ROOT, env=subprocess_env(), timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8").splitlines()


def test_iter_articles_gives_the_commands_records(tmp_path: Path) -> None:
    expected = _extract_cli(tmp_path)
    got = [dumps(a) for a in dodarchive.iter_articles(FIXTURE_WARCS)]
    assert len(got) == 168  # the 10 af.mil speeches are stubs
    assert got == expected  # byte for byte, in the command's order, captures included
    every = [dumps(a) for a in dodarchive.iter_articles([str(FIXTURE_WARCS)], dedup=False)]
    assert every == _extract_cli(tmp_path, "--all-captures")


def test_iter_articles_stops_cleanly_when_the_caller_does(tmp_path: Path) -> None:
    before = set(Path(tmp_path).iterdir())
    stream = dodarchive.iter_articles(FIXTURE_WARCS / "legacy.warc.gz")
    first = next(stream)
    assert (first.headline, first.datePublished) == ("DOD Identifies Army Casualty", "2010-03-02")
    stream.close()  # the temporary folder goes with the generator
    assert set(Path(tmp_path).iterdir()) == before


def test_damaged_input_gives_its_whole_records(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = (FIXTURE_WARCS / "legacy.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    for dedup in (True, False):
        caplog.clear()
        got = [a.datePublished for a in dodarchive.iter_articles(cut, dedup=dedup)]
        assert got == ["2010-03-02", "2007-02-13", "2011-03-20"]  # the 3 before byte 46706
        assert "cut.warc.gz is damaged" in caplog.text


def test_inputs_are_checked_first(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a warc")
    with pytest.raises(InputError, match=r"notes\.txt: not a WARC file"):
        next(dodarchive.iter_articles([FIXTURE_WARCS, tmp_path / "notes.txt"]))
    with pytest.raises(InputError, match="no such file"):
        next(dodarchive.iter_records(tmp_path / "gone.warc.gz"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_extract_html_matches_the_page_fixtures(case: Path) -> None:
    """Same template choice and output as extract_record, from HTML alone."""
    page = load_case(case)
    expected: dict[str, Any] = json.loads((case / "output.json").read_text(encoding="utf-8"))
    article = dodarchive.extract_html(page.body, page.url, headers=list(page.headers))
    if "exception" in expected:
        assert article is None
        return
    assert article is not None
    got = article.to_dict()
    for key in SOURCE_FREE:
        got.pop(key)
        expected.pop(key)
    assert got == expected


def test_extract_html_text_and_bytes_agree() -> None:
    case = ROOT / "tests/fixtures/pages/legacy-newsarticle"
    page = load_case(next(p.parent for p in sorted(case.glob("*/output.json"))))
    from_bytes = dodarchive.extract_html(page.body, page.url, headers=dict(page.headers))
    from_text = dodarchive.extract_html(page.text, page.url, headers=dict(page.headers))
    assert from_bytes is not None
    assert from_text is not None
    assert from_text.headline == from_bytes.headline
    assert from_text.articleBody == from_bytes.articleBody


def test_article_round_trips_through_a_dict() -> None:
    for article in dodarchive.iter_articles(FIXTURE_WARCS / "afmil-2016.warc.gz"):
        data = json.loads(dumps(article))
        assert Article.from_dict(data) == article
    with pytest.raises(TypeError, match="headline"):
        Article.from_dict({k: v for k, v in data.items() if k != "headline"})


def test_import_is_cheap() -> None:
    code = (
        "import sys, dodarchive; "
        "print(sorted(m for m in ('dodarchive.api', 'bs4', 'warcio', 'trafilatura', 'scrapy') "
        "if m in sys.modules)); print(dodarchive.extract_html.__module__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=subprocess_env(),
        cwd=ROOT, check=True,
    )  # fmt: skip
    assert done.stdout.splitlines() == ["[]", "dodarchive.api"]
