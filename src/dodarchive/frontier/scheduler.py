"""The Scrapy scheduler of a shared frontier: scrapy-redis' scheduler with leased requests.

See :mod:`dodarchive.frontier` for the design. A lease is dropped when its request has
left the engine's in-progress set, which happens only after the download, the WARC
capture and the callback (with every request it yielded already queued) are done; Scrapy
has no signal for that moment, so a sweep every half second compares. Stats:
``dodarchive/frontier/leased``, ``/acked``, ``/reclaimed`` (taken back from dead
workers), ``/requeued`` (own unfinished leases put back at close) and
``/start_seen_elsewhere`` (start requests another worker had queued already).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, Self

import scrapy
from scrapy import Request
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from dodarchive.capture.redisindex import DEFAULT_KEY, release_worker
from dodarchive.frontier.queue import LeasedQueue, owner

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

__all__ = ["FrontierScheduler", "FrontierUnsupportedError"]

logger = logging.getLogger(__name__)

SWEEP_INTERVAL = 0.5


class FrontierUnsupportedError(RuntimeError):
    """This Scrapy lacks an internal the leased frontier relies on (one-line message)."""


class FrontierScheduler(Scheduler):  # type: ignore[misc]
    """Leases requests from the shared queue and takes back those of dead workers."""

    def __init__(
        self,
        server: Any,
        *,
        worker: str,
        lease_ttl: float,
        digest_key: str = DEFAULT_KEY,
        **kwargs: Any,
    ) -> None:
        super().__init__(server, **kwargs)
        self.worker = worker
        self.digest_key = digest_key
        self.lease_ttl = lease_ttl
        self.crawler: Crawler | None = None
        self.queue: LeasedQueue
        self.df: Any = kwargs.get("dupefilter")
        self._leased: dict[Request, str] = {}
        self._loop: task.LoopingCall | None = None
        self._next_reclaim = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build from scrapy-redis' settings plus ``DODARCHIVE_WORKER_ID`` and the lease TTL."""
        settings = crawler.settings
        worker = settings.get("DODARCHIVE_WORKER_ID") or ""
        if not worker:
            raise ValueError("the frontier scheduler needs DODARCHIVE_WORKER_ID")
        base = Scheduler.from_settings(settings)
        instance = cls(
            base.server,
            worker=worker,
            lease_ttl=settings.getfloat("DODARCHIVE_FRONTIER_LEASE_TTL", 30.0),
            digest_key=settings.get("DODARCHIVE_WARC_DEDUP_REDIS_KEY") or DEFAULT_KEY,
            persist=True,  # shared state outlives any one worker
            queue_key=base.queue_key,
            dupefilter=base.df,
            dupefilter_key=base.dupefilter_key,
            dupefilter_cls=base.dupefilter_cls,
            serializer=base.serializer,
        )
        instance.stats = crawler.stats
        instance.crawler = crawler
        return instance

    def open(self, spider: Spider) -> None:
        """Open the queue, announce this worker, and start heartbeat and lease sweep.

        First checks that Scrapy's engine has the private attribute the lease sweep
        reads (``engine._slot.inprogress``): on a Scrapy without it the crawl stops here
        with one line, before any request is leased (none could ever be acknowledged).
        """
        self._inprogress()
        self.spider = spider
        self.queue = LeasedQueue(self.server, spider, self.queue_key, self.serializer)
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        self._forget_previous_life()
        if queued := len(self.queue):
            logger.info("joining frontier %s with %d queued requests", self.queue_key, queued)
        self.queue.beat(self.worker, self.lease_ttl)
        self._loop = task.LoopingCall(self._tick)
        self._loop.start(SWEEP_INTERVAL, now=False)

    def close(self, reason: str) -> None:
        """Drop finished leases, give back unfinished ones, and leave."""
        if not hasattr(self, "queue"):  # open() refused to start: nothing to give back
            return
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self._sweep()
        for request, token in list(self._leased.items()):
            if self.queue.requeue(token):
                self._inc("requeued")
            del self._leased[request]
        self.queue.leave(self.worker)
        super().close(reason)

    def enqueue_request(self, request: Request) -> bool:
        """Queue ``request``; start requests pass the shared dupefilter even if dont_filter."""
        if request.dont_filter and request.meta.get("is_start_request"):
            if self.df.request_seen(request):
                self._inc("start_seen_elsewhere")
                return False
        elif not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.queue.push(request)
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        """Lease the next request; when the queue is empty, take back dead workers' leases."""
        got = self.queue.lease(self.worker)
        if got is None and self._reclaim(throttle=True):
            got = self.queue.lease(self.worker)
        if got is None:
            return None
        request, token = got
        self._leased[request] = token
        self._inc("leased")
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        """Queued requests, or leases held by other live workers (they may queue more)."""
        self._sweep()
        if len(self.queue) > 0:
            return True
        self._reclaim()
        if len(self.queue) > 0:
            return True
        return any(owner(t) != self.worker for t in self.queue.tokens())

    def _forget_previous_life(self) -> None:
        """A worker restarted under its old id takes back what its killed self held."""
        back = sum(self.queue.requeue(t) for t in self.queue.tokens() if owner(t) == self.worker)
        if back:
            self._inc("reclaimed", back)
            logger.warning("took back %d requests this worker id held before a crash", back)
        release_worker(self.server, self.worker, self.digest_key)

    def _tick(self) -> None:
        self._sweep()
        self.queue.beat(self.worker, self.lease_ttl)

    def _sweep(self) -> None:
        """Ack every leased request the engine no longer has in progress."""
        if not self._leased:
            return
        inprogress = self._inprogress()
        for request, token in list(self._leased.items()):
            if request not in inprogress:
                self.queue.ack(token)
                del self._leased[request]
                self._inc("acked")

    def _inprogress(self) -> set[Request]:
        engine = self.crawler.engine if self.crawler is not None else None
        slot = getattr(engine, "_slot", None)
        found = getattr(slot, "inprogress", None)
        if not isinstance(found, set):
            raise FrontierUnsupportedError(  # a Scrapy internals change
                f"Scrapy {scrapy.__version__} has no engine._slot.inprogress, which the "
                "Redis frontier needs to know when a request is done; use Scrapy 2.13-2.19"
            )
        return found

    def _reclaim(self, *, throttle: bool = False) -> int:
        """Put the leases of workers whose heartbeat expired back in the queue.

        With ``throttle`` (the engine asks for requests after every response), at most
        once per sweep interval.
        """
        now = time.monotonic()
        if throttle and now < self._next_reclaim:
            return 0
        self._next_reclaim = now + SWEEP_INTERVAL
        taken = 0
        dead: dict[str, bool] = {}
        for token in self.queue.tokens():
            who = owner(token)
            if who == self.worker:
                continue
            if who not in dead:
                dead[who] = not self.queue.alive(who)
            if dead[who] and self.queue.requeue(token):
                taken += 1
        for who, is_dead in dead.items():
            if is_dead:  # its unconfirmed digest claims may point at records never written
                release_worker(self.server, who, self.digest_key)
        if taken:
            self._inc("reclaimed", taken)
            logger.warning("took back %d requests leased by dead workers", taken)
        return taken

    def _inc(self, name: str, count: int = 1) -> None:
        if self.stats:
            self.stats.inc_value(f"dodarchive/frontier/{name}", count)
