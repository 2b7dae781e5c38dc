"""A loopback HTTP server of oversized and hostile bodies; run as a subprocess.

``python -m tests.servers.limits`` binds 127.0.0.1 on a free port, prints
``http://127.0.0.1:PORT`` and serves until killed:

- ``/page``: a small HTML page;
- ``/declared``: ``BIG`` bytes with a ``Content-Length`` saying so;
- ``/streamed``: ``BIG`` bytes with no length, the end marked by closing the connection;
- ``/bomb``: ``Content-Encoding: gzip``, a body of about 10 MB that inflates to 10 GiB
  of zeros (:func:`gzip_bomb`).
"""

from __future__ import annotations

import zlib
from http.server import BaseHTTPRequestHandler

from tests.servers import serve

PAGE = b"<!doctype html><html><body><p>small and fine</p></body></html>\n"
BIG = 3_000_000
HTML = ("Content-Type", "text/html; charset=utf-8")


def gzip_bomb(blocks: int = 640, block: int = 16 << 20) -> tuple[bytes, int]:
    """A gzip member inflating to ``blocks * block`` zero bytes; returns (body, inflated size).

    One zero block is deflated with a full flush, which makes it byte-aligned and free of
    back-references, so it can be repeated: building 10 GiB costs one 16 MiB compression.
    The trailer's CRC is not computed (it would mean hashing 10 GiB); no decoder with a
    size cap gets that far.
    """
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = comp.compress(bytes(block)) + comp.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty final block
    size = blocks * block
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = (0).to_bytes(4, "little") + (size % 2**32).to_bytes(4, "little")
    return header + one * blocks + end + trailer, size


BOMB, BOMB_INFLATED = gzip_bomb()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _send(self, body: bytes, *headers: tuple[str, str]) -> None:
        self.send_response(200)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/page":
            self._send(PAGE, HTML)
        elif self.path == "/declared":
            self._send(b"x" * BIG, HTML)
        elif self.path == "/streamed":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(BIG // 100_000):
                self.wfile.write(b"y" * 100_000)
            self.close_connection = True
        elif self.path == "/bomb":
            self._send(BOMB, HTML, ("Content-Encoding", "gzip"))
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


if __name__ == "__main__":
    serve(Handler)
