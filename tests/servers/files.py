"""A loopback HTTP file server with byte ranges, as object stores serve files; run as a
subprocess.

``python -m tests.servers.files DIR`` binds 127.0.0.1 on a free port, prints
``http://127.0.0.1:PORT`` and serves the files of DIR (GET and HEAD, ``Range: bytes=A-B``
answered 206) until killed. Tests read WARCs from it as ``http://`` URLs through fsspec,
the code path of ``s3://`` and ``hdfs://`` inputs.
"""

from __future__ import annotations

import re
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

from tests.servers import serve

RANGE = re.compile(r"bytes=(\d+)-(\d*)$")


class Handler(SimpleHTTPRequestHandler):
    """Files of one folder; a single byte range answered with 206."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        match = RANGE.match(self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if match is None or not path.is_file():
            super().do_GET()
            return
        data = path.read_bytes()
        start = int(match[1])
        end = min(int(match[2]) if match[2] else len(data) - 1, len(data) - 1)
        if start > end:
            self.send_error(416)
            return
        self.send_response(206)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self.wfile.write(data[start : end + 1])

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads only the address line."""


if __name__ == "__main__":
    serve(partial(Handler, directory=sys.argv[1]))  # type: ignore[arg-type]
