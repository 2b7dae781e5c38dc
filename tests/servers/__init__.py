"""Loopback HTTP servers for tests, each run as ``python -m tests.servers.NAME``."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serve(handler: type[BaseHTTPRequestHandler]) -> None:
    """Bind 127.0.0.1 on a free port, print ``http://127.0.0.1:PORT``, serve until killed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    host, port = server.server_address[:2]
    print(f"http://{host!s}:{port}", flush=True)
    server.serve_forever()
