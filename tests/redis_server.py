"""A private, throwaway redis-server for the tests (or the one CI names).

``DODARCHIVE_TEST_REDIS_URL`` (``redis://127.0.0.1:PORT``) points the tests at a running
server; otherwise :func:`start_private` runs ``redis-server`` on a free loopback port with
no persistence in a temporary folder. A missing ``redis-server`` is an error, never a
skip: ``make test`` installs Debian's package first.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import redis

ENV = "DODARCHIVE_TEST_REDIS_URL"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serving(proc: subprocess.Popen[str]) -> int | None:
    """The port ``proc`` (redis-server at log level notice, on stdout) reports it listens
    on, once it is ready; None when it exited first (its port was taken)."""
    assert proc.stdout is not None
    port = None
    for line in proc.stdout:
        if m := re.search(r"Running mode=\S+, port=(\d+)", line):
            port = int(m.group(1))
        if "Ready to accept connections" in line:
            return port
    return None


@contextmanager
def start_private() -> Iterator[str]:
    """Run a private redis-server; yields ``redis://127.0.0.1:PORT``; killed at exit.

    Redis cannot bind port 0 (that means "no TCP"), so a port is picked free and, should
    another process take it first, redis-server exits and another port is tried. The
    server is used only after it logs "Ready to accept connections" (no polling), and
    only if the server answering on the port is this process (``process_id``).
    """
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(
            "redis-server is not installed: the Redis frontier tests need a real server "
            "(make test installs Debian's redis-server; or set DODARCHIVE_TEST_REDIS_URL)"
        )
    with tempfile.TemporaryDirectory(prefix="dodarchive-redis-") as work:
        for _attempt in range(5):
            proc = subprocess.Popen(
                [binary, "--port", str(_free_port()), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", work, "--databases", "64",
                 "--loglevel", "notice", "--logfile", ""],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )  # fmt: skip
            port = _serving(proc)
            if port is not None:
                break
            proc.wait(timeout=10)
        else:
            raise RuntimeError("redis-server did not start on any of 5 free ports")
        url = f"redis://127.0.0.1:{port}"
        drain = threading.Thread(target=proc.stdout.read, daemon=True)  # type: ignore[union-attr]
        drain.start()  # the log must not fill the pipe
        try:
            pid = redis.Redis.from_url(url).info("server")["process_id"]
            assert pid == proc.pid, f"port {port} is served by pid {pid}, not our {proc.pid}"
            yield url
        finally:
            proc.kill()
            proc.wait(timeout=10)
            drain.join(timeout=10)
            if proc.stdout is not None:
                proc.stdout.close()


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
