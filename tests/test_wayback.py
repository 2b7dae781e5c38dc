"""The web archive as a source (``-a source=wayback``): CDX discovery, ``id_`` captures.

Offline: ``tests/fixtures/wayback/legacy-cdx.warc.gz`` (``scripts/build_wayback_fixture.py``)
holds the CDX answers of a legacy crawl from 2007 to 2012 and the four real captures, and
the replay server plays the archive.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from dodarchive.downloadermiddlewares.scope import ScopeMiddleware
from dodarchive.meta import ORIGINAL_URL
from dodarchive.settings import DOWNLOADER_MIDDLEWARES
from dodarchive.sites import table
from dodarchive.spiders.legacy import LegacySpider
from dodarchive.spiders.wargov import WarGovSpider
from dodarchive.warc.reader import iter_records
from dodarchive.wayback import cdx_queries, cdx_url
from tests.conftest import ROOT, dodarchive_cmd, subprocess_env

FIXTURE = ROOT / "tests" / "fixtures" / "wayback" / "legacy-cdx.warc.gz"
R13347 = "http://www.defense.gov/releases/release.aspx?releaseid=13347"


def test_queries_cover_every_host_and_pattern_prefix_once() -> None:
    queries = list(cdx_queries([table().sites["wargov"]], since="2019", until="2020"))
    prefixes = [q.split("url=", 1)[1].split("&", 1)[0] for q in queries]
    assert len(prefixes) == len(set(prefixes)) == 20  # 5 hosts without www. x 4 prefixes
    assert "war.gov%2Fnews" in prefixes
    assert "defense.gov%2Fexplore%2Fnews%2Farticle%2Farticle%2F" in prefixes
    assert all("&from=2019&to=2020" in q for q in queries)
    assert all("filter=statuscode%3A200&filter=mimetype%3Atext%2Fhtml" in q for q in queries)
    assert all("&collapse=digest&output=json" in q for q in queries)


def test_source_arguments_are_checked() -> None:
    crawler = get_crawler(WarGovSpider)
    with pytest.raises(ValueError, match="from must be YYYY"):
        WarGovSpider.from_crawler(crawler, source="wayback", **{"from": "last year"})
    with pytest.raises(ValueError, match="add -a source=wayback"):
        WarGovSpider.from_crawler(get_crawler(WarGovSpider), to="2020")
    with pytest.raises(ValueError, match="source must be live or wayback"):
        WarGovSpider.from_crawler(get_crawler(WarGovSpider), source="ftp")


def test_wayback_spider_gets_the_archive_slot() -> None:
    # an unstarted crawler, as Scrapy has it when it creates the spider (settings not frozen)
    crawler = Crawler(WarGovSpider, Settings({"DODARCHIVE_WAYBACK_DELAY": 7.5}))
    sp = WarGovSpider.from_crawler(crawler, source="wayback")
    slot = crawler.settings.getdict("DOWNLOAD_SLOTS")["web.archive.org"]
    assert slot == {"concurrency": 1, "delay": 7.5, "jitter": 0.0}
    assert sp.wayback


def _cdx_response(sp: Any, rows: list[list[str]], url: str) -> list[Request]:
    body = json.dumps(rows).encode()
    return list(sp.parse_cdx(TextResponse(url, body=body, encoding="utf-8")))


def test_cdx_rows_become_captures_once_and_pages_follow() -> None:
    crawler = get_crawler(LegacySpider, settings_dict={"DODARCHIVE_WAYBACK_CDX_LIMIT": 2})
    sp = LegacySpider.from_crawler(crawler, source="wayback", **{"from": "2007"})
    head = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
    listing = "http://www.defense.gov/news/articles.aspx?m=1&y=2008"
    rows = [
        head,
        ["k", "20101129102522", R13347, "text/html", "200", "D1", "1"],
        ["k", "20111129102522", R13347, "text/html", "200", "D1", "1"],  # same digest
        ["k", "20080115000000", listing, "text/html", "200", "D2", "1"],  # a listing
        [],
        ["NEXT"],
    ]
    query = cdx_url("defense.gov/releases/", since="2007", limit=2)
    got = _cdx_response(sp, rows, query)
    assert [r.url for r in got] == [
        f"https://web.archive.org/web/20101129102522id_/{R13347}",
        cdx_url("defense.gov/releases/", since="2007", limit=2, resume_key="NEXT"),
    ]
    assert got[0].meta[ORIGINAL_URL] == R13347
    assert got[0].meta["autothrottle_dont_adjust_delay"] is True
    assert got[0].callback == sp.parse_article
    assert got[1].callback == sp.parse_cdx
    stats = crawler.stats
    assert stats.get_value("dodarchive/wayback/captures") == 1
    assert stats.get_value("dodarchive/wayback/not_fetched") == 1
    assert _cdx_response(sp, rows[:3], query) == []  # seen before: nothing new
    bad = TextResponse(query, body=b"<html>busy</html>", encoding="utf-8")
    assert list(sp.parse_cdx(bad)) == []
    assert stats.get_value("dodarchive/wayback/cdx_unreadable") == 1


def _scope(spider: Spider | None) -> ScopeMiddleware:
    crawler = get_crawler(
        settings_dict={"DODARCHIVE_REPLAY_URL": "http://127.0.0.1:1",
                       "DODARCHIVE_SCOPE_ENABLED": True, "DODARCHIVE_MEDIA_MAXSIZE": 1}
    )  # fmt: skip
    crawler.spider = spider
    return ScopeMiddleware.from_crawler(crawler)


def _dropped(mw: ScopeMiddleware, url: str) -> bool:
    try:
        mw.process_request(Request(url))
    except IgnoreRequest:
        return True
    return False


def test_archive_host_is_in_scope_for_wayback_crawls_only() -> None:
    capture = f"https://web.archive.org/web/2010id_/{R13347}"
    query = cdx_url("defense.gov/releases/")
    live = _scope(WarGovSpider.from_crawler(get_crawler(WarGovSpider)))
    assert _dropped(live, capture)
    assert _dropped(live, query)
    assert _dropped(_scope(None), capture)
    archive = _scope(WarGovSpider.from_crawler(get_crawler(WarGovSpider), source="wayback"))
    assert not _dropped(archive, capture)
    assert not _dropped(archive, query)
    assert _dropped(archive, "https://web.archive.org/web/2010id_/https://www.example.com/")
    assert _dropped(archive, "https://web.archive.org/save/https://www.war.gov/")
    assert DOWNLOADER_MIDDLEWARES["dodarchive.downloadermiddlewares.scope.ScopeMiddleware"] == 50


def test_fixture_rebuilds_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "again.warc.gz"
    # shared/ sits beside the checkout (CI's clone and the work tree alike)
    found = [c for c in (ROOT.parent / "shared" / "corpus", ROOT.parent.parent / "shared"
                         / "corpus") if (c / "INDEX.tsv").exists()]  # fmt: skip
    assert found, "the shared corpus is not beside this checkout (../shared/corpus)"
    corpus = found[0]
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_wayback_fixture.py"), "--corpus",
         str(corpus), "--out", str(out)],
        check=True, capture_output=True, env=subprocess_env(),
    )  # fmt: skip
    assert out.read_bytes() == FIXTURE.read_bytes()


def test_wayback_crawl_of_the_legacy_site(tmp_path: Path) -> None:
    out, stats_file = tmp_path / "warc", tmp_path / "stats.json"
    result = subprocess.run(
        [*dodarchive_cmd(), "crawl", "legacy", "-a", "source=wayback", "-a", "from=2007",
         "-a", "to=2012", "--replay", str(FIXTURE), "--out", str(out),
         "--stats-file", str(stats_file), "-s", "DODARCHIVE_WAYBACK_CDX_LIMIT=2"],
        cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=300,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    stats = json.loads(stats_file.read_text())
    queries = list(cdx_queries([table().sites["legacy"]], since="2007", until="2012", limit=2))
    assert len(queries) == 35
    assert stats["dodarchive/wayback/cdx_pages"] == 36  # one query had a second page
    assert stats["dodarchive/wayback/captures"] == 4
    assert stats["dodarchive/wayback/not_fetched"] == 1  # the monthly listing
    assert stats["downloader/response_status_count/200"] == 40
    captures = {}
    originals = {}
    for path in sorted(out.glob("*.warc.gz")):
        for rec in iter_records(path, types=frozenset({"response", "revisit", "metadata"})):
            if rec.ref.recordType == "metadata":
                originals[rec.url] = rec.body.decode()
            elif "/web/" in rec.url:
                captures[rec.url] = rec
    release = "http://www.defense.gov/releases/release.aspx?releaseid="
    r10512 = "http://www.defenselink.mil/Releases/Release.aspx?ReleaseID=10512"
    expected = {
        f"https://web.archive.org/web/20080109122741id_/{r10512}",
        f"https://web.archive.org/web/20101129102522id_/{R13347}",
        f"https://web.archive.org/web/20101129102846id_/{release}13572",
        f"https://web.archive.org/web/20120115160657id_/{release}14349",
    }
    assert set(captures) == expected  # WARC-Target-URI: the archive URL actually fetched
    for url in expected:
        original = url.split("id_/", 1)[1]
        assert originals[url] == f"original-url: {original}\r\n"
    served = {r.url: r.body for r in iter_records(FIXTURE)}
    assert all(captures[u].body == served[u] for u in expected)  # bytes as the archive sent
