"""PDFs archived beside their pages (``crawl --with-media``), found by URL.

A speech page on af.mil says only "View the speech here." and links the PDF that holds
its text. When the crawl archived that PDF too, :class:`DocumentIndex` finds its record
in the same WARC set, so the page's article takes its body from the PDF
(:func:`dodarchive.pages.fields.pdf_paragraphs`) instead of being rejected as a stub.

Building the index is a first pass over every response record of the inputs (their
headers and, for PDFs only, nothing more), so it is opt-in: ``dodarchive extract
--pdf-text``. The index holds only (file, offset) per PDF URL and is small enough to go
to every worker with its batches; a PDF body is read when a stub page asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dodarchive.sites import url_key
from dodarchive.warc.reader import WarcReadError, iter_records

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

__all__ = ["PDF_TYPES", "DocumentIndex"]

#: Media types of archived documents whose text can stand for a page's body.
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
#: Largest document body read (32 MiB).
MAX_DOCUMENT = 32 * 1024 * 1024


@dataclass(frozen=True)
class DocumentIndex:
    """Where each archived PDF of a WARC set is: ``url_key`` → (WARC path, offset)."""

    where: dict[str, tuple[str, int]] = field(default_factory=dict)

    @classmethod
    def scan(cls, paths: Iterable[Path]) -> DocumentIndex:
        """The index of the 200 responses with a PDF media type in ``paths``; a damaged
        file contributes the PDFs before its damage (the main pass reports the damage)."""
        where: dict[str, tuple[str, int]] = {}
        for path in paths:
            try:
                for rec in iter_records(path, types=("response",), max_body=0):
                    if rec.status == 200 and rec.content_type in PDF_TYPES:
                        where.setdefault(url_key(rec.url), (str(path), rec.ref.offset))
            except WarcReadError:
                continue
        return cls(where)

    def __len__(self) -> int:
        return len(self.where)

    def __call__(self, url: str) -> bytes | None:
        """The decoded body of the PDF archived for ``url``, or None when there is none
        (or its record cannot be read)."""
        found = self.where.get(url_key(url))
        if found is None:
            return None
        path, offset = found
        try:
            rec = next(iter(iter_records(path, types=("response",), start=offset, limit=1)))
            return rec.decoded_body(MAX_DOCUMENT)
        except (WarcReadError, StopIteration, ValueError, OSError):
            return None
