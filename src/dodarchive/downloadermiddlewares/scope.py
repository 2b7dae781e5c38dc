"""Scope: only site-table hosts are fetched, media only when asked, never private addresses.

:class:`ScopeMiddleware` checks every request in ``process_request``, and redirect
targets are requests too (RedirectMiddleware hands them back to the engine, so they pass
here again): an off-table redirect target is dropped like any off-table link.
Counted in stats:

- ``dodarchive/scope/offsite``: a request for a host that is not on the table;
- ``dodarchive/scope/media_skipped``: an image or attachment without ``DODARCHIVE_WITH_MEDIA``;
- ``dodarchive/scope/private_address``: in a live crawl, a host given as, or answering
  from, a private, loopback, link-local or reserved address. A *name* that resolves to
  such an address never gets this far: :mod:`dodarchive.resolver` refuses the DNS answer,
  so no connection is made; :class:`AddressGuardMiddleware` is the second net (e.g. for
  a proxy that resolved a name itself).

The web archive (web.archive.org) is in scope only for a wayback-source crawl (a spider
whose ``wayback`` attribute is true, ``-a source=wayback``): its CDX queries and its
captures of on-table URLs; for any other crawl it is ``offsite``.

A spider with its own scope (a ``scope_hosts`` attribute: the ``urls`` spider, whose URL
list is its scope, like ``wget``) is held to those hosts instead of the site table; a
host it lists explicitly is fetched even if it is a private address, because the
operator asked for it.

With ``DODARCHIVE_WITH_MEDIA`` on, media requests get ``download_maxsize`` =
``DODARCHIVE_MEDIA_MAXSIZE`` so one large attachment cannot swamp the archive.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest, NotConfigured

from dodarchive.redaction import redact
from dodarchive.sites import is_media_url, on_table, url_host
from dodarchive.wayback import is_archive_url, is_cdx_url

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

__all__ = ["AddressGuardMiddleware", "ScopeMiddleware", "is_private_address"]

logger = logging.getLogger(__name__)


def is_private_address(host: str) -> bool:
    """True when ``host`` is an IP literal (or ``localhost``) that is not a public address.

    >>> is_private_address("127.0.0.1"), is_private_address("10.1.2.3")
    (True, True)
    >>> is_private_address("www.war.gov"), is_private_address("8.8.8.8")
    (False, False)
    """
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        addr = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return not addr.is_global


def spider_scope(crawler: Crawler | None) -> frozenset[str] | None:
    """The running spider's own host scope (``scope_hosts``), or None for the site table."""
    spider = getattr(crawler, "spider", None) if crawler is not None else None
    hosts = getattr(spider, "scope_hosts", None)
    return frozenset(hosts) if hosts is not None else None


class ScopeMiddleware:
    """Drop requests off the site table, and media unless asked for (see module doc)."""

    def __init__(self, stats: StatsCollector, *, with_media: bool, media_maxsize: int,
                 live: bool, crawler: Crawler | None = None) -> None:  # fmt: skip
        self.stats = stats
        self.with_media = with_media
        self.media_maxsize = media_maxsize
        self.live = live
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Built from ``DODARCHIVE_SCOPE_ENABLED``, ``..._WITH_MEDIA``, ``..._MEDIA_MAXSIZE``."""
        settings = crawler.settings
        if not settings.getbool("DODARCHIVE_SCOPE_ENABLED"):
            raise NotConfigured  # off on purpose: DODARCHIVE_SCOPE_ENABLED is off
        assert crawler.stats is not None
        return cls(
            crawler.stats,
            with_media=settings.getbool("DODARCHIVE_WITH_MEDIA"),
            media_maxsize=settings.getint("DODARCHIVE_MEDIA_MAXSIZE"),
            live=not settings.get("DODARCHIVE_REPLAY_URL"),
            crawler=crawler,
        )

    def process_request(self, request: Request) -> None:
        """Pass an in-scope request on; raise ``IgnoreRequest`` (counted) otherwise."""
        host = url_host(request.url)
        own = spider_scope(self.crawler)
        if own is not None:
            if host not in own:
                self._drop("offsite", request)
            return
        if self.live and is_private_address(host):
            self._drop("private_address", request)
        if is_archive_url(request.url):
            spider = getattr(self.crawler, "spider", None)
            if not getattr(spider, "wayback", False):
                self._drop("offsite", request)
            if is_cdx_url(request.url):
                return  # a wayback crawl's discovery query
        if not on_table(request.url):
            self._drop("offsite", request)
        if is_media_url(request.url):
            if not self.with_media:
                self._drop("media_skipped", request)
            request.meta.setdefault("download_maxsize", self.media_maxsize)

    def _drop(self, reason: str, request: Request) -> None:
        self.stats.inc_value(f"dodarchive/scope/{reason}")
        url = redact(request.url)  # never log a password
        logger.debug("dropped (%s): %s", reason, url)
        raise IgnoreRequest(f"out of scope ({reason}): {url}")


class AddressGuardMiddleware:
    """In a live crawl, drop any response that came from a non-public IP address.

    Table hosts are names; :mod:`dodarchive.resolver` already refuses one that resolves
    to a private or loopback address (a DNS mistake or rebinding), and this middleware
    counts those failures. It is the second net for a response that came from such an
    address anyway (a proxy resolving names itself), dropped before anything downstream
    sees it. Off in replay mode, where every response comes from 127.0.0.1 by design.
    """

    def __init__(self, stats: StatsCollector, crawler: Crawler | None = None) -> None:
        self.stats = stats
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Off (``NotConfigured``) in replay mode or with scope checks disabled."""
        settings = crawler.settings
        if settings.get("DODARCHIVE_REPLAY_URL") or not settings.getbool(
            "DODARCHIVE_SCOPE_ENABLED"
        ):
            raise NotConfigured  # off on purpose: replay mode, or scope checks disabled
        assert crawler.stats is not None
        return cls(crawler.stats, crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        """Return ``response`` unless it came from a non-public address (then ignore it)."""
        ip = response.ip_address
        own = spider_scope(self.crawler)
        host = url_host(request.url)
        if own is not None and host in own and is_private_address(host):
            return response  # a private address the operator listed explicitly
        if ip is not None and not ip.is_global:
            self.stats.inc_value("dodarchive/scope/private_address")
            raise IgnoreRequest(f"{request.url} answered from non-public address {ip}")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        """Drop (counted, never retried) a request whose host name the resolver refused."""
        from twisted.internet import reactor

        from dodarchive.resolver import PublicAddressResolver

        resolver = getattr(reactor, "resolver", None)
        if isinstance(resolver, PublicAddressResolver) and resolver.was_refused(
            url_host(request.url)
        ):
            self.stats.inc_value("dodarchive/scope/private_address")
            raise IgnoreRequest(f"{url_host(request.url)} resolves to a non-public address")
