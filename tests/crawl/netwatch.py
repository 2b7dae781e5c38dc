"""Run ``dodarchive`` noting every network attempt: ``python -m tests.crawl.netwatch ARGS``.

An audit hook (:func:`sys.addaudithook`) appends one line per ``socket.connect``,
``socket.getaddrinfo``, ``socket.gethostbyname`` and ``socket.gethostbyname_ex`` event
to the file named by ``NETWATCH_LOG``: ``EVENT HOST``. It sees every thread (Twisted
resolves names in a thread pool) and every library (tldextract's ``requests``), so a
test can prove that a crawl never tried to reach beyond loopback.

``NETWATCH_HOSTS=name=1.2.3.4,other=10.0.0.1`` makes those names resolve to those
addresses (for ``socket.gethostbyname`` and ``socket.getaddrinfo``), standing in for a
DNS answer the test cannot get from a real server.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from typing import Any

_lock = threading.Lock()
_log_path = os.environ.get("NETWATCH_LOG", "")
_fake = dict(
    item.split("=", 1) for item in os.environ.get("NETWATCH_HOSTS", "").split(",") if "=" in item
)
_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
           "socket.gethostbyname_ex")  # fmt: skip


def _host(event: str, args: tuple[Any, ...]) -> str:
    if event == "socket.connect":
        address = args[1]
        return str(address[0]) if isinstance(address, tuple) else f"unix:{address!r}"
    host = args[0]
    return host.decode() if isinstance(host, bytes) else str(host)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event in _EVENTS and _log_path:
        with _lock, open(_log_path, "a", encoding="utf-8") as fh:  # noqa: PTH123
            fh.write(f"{event} {_host(event, args)}\n")


_real_gethostbyname = socket.gethostbyname
_real_getaddrinfo = socket.getaddrinfo


def _gethostbyname(name: str) -> str:
    return _real_gethostbyname(_fake.get(name, name))


def _getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    key = host.decode() if isinstance(host, bytes) else host
    return _real_getaddrinfo(_fake.get(key, host), *args, **kwargs)


if __name__ == "__main__":
    sys.addaudithook(_hook)
    if _fake:
        socket.gethostbyname = _gethostbyname
        socket.getaddrinfo = _getaddrinfo
    from dodarchive.cli import main

    sys.argv[0] = "dodarchive"
    main()
