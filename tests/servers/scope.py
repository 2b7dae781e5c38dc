"""A loopback HTTP server that logs every request it gets; run as a subprocess.

``python -m tests.servers.scope`` binds 127.0.0.1 on a free port and prints
``http://127.0.0.1:PORT``, then one line ``HOST PATH`` per request (the ``Host`` header
as sent, so a request for ``localhost:PORT`` is told apart from ``127.0.0.1:PORT``).

- ``/robots.txt`` disallows ``/private/``;
- ``/page`` and ``/private/page``: small pages;
- ``/to-other-host``: 302 to the same server under the name ``localhost`` (another host);
- ``/to-private``: 302 to ``http://10.255.255.1/`` (a private address);
- ``/to-page``: 302 to ``/page`` (same host).
"""

from __future__ import annotations

import sys
from http.server import BaseHTTPRequestHandler

from tests.servers import serve

ROBOTS = b"User-agent: *\nDisallow: /private/\n"
PAGE = b"<!doctype html><html><body><p>in scope</p></body></html>\n"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _send(self, status: int, body: bytes, location: str = "") -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/plain" if body == ROBOTS else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        # one write per line: print() writes its parts separately, and threads interleave them
        sys.stdout.write(f"{self.headers.get('Host', '')} {self.path}\n")
        sys.stdout.flush()
        port = self.server.server_address[1]
        if self.path == "/robots.txt":
            self._send(200, ROBOTS)
        elif self.path in ("/page", "/private/page"):
            self._send(200, PAGE)
        elif self.path == "/to-other-host":
            self._send(302, b"", f"http://localhost:{port}/page")
        elif self.path == "/to-private":
            self._send(302, b"", "http://10.255.255.1/page")
        elif self.path == "/to-page":
            self._send(302, b"", "/page")
        else:
            self._send(404, b"")

    def log_message(self, format: str, *args: object) -> None:
        pass


if __name__ == "__main__":
    serve(Handler)
