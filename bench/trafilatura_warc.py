"""The peer for bench_extract_unseen.py: trafilatura over a WARC's HTML responses.

    python bench/trafilatura_warc.py FILE.warc.gz

A whole process like ``dodarchive extract``: start-up, reading the WARC with warcio, and
``trafilatura.bare_extraction(body, url=, with_metadata=True)`` on every status-200
HTML response. Prints the number of pages and how many gave a document.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import trafilatura
from warcio.archiveiterator import ArchiveIterator

_HTML = ("text/html", "application/xhtml+xml")


def main() -> None:
    """Extract every HTML page of the WARC named on the command line."""
    pages = found = 0
    warnings.simplefilter("ignore")
    with Path(sys.argv[1]).open("rb") as fh:
        for rec in ArchiveIterator(fh):
            headers = rec.http_headers
            if rec.rec_type != "response" or headers is None:
                continue
            ctype = (headers.get_header("Content-Type") or "").split(";")[0].strip()
            if headers.get_statuscode() != "200" or ctype not in _HTML:
                continue
            body = rec.content_stream().read()
            url = rec.rec_headers.get_header("WARC-Target-URI")
            pages += 1
            found += trafilatura.bare_extraction(body, url=url, with_metadata=True) is not None
    print(f"{pages} {found}")


if __name__ == "__main__":
    main()
