"""A loopback HTTP server (and HTTP proxy) that wants credentials; run as a subprocess.

``python -m tests.servers.secrets`` binds 127.0.0.1 on a free port, prints
``http://127.0.0.1:PORT``, then one line per request: the path and which credential
headers came with it (``auth``, ``cookie``, ``proxy-auth``), so a test can prove the
secrets were really sent before checking that the archive does not hold them. It also
answers proxy requests (an absolute URL in the request line) for its own address.

- ``/login``: sets a session cookie and redirects (302) to ``/private``;
- ``/private``: a small page;
- ``/robots.txt``: allows everything.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from tests.servers import serve

PAGE = b"<!doctype html><html><body><p>members only</p></body></html>\n"
COOKIE = "session=cookie-SECRET-1; Path=/"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _send(self, status: int, body: bytes, *headers: tuple[str, str]) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path  # a proxy request has the absolute URL
        sent = [
            label
            for label, name in (("auth", "Authorization"), ("cookie", "Cookie"),
                                ("proxy-auth", "Proxy-Authorization"))
            if self.headers.get(name)
        ]  # fmt: skip
        print(path, *sent, flush=True)
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", ("Content-Type", "text/plain"))
        elif path == "/login":
            self._send(302, b"", ("Set-Cookie", COOKIE), ("Location", "/private"))
        elif path == "/private":
            self._send(200, PAGE, ("Content-Type", "text/html"))
        else:
            self._send(404, b"")

    def log_message(self, format: str, *args: object) -> None:
        pass


if __name__ == "__main__":
    serve(Handler)
