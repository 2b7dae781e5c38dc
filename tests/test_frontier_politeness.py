"""HostDelay against a real redis-server: reservations from many clients stay spaced."""

from __future__ import annotations

import itertools
import threading

import redis

from dodarchive.frontier.politeness import HostDelay


def test_reservations_of_concurrent_clients_are_a_delay_apart(redis_url: str) -> None:
    delay = 0.05
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
    assert min(gaps) >= 50_000  # never closer than the delay, over all clients
    assert slots[-1] - slots[0] < 39 * 50_000 + 500_000  # and no slot wasted (+ slack)


def test_hosts_are_independent_and_zero_delay_never_waits(redis_url: str) -> None:
    limit = HostDelay(redis.Redis.from_url(redis_url), 10.0)
    assert limit.reserve("a.example") == 0.0
    assert 9.9 < limit.reserve("a.example") <= 10.0
    assert limit.reserve("b.example") == 0.0
    assert HostDelay(redis.Redis.from_url(redis_url), 0).reserve("a.example") == 0.0
