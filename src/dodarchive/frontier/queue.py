"""The shared request queue with leases: nothing a dead worker had taken is lost.

Keys (``PREFIX`` is ``dodarchive:JOB``): ``PREFIX:requests`` (scrapy-redis' priority
zset), ``PREFIX:leases`` (hash: lease token -> encoded request), ``PREFIX:lease-scores``
(hash: token -> its queue score) and ``PREFIX:worker:ID`` (heartbeat, expires after the
lease TTL). A token is ``ID:N``. Every move between queue and lease table is one Lua
script, so a worker killed at any instant leaves each request either queued or leased.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy_redis.queue import PriorityQueue

__all__ = ["LeasedQueue", "owner"]

_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
redis.call('HSET', KEYS[2], ARGV[1], r[1])
redis.call('HSET', KEYS[3], ARGV[1], r[2])
return r[1]
"""

_REQUEUE = """
local data = redis.call('HGET', KEYS[2], ARGV[1])
if not data then return 0 end
local score = redis.call('HGET', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[1], score, data)
return 1
"""


def owner(token: str) -> str:
    """The worker id in a lease token.

    >>> owner("box-w2:17")
    'box-w2'
    """
    return token.rsplit(":", 1)[0]


class LeasedQueue(PriorityQueue):  # type: ignore[misc]
    """scrapy-redis' priority queue whose ``pop`` leases the request to one worker."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        base = self.key.removesuffix(":requests")
        self.leases_key = f"{base}:leases"
        self.scores_key = f"{base}:lease-scores"
        self.worker_prefix = f"{base}:worker:"
        self._pop = server.register_script(_POP)
        self._requeue = server.register_script(_REQUEUE)
        self._serial = 0

    def lease(self, worker: str) -> tuple[Request, str] | None:
        """Take the best-priority request, leased to ``worker``; None if the queue is empty."""
        self._serial += 1
        token = f"{worker}:{self._serial}"
        keys = [self.key, self.leases_key, self.scores_key]
        data = self._pop(keys=keys, args=[token])
        if not data:
            return None
        return self._decode_request(data), token

    def ack(self, token: str) -> None:
        """The leased request is done: forget it."""
        pipe = self.server.pipeline()
        pipe.hdel(self.leases_key, token).hdel(self.scores_key, token)
        pipe.execute()

    def requeue(self, token: str) -> bool:
        """Put a leased request back in the queue; False if it was no longer leased."""
        keys = [self.key, self.leases_key, self.scores_key]
        return bool(self._requeue(keys=keys, args=[token]))

    def tokens(self) -> list[str]:
        """Every lease token held by any worker."""
        return [
            t.decode() if isinstance(t, bytes) else t for t in self.server.hkeys(self.leases_key)
        ]

    def beat(self, worker: str, ttl: float) -> None:
        """Say ``worker`` is alive for ``ttl`` more seconds."""
        self.server.set(self.worker_prefix + worker, b"1", px=max(1, int(ttl * 1000)))

    def alive(self, worker: str) -> bool:
        """True while ``worker``'s heartbeat has not expired."""
        return bool(self.server.exists(self.worker_prefix + worker))

    def leave(self, worker: str) -> None:
        """Remove ``worker``'s heartbeat (it has stopped cleanly)."""
        self.server.delete(self.worker_prefix + worker)
