"""A loopback HTTP server of incompressible pages; run as a subprocess.

``python -m tests.servers.noise`` prints ``http://127.0.0.1:PORT`` and serves until killed:
``/noise/N`` is :data:`SIZE` pseudo-random bytes (seeded by N, so the same every time)
that gzip cannot shrink; ``/robots.txt`` is empty (404).
"""

from __future__ import annotations

import random
from http.server import BaseHTTPRequestHandler

from tests.servers import serve

SIZE = 50_000


def noise(n: int) -> bytes:
    """The body of ``/noise/N``."""
    return random.Random(n).randbytes(SIZE)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        prefix = "/noise/"
        if self.path.startswith(prefix) and self.path[len(prefix) :].isdigit():
            body = noise(int(self.path[len(prefix) :]))
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
        else:
            body = b""
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


if __name__ == "__main__":
    serve(Handler)
