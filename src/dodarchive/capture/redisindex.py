"""A payload-digest index in Redis, shared by every worker of a crawl frontier.

Two Redis hashes map ``sha1:BASE32`` payload digests to records, encoded
``record_id SPACE date SPACE target_uri``: ``KEY`` (``DODARCHIVE_WARC_DEDUP_REDIS_KEY``,
default ``dodarchive:digests``) holds records that are on disk, ``KEY:pending`` holds
claims whose record is being written, prefixed ``WORKER SPACE``. A claim is one Lua
script, so of two workers racing on one payload exactly one wins and writes the
``response`` record. A revisit is only ever written against a record that is on disk:

- :meth:`RedisDigestIndex.claim` returns the stored original (write a revisit), or None
  after recording a pending claim (write it in full, then :meth:`confirm`), or None
  without a claim when another worker is writing that payload right now (write it in full
  too: a payload is never lost for a record that might not reach the disk).
- a worker killed between claim and confirm leaves a pending claim; whoever takes back
  its leases calls :func:`release_worker` (see :mod:`dodarchive.frontier.scheduler`).

The key is not per crawl job, so like the sqlite index it also turns later crawls'
unchanged payloads into revisits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from dodarchive.capture.records import Original

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["DEFAULT_KEY", "RedisDigestIndex", "release_worker"]

DEFAULT_KEY = "dodarchive:digests"

_CLAIM = """
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v then return {1, v} end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then return {0, ''} end
return {2, ''}
"""

_CONFIRM = """
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[3])
return 1
"""

_RELEASE = """
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0
"""


def _encode(original: Original) -> str:
    return f"{original.record_id} {original.date} {original.target_uri}"


def _decode(value: bytes | str) -> Original:
    text = value.decode("utf-8") if isinstance(value, bytes) else value
    record_id, date, uri = text.split(" ", 2)
    return Original(record_id, uri, date)


def release_worker(client: Any, worker: str, key: str = DEFAULT_KEY) -> int:
    """Drop the pending claims of ``worker`` (it died); returns how many."""
    pending = f"{key}:pending"
    mine = f"{worker} ".encode()
    dropped = 0
    for digest, value in client.hgetall(pending).items():
        if value.startswith(mine):
            dropped += int(client.register_script(_RELEASE)(keys=[pending], args=[digest, value]))
    return dropped


class RedisDigestIndex:
    """A :class:`~dodarchive.capture.dedup.DigestIndex` in Redis hashes (see module doc)."""

    def __init__(self, client: Any, key: str = DEFAULT_KEY, worker: str = "") -> None:
        self.client = client
        self.key = key
        self.pending = f"{key}:pending"
        self.worker = worker or "-"
        self._claim = client.register_script(_CLAIM)
        self._confirm = client.register_script(_CONFIRM)
        self._release = client.register_script(_RELEASE)

    @classmethod
    def from_url(cls, url: str, key: str = DEFAULT_KEY, worker: str = "") -> Self:
        """Connect to the Redis server at ``url`` (``redis://HOST:PORT/DB``)."""
        import redis

        return cls(redis.Redis.from_url(url), key, worker)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Use ``DODARCHIVE_REDIS_URL``, ``DODARCHIVE_WARC_DEDUP_REDIS_KEY``, the worker id."""
        settings = crawler.settings
        url = settings.get("DODARCHIVE_REDIS_URL") or ""
        if not url:
            raise ValueError("RedisDigestIndex needs DODARCHIVE_REDIS_URL (crawl --redis)")
        key = settings.get("DODARCHIVE_WARC_DEDUP_REDIS_KEY") or DEFAULT_KEY
        return cls.from_url(url, key, settings.get("DODARCHIVE_WORKER_ID") or "")

    def _mark(self, candidate: Original) -> str:
        return f"{self.worker} {_encode(candidate)}"

    def lookup(self, digest: str) -> Original | None:
        """The record on disk that first stored this payload, if any."""
        value = self.client.hget(self.key, digest)
        return _decode(value) if value is not None else None

    def try_claim(self, digest: str, candidate: Original) -> tuple[str, Original | None]:
        """``("won", None)``, ``("original", ORIGINAL)`` or ``("busy", None)``: one script."""
        args = [digest, self._mark(candidate)]
        state, value = self._claim(keys=[self.key, self.pending], args=args)
        if int(state) == 1:
            return "original", _decode(value)
        return ("won" if int(state) == 0 else "busy"), None

    def claim(self, digest: str, candidate: Original) -> Original | None:
        """The original to revisit, or None: write ``candidate`` in full (see module doc)."""
        return self.try_claim(digest, candidate)[1]

    def confirm(self, digest: str, candidate: Original) -> None:
        """``candidate`` is on disk: if it held the claim, it becomes the original."""
        mark = self._mark(candidate)
        self._confirm(keys=[self.key, self.pending], args=[digest, mark, _encode(candidate)])

    def release(self, digest: str, candidate: Original) -> None:
        """``candidate`` could not be written: drop its claim if it held one."""
        self._release(keys=[self.pending], args=[digest, self._mark(candidate)])

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()
