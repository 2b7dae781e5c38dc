"""A payload-digest index in Redis, shared by every worker of a crawl frontier.

One Redis hash (``DODARCHIVE_WARC_DEDUP_REDIS_KEY``, default ``dodarchive:digests``) maps
``sha1:BASE32`` payload digests to the first record that stored the payload in full, as
``record_id SPACE date SPACE target_uri``. :meth:`RedisDigestIndex.claim` is one
``HSETNX``: of two workers racing on one payload exactly one wins and writes a
``response`` record; the other gets the winner's record back and writes a ``revisit``.
The key is not per crawl job, so like the sqlite index it also turns later crawls'
unchanged payloads into revisits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from dodarchive.capture.records import Original

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["DEFAULT_KEY", "RedisDigestIndex"]

DEFAULT_KEY = "dodarchive:digests"

# Delete the claim only if it is still ours (another worker may have re-claimed since).
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


class RedisDigestIndex:
    """A :class:`~dodarchive.capture.dedup.DigestIndex` in one Redis hash."""

    def __init__(self, client: Any, key: str = DEFAULT_KEY) -> None:
        self.client = client
        self.key = key
        self._release = client.register_script(_RELEASE)

    @classmethod
    def from_url(cls, url: str, key: str = DEFAULT_KEY) -> Self:
        """Connect to the Redis server at ``url`` (``redis://HOST:PORT/DB``)."""
        import redis

        return cls(redis.Redis.from_url(url), key)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Use ``DODARCHIVE_REDIS_URL`` and ``DODARCHIVE_WARC_DEDUP_REDIS_KEY``."""
        settings = crawler.settings
        url = settings.get("DODARCHIVE_REDIS_URL") or ""
        if not url:
            raise ValueError("RedisDigestIndex needs DODARCHIVE_REDIS_URL (crawl --redis)")
        return cls.from_url(url, settings.get("DODARCHIVE_WARC_DEDUP_REDIS_KEY") or DEFAULT_KEY)

    def lookup(self, digest: str) -> Original | None:
        """The first archived record with this payload digest, if any."""
        value = self.client.hget(self.key, digest)
        return _decode(value) if value is not None else None

    def claim(self, digest: str, candidate: Original) -> Original | None:
        """None if ``candidate`` won ``digest`` (HSETNX), else the record that won earlier."""
        if self.client.hsetnx(self.key, digest, _encode(candidate)):
            return None
        found = self.lookup(digest)
        if found is None:  # released between our HSETNX and HGET: try once more
            return self.claim(digest, candidate)
        return found

    def release(self, digest: str, candidate: Original) -> None:
        """Forget ``digest`` if ``candidate`` still holds it."""
        self._release(keys=[self.key], args=[digest, _encode(candidate)])

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()
