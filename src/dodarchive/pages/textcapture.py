"""Plain-text captures of DoD pages (the seed, WET ``conversion`` records) → Article.

A text capture is what a browser's "save as text" or a WET file keeps of a page: one
line per block, blocks separated by blank lines, navigation lines still in. We drop
whole boilerplate lines (never parts of lines), take the first remaining line as the
headline, a following "By NAME" line and the line after it as byline and organization,
a block that follows "Click photo for screen-resolution image" as a photo caption, and
the rest as paragraphs. A dateline prefix ("WASHINGTON, July 2, 2007 – ") moves to
``dateline`` / ``datePublishedRaw``.

Provenance for a plain file (no WARC): ``warcFile`` is the file's name, ``recordId`` is
empty, ``offset`` 0, ``length`` the file's size in bytes, ``targetUri`` the ``url`` given
(default ``file:NAME``), ``warcDate`` the ``date`` given (default empty: unknown), and
``payloadDigest`` the file's ``sha1:`` base32 digest, as in WARC records.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from dodarchive.article import Article, Image, PageType, Source
from dodarchive.capture.records import payload_digest
from dodarchive.pages.base import ExtractionError, Page, PageInput, decode_utf8
from dodarchive.pages.boilerplate import is_boilerplate
from dodarchive.pages.byline import parse_byline
from dodarchive.pages.common import Body, build_article, split_credit, split_dateline
from dodarchive.pages.text import collapse, iso_date

__all__ = ["TextCapture", "file_source", "normalize_file", "normalize_text"]

_PHOTO_MARK = "Click photo for screen-resolution image"
_LABELS: dict[str, PageType] = {
    "news article": "news-article",
    "news release": "release",
    "transcript": "transcript",
    "speech": "speech",
    "contract": "contract",
    "contracts": "contract",
    "advisory": "advisory",
}


class TextCapture(Page):
    """The extractor stamped on articles normalized from text (not an HTML template)."""

    template: ClassVar[str] = "text-capture"
    version: ClassVar[str] = "2"

    @classmethod
    def matches(cls, page: PageInput) -> bool:
        """Plain-text bodies."""
        return page.content_type in ("text/plain", "")

    def to_article(self) -> Article:
        """The article of the capture; raises ExtractionError without headline or text."""
        return normalize_text(decode_utf8(self.page.body), self.page)


def _blocks(text: str) -> list[list[str]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = [[collapse(x) for x in b.split("\n")] for b in re.split(r"\n\s*\n", text)]
    return [[x for x in b if x] for b in blocks if any(collapse(x) for x in b)]


def normalize_text(text: str, page: PageInput) -> Article:
    """The Article of text capture ``text``; ``page`` gives url and provenance."""
    if "\x00" in text:
        raise ExtractionError("binary-body", "text capture contains NUL bytes")
    page_type: PageType = "other"
    headline: str | None = None
    byline: list[str] = []
    body = Body()
    images: list[Image] = []
    caption_next = False
    for block in _blocks(text):
        kept: list[str] = []
        for line in block:
            label = _LABELS.get(line.lower())
            if label and headline is None:
                page_type = label
            if line == _PHOTO_MARK:
                caption_next = True
                continue
            if not is_boilerplate(line) and not label:
                kept.append(line)
        if not kept:
            continue
        if headline is None:
            headline, kept = kept[0], kept[1:]
            if not kept:
                continue
        if not byline and not body.paragraphs and re.match(r"^By\s+\S", kept[0]):
            byline = kept
            continue
        if caption_next:
            caption, credit = split_credit(" ".join(kept))
            images.append(Image(url=None, caption=caption, creditText=credit, alt=None))
            caption_next = False
            continue
        body.append(collapse(" ".join(kept)))
    body.images = images
    authors, org = parse_byline(byline)
    dateline, date_raw = split_dateline(body)
    return build_article(
        page,
        TextCapture,
        headline=headline,
        body=body,
        page_type=page_type,
        authors=authors,
        sourceOrganization=org,
        dateline=dateline,
        datePublishedRaw=date_raw,
        datePublished=iso_date(date_raw) if date_raw else None,
    )


def file_source(path: Path, data: bytes, url: str | None = None, date: str = "") -> Source:
    """Provenance for a plain file, as the module docstring describes."""
    return Source(
        warcFile=path.name,
        recordId="",
        offset=0,
        length=len(data),
        targetUri=url or f"file:{path.name}",
        warcDate=date,
        payloadDigest=payload_digest(data),
    )


def normalize_file(path: Path, url: str | None = None, date: str = "") -> Article:
    """The Article of the text capture in ``path`` (UTF-8; windows-1252 as a fallback),
    finished as an extracted capture is (``textHash``; ``firstSeen`` is ``date``)."""
    from dodarchive.extract.record import finish_article  # extract builds on pages

    data = path.read_bytes()
    source = file_source(path, data, url, date)
    page = PageInput(
        url=source.targetUri,
        status=200,
        headers=(("Content-Type", "text/plain; charset=utf-8"),),
        body=data,
        source=source,
    )
    return finish_article(TextCapture(page).to_article(), source)
