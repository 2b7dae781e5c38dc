"""Scope, contact and incremental components, built from real (unstarted) crawlers."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dodarchive import settings as project
from dodarchive.downloadermiddlewares.archived import SkipArchivedMiddleware
from dodarchive.downloadermiddlewares.scope import AddressGuardMiddleware, ScopeMiddleware
from dodarchive.downloadermiddlewares.useragent import (
    ContactRequiredError,
    ContactUserAgentMiddleware,
)
from dodarchive.extensions.jobdir import MARKER, JobDirGuard
from dodarchive.sites import on_table

REPLAY = {"DODARCHIVE_REPLAY_URL": "http://127.0.0.1:9"}
ARTICLE = "https://www.war.gov/News/Releases/Release/Article/3981590/x/"


def project_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """dodarchive's settings module as a dict, with ``overrides`` on top."""
    base = {k: v for k, v in vars(project).items() if k.isupper()}
    return {**base, **(overrides or {})}


def build(cls: type, settings: dict[str, Any]) -> Any:
    crawler = get_crawler(Spider, settings_dict=project_settings(settings))
    return build_from_crawler(cls, crawler), crawler


def dropped(mw: Any, url: str) -> bool:
    try:
        mw.process_request(Request(url))
    except IgnoreRequest:
        return True
    return False


def test_politeness_defaults() -> None:
    crawler = get_crawler(Spider, settings_dict=project_settings())
    assert crawler.settings.getbool("ROBOTSTXT_OBEY")
    # the smallest delay Scrapy can draw between two requests to one host
    factor = 1.0 - crawler.settings.getfloat("DOWNLOAD_DELAY_JITTER")
    assert crawler.settings.getfloat("DOWNLOAD_DELAY") * factor >= 1.0
    assert crawler.settings.getbool("AUTOTHROTTLE_ENABLED")
    assert crawler.settings.getfloat("AUTOTHROTTLE_START_DELAY") >= 1.0


def test_offsite_requests_and_redirect_targets_are_dropped_and_counted() -> None:
    mw, crawler = build(ScopeMiddleware, REPLAY)
    assert not dropped(mw, ARTICLE)
    assert not dropped(mw, "http://www.af.mil/robots.txt")
    assert dropped(mw, "https://www.flickr.com/photos/secdef")
    assert dropped(mw, "https://www.war.gov.evil.example/")
    assert dropped(mw, "https://web.archive.org/web/2010id_/https://www.example.com/")
    assert crawler.stats.get_value("dodarchive/scope/offsite") == 3


def test_private_addresses_are_refused_in_live_mode_only() -> None:
    live, crawler = build(ScopeMiddleware, {"DODARCHIVE_CONTACT": "ops@example.org"})
    assert dropped(live, "http://127.0.0.1:8080/https://www.war.gov/")
    assert dropped(live, "http://[::1]/")
    assert crawler.stats.get_value("dodarchive/scope/private_address") == 2
    guard, crawler = build(AddressGuardMiddleware, {})
    import ipaddress

    response = HtmlResponse(ARTICLE, body=b"", ip_address=ipaddress.ip_address("10.0.0.7"))
    with pytest.raises(IgnoreRequest):
        guard.process_response(Request(ARTICLE), response)
    assert crawler.stats.get_value("dodarchive/scope/private_address") == 1
    public = HtmlResponse(ARTICLE, body=b"", ip_address=ipaddress.ip_address("8.8.8.8"))
    assert guard.process_response(Request(ARTICLE), public) is public
    with pytest.raises(NotConfigured):
        build(AddressGuardMiddleware, REPLAY)


def test_table_hosts_only_on_the_table_ports() -> None:
    mw, crawler = build(ScopeMiddleware, REPLAY)
    assert not dropped(mw, "https://www.war.gov:443/News/")
    assert not dropped(mw, "http://www.war.gov:80/News/")
    assert dropped(mw, "https://www.war.gov:8443/News/")
    assert dropped(mw, "http://www.war.gov:22/")
    assert crawler.stats.get_value("dodarchive/scope/offsite") == 2
    assert not on_table("http://www.war.gov:http/")  # not a port number (Scrapy refuses it too)


class ListSpider(Spider):
    name = "list"
    scope_hosts = frozenset({"::1", "www.war.gov"})


def test_a_listed_ipv6_literal_is_in_the_spiders_scope() -> None:
    """Regression: the scope's own host parser kept ``[::1]:8080`` whole, so a listed
    IPv6 address never matched the list's ``::1``."""
    crawler = get_crawler(ListSpider, settings_dict=project_settings({}))
    crawler.spider = crawler._create_spider()
    mw = build_from_crawler(ScopeMiddleware, crawler)
    assert not dropped(mw, "http://[::1]:8080/page")
    assert not dropped(mw, "https://WWW.WAR.GOV./News/")
    assert dropped(mw, "http://[::2]:8080/page")
    assert crawler.stats.get_value("dodarchive/scope/offsite") == 1


def test_media_only_with_media_and_capped() -> None:
    image = "http://media.defense.gov/2016/Jan/15/2001335444/82/55/0/160104-F-EN010-135.JPG"
    pdf = "https://www.war.gov/Portals/1/Documents/report.pdf"
    mw, crawler = build(ScopeMiddleware, REPLAY)
    assert dropped(mw, image)
    assert dropped(mw, pdf)
    assert crawler.stats.get_value("dodarchive/scope/media_skipped") == 2
    mw, _ = build(
        ScopeMiddleware, {**REPLAY, "DODARCHIVE_WITH_MEDIA": True, "DODARCHIVE_MEDIA_MAXSIZE": 1000}
    )
    request = Request(image)
    assert mw.process_request(request) is None
    assert request.meta["download_maxsize"] == 1000


def test_live_crawl_without_contact_is_refused() -> None:
    with pytest.raises(ContactRequiredError, match="DODARCHIVE_CONTACT is empty"):
        build(ContactUserAgentMiddleware, {"DODARCHIVE_CONTACT": ""})
    mw, _ = build(ContactUserAgentMiddleware, {"DODARCHIVE_CONTACT": "ops@example.org"})
    request = Request(ARTICLE)
    mw.process_request(request)
    agent = request.headers[b"User-Agent"].decode()
    assert agent.startswith("dodarchive/")
    assert agent.endswith("; contact: ops@example.org)")
    replay, _ = build(ContactUserAgentMiddleware, {**REPLAY, "DODARCHIVE_CONTACT": ""})
    assert "contact" not in replay.agent


def _warc(path: Path, records: list[tuple[str, str]]) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="WARC/1.1")
        for url, status in records:
            headers = StatusAndHeaders(status, [("Content-Type", "text/html")], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(b"<html></html>"), length=13,
                http_headers=headers,
            )  # fmt: skip
            writer.write_record(rec)


def test_incremental_skips_archived_articles_only(tmp_path: Path) -> None:
    listing = "https://www.war.gov/News/Releases/"
    missing = "https://www.war.gov/News/Releases/Release/Article/4000000/"
    _warc(tmp_path / "a.warc.gz", [(ARTICLE, "200 OK"), (listing, "200 OK"), (missing, "404 X")])
    (tmp_path / "b.cdxj").write_text(
        'gov,war)/x 20250101000000 {"url": "https://www.war.gov/News/Speeches/Speech/Article/7/",'
        ' "status": "200"}\n',
        encoding="utf-8",
    )
    mw, crawler = build(SkipArchivedMiddleware, {"DODARCHIVE_WARC_DIR": str(tmp_path)})
    assert crawler.stats.get_value("dodarchive/incremental/known") == 3
    assert dropped(mw, ARTICLE)
    assert dropped(mw, "https://www.war.gov/News/Speeches/Speech/Article/7/")
    assert not dropped(mw, listing)  # listings change: always fetched again
    assert not dropped(mw, missing)  # a 404 is not an archived page
    assert crawler.stats.get_value("dodarchive/incremental/skipped") == 2
    with pytest.raises(NotConfigured):
        build(SkipArchivedMiddleware, {"DODARCHIVE_WARC_DIR": str(tmp_path),
                                       "DODARCHIVE_RECRAWL": True})  # fmt: skip
    with pytest.raises(NotConfigured):
        build(SkipArchivedMiddleware, {"DODARCHIVE_WARC_DIR": ""})


def test_incremental_reads_a_cut_short_warc_up_to_its_last_whole_record(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    _warc(whole, [(ARTICLE, "200 OK"), ("https://www.war.gov/News/Article/Article/9/", "200 OK")])
    data = whole.read_bytes()
    whole.unlink()
    (tmp_path / "crawl.warc.gz.open").write_bytes(data[: len(data) - 40])
    mw, crawler = build(SkipArchivedMiddleware, {"DODARCHIVE_WARC_DIR": str(tmp_path)})
    assert crawler.stats.get_value("dodarchive/incremental/known") == 1
    assert dropped(mw, ARTICLE)


def guard_for(jobdir: Path | None) -> tuple[JobDirGuard, Any]:
    """The JobDirGuard the crawler itself built from the project's EXTENSIONS."""
    settings = {"JOBDIR": str(jobdir)} if jobdir else {}
    crawler = get_crawler(Spider, settings_dict=project_settings(settings))
    return crawler.get_extension(JobDirGuard), crawler


def test_jobdir_guard_sets_aside_state_of_a_crashed_run(tmp_path: Path) -> None:
    jobdir = tmp_path / "job"
    guard, _ = guard_for(jobdir)
    assert not guard.recovered
    assert (jobdir / MARKER).exists()
    # the run is killed: the marker stays, with Scrapy's half-written state
    (jobdir / "requests.seen").write_text("abc\n", encoding="utf-8")
    (jobdir / "requests.queue").mkdir()
    guard, _ = guard_for(jobdir)
    assert guard.recovered
    assert not (jobdir / "requests.seen").exists()
    assert (jobdir / "requests.seen.crashed").read_text(encoding="utf-8") == "abc\n"
    assert (jobdir / "requests.queue.crashed").is_dir()
    guard.spider_closed(Spider("x"), "finished")
    assert not (jobdir / MARKER).exists()
    (jobdir / "requests.seen").write_text("def\n", encoding="utf-8")
    guard, _ = guard_for(jobdir)
    assert not guard.recovered  # a clean close: Scrapy's own resume state is kept
    assert (jobdir / "requests.seen").exists()
    with pytest.raises(NotConfigured):
        build(JobDirGuard, {})
