"""HostDelay against a real redis-server: reservations from many clients stay spaced."""

from __future__ import annotations

import itertools
import threading

import redis

from dodarchive.frontier.politeness import HostDelay


def test_reservations_of_concurrent_clients_are_a_delay_apart(redis_url: str) -> None:
    # A delay far longer than the test can run: every reservation after the first finds
    # the slot ahead of the clock, so the spacing is exact whatever the machine's load.
    delay = 1000.0
    slots: list[int] = []
    lock = threading.Lock()

    def client() -> None:
        limit = HostDelay(redis.Redis.from_url(redis_url), delay)
        for _ in range(10):
            at, _ = limit.reserve_at("www.war.gov")
            with lock:  # the reserved send time, Redis clock, microseconds
                slots.append(at)

    threads = [threading.Thread(target=client) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    slots.sort()
    gaps = [b - a for a, b in itertools.pairwise(slots)]
    assert len(slots) == 40
    # never closer than the delay over all clients, and no slot wasted
    assert gaps == [1_000_000_000] * 39


def test_hosts_are_independent_and_zero_delay_never_waits(redis_url: str) -> None:
    limit = HostDelay(redis.Redis.from_url(redis_url), 1000.0)
    first, wait = limit.reserve_at("a.example")
    assert wait == 0
    second, wait = limit.reserve_at("a.example")
    assert second == first + 1_000_000_000
    assert 0 < wait <= 1_000_000_000  # the wait until that slot, Redis clock
    assert limit.reserve("b.example") == 0.0
    assert HostDelay(redis.Redis.from_url(redis_url), 0).reserve("a.example") == 0.0
