"""What every page class is built from and promises: :class:`PageInput` → :class:`Page`.

A page class handles exactly one page template. It is built from one archived response
and its ``to_article()`` is a pure function of that input: no I/O, no clock. Adding a
template is one new subclass registered in ``dodarchive.pages`` plus fixture folders;
``docs/extraction.md`` ("Writing a page class") says how page classes are written.
"""

from __future__ import annotations

import codecs
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from bs4 import BeautifulSoup
from w3lib.encoding import html_to_unicode, read_bom

from dodarchive.article import Extractor, Source
from dodarchive.sites import classify

if TYPE_CHECKING:
    from dodarchive.article import Article
    from dodarchive.sites import UrlInfo
    from dodarchive.warc.reader import ArchivedResponse

__all__ = ["MAX_DEPTH", "ExtractionError", "NotAnArticle", "Page", "PageInput", "decode_utf8"]

#: Deepest element nesting the body walkers follow; deeper documents are rejected as
#: ``too-deep`` (real DoD pages nest 20-40 levels; Python would hit its recursion limit).
MAX_DEPTH = 256


class ExtractionError(Exception):
    """The page is of a known template but cannot give a trustworthy article.

    ``reason`` is a short slug for counting (``no-headline``, ``no-body``,
    ``bad-encoding``...); the message says what was wrong.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class NotAnArticle(Exception):  # noqa: N818 - a verdict, not an error
    """The record is not an article (listing, home page, feed, image, robots.txt...).

    It is skipped, not rejected; ``reason`` says what it is (``listing``, ``feed``...).
    """

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


def decode_utf8(body: bytes) -> str:
    """``body`` as UTF-8 or, when it is not valid UTF-8, as windows-1252 (undecodable
    bytes become U+FFFD): legacy DoD pages label windows-1252 text as UTF-8.

    >>> decode_utf8("Bush’s".encode()), decode_utf8(b"Bush\\x92s")
    ('Bush’s', 'Bush’s')
    """
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", "replace")


def source_of(rec: ArchivedResponse) -> Source:
    """The article ``source`` (provenance) of a WARC record."""
    ref = rec.ref
    return Source(
        warcFile=ref.warcFile,
        recordId=ref.recordId,
        offset=ref.offset,
        length=ref.length,
        targetUri=ref.targetUri,
        warcDate=ref.warcDate,
        payloadDigest=ref.payloadDigest,
    )


@dataclass(frozen=True)
class PageInput:
    """One archived HTTP response, ready for a page class.

    ``body`` has its Content-Encoding undone; ``text`` decodes it by its byte order mark,
    the charset of the HTTP header, then the document's own declaration, then UTF-8
    (w3lib's ``html_to_unicode``: latin-1 and ascii labels read as windows-1252, as
    browsers do), and falls back to windows-1252 when bytes taken for UTF-8 without a
    byte order mark are not UTF-8 (as legacy DoD pages often are).
    """

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    source: Source
    #: The archived body of a linked document by its URL (None when it was not archived
    #: beside the page): lets a page whose text is a PDF take its text from the archive.
    documents: Callable[[str], bytes | None] | None = None

    @classmethod
    def from_record(
        cls,
        rec: ArchivedResponse,
        max_size: int = 64 * 1024 * 1024,
        documents: Callable[[str], bytes | None] | None = None,
    ) -> PageInput:
        """Build from a WARC response record; raises ``ValueError`` for undecodable bodies."""
        ref = rec.ref
        return cls(
            url=ref.targetUri,
            status=rec.status or 0,
            headers=rec.http_headers,
            body=rec.decoded_body(max_size),
            source=source_of(rec),
            documents=documents,
        )

    @cached_property
    def url_info(self) -> UrlInfo | None:
        """What the site table says the page's URL is (``sites.classify``): site, kind,
        page type, article id, section, family; None off the table."""
        return classify(self.url)

    @property
    def article_id(self) -> str | None:
        """The site's id for the page by the site table (``3981590``, a ReleaseID, ...)."""
        return self.url_info.article_id if self.url_info is not None else None

    def header(self, name: str) -> str | None:
        """First value of HTTP header ``name`` (case-insensitive), or None."""
        lname = name.lower()
        return next((v for k, v in self.headers if k.lower() == lname), None)

    @property
    def content_type(self) -> str:
        """Media type without parameters, lower-cased."""
        return (self.header("Content-Type") or "").split(";", 1)[0].strip().lower()

    @cached_property
    def text(self) -> str:
        """The body decoded to text (see the class docstring for the order of guesses)."""
        encoding, text = html_to_unicode(self.header("Content-Type"), self.body)
        utf8 = codecs.lookup(encoding).name == "utf-8"
        if utf8 and "\ufffd" in text and read_bom(self.body)[0] is None:
            return decode_utf8(self.body)  # the windows-1252 fallback on top
        return text

    @cached_property
    def soup(self) -> BeautifulSoup:
        """The parsed document (lxml's HTML parser)."""
        return BeautifulSoup(self.text, "lxml")


class Page(ABC):
    """Base class of all page classes: one subclass per template.

    Subclasses set ``template`` (a short slug shown in stats) and ``version`` (bump it
    whenever output for some page can change), implement :meth:`matches` (cheap: URL
    and a few bytes) and :meth:`to_article` (pure).
    """

    template: ClassVar[str]
    version: ClassVar[str] = "1"
    #: Article fields this template always fills (non-null, non-empty) beyond the ones
    #: every article has; the JSON Schema makes them required for this extractor.
    guarantees: ClassVar[tuple[str, ...]] = ()

    def __init__(self, page: PageInput) -> None:
        self.page = page

    @classmethod
    @abstractmethod
    def matches(cls, page: PageInput) -> bool:
        """Whether this class handles ``page``'s template. Must not raise."""

    @abstractmethod
    def to_article(self) -> Article:
        """The article; raises :class:`ExtractionError` rather than return a partial one."""

    @classmethod
    def extractor(cls) -> Extractor:
        """The ``extractor`` value this class stamps on its articles."""
        return Extractor(name=cls.__name__, version=cls.version)
