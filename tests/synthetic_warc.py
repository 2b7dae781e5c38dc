"""Build small WARC files in tests with warcio: real records, deterministic ids; and
small article pages the real page classes extract."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from html import escape
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


#: Two paragraphs, over the 40 words below which a page is no article.
STORY = (
    (
        "WASHINGTON -- The department announced the test program today, and officials said "
        "the first phase would run through the end of the fiscal year."
    ),
    (
        "The program covers training, equipment and the maintenance of aircraft at three "
        "bases, a spokesman said, and its results will be published next spring."
    ),
)


def article_page(
    headline: str,
    *,
    date: str | None = None,
    paragraphs: tuple[str, ...] = STORY,
    canonical: str | None = None,
) -> bytes:
    """A small article page as plain HTML: a title, an h1, the date printed under it
    (ISO, one of the forms DoD pages print), paragraphs, and a canonical link.

    No template knows it, so the real :class:`~dodarchive.pages.generic.GenericPage`
    extracts it; on a DoD URL the article id and page type come from the URL, as for
    real pages. The date must not be later than the WARC-Date it is archived under (the
    page classes never accept a page published after its capture).
    """
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    printed = f'<p class="date">{date}</p>' if date else ""
    paras = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(headline)}</title>{link}</head><body><main><article>"
        f"<h1>{escape(headline)}</h1>{printed}{paras}</article></main></body></html>"
    )
    return html.encode("utf-8")
