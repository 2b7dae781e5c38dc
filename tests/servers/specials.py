"""A loopback HTTP server with the cases a WARC writer gets wrong; run as a subprocess.

``python -m tests.servers.specials`` binds 127.0.0.1 on a free port, prints
``http://127.0.0.1:PORT`` and serves until killed. The bodies are module constants, so
tests compare archived bytes with exactly what was sent.
"""

from __future__ import annotations

import gzip
from http.server import BaseHTTPRequestHandler

from tests.servers import serve

PAGE = b"<!doctype html><html><body><h1>Specials</h1><p>unchanged</p></body></html>\n"
GZIP_PLAIN = b"<html><body>" + b"<p>compressible archive text</p>" * 50 + b"</body></html>\n"
GZIP_BODY = gzip.compress(GZIP_PLAIN, mtime=0)
CHUNKS = [b"<html><body>", b"<p>sent in chunks</p>", b"</body></html>\n"]
ROBOTS = b"User-agent: *\nAllow: /\n"
COOKIES_PAGE = b"<!doctype html><html><body><p>two cookies set</p></body></html>\n"
MISSING_REASON = "Nothing Here"  # a non-standard reason phrase
MISSING = b"<html><body>no such page</body></html>\n"
COOKIES = (("Set-Cookie", "session=abc123; Path=/; HttpOnly"), ("Set-Cookie", "theme=dark; Path=/"))


def query_body(query: str) -> bytes:
    """The body ``/search`` sends for ``query``."""
    return f"<html><body>results for {query}</body></html>\n".encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "specials/1"
    sys_version = ""

    def _send(
        self, status: int, body: bytes, headers: tuple[tuple[str, str], ...] = (), reason: str = ""
    ) -> None:
        self.send_response(status, reason or None)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        html = (("Content-Type", "text/html; charset=utf-8"),)
        if path == "/robots.txt":
            self._send(200, ROBOTS, (("Content-Type", "text/plain"),))
        elif path == "/page":
            self._send(200, PAGE, (*html, ("ETag", '"v1"'), ("X-XSS-Protection", "0")))
        elif path == "/gzip":
            self._send(
                200, GZIP_BODY, (*html, ("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding"))
            )
        elif path == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for chunk in [*CHUNKS, b""]:
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        elif path == "/old":
            self._send(301, b"", (("Location", "/page"),))
        elif path == "/search":
            self._send(200, query_body(query), html)
        elif path == "/cookies":
            self._send(200, COOKIES_PAGE, (*html, *COOKIES))
        else:
            self._send(404, MISSING, html, reason=MISSING_REASON)

    def log_message(self, format: str, *args: object) -> None:
        pass


if __name__ == "__main__":
    serve(Handler)
