"""Shared fixtures: a loopback-only network guard and the offline replay server."""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_WARCS = FIXTURES / "warc"


class NetworkAccessError(AssertionError):
    """A test tried to reach a host outside loopback."""


def _is_loopback(address: object) -> bool:
    if not (isinstance(address, tuple) and address):
        return isinstance(address, (str, bytes))  # an AF_UNIX path is local
    host = str(address[0])
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: resolving it would already be network access


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guarded_connect(self: socket.socket, address: object) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
        raise NetworkAccessError(f"test tried to connect to {address!r}; tests are offline")
    _real_connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
        raise NetworkAccessError(f"test tried to connect to {address!r}; tests are offline")
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True, scope="session")
def _offline() -> Iterator[None]:
    """Make any connection outside loopback fail the test that made it."""
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = _real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]


def dodarchive_cmd() -> list[str]:
    """The installed ``dodarchive`` command, run with this interpreter."""
    return [sys.executable, "-m", "dodarchive"]


def subprocess_env() -> dict[str, str]:
    """Environment for child processes: no proxies, unbuffered output."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONUNBUFFERED"] = "1"
    return env


class ServerProcess:
    """A server subprocess that prints its ``http://127.0.0.1:PORT`` address first.

    ``url`` is that address; :meth:`stop` kills it and returns the rest of its stdout.
    """

    def __init__(self, argv: list[str]) -> None:
        self.proc = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=subprocess_env(), cwd=ROOT,
        )  # fmt: skip
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"{argv[-1]} did not start: {line!r}")
        self.url = line

    @classmethod
    def test_server(cls, name: str) -> ServerProcess:
        """One of ``tests/servers/NAME.py``."""
        return cls([sys.executable, "-m", f"tests.servers.{name}"])

    def stop(self) -> list[str]:
        """Kill the server; the lines it printed after its address."""
        self.proc.kill()
        self.proc.wait(timeout=10)
        rest = self.proc.stdout.read().splitlines() if self.proc.stdout else []
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        return rest


class ReplayProcess(ServerProcess):
    """A ``dodarchive replay`` subprocess over ``warcs``."""

    def __init__(self, *warcs: Path | str) -> None:
        super().__init__([*dodarchive_cmd(), "replay", *map(str, warcs), "--port", "0"])


@pytest.fixture(scope="session")
def replay_server() -> Iterator[ReplayProcess]:
    """The replay server over every committed fixture WARC, for the whole session."""
    server = ReplayProcess(FIXTURE_WARCS)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def replay_factory() -> Iterator[type[ReplayProcess]]:
    """Start replay servers over chosen WARCs; each is killed when the test ends."""
    started: list[ReplayProcess] = []

    class _Factory(ReplayProcess):
        def __init__(self, *warcs: Path | str) -> None:
            super().__init__(*warcs)
            started.append(self)

    try:
        yield _Factory
    finally:
        for server in started:
            server.stop()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """Base URL of a real Redis server for this session (see ``tests/redis_server.py``)."""
    from tests.redis_server import redis_base_url

    with redis_base_url() as url:
        yield url


_redis_dbs = iter(range(1, 10_000))


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """``redis://.../N``: a database of its own for this test, emptied first."""
    import redis

    client = redis.Redis.from_url(redis_server)
    count = int(client.config_get("databases").get("databases", 16))
    url = f"{redis_server}/{next(_redis_dbs) % count or 1}"
    with redis.Redis.from_url(url) as db:
        db.flushdb()
    client.close()
    return url


def _clear_checkout_caches() -> None:
    for module in list(sys.modules.values()):
        if not str(getattr(module, "__file__", None) or "").startswith(str(ROOT)):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


@pytest.fixture(autouse=True)
def _fresh_caches_under_mutmut() -> None:
    """Under mutation testing (``make mutation``), drop every functools cache of this
    checkout's modules before each test. mutmut maps each function to the tests that
    call it in one run of all the tests, and forks each mutant's run from that process:
    a table or extraction cached by an earlier test would hide both the call (so the
    mutant gets too few tests, or none) and the mutant itself (a tool artifact, not a
    test gap). Outside mutmut (``MUTANT_UNDER_TEST`` unset) this does nothing."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        _clear_checkout_caches()
