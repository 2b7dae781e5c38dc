"""A loopback server that answers like a CDN's bot protection; run as a subprocess.

``python -m tests.servers.akamai`` binds 127.0.0.1 on a free port, prints
``http://127.0.0.1:PORT``, then one line per request, ``TIME METHOD PATH`` (monotonic
seconds), and serves until killed:

- ``/robots.txt``: 404 (no rules);
- ``/denied/...``: Akamai's 403 ``Access Denied`` page (:data:`DENIED`), ``Server: AkamaiGHost``;
- ``/challenge``: a 200 JavaScript challenge page (:data:`CHALLENGE`);
- ``/busy/...``: the first request of each path gets ``429`` with ``Retry-After: 1``,
  later ones a small HTML page (:data:`PAGE`).
"""

from __future__ import annotations

import sys
import time
from http.server import BaseHTTPRequestHandler
from typing import ClassVar

from tests.servers import serve

DENIED = (
    b"<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n \n"
    b'You don\'t have permission to access "http&#58;&#47;&#47;www&#46;war&#46;gov&#47;" on '
    b"this server.<P>\nReference&#32;&#35;18&#46;5e2a1002&#46;1733140000&#46;1a2b3c4d\n"
    b"<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;5e2a1002\n</BODY>\n</HTML>\n"
)
#: Akamai writes the reference in entities in some versions, plainly in others.
DENIED_PLAIN = DENIED.replace(b"Reference&#32;&#35;", b"Reference #")
CHALLENGE = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b"<noscript>Please enable JavaScript and cookies to continue</noscript>"
    b'<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>'
    b"</body></html>\n"
)
PAGE = b"<!doctype html><html><body><p>served after waiting</p></body></html>\n"
RETRY_AFTER = 1


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: ClassVar[set[str]] = set()

    def _send(self, status: int, body: bytes, *headers: tuple[str, str]) -> None:
        self.send_response_only(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        sys.stdout.write(f"{time.monotonic():.3f} GET {self.path}\n")  # one write: no interleaving
        sys.stdout.flush()
        html = ("Content-Type", "text/html")
        if self.path.startswith("/denied/"):
            self._send(403, DENIED_PLAIN, ("Server", "AkamaiGHost"), ("Mime-Version", "1.0"),
                       html)  # fmt: skip
        elif self.path == "/challenge":
            self._send(200, CHALLENGE, html)
        elif self.path.startswith("/busy/"):
            if self.path in self.seen:
                self._send(200, PAGE, html)
            else:
                self.seen.add(self.path)
                self._send(429, b"Too Many Requests\n", ("Retry-After", str(RETRY_AFTER)),
                           ("Content-Type", "text/plain"))  # fmt: skip
        else:
            self._send(404, b"not here\n", ("Content-Type", "text/plain"))

    def log_message(self, format: str, *args: object) -> None:
        """Requests are printed by do_GET, one line each."""


if __name__ == "__main__":
    serve(Handler)
