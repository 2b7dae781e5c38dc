"""A DNS resolver that will not hand out private addresses, so no connection is made.

Table hosts are public names. If one resolves to a private, loopback, link-local or
otherwise non-global address (a DNS mistake, or rebinding), :class:`PublicAddressResolver`
(Scrapy's ``TWISTED_DNS_RESOLVER``) fails the lookup: the request fails with a
``DNSLookupError`` before any connection is opened, and one warning line names the host
and the address. Host names written as IP literals (and ``localhost``) are not looked up
here: they are visible in the URL, and :mod:`dodarchive.downloadermiddlewares.scope`
decides about them (a ``urls`` list may name them on purpose).

With ``DODARCHIVE_REPLAY_URL`` set (an offline crawl of the local replay server, whose
address may be given by name) loopback answers are allowed;
``DODARCHIVE_SCOPE_ENABLED = False`` (special test setups) turns the check off. A
request sent through an HTTP proxy is resolved by the proxy, not here.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import TYPE_CHECKING, Any, Self

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from twisted.internet.defer import Deferred

__all__ = ["PrivateAddressError", "PublicAddressResolver", "refused"]

logger = logging.getLogger(__name__)


class PrivateAddressError(DNSLookupError):
    """A host name resolved to an address dodarchive will not connect to."""


def is_literal(name: str) -> bool:
    """True for an IP address literal or ``localhost`` (not looked up by the guard).

    >>> is_literal("10.0.0.1"), is_literal("::1"), is_literal("LocalHost."), is_literal("a.mil")
    (True, True, True, False)
    """
    if name.lower().rstrip(".") == "localhost":
        return True
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def refused(name: str, address: str, *, allow_loopback: bool) -> bool:
    """True when ``name`` resolving to ``address`` must not be connected to.

    >>> refused("www.war.gov", "10.1.2.3", allow_loopback=False)
    True
    >>> refused("replay.test", "127.0.0.1", allow_loopback=True)  # a replayed crawl
    False
    >>> refused("replay.test", "10.1.2.3", allow_loopback=True)
    True
    >>> refused("www.war.gov", "23.4.5.6", allow_loopback=False)
    False
    >>> refused("127.0.0.1", "127.0.0.1", allow_loopback=False)  # literal: scope decides
    False
    """
    if is_literal(name):
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return True  # not an address at all
    if ip.is_global:
        return False
    return not (allow_loopback and ip.is_loopback)


class PublicAddressResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, failing names that resolve to non-public addresses."""

    def __init__(
        self, reactor: Any, cache_size: int, timeout: float, *, enabled: bool = True,
        allow_loopback: bool = False,
    ) -> None:  # fmt: skip
        super().__init__(reactor, cache_size, timeout)
        self.enabled = enabled
        self.allow_loopback = allow_loopback
        self._refused: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> Self:
        """Scrapy's DNS cache settings plus ``DODARCHIVE_SCOPE_ENABLED`` and replay mode.

        ``crawler`` may be Scrapy's ``CrawlerProcess``: only its settings are read.
        """
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(
            reactor, cache_size, settings.getfloat("DNS_TIMEOUT"),
            enabled=settings.getbool("DODARCHIVE_SCOPE_ENABLED", True),
            allow_loopback=bool(settings.get("DODARCHIVE_REPLAY_URL")),
        )  # fmt: skip

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:  # noqa: N802
        """Resolve ``name``; fail with :class:`PrivateAddressError` for a private answer."""
        d: Deferred[str] = super().getHostByName(name, timeout)
        if self.enabled:
            d.addCallback(self._check, name)
        return d

    def was_refused(self, host: str) -> bool:
        """True when a lookup of ``host`` has been refused (for the scope's counting)."""
        return host.lower().rstrip(".") in self._refused

    def _check(self, address: str, name: str) -> str:
        if refused(name, address, allow_loopback=self.allow_loopback):
            self._refused.add(name.lower().rstrip("."))
            logger.warning("not connecting to %s: it resolves to %s, not a public address",
                           name, address)  # fmt: skip
            raise PrivateAddressError(f"{name} resolves to non-public address {address}")
        return address
