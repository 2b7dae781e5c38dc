"""FrontierScheduler's recovery rules against a real redis-server (no engine needed)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import redis
import scrapy
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from dodarchive.capture.records import Original
from dodarchive.capture.redisindex import RedisDigestIndex
from dodarchive.frontier.queue import LeasedQueue
from dodarchive.frontier.scheduler import FrontierScheduler, FrontierUnsupportedError

ORIGINAL = Original("<urn:uuid:a>", "https://www.war.gov/a", "2026-11-26T17:00:00.000000Z")


class Dummy(Spider):
    name = "dummy"


def scheduler(server: redis.Redis, worker: str) -> FrontierScheduler:
    s = FrontierScheduler(
        server, worker=worker, lease_ttl=30, queue_key="dodarchive:j:requests", persist=True
    )
    s.queue = LeasedQueue(server, Dummy(), "dodarchive:j:requests")
    return s


def test_dead_workers_leases_and_claims_are_taken_back_live_ones_are_not(
    redis_url: str,
) -> None:
    server = redis.Redis.from_url(redis_url)
    b = scheduler(server, "b")
    for name in ("dead", "live"):
        b.queue.push(Request(f"https://www.war.gov/{name}"))
    dead = b.queue.lease("a")  # worker a: no heartbeat (killed)
    live = b.queue.lease("c")
    assert dead is not None
    assert live is not None
    b.queue.beat("c", 30)
    index_a = RedisDigestIndex(server, worker="a")
    assert index_a.try_claim("sha1:X", ORIGINAL) == ("won", None)  # a died before confirming
    assert len(b.queue) == 0
    assert b.has_pending_requests()  # c is alive and holds a lease
    assert len(b.queue) == 1  # ... and a's lease is back in the queue
    again = b.queue.lease("b")
    assert again is not None
    assert again[0].url == dead[0].url
    assert [t.split(":")[0] for t in sorted(b.queue.tokens())] == ["b", "c"]
    # a's pending claim is gone: b may now write that payload in full and own it
    index_b = RedisDigestIndex(server, worker="b")
    assert index_b.try_claim("sha1:X", ORIGINAL) == ("won", None)


def test_a_restarted_worker_takes_back_its_old_leases_at_once(redis_url: str) -> None:
    server = redis.Redis.from_url(redis_url)
    old = scheduler(server, "w1")
    old.queue.push(Request("https://www.war.gov/x"))
    assert old.queue.lease("w1") is not None
    old.queue.beat("w1", 30)  # its heartbeat has not even expired yet
    new = scheduler(server, "w1")
    new._forget_previous_life()
    assert new.queue.tokens() == []
    assert len(new.queue) == 1


def test_a_scrapy_without_the_engine_slot_is_refused_at_open(redis_url: str) -> None:
    """The lease sweep reads ``engine._slot.inprogress``. A Scrapy whose engine lacks it
    (stood in for by an engine object without ``_slot``) must stop at spider open with
    one line, before the worker announces itself or leases anything."""
    crawler = get_crawler(Dummy, {
        "DODARCHIVE_WORKER_ID": "w1", "REDIS_URL": redis_url,
        "SCHEDULER_QUEUE_KEY": "dodarchive:j:requests",
        "SCHEDULER_DUPEFILTER_KEY": "dodarchive:j:dupefilter",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    })  # fmt: skip
    s = FrontierScheduler.from_crawler(crawler)
    crawler.engine = SimpleNamespace()  # an engine of another Scrapy: no _slot
    with pytest.raises(FrontierUnsupportedError) as caught:
        s.open(Dummy())
    assert str(caught.value) == (
        f"Scrapy {scrapy.__version__} has no engine._slot.inprogress, which the Redis "
        "frontier needs to know when a request is done; use Scrapy 2.13-2.19"
    )
    assert redis.Redis.from_url(redis_url).keys("*") == []  # nothing announced or leased
    s.close("shutdown")  # Scrapy closes the scheduler it failed to open: no second error
