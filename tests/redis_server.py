"""A private, throwaway redis-server for the tests (or the one CI names).

``DODARCHIVE_TEST_REDIS_URL`` (``redis://127.0.0.1:PORT``) points the tests at a running
server; otherwise :func:`start_private` runs ``redis-server`` on a free loopback port with
no persistence in a temporary folder. A missing ``redis-server`` is an error, never a
skip: ``make test`` installs Debian's package first.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import redis

ENV = "DODARCHIVE_TEST_REDIS_URL"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def start_private() -> Iterator[str]:
    """Run a private redis-server; yields ``redis://127.0.0.1:PORT``; killed at exit."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(
            "redis-server is not installed: the Redis frontier tests need a real server "
            "(make test installs Debian's redis-server; or set DODARCHIVE_TEST_REDIS_URL)"
        )
    with tempfile.TemporaryDirectory(prefix="dodarchive-redis-") as work:
        port = _free_port()
        proc = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", work, "--databases", "64"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"redis://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    redis.Redis.from_url(url).ping()
                    break
                except redis.ConnectionError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"redis-server did not start on port {port}") from None
                    time.sleep(0.05)
            yield url
        finally:
            proc.kill()
            proc.wait(timeout=10)


@contextmanager
def redis_base_url() -> Iterator[str]:
    """``DODARCHIVE_TEST_REDIS_URL`` if set (checked with PING), else a private server."""
    given = os.environ.get(ENV, "").strip()
    if given:
        redis.Redis.from_url(given).ping()  # fails loudly if it is not there
        yield given.rstrip("/").rsplit("/", 1)[0] if given.count("/") > 2 else given
        return
    with start_private() as url:
        yield url
