"""Bot protection, handled honestly: refusals are archived, counted, backed off from.

A *refusal* is an answer that is not the page but the site (or its CDN) declining to
serve us (:func:`refusal_kind`):

- ``cdn-denied``: a 403 or 503 saying "Access Denied" with a "Reference #" line (Akamai's
  error page), or any 403/503 sent by ``Server: AkamaiGHost``;
- ``rate-limited``: a 429, or a 503 with ``Retry-After`` (the web archive's "come back
  later");
- ``challenge``: a JavaScript or captcha challenge page in place of the content
  (Cloudflare's ``cf-chl``/``challenge-platform``, Incapsula, or a small page asking to
  "enable JavaScript" or to solve a captcha).

:class:`RefusalsMiddleware` sits at 940 in ``DOWNLOADER_MIDDLEWARES``, just below the WARC
writer (950): ``process_response`` runs from high to low, so every refusal is archived as
received before this middleware sees it, and seen before Retry (550) or Redirect (600).
For each refusal it

- counts ``dodarchive/blocked/<host>`` (and ``dodarchive/blocked/<kind>`` by kind,
  ``dodarchive/blocked/total`` in all);
- backs off from the host: the host's download slot waits
  ``max(Retry-After, DODARCHIVE_REFUSALS_BACKOFF * 2**(n-1))`` seconds (at most
  ``DODARCHIVE_REFUSALS_BACKOFF_MAX``) before its next request, ``n`` being the host's
  consecutive refusals; the first answer that is not a refusal ends the backoff;
- asks for the page again (it goes back to the scheduler) until the host has refused
  ``DODARCHIVE_REFUSALS_MAX`` times in a row (default 5). Then the host is given up:
  its requests are dropped (``dodarchive/blocked/skipped/<host>``), the host is listed in
  the stat ``dodarchive/blocked/hosts``, and when every host the crawl has asked has been
  given up, the spider is closed with the finish reason ``refused``.

Nothing here evades anything: the User-Agent and the headers stay what they were.
Extraction skips refusals too (reason ``refused``; :mod:`dodarchive.extract.record`).
"""

from __future__ import annotations

import logging
from collections import deque
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.defer import deferred_from_coro

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

__all__ = [
    "HOSTS_STAT",
    "REFUSED",
    "RefusalsMiddleware",
    "refusal_kind",
    "remedy_line",
    "retry_after",
]

from dodarchive.blocking import header as _header
from dodarchive.blocking import refusal_kind

logger = logging.getLogger(__name__)

#: Finish reason of a crawl stopped because every host refused it.
REFUSED = "refused"
#: Stat listing the hosts given up, space-separated, in the order they were given up.
HOSTS_STAT = "dodarchive/blocked/hosts"


def retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` value (seconds or an HTTP date), or None.

    >>> retry_after("120"), retry_after(" 0 "), retry_after("soon")
    (120.0, 0.0, None)
    >>> retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412480.0)
    30.0
    """
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if now is None:
        from time import time

        now = time()
    return max(0.0, when.timestamp() - now)


def remedy_line(spider: str, hosts: str) -> str:
    """The one line a refused crawl ends with: who refused, and what the operator can do."""
    return (
        f"{spider}: refused by {hosts} (bot protection); try the web archive instead "
        f"(-a source=wayback), a lower rate (-s DOWNLOAD_DELAY=10), or name yourself "
        f"(-s DODARCHIVE_CONTACT=you@example.org) and ask the site's operator"
    )


def _host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1].lower()


class RefusalsMiddleware:
    """Detect refusals, back off per host, give a host up, stop when all refused."""

    def __init__(
        self,
        crawler: Crawler,
        stats: StatsCollector,
        *,
        max_refusals: int,
        backoff: float,
        backoff_max: float,
    ) -> None:
        if max_refusals < 1:
            raise NotConfigured("DODARCHIVE_REFUSALS_MAX must be at least 1")
        self.crawler = crawler
        self.stats = stats
        self.max_refusals = max_refusals
        self.backoff = backoff
        self.backoff_max = backoff_max
        #: Consecutive refusals per host.
        self.streak: dict[str, int] = {}
        #: Every host asked, and the hosts given up (in order).
        self.asked: set[str] = set()
        self.given_up: list[str] = []
        #: Slot delays before a backoff, restored when the host answers again after it.
        self._delays: dict[str, float] = {}
        self._until: dict[str, float] = {}
        self._closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Built from ``DODARCHIVE_REFUSALS_*``; off with ``DODARCHIVE_REFUSALS_ENABLED=False``."""
        settings = crawler.settings
        if not settings.getbool("DODARCHIVE_REFUSALS_ENABLED", True):
            raise NotConfigured("DODARCHIVE_REFUSALS_ENABLED is off")
        assert crawler.stats is not None
        mw = cls(
            crawler,
            crawler.stats,
            max_refusals=settings.getint("DODARCHIVE_REFUSALS_MAX", 5),
            backoff=settings.getfloat("DODARCHIVE_REFUSALS_BACKOFF", 30.0),
            backoff_max=settings.getfloat("DODARCHIVE_REFUSALS_BACKOFF_MAX", 3600.0),
        )
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def process_request(self, request: Request) -> None:
        """Drop (counted) a request for a host given up; note the host as asked."""
        host = _host(request.url)
        if host in self.given_up:
            self.stats.inc_value(f"dodarchive/blocked/skipped/{host}")
            raise IgnoreRequest(f"{host} refused {self.max_refusals} times in a row")
        self.asked.add(host)

    def process_response(self, request: Request, response: Response) -> Response | Request:
        """Pass a real answer on; for a refusal back off and ask again, or give the host up."""
        host = _host(request.url)
        body = response.body
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, values in response.headers.items()
            for v in values
        ]
        kind = refusal_kind(response.status, headers, _decoded(body, headers))
        if kind is None:
            self._recovered(host, request)
            return response
        n = self.streak.get(host, 0) + 1
        self.streak[host] = n
        self.stats.inc_value(f"dodarchive/blocked/{host}")
        self.stats.inc_value(f"dodarchive/blocked/{kind}")
        self.stats.inc_value("dodarchive/blocked/total")
        asked = retry_after(_header(headers, "Retry-After"))
        wait = min(self.backoff_max, max(asked or 0.0, self.backoff * 2 ** (n - 1)))
        if host in self.given_up:  # was already on its way when the host was given up
            raise IgnoreRequest(f"{host} refused again ({kind})")
        if n >= self.max_refusals:
            self._give_up(host, kind, response.status)
            self._drop_queued(host, request)
            raise IgnoreRequest(f"{host} refused {n} times in a row ({kind})")
        logger.warning(
            "%s refused %s (%s, HTTP %d, %d in a row); waiting %.0f s before asking again",
            host, request.url, kind, response.status, n, wait,
        )  # fmt: skip
        self._back_off(host, request, wait)
        retry = request.replace(dont_filter=True)
        retry.meta["dodarchive_refusals"] = int(request.meta.get("dodarchive_refusals", 0)) + 1
        return retry

    # -- per-host state ------------------------------------------------------------------

    def _slot(self, request: Request) -> Any:
        engine: Any = self.crawler.engine
        if engine is None:
            return None
        key = request.meta.get("download_slot")
        return engine.downloader.slots.get(key) if key is not None else None

    def _back_off(self, host: str, request: Request, wait: float) -> None:
        slot = self._slot(request)
        if slot is None:
            return
        now = monotonic()
        self._delays.setdefault(host, slot.delay)
        self._until[host] = max(self._until.get(host, 0.0), now + wait)
        slot.delay = max(slot.delay, wait)
        slot.lastseen = now

    def _drop_queued(self, host: str, request: Request) -> None:
        """Requests for ``host`` already waiting in its download slot are not sent."""
        slot = self._slot(request)
        if slot is None:
            return
        keep: deque[Any] = deque()
        for queued, deferred in slot.queue:
            if _host(queued.url) == host:
                self.stats.inc_value(f"dodarchive/blocked/skipped/{host}")
                deferred.errback(IgnoreRequest(f"{host} was given up after refusals"))
            else:
                keep.append((queued, deferred))
        slot.queue = keep

    def _recovered(self, host: str, request: Request) -> None:
        self.streak.pop(host, None)
        if host not in self._delays or monotonic() < self._until.get(host, 0.0):
            return  # a Retry-After still running is honoured to its end
        del self._until[host]
        slot = self._slot(request)
        before = self._delays.pop(host, None)
        if slot is not None and before is not None:
            slot.delay = before

    def _give_up(self, host: str, kind: str, status: int) -> None:
        self.given_up.append(host)
        self.stats.set_value(HOSTS_STAT, " ".join(self.given_up))
        logger.error(
            "giving up %s: %d refusals in a row (last: %s, HTTP %d)",
            host, self.max_refusals, kind, status,
        )  # fmt: skip
        engine = self.crawler.engine
        if self._closing or engine is None or not self.asked <= set(self.given_up):
            return
        self._closing = True
        deferred_from_coro(engine.close_spider_async(reason=REFUSED))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Log the hosts given up once more, where the crawl's end is read."""
        if self.given_up:
            logger.error("hosts given up after refusals: %s", " ".join(self.given_up))


def _decoded(body: bytes, headers: list[tuple[str, str]]) -> bytes:
    """The body with gzip/deflate undone (at most 1 MiB: a refusal is small), else as is."""
    coding = _header(headers, "Content-Encoding").strip().lower()
    if coding not in ("gzip", "x-gzip", "deflate"):
        return body
    import zlib

    try:
        wbits = 47 if coding != "deflate" else 15
        return zlib.decompressobj(wbits).decompress(body, 1 << 20)
    except zlib.error:
        try:
            return zlib.decompressobj(-15).decompress(body, 1 << 20)
        except zlib.error:
            return body
