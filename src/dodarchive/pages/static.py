"""Static DefenseLink pages, about 2000-2005 (``/transcripts/YYYY/trYYYYMMDD-slug.html``).

No copy of this template survives in our corpus; the class follows the corpus README's
description and is strict: every part is located by its comment marker, and a page
missing any of them is left to the fallback.

- ``<!-- headline -->`` … the title; ``<!-- ddi-presenter -->`` … the presenter line;
- ``<!-- publish-date -->`` date ``<!-- publish-date -->`` (the same marker twice);
- ``<!-- main-content -->`` … ``<!-- /main-content -->`` (or the ``p.last-updated``) the text;
- ``<p class="last-updated">Updated <!-- last-updated -->24 Apr 2003<!-- /last-updated --></p>``;
- ``meta name="category"`` / ``"subcategory"`` become tags; iso-8859-1 text.
"""

from __future__ import annotations

import re
from typing import ClassVar

from bs4 import BeautifulSoup

from dodarchive.article import Article
from dodarchive.pages.base import ExtractionError, Page, PageInput
from dodarchive.pages.byline import parse_person, split_names
from dodarchive.pages.common import body_of, build_article, check_complete, meta_content
from dodarchive.pages.fallback import url_page_type
from dodarchive.pages.text import collapse, find_date, iso_date

__all__ = ["StaticDefenseLinkPage"]

_MARKERS = (b"<!-- headline -->", b"<!-- ddi-presenter -->", b"<!-- main-content -->")
_TIME = re.compile(r"\b(\d{1,2}):(\d{2})\s*([ap])\.?m\.?\s*(EDT|EST)\b", re.I)
_UPDATED = re.compile(r"<!-- last-updated -->(.*?)<!-- /last-updated -->", re.S)


def _after(text: str, marker: str) -> str:
    """The markup after ``<!-- marker -->`` up to the next comment or block end."""
    start = text.index(f"<!-- {marker} -->") + len(f"<!-- {marker} -->")
    end = re.compile(r"<!--|</(?:td|div|p|h\d|span)>", re.I).search(text, start)
    return text[start : end.start() if end else len(text)]


def _iso_datetime(text: str) -> str | None:
    """ISO 8601 of "Thursday, April 24, 2003 - 1:30 p.m. EDT": with time and offset only
    when the page gives a US Eastern zone.

    >>> _iso_datetime("Thursday, April 24, 2003 - 1:30 p.m. EDT")
    '2003-04-24T13:30:00-04:00'
    >>> _iso_datetime("April 24, 2003")
    '2003-04-24'
    """
    day = find_date(text)
    clock = _TIME.search(text)
    if not day or not clock:
        return day
    hour = int(clock.group(1)) % 12 + (12 if clock.group(3).lower() == "p" else 0)
    offset = {"EDT": "-04:00", "EST": "-05:00"}[clock.group(4).upper()]
    return f"{day}T{hour:02d}:{clock.group(2)}:00{offset}"


def _plain(markup: str) -> str:
    return collapse(BeautifulSoup(markup, "lxml").get_text(" "))


class StaticDefenseLinkPage(Page):
    """A static DefenseLink transcript or news page marked up with comment markers."""

    template: ClassVar[str] = "static-defenselink"
    guarantees: ClassVar[tuple[str, ...]] = ("datePublished", "authors")
    version: ClassVar[str] = "3"  # 2: transcript turns; 3: issue 21 fields

    @classmethod
    def matches(cls, page: PageInput) -> bool:
        """Every marker present: headline, presenter, publish-date twice, main-content,
        and the ``last-updated`` paragraph."""
        body = page.body
        return (
            all(m in body for m in _MARKERS)
            and body.count(b"<!-- publish-date -->") == 2
            and b'class="last-updated"' in body
        )

    def to_article(self) -> Article:
        """The transcript; raises ExtractionError when the text has no end marker."""
        check_complete(self.page)
        text = self.page.text
        headline = _plain(_after(text, "headline"))
        presenter = _plain(_after(text, "ddi-presenter"))
        first = text.index("<!-- publish-date -->") + len("<!-- publish-date -->")
        date_text = _plain(text[first : text.index("<!-- publish-date -->", first)])
        date_raw = date_text or None
        start = text.index("<!-- main-content -->") + len("<!-- main-content -->")
        end = text.find("<!-- /main-content -->", start)
        if end < 0:
            end = text.find('<p class="last-updated"', start)
        if end < 0:
            raise ExtractionError("truncated", "no end of the main content")
        content = BeautifulSoup(f"<div>{text[start:end]}</div>", "lxml").div
        if content is None:
            raise ExtractionError("no-body", "empty main content")
        updated = _UPDATED.search(text)
        updated_raw = collapse(updated.group(1)) if updated else None
        names = re.sub(r"^(?:Presenters?|Speakers?)\s*:\s*", "", presenter, flags=re.I)
        soup = BeautifulSoup(text[: text.lower().find("<body")] or text[:4096], "lxml")
        kind = url_page_type(self.page.url)
        return build_article(
            self.page,
            type(self),
            headline=headline,
            body=body_of(content, self.page.url),
            page_type="transcript" if kind == "other" else kind,
            alternativeHeadline=presenter or None,
            authors=[parse_person(n) for n in split_names(names)],
            datePublished=_iso_datetime(date_text),
            datePublishedRaw=date_raw,
            dateModified=iso_date(updated_raw) if updated_raw else None,
            dateModifiedRaw=updated_raw,
            tags=[
                t for t in (meta_content(soup, "category"), meta_content(soup, "subcategory")) if t
            ],
        )
