"""The Article schema: what researchers get, one JSON object per article.

Keys are schema.org camelCase names used verbatim as JSON keys (as in
zyte-common-items), extended with DoD fields and provenance. Every key is always present
(``null`` or ``[]`` when the page has no value), so JSONL lines and Parquet columns are
stable. A normalized value is paired with the raw string the page showed
(``datePublished`` / ``datePublishedRaw``), so an archive can re-normalize without
re-parsing.

Each field's docstring is its format contract; ``dodarchive.schema`` reads them to
generate ``schema/article.schema.json``.
"""

# ruff: noqa: N815 - field names are schema.org JSON keys

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

from dodarchive.records.model import (
    Assignment,
    Award,
    Casualty,
    Education,
    Person,
    Promotion,
    Turn,
)

__all__ = [
    "PAGE_TYPES",
    "Article",
    "Attachment",
    "Author",
    "Capture",
    "Extractor",
    "Fact",
    "Image",
    "Link",
    "PageType",
    "Source",
    "Video",
    "dumps",
    "json_key",
]

PageType = Literal[
    "news-article",
    "commentary",
    "fact-sheet",
    "release",
    "transcript",
    "speech",
    "advisory",
    "contract",
    "biography",
    "other",
]
PAGE_TYPES: tuple[str, ...] = PageType.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Author:
    """A person credited in the byline."""

    name: str
    """The person's name without rank or title, e.g. "John J. Kruzel", "Timothy Moore"."""
    nameRaw: str
    """The byline text for this person as the page showed it, e.g. "Staff Sgt. Timothy Moore"."""
    jobTitle: str | None = None
    """Office or role when the page gives one, e.g. "Secretary of the Air Force", "Air Force Chief of Staff"; never a rank; otherwise null."""
    rank: str | None = None
    """The military rank in one normalized form, e.g. "Tech. Sgt." for "Tech Sgt." or "TSgt", with the service when the byline names it ("Army Gen."); null when none."""
    rankRaw: str | None = None
    """The rank exactly as the byline printed it, e.g. "Tech Sgt."; null when none."""


@dataclass(frozen=True, slots=True)
class Image:
    """An image of the article, with its caption and credit split apart."""

    url: str | None
    """Absolute URL of the largest rendition the page links to; null only for text captures, which keep no URLs."""
    caption: str | None = None
    """The caption text without the credit; null when the page has none."""
    creditText: str | None = None
    """The credit, e.g. "White House photo by Eric Draper", "U.S. Air Force photo/Staff Sgt. Timothy Moore"."""
    alt: str | None = None
    """The img element's alt text as given, or null."""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A document linked as part of the article (PDF, spreadsheet, ...)."""

    url: str
    """Absolute URL of the file."""
    name: str | None = None
    """The document's title as the page gives it (link title, link text, the text around a "click here" link), else the file name without extension; never "here" or "click here"."""
    contentType: str | None = None
    """Media type guessed from the URL's extension, e.g. "application/pdf", or null."""


@dataclass(frozen=True, slots=True)
class Link:
    """A related link the article lists (not navigation)."""

    url: str
    """Absolute URL."""
    text: str | None = None
    """The link text, or null."""


@dataclass(frozen=True, slots=True)
class Video:
    """A video embedded in the article (YouTube, DVIDS, ... iframe or object)."""

    url: str
    """Absolute URL of the embedded player as the page gives it."""
    provider: str
    """Who serves it: "youtube", "dvids", "vimeo", ... (the host's name), lower-case."""
    title: str | None = None
    """The iframe's title attribute, or null."""


@dataclass(frozen=True, slots=True)
class Fact:
    """One line of a fact sheet's "General characteristics": a name and its value."""

    name: str
    """What is measured, e.g. "Wingspan", "Primary function"."""
    value: str
    """The value as printed, e.g. "55 feet (16.8 meters)"."""


@dataclass(frozen=True, slots=True)
class Source:
    """Provenance: the exact WARC record the article was extracted from."""

    warcFile: str
    """The WARC file's name (no folder), e.g. "wargov-20251102000000000-00000-host.warc.gz"."""
    recordId: str
    """The record's WARC-Record-ID, e.g. "<urn:uuid:...>"."""
    offset: int
    """Byte offset of the record in the (compressed) WARC file."""
    length: int
    """Length of the record in bytes as stored (compressed member length for .warc.gz)."""
    targetUri: str
    """The record's WARC-Target-URI."""
    warcDate: str
    """The record's WARC-Date (ISO 8601 UTC): when the page was captured."""
    payloadDigest: str | None
    """The record's WARC-Payload-Digest, e.g. "sha1:2EEWGX2L5BCO3C2RUMC6WBGUFEQZZFFE"."""


@dataclass(frozen=True, slots=True)
class Extractor:
    """Which extractor produced the article."""

    name: str
    """The page class name, e.g. "AfmilPrintArticlePage"; "trafilatura" for the fallback."""
    version: str
    """The page class's version; bumped whenever its output for a page can change."""


@dataclass(frozen=True, slots=True)
class Capture:
    """One capture of an article that deduplication folded into this record."""

    url: str
    """The captured URL (e.g. a defense.gov, war.gov or print-view address); for a web-archive capture the original URL, not the archive's."""
    warcDate: str
    """WARC-Date of that capture (when the record was fetched)."""
    source: Source
    """The WARC record of that capture."""
    date: str | None = None
    """When that capture shows the page (ISO 8601 UTC): the archive's timestamp for a web-archive capture, else its WARC-Date."""
    textHash: str = ""
    """The textHash of that capture's text: captures with one textHash are one version."""


@dataclass(frozen=True, slots=True)
class Article:
    """A press article, commentary, fact sheet, release, transcript, speech, advisory, contract or biography."""

    url: str
    """The URL of the captured page: the WARC-Target-URI of the response after redirects; for a web-archive capture the original URL it captured (the archive's URL is in archivedUrl)."""
    canonicalUrl: str | None
    """The page's own public URL, absolute: the canonical the page declares (link rel=canonical, og:url) when it names the same article id, duplicate slashes removed; for a print view, the article's display page by the site table; for an article page declaring none, its own URL; else null. Never names another article id than articleId."""
    headline: str
    """The title as the page shows it, whitespace collapsed. Never empty."""
    alternativeHeadline: str | None
    """A subtitle or deck, if the page has one; else null."""
    description: str | None
    """The page's summary (meta description or lead), if it has one; else null."""
    datePublished: str | None
    """Publication date, ISO 8601: "2007-07-02", or "2016-01-16T09:00:00-05:00" when the page gives a time. An offset only when the page gives one."""
    datePublishedRaw: str | None
    """The publication date text exactly as the page showed it, e.g. "July 2, 2007"."""
    dateModified: str | None
    """Last-modified date, ISO 8601 as for datePublished; null when the page gives none."""
    dateModifiedRaw: str | None
    """The modification date text as the page showed it, or null."""
    authors: tuple[Author, ...]
    """People in the byline, in order; empty when there is no byline."""
    sourceOrganization: str | None
    """The issuing organization as the byline or header gives it, e.g. "American Forces Press Service", "Secretary of the Air Force Public Affairs"."""
    dateline: str | None
    """The place of the dateline, without the date, e.g. "WASHINGTON", "LUXEMBOURG (AFNS)"."""
    articleBody: str
    """The article text: paragraphs joined by one blank line. No boilerplate, captions or headline."""
    paragraphs: tuple[str, ...]
    """The paragraphs of articleBody, in order, each whitespace-collapsed and non-empty."""
    articleBodyHtml: str
    """The body as HTML keeping its structure: p, h2-h4, ul/ol/li, blockquote, content tables, a (absolute href), strong/em, sup/sub, br; cleaned by one allow-list (nh3), no scripts, styles or attributes beyond href."""
    images: tuple[Image, ...]
    """Images of the article with captions and credits; empty when none."""
    tags: tuple[str, ...]
    """Keywords or categories the page assigns, in page order, without duplicates."""
    attachments: tuple[Attachment, ...]
    """Linked documents (PDF etc.) that belong to the article."""
    relatedLinks: tuple[Link, ...]
    """Links of the article's related-content block (af.mil related items, DNN related articles, legacy "Related Sites"); not site navigation."""
    pageType: PageType
    """One of: news-article, commentary (opinion), fact-sheet, release, transcript, speech, advisory, contract, biography, other."""
    articleId: str | None
    """The site's id for the article, e.g. "3981590" (ArticleCS), "13347" (legacy ReleaseID)."""
    releaseNumber: str | None
    """The release number as printed, e.g. "163-10", "CR-145-14"; null when there is none."""
    inLanguage: str
    """BCP 47 language tag of the text, e.g. "en": the page's own (html lang, Content-Language header, meta), else detected from the text: "en" for plain English prose, py3langid for other prose; a list no detector can read (codes, rosters: ASCII, function words under 5%) takes its site's `language` from the site table; "und" under 8 words."""
    source: Source
    """The WARC record this article was extracted from."""
    extractor: Extractor
    """The page class (or fallback) and version that produced this record."""
    # -- issue 21 fields (wordCount, videos, facts) --
    wordCount: int = 0
    """Number of words of articleBody (white-space separated)."""
    videos: tuple[Video, ...] = field(default=())
    """Videos embedded in the article (YouTube, DVIDS iframes), in page order; empty when none."""
    facts: tuple[Fact, ...] = field(default=())
    """A fact sheet's "General characteristics" as name/value pairs, in page order; empty otherwise."""
    # -- end of issue 21 fields --
    captures: tuple[Capture, ...] = field(default=())
    """Every capture folded into this record by deduplication (newest first); empty when not deduplicated."""
    awards: tuple[Award, ...] = ()
    """Contract awards, one per award paragraph in page order (pageType contract); empty for other pages or when none parse."""
    casualties: tuple[Casualty, ...] = ()
    """Service members named in a casualty notice (pageType release); empty for any other release."""
    turns: tuple[Turn, ...] = ()
    """Speaker turns of a transcript in order; joining their texts with a blank line gives articleBody. Empty for other pages."""
    person: Person | None = None
    """Who a biography is about (pageType biography); null for other pages."""
    education: tuple[Education, ...] = ()
    """A biography's EDUCATION lines, in order."""
    assignments: tuple[Assignment, ...] = ()
    """A biography's numbered ASSIGNMENTS (or CAREER CHRONOLOGY) lines, in order."""
    promotions: tuple[Promotion, ...] = ()
    """A biography's effective dates of promotion, in order."""
    decorations: tuple[str, ...] = ()
    """A biography's awards and decorations as printed, in order."""
    headlineRaw: str | None = None
    """For biographies, the headline exactly as printed (often all caps) when ``headline`` is its title-case form; null for other pages."""
    archivedUrl: str | None = None
    """The web-archive URL this capture was fetched from (e.g. "https://web.archive.org/web/20100310120000id_/http://..."); null for a direct capture."""
    textHash: str = ""
    """Fingerprint of the text: SHA-256 (32 hex digits) of the headline and body with whitespace, quote and dash variants normalized; page chrome never counts. One textHash is one version of the article."""
    versionCount: int | None = None
    """How many versions (distinct textHash values) the captures of this article show; null when not deduplicated."""
    firstSeen: str | None = None
    """The earliest capture time of the article (ISO 8601 UTC; the archive's timestamp for a web-archive capture); without deduplication, this capture's time."""
    lastSeen: str | None = None
    """The latest capture time of the article (ISO 8601 UTC); without deduplication, this capture's time."""

    def to_dict(self) -> dict[str, Any]:
        """A plain dict with JSON-ready values (tuples become lists); ``json.dumps`` of it
        is an output line (:func:`dumps` gives the exact bytes)."""
        return _plain(self)  # type: ignore[no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """The Article of a :meth:`to_dict` dict, e.g. one line of ``dodarchive extract``'s
        output read with ``json.loads``; raises ``TypeError`` for another shape."""
        return _build(cls, data)  # type: ignore[no-any-return]


_FIELD_NAMES: dict[type, tuple[tuple[str, str], ...]] = {}


def json_key(field_name: str) -> str:
    """The JSON key of a dataclass field: the name, less the trailing ``_`` that a Python
    keyword needs (``from_`` → ``from``)."""
    return field_name[:-1] if field_name.endswith("_") else field_name


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` with tuples as lists, without its deep copies (which took
    6% of an extraction run); the article's values are immutable anyway."""
    kind = type(value)
    if kind is str or value is None:
        return value
    names = _FIELD_NAMES.get(kind)
    if names is None and is_dataclass(value):
        names = _FIELD_NAMES[kind] = tuple((json_key(f.name), f.name) for f in fields(value))
    if names is not None:
        return {key: _plain(getattr(value, name)) for key, name in names}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _build(cls: type, data: dict[str, Any]) -> Any:
    """``cls(**data)`` with nested dataclasses built and lists made tuples, by the types
    :func:`dodarchive.schema.dataclass_fields` reads from the hints."""
    from dodarchive.schema import FieldType, dataclass_fields

    def value(ftype: FieldType, raw: Any) -> Any:
        if raw is None:
            return None
        if ftype.cls is not None:
            return _build(ftype.cls, raw)
        if ftype.items is not None:
            return tuple(value(ftype.items, item) for item in raw)
        return raw

    attrs = [f.name for f in fields(cls)]  # "from_" where the JSON key is "from"
    return cls(
        **{
            attr: value(ftype, data[key])
            for attr, (key, ftype) in zip(attrs, dataclass_fields(cls), strict=True)
            if key in data
        }
    )


def dumps(article: Article | dict[str, Any], *, indent: int | None = None) -> str:
    """Deterministic JSON for an article: sorted keys, UTF-8 text (``ensure_ascii=False``).

    ``indent=None`` gives one line (JSONL); fixtures use ``indent=2``.
    """
    data = article.to_dict() if isinstance(article, Article) else article
    separators = (",", ": ") if indent else (",", ":")
    return json.dumps(
        data, ensure_ascii=False, sort_keys=True, indent=indent, separators=separators
    )
