"""LeasedQueue against a real redis-server: lease, ack, requeue, heartbeats."""

from __future__ import annotations

import redis
from scrapy import Request, Spider

from dodarchive.frontier.queue import LeasedQueue, owner


class Dummy(Spider):
    name = "dummy"


def test_lease_moves_a_request_and_requeue_puts_it_back(redis_url: str) -> None:
    server = redis.Redis.from_url(redis_url)
    queue = LeasedQueue(server, Dummy(), "dodarchive:j:requests")
    assert queue.leases_key == "dodarchive:j:leases"
    queue.push(Request("https://a.example/low", priority=0))
    queue.push(Request("https://a.example/high", priority=5))
    got = queue.lease("w1")
    assert got is not None
    request, token = got
    assert (request.url, request.priority, owner(token)) == ("https://a.example/high", 5, "w1")
    assert len(queue) == 1  # no longer queued ...
    assert queue.tokens() == [token]  # ... but leased
    assert queue.requeue(token) is True
    assert queue.requeue(token) is False  # only once
    assert queue.tokens() == []
    # back with its priority: leased first again
    again = queue.lease("w2")
    assert again is not None
    assert again[0].url == "https://a.example/high"
    queue.ack(again[1])
    rest = queue.lease("w2")
    assert rest is not None
    assert rest[0].url == "https://a.example/low"
    queue.ack(rest[1])
    assert queue.lease("w2") is None
    assert queue.tokens() == []
    assert server.hlen("dodarchive:j:lease-scores") == 0


def test_heartbeat_expires(redis_url: str) -> None:
    queue = LeasedQueue(redis.Redis.from_url(redis_url), Dummy(), "dodarchive:j:requests")
    assert not queue.alive("w1")
    server = redis.Redis.from_url(redis_url)
    queue.beat("w1", 0.2)
    assert queue.alive("w1")
    (key,) = server.keys("*w1*")
    assert 0 < server.pttl(key) <= 200  # alive for 0.2 s more
    server.pexpireat(key, 1)  # let that time pass: the key expires as Redis would expire it
    assert not queue.alive("w1")
    queue.beat("w1", 30)
    queue.leave("w1")
    assert not queue.alive("w1")
