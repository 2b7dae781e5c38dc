"""Build small WARC files in tests with warcio: real records, deterministic ids."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

#: (url, WARC-Date, body, content type)
Page = tuple[str, str, bytes, str]


def write_warc(path: Path, pages: Iterable[tuple[str, str, bytes] | Page]) -> Path:
    """Write one gzip WARC with a ``response`` record per page, in the given order."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="WARC/1.1")
        for page in pages:
            url, date, body = page[:3]
            ctype = page[3] if len(page) > 3 else "text/html; charset=utf-8"
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            rid = uuid.uuid5(uuid.NAMESPACE_URL, f"{path.name} {url} {date}")
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": f"<urn:uuid:{rid}>"},
            )
            writer.write_record(record)
    return path
