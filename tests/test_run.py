"""``dodarchive run`` (what ``make run`` does): the whole job offline on the sample WARCs.

The acceptance of the main job: it exits 0, its WARCs validate, and ``articles.jsonl``
holds every fixture article (the same set a direct extraction of the fixtures gives),
each line valid against ``schema/article.schema.json``.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dodarchive.extract.record import EXTRACT_TYPES, extract_record
from dodarchive.replay.server import url_keys
from dodarchive.warc.files import warc_files
from dodarchive.warc.reader import iter_records
from tests.conftest import FIXTURE_WARCS, ROOT, dodarchive_cmd, subprocess_env

RELEASE_3981590 = (
    "https://www.defense.gov/News/Releases/Release/Article/3981590/"
    "dod-announces-2024-defense-acquisition-awards/"
)


def _key(url: str) -> str:
    """Legacy ASP.NET URLs are case-insensitive; the spiders may ask in another case."""
    return url_keys(url)[-1]


def _fixture_articles() -> set[tuple[str, str]]:
    found = set()
    for path in warc_files([FIXTURE_WARCS]):
        for rec in iter_records(path, types=EXTRACT_TYPES):
            outcome = extract_record(rec)
            if outcome.article is not None:
                found.add((_key(outcome.article.url), outcome.article.headline))
    return found


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path, Path, list[dict[str, Any]]]:
    """One ``dodarchive run`` for the module: (process result, WARC dir, out dir, rows)."""
    tmp_path = tmp_path_factory.mktemp("run")
    warc_dir, out_dir = tmp_path / "warc", tmp_path / "out"
    result = subprocess.run(
        [*dodarchive_cmd(), "run", "--warc-dir", str(warc_dir), "--out-dir", str(out_dir),
         "--workers", "2"],
        cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    rows = [json.loads(line) for line in (out_dir / "articles.jsonl").read_text().splitlines()]
    return result, warc_dir, out_dir, rows


def _feed_linked_print_views() -> int:
    """af.mil print views of the fixtures whose article a fixture RSS feed links to: what
    the dma spider can discover from the feeds (the others only the urls backfill)."""
    prints, linked = set(), set()
    for rec in iter_records(FIXTURE_WARCS / "afmil-2016.warc.gz", types=("response",)):
        if "/Print.aspx" in rec.url:
            prints.add(rec.url.rsplit("Article=", 1)[1])
        elif "/RSS.ashx" in rec.url:
            for link in re.findall(rb"<link>([^<]+)</link>", rec.body):
                if m := re.search(rb"/Article/(\d+)/", link):
                    linked.add(m.group(1).decode())
    return len(prints & linked)


def _by_spider(rows: list[dict[str, Any]]) -> Counter[str]:
    """Articles per crawl that archived them (the WARC file name starts with the spider)."""
    return Counter(r["source"]["warcFile"].split("-", 1)[0] for r in rows)


def test_discovering_spiders_find_their_articles(job: Any) -> None:
    """The urls backfill fetches whatever the spiders missed, so the total hides a spider
    that stops discovering: count per spider."""
    _, _, _, rows = job
    by_spider = _by_spider(rows)
    assert _feed_linked_print_views() == 85
    assert by_spider["dma"] == 75  # every print view a feed links to, less 10 speech stubs
    # releases 13347, 13572, 14349 and news article 46641 (archive.defense.gov), and release
    # 10512 (the defenselink.mil crawl)
    assert by_spider["legacy"] == 5
    assert sum(by_spider.values()) == 168


def test_wargov_discovers_the_release_and_the_contract(job: Any) -> None:
    _, _, _, rows = job
    # /News/Releases/ and the releases RSS link release 3981590; /News/Contracts/ links
    # contract 4319114 (wargov-reconstructed.warc.gz)
    assert _by_spider(rows)["wargov"] == 2


def test_run_offline_archives_and_extracts_every_fixture_article(job: Any) -> None:
    result, warc_dir, out_dir, rows = job
    assert "Traceback" not in result.stderr

    expected = _fixture_articles()
    assert len(expected) == 168  # the 10 af.mil speeches are stubs
    assert len(rows) == 168
    assert {(_key(r["url"]), r["headline"]) for r in rows} == expected
    seed = next(r for r in rows if r["url"].endswith("newsarticle.aspx?id=46641"))
    assert seed["headline"] == "Putin Offers to Cooperate with U.S. on Missile Defense"
    assert seed["source"]["warcFile"].startswith("legacy-")  # crawled, not the fixture file

    schema = json.loads((ROOT / "schema" / "article.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for row in rows:
        validator.validate(row)
    rejects = [json.loads(x) for x in (out_dir / "articles.rejects.jsonl").read_text().splitlines()]
    assert [r["reason"] for r in rejects] == ["stub"] * 10

    out = result.stdout
    assert "validate: " in out
    assert " records, 0 problems" in out
    assert "  articles             168\n" in out
    assert "    AfmilPrintArticlePage    117\n" in out
    assert "    LegacyNewsArticlePage    1\n" in out
    assert (warc_dir / "index.cdxj").stat().st_size > 0
    names = sorted(p.name for p in warc_dir.glob("*.warc.gz"))
    assert [n.split("-", 1)[0] for n in names] == [
        "dma", "legacy", "legacy", "legacy", "urls", "wargov"
    ]  # fmt: skip
    # every spider archives what its own entry points reach; urls only the rest
    assert "    wargov                                    15 /    37  finished\n" in out
    assert "    dma                                     1492 /  2985  finished\n" in out
    assert "    urls (rest of sample)                    101 /   203  finished\n" in out
    assert "crawl urls: finished, 94 listed, 203 WARC records\n" in out
    by_spider = (
        "  articles by spider\n    dma                      75\n    legacy                   5\n"
    )
    assert by_spider + "    urls                     86\n    wargov                   2\n" in out
    wargov = sorted(warc_dir.glob("wargov-*.warc.gz"))
    got = {(r.status, r.url) for r in iter_records(wargov[0], types=frozenset({"response"}))}
    assert {
        (301, "https://www.war.gov/News/Releases/"),
        (200, "https://www.defense.gov/News/Releases/"),
        (200, "https://www.defense.gov/News/Releases/?Page=2"),
        (200, "https://www.defense.gov/News/Contracts/"),
        (200, "https://www.defense.gov/News/Contracts/Contract/Article/4319114/"),
        (200, RELEASE_3981590),
    } <= got
    assert not list(warc_dir.glob("*.open"))
    # the researcher's view: the report page and the extraction summary it reads
    assert f"  report               {out_dir / 'report.html'}\n" in out
    page = (out_dir / "report.html").read_text(encoding="utf-8")
    assert "168 articles, published 2003-04-01 to 2025-09-30; 43 without" in page
    summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["articles"] == 168
