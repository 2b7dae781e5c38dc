"""The Redis service the scale-out tests use is real, on loopback, and empty to start."""

from __future__ import annotations

from urllib.parse import urlsplit

import redis


def test_redis_url_is_a_live_loopback_server(redis_url: str) -> None:
    parts = urlsplit(redis_url)
    assert parts.scheme == "redis"
    assert parts.hostname == "127.0.0.1"
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.ping() is True
        client.set("dodarchive:test:service", "war.gov")
        assert client.get("dodarchive:test:service") == b"war.gov"
        assert client.delete("dodarchive:test:service") == 1
        assert client.info("server")["tcp_port"] == parts.port
    finally:
        client.close()
