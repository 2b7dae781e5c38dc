"""Per-host politeness across all workers: a Redis-reserved send slot per host.

Scrapy's ``DOWNLOAD_DELAY`` spaces the requests of one process only; N workers would hit
a host N times as often. :class:`HostDelay` keeps, per host, the earliest time the next
request may be sent (``dodarchive:host:HOST``, Redis server clock, microseconds). One
Lua script reads it, reserves ``max(now, next)`` for the caller and moves it on by the
delay, so two reservations for one host are always at least the delay apart, whichever
workers make them. :class:`HostPoliteness`, a hook of dodarchive's HTTP download handler
(:mod:`dodarchive.downloadhandlers.http`, on whenever ``DODARCHIVE_REDIS_URL`` is set),
waits for its reservation right before the request is handed to Twisted: nothing after
that point can hold a request back, so the send times keep the spacing (local slot
delays and concurrency only add).
The wait is a reactor timer, never a blocking sleep. Stats:
``dodarchive/frontier/politeness/waits`` and ``/wait_ms``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from dodarchive.downloadhandlers.http import HttpHook

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

__all__ = ["HostDelay", "HostPoliteness", "host_delay"]

KEY_PREFIX = "dodarchive:host:"

_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, nxt)
local delay = tonumber(ARGV[1])
redis.call('SET', KEYS[1], at + delay, 'PX', math.floor((at + delay - now) / 1000) + 60000)
return {at, at - now}
"""


def host_delay(crawler: Crawler) -> float:
    """``DODARCHIVE_FRONTIER_HOST_DELAY`` if set, else ``DOWNLOAD_DELAY`` (seconds)."""
    settings = crawler.settings
    explicit = settings.get("DODARCHIVE_FRONTIER_HOST_DELAY")
    if explicit not in (None, ""):
        return float(explicit)
    return settings.getfloat("DOWNLOAD_DELAY", 0.0)


class HostDelay:
    """Reserves send times per host in Redis, ``delay`` seconds apart over all clients."""

    def __init__(self, client: Any, delay: float, prefix: str = KEY_PREFIX) -> None:
        self.client = client
        self.delay = delay
        self.prefix = prefix
        self._reserve = client.register_script(_RESERVE)

    def reserve_at(self, host: str) -> tuple[int, int]:
        """Reserve a send slot: (its time, and how long until it), Redis clock, microseconds."""
        args = [max(0, int(self.delay * 1_000_000))]
        at, wait = self._reserve(keys=[self.prefix + host], args=args)
        return int(at), int(wait)

    def reserve(self, host: str) -> float:
        """Seconds to wait before sending to ``host`` (0.0 if it may be sent now)."""
        if self.delay <= 0:
            return 0.0
        return self.reserve_at(host)[1] / 1_000_000


class HostPoliteness(HttpHook):
    """Download-handler hook: send only when the host's shared slot has come."""

    def __init__(self, limit: HostDelay, stats: StatsCollector | None = None) -> None:
        self.limit = limit
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Built when ``DODARCHIVE_REDIS_URL`` is set (``crawl --redis``)."""
        url = crawler.settings.get("DODARCHIVE_REDIS_URL") or ""
        if not url:
            raise NotConfigured("no Redis frontier (DODARCHIVE_REDIS_URL)")
        import redis

        return cls(HostDelay(redis.Redis.from_url(url), host_delay(crawler)), crawler.stats)

    async def before(self, request: Request) -> Request:
        """Wait for ``request``'s host slot, then let it go."""
        host = (urlsplit(request.url).hostname or "").lower()
        wait = self.limit.reserve(host)
        if wait > 0:
            from twisted.internet import reactor

            if self.stats is not None:
                self.stats.inc_value("dodarchive/frontier/politeness/waits")
                self.stats.inc_value("dodarchive/frontier/politeness/wait_ms", round(wait * 1000))
            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return request

    def close(self) -> None:
        """Close the Redis connection."""
        self.limit.client.close()
