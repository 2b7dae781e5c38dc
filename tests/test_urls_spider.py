"""The ``urls`` spider: exactly the listed URLs, redirects only within the listed hosts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from dodarchive.meta import REDIRECT_HOPS
from dodarchive.spiders.urls import UrlListError, UrlsSpider


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
    request = Request(url, meta={REDIRECT_HOPS: hops})
    return Response(url, status=301, headers={"Location": location}, request=request)


def test_redirects_are_followed_only_to_listed_hosts(tmp_path: Path) -> None:
    s = spider(tmp_path, "http://www.defense.gov/News/\nhttps://www.war.gov/\n")
    (follow,) = s.parse(redirect("http://www.defense.gov/News/", "https://www.war.gov/News/"))
    assert (follow.url, follow.meta[REDIRECT_HOPS], follow.dont_filter) == (
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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("https://www.war.gov/\nfile:///etc/passwd\n",
         "line 2: only http and https URLs can be archived, not 'file:///etc/passwd'"),
        ("ftp://www.war.gov/a.pdf", "line 1: only http and https URLs can be archived"),
        ("data:text/html,hi", "line 1: only http and https URLs can be archived"),
        ("# x\nhttps://bob:pw-SECRET@www.war.gov/\n",
         "line 2: https://<redacted>@www.war.gov/ has a user name or password"),
        ("https://token-SECRET@www.war.gov/", "line 1: https://<redacted>@www.war.gov/ has"),
        ("https:///News/", "line 1: 'https:///News/' has no host"),
    ],
)  # fmt: skip
def test_a_list_with_a_bad_line_is_refused_whole(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(UrlListError) as caught:
        spider(tmp_path, text)
    assert str(caught.value).startswith(f"{tmp_path / 'urls.txt'}: {message}")
    assert "SECRET" not in str(caught.value)
    assert "\n" not in str(caught.value)
