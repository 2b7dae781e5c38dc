"""The ``urls`` spider: archive exactly the URLs of a list, plus their redirects.

Like ``wget --warc-file``: every listed URL is fetched on every run (``dont_filter``; no
incremental skip), redirects are followed only to hosts of the list, and no links are
followed. A list is refused whole (:class:`UrlListError`, one line) if a line is not an
http or https URL, or carries a user name or password: credentials belong in settings
(``http_user``/``http_pass`` spider arguments), never in a list that ends up in logs.
The WARC capture middleware does the archiving; the spider yields no items.
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
from dodarchive.redaction import has_userinfo, redact
from dodarchive.sites import url_host

__all__ = ["UrlListError", "UrlsSpider", "load_url_list", "read_url_list"]

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 20
REDIRECT_CODES = (301, 302, 303, 307, 308)


class UrlListError(ValueError):
    """A URL list that cannot be crawled; the message is one line and holds no password."""


def read_url_list(text: str) -> list[str]:
    """URLs of a list file: one per line; blank lines and ``#`` comments are skipped.

    Raises :class:`UrlListError` for a line that is not an http(s) URL with a host, or
    that carries ``user:password@``.

    >>> read_url_list("# seeds\\nhttps://a.example/x?q=1\\n\\n  https://b.example/  # b\\n")
    ['https://a.example/x?q=1', 'https://b.example/']
    >>> read_url_list("https://a.example/\\nftp://a.example/f")
    Traceback (most recent call last):
    ...
    dodarchive.spiders.urls.UrlListError: line 2: only http and https URLs can be archived, not 'ftp://a.example/f'
    >>> read_url_list("http://bob:s3cret@a.example/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dodarchive.spiders.urls.UrlListError: line 1: http://<redacted>@a.example/ has a user ...
    """
    urls = []
    for number, line in enumerate(text.splitlines(), 1):
        url = line.split(" #", 1)[0].strip()
        if not url or url.startswith("#"):
            continue
        if has_userinfo(url):
            raise UrlListError(
                f"line {number}: {redact(url)} has a user name or password; "
                "give credentials as settings, not in the URL"
            )
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):
            raise UrlListError(
                f"line {number}: only http and https URLs can be archived, not {url!r}"
            )
        if not parts.hostname:
            raise UrlListError(f"line {number}: {url!r} has no host")
        urls.append(url)
    return urls


def load_url_list(path: str | Path) -> list[str]:
    """:func:`read_url_list` of the file at ``path``; errors name the file."""
    try:
        return read_url_list(Path(path).read_text(encoding="utf-8"))
    except UrlListError as exc:
        raise UrlListError(f"{path}: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UrlListError(f"cannot read URL list {path}: {exc}") from None


class UrlsSpider(scrapy.Spider):
    """Fetch each URL of ``-a urls_file=FILE`` once, following in-scope redirects."""

    name = "urls"

    def __init__(self, urls_file: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not urls_file:
            raise ValueError("the urls spider needs -a urls_file=FILE (or --urls-file)")
        self.urls = load_url_list(urls_file)
        self.hosts = frozenset(url_host(u) for u in self.urls)
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
                meta.REDIRECT_HOPS: hops,
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
        hops = int(response.meta.get(meta.REDIRECT_HOPS, 0)) + 1
        if url_host(target) not in self.hosts:
            self.crawler.stats.inc_value("dodarchive/urls/redirect_out_of_scope")
            logger.info("not following %s -> %s: host not in the list", response.url, target)
        elif hops > MAX_REDIRECTS:
            logger.warning("not following %s -> %s: too many redirects", response.url, target)
        else:
            yield self._request(target, hops)
