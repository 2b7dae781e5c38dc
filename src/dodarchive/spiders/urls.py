"""The ``urls`` spider: archive exactly the URLs of a list, plus their redirects.

Like ``wget --warc-file``: every listed URL is fetched on every run (``dont_filter``; no
incremental skip), redirects are followed only to hosts of the list, and no links are
followed. The WARC capture middleware does the archiving; the spider yields no items.
Redirects are followed here, not by ``RedirectMiddleware``, so their scope can be checked.
In a shared Redis frontier (``crawl --redis``) every worker reads the same list, and the
frontier's scheduler lets each start URL through once over all workers
(:mod:`dodarchive.frontier.scheduler`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from dodarchive import meta

__all__ = ["UrlsSpider", "read_url_list"]

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 20
REDIRECT_CODES = (301, 302, 303, 307, 308)


def read_url_list(text: str) -> list[str]:
    """URLs of a list file: one per line; blank lines and ``#`` comments are skipped.

    >>> read_url_list("# seeds\\nhttps://a.example/x?q=1\\n\\n  https://b.example/  # b\\n")
    ['https://a.example/x?q=1', 'https://b.example/']
    """
    urls = []
    for line in text.splitlines():
        url = line.split(" #", 1)[0].strip()
        if url and not url.startswith("#"):
            urls.append(url)
    return urls


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class UrlsSpider(scrapy.Spider):
    """Fetch each URL of ``-a urls_file=FILE`` once, following in-scope redirects."""

    name = "urls"

    def __init__(self, urls_file: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not urls_file:
            raise ValueError("the urls spider needs -a urls_file=FILE (or --urls-file)")
        self.urls = read_url_list(Path(urls_file).read_text(encoding="utf-8"))
        self.hosts = frozenset(_host(u) for u in self.urls)
        #: The spider's own scope, used by ScopeMiddleware instead of the site table.
        self.scope_hosts = self.hosts

    def _request(self, url: str, hops: int) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse,
            dont_filter=True,
            meta={
                "dont_redirect": True,
                "handle_httpstatus_all": True,
                "hops": hops,
                meta.ALWAYS_FETCH: True,  # no incremental skip: archive what is listed
            },
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """One request per listed URL, in list order."""
        for url in self.urls:
            yield self._request(url, 0)

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        """Follow a redirect if it stays on a listed host; nothing else is followed."""
        location = response.headers.get(b"Location")
        if response.status not in REDIRECT_CODES or not location:
            return
        target = response.urljoin(location.decode("latin-1"))
        hops = int(response.meta.get("hops", 0)) + 1
        if _host(target) not in self.hosts:
            self.crawler.stats.inc_value("dodarchive/urls/redirect_out_of_scope")
            logger.info("not following %s -> %s: host not in the list", response.url, target)
        elif hops > MAX_REDIRECTS:
            logger.warning("not following %s -> %s: too many redirects", response.url, target)
        else:
            yield self._request(target, hops)
