"""The ``urls`` spider: exactly the listed URLs, redirects only within the listed hosts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from dodarchive.spiders.urls import UrlsSpider


def spider(tmp_path: Path, text: str) -> UrlsSpider:
    listing = tmp_path / "urls.txt"
    listing.write_text(text)
    crawler = get_crawler(UrlsSpider)
    crawler.stats.open_spider()
    return UrlsSpider.from_crawler(crawler, urls_file=str(listing))


async def _collect(s: UrlsSpider) -> list[Request]:
    return [r async for r in s.start()]


def test_start_requests_are_the_list_unfiltered(tmp_path: Path) -> None:
    s = spider(tmp_path, "# seeds\nhttps://www.war.gov/News/\n\nhttp://www.af.mil/a?b=1  # af\n")
    requests = asyncio.run(_collect(s))
    assert [r.url for r in requests] == ["https://www.war.gov/News/", "http://www.af.mil/a?b=1"]
    assert all(r.dont_filter and r.meta["dont_redirect"] for r in requests)
    assert s.hosts == frozenset({"www.war.gov", "www.af.mil"})


def redirect(url: str, location: str, hops: int = 0) -> Response:
    request = Request(url, meta={"hops": hops})
    return Response(url, status=301, headers={"Location": location}, request=request)


def test_redirects_are_followed_only_to_listed_hosts(tmp_path: Path) -> None:
    s = spider(tmp_path, "http://www.defense.gov/News/\nhttps://www.war.gov/\n")
    (follow,) = s.parse(redirect("http://www.defense.gov/News/", "https://www.war.gov/News/"))
    assert (follow.url, follow.meta["hops"], follow.dont_filter) == (
        "https://www.war.gov/News/", 1, True,
    )  # fmt: skip
    assert list(s.parse(redirect("https://www.war.gov/x", "https://evil.example/x"))) == []
    assert s.crawler.stats.get_value("dodarchive/urls/redirect_out_of_scope") == 1
    assert list(s.parse(redirect("https://www.war.gov/x", "/y", hops=20))) == []
    ok = Response("https://www.war.gov/", status=200, request=Request("https://www.war.gov/"))
    assert list(s.parse(ok)) == []


def test_needs_a_list(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="urls_file"):
        UrlsSpider.from_crawler(get_crawler(UrlsSpider))
