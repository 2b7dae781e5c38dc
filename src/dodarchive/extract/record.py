"""Turn one archived response into an Article, a skip, or a reject.

:func:`extract_record` is the per-record function every engine (local, parallel,
Spark) calls; it is pure given its input and never raises for bad input: a bad record
becomes a ``rejected`` outcome with a reason, a non-article a ``skipped`` one.

Order of decisions for a page: damaged input (empty, binary) is rejected; then the
first template in :data:`~dodarchive.pages.PAGE_CLASSES` that matches extracts it; then
plain non-articles (robots.txt, feeds, images, home pages, listings) are skipped; the
rest goes to the trafilatura fallback. Refusals (a CDN's "Access Denied", a 429, a
challenge page; :func:`~dodarchive.downloadermiddlewares.refusals.refusal_kind`) are
skipped with reason ``refused``, even when served with status 200. WARC ``conversion``
records (text/plain, as in WET files) are normalized by :mod:`dodarchive.pages.textcapture`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from dodarchive.article import Article, Source
from dodarchive.blocking import refusal_kind
from dodarchive.extract.identity import capture_time, text_hash, unwrap
from dodarchive.pages import ExtractionError, NotAnArticle, PageInput, select
from dodarchive.pages.base import source_of
from dodarchive.pages.fallback import TrafilaturaPage, non_article_reason
from dodarchive.pages.textcapture import TextCapture
from dodarchive.records import page_records
from dodarchive.warc.reader import ArchivedResponse, from_warcio

__all__ = [
    "EXTRACTORS",
    "EXTRACT_TYPES",
    "MAX_BODY",
    "MAX_HTML_SIZE",
    "Outcome",
    "check_body",
    "extract_page",
    "extract_record",
    "finish_article",
    "record_notes",
]

#: ``--extractor`` values: the first matching template (``auto``), or the generic page
#: class on every page (``generic``), e.g. to compare it with the templates.
EXTRACTORS = ("auto", "generic")
#: Media types a page class may be asked to read.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})
#: WARC record types extract_record looks at (others are skipped by type).
EXTRACT_TYPES = frozenset({"response", "revisit", "conversion"})
#: Share of control bytes above which a body is binary, not text.
_BINARY_SHARE = 0.02
_CONTROL = bytes([*range(9), *range(14, 32)])
#: Largest decoded HTML body a page class parses (4 MiB); larger ones are rejected as
#: ``too-large``. Real DoD article pages are 10-300 KB; parsing costs ~1 s per MB and
#: ~50x the body in memory, so this bounds every record to seconds and a few hundred MB.
MAX_HTML_SIZE = 4 * 1024 * 1024
#: Most bytes of a stored body extraction reads (and of a decoded body it inflates): a
#: longer one is rejected ``too-large`` without being held in memory whole.
MAX_BODY = 64 * 1024 * 1024
#: Largest body handed to the trafilatura fallback (1 MiB): it runs ~10 s per MB of
#: markup, so bigger unknown pages are rejected as ``too-large`` instead.
MAX_FALLBACK_SIZE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one record: an article, or a skip/reject with a reason slug."""

    kind: Literal["article", "skipped", "rejected"]
    source: Source
    article: Article | None = None
    reason: str = ""
    detail: str = ""
    notes: tuple[str, ...] = ()
    """Record notes of an article: what did not parse into awards, casualties, careers
    (``awards/unparsed``...); the article keeps its body and gets no partial record."""


def check_body(body: bytes) -> None:
    """Raise ``ExtractionError`` for an empty or binary body (``empty-body``,
    ``binary-body``).

    >>> check_body(b"<html>ok</html>")
    >>> check_body(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    Traceback (most recent call last):
    ...
    dodarchive.pages.base.ExtractionError: body is binary (3 control bytes in the first 10)
    """
    if not body.strip():
        raise ExtractionError("empty-body", "the body is empty")
    head = body[:4096]
    control = len(head) - len(head.translate(None, _CONTROL))
    if b"\x00" in head or control > _BINARY_SHARE * len(head):
        msg = f"body is binary ({control} control bytes in the first {len(head)})"
        raise ExtractionError("binary-body", msg)


def finish_article(article: Article, source: Source) -> Article:
    """``article`` with what every engine adds after its page class: a web-archive
    capture's original URL (the archive's in ``archivedUrl``), the ``textHash``, and
    ``firstSeen``/``lastSeen`` set to this capture's time (the archive's timestamp for
    a web-archive capture, else the WARC-Date; null without either)."""
    wrapped = unwrap(source.targetUri)
    url = article.url
    archived = None
    if wrapped.archived_url is not None:
        archived = wrapped.archived_url
        url = unwrap(url).url
    when = capture_time(source.targetUri, source.warcDate)
    return replace(
        article,
        url=url,
        archivedUrl=archived,
        textHash=text_hash(article.headline, article.paragraphs),
        firstSeen=when,
        lastSeen=when,
    )


def extract_page(page: PageInput, extractor: str = "auto") -> Article:
    """The article for ``page``: its template's, or the fallback's; with ``extractor``
    ``"generic"``, :class:`~dodarchive.pages.generic.GenericPage`'s whatever the template.
    Finished by :func:`finish_article`; a web-archive capture is read as its original URL.

    Raises :class:`~dodarchive.pages.NotAnArticle` for non-articles and
    :class:`~dodarchive.pages.ExtractionError` when the page is unusable, including
    ``too-large`` beyond :data:`MAX_HTML_SIZE` (:data:`MAX_FALLBACK_SIZE` for the
    fallback).
    """
    original = unwrap(page.url).url
    if original != page.url:
        page = replace(page, url=original)
    return finish_article(_page_article(page, extractor), page.source)


def _page_article(page: PageInput, extractor: str) -> Article:
    check_body(page.body)
    if len(page.body) > MAX_HTML_SIZE:
        raise ExtractionError("too-large", f"body of {len(page.body)} bytes > {MAX_HTML_SIZE}")
    cls = select(page) if extractor == "auto" else None
    if cls is not None:
        return cls(page).to_article()
    reason = non_article_reason(page)
    if reason:
        raise NotAnArticle(*reason)
    if page.content_type not in HTML_TYPES:
        raise NotAnArticle("not-html", page.content_type)
    if len(page.body) > MAX_FALLBACK_SIZE:
        msg = f"body of {len(page.body)} bytes > {MAX_FALLBACK_SIZE} for the fallback"
        raise ExtractionError("too-large", msg)
    return TrafilaturaPage(page).to_article()


def _conversion(rec: ArchivedResponse, source: Source) -> Outcome:
    ctype = (rec.warc_header("Content-Type") or "text/plain").split(";", 1)[0].strip().lower()
    if ctype != "text/plain":
        return Outcome("skipped", source, reason="not-text", detail=ctype)
    page = PageInput(
        url=unwrap(source.targetUri).url,
        status=200,
        headers=(("Content-Type", "text/plain; charset=utf-8"),),
        body=rec.body,
        source=source,
    )
    try:
        check_body(page.body)
        article = finish_article(TextCapture(page).to_article(), source)
        return Outcome("article", source, article=article)
    except ExtractionError as exc:
        return Outcome("rejected", source, reason=exc.reason, detail=str(exc))
    except Exception as exc:  # one bad record must never stop a run
        return Outcome("rejected", source, reason="extractor-crash", detail=repr(exc)[:500])


def _refused(status: int, headers: tuple[tuple[str, str], ...], rec: ArchivedResponse) -> str:
    """The refusal kind of a non-200 record (:func:`refusal_kind`), or ""."""
    if status not in (403, 429, 503):
        return ""
    try:
        body = rec.decoded_body(max_size=1 << 20)
    except ValueError:
        body = rec.body
    return refusal_kind(status, headers, body) or ""


def extract_record(
    rec: ArchivedResponse | Any,
    max_size: int = MAX_BODY,
    extractor: str = "auto",
    documents: Callable[[str], bytes | None] | None = None,
) -> Outcome:
    """Extract one WARC record (``extractor`` as in :func:`extract_page`). Never raises
    for bad input; see :class:`Outcome`.

    ``rec`` is an :class:`ArchivedResponse` from :mod:`dodarchive.warc.reader`, or a plain
    warcio record from the caller's own ``ArchiveIterator`` (read here with
    :func:`~dodarchive.warc.reader.from_warcio`; its provenance then has no file name or
    offset). ``max_size`` caps the decoded body; a record read with its stored body cut
    (by ``iter_records(max_body=...)``) is rejected ``too-large`` naming that read limit.
    ``documents`` finds archived documents by URL (:class:`~dodarchive.extract.documents.
    DocumentIndex`): a page whose body only points to a PDF takes the PDF's text.
    """
    if not isinstance(rec, ArchivedResponse):
        rec = from_warcio(rec, max_body=max_size)
    source = source_of(rec)
    if cut := rec.warc_header("dodarchive-truncated"):
        limit = cut if cut.isdigit() else "the read limit"
        detail = f"stored body over {limit} bytes, the most extraction reads"
        return Outcome("rejected", source, reason="too-large", detail=detail)
    if rec.ref.recordType == "conversion":
        return _conversion(rec, source)
    if rec.ref.recordType != "response":
        return Outcome("skipped", source, reason=f"record-{rec.ref.recordType}")
    if rec.status is None:
        return Outcome("rejected", source, reason="no-http-status", detail="unparsable status")
    if rec.status != 200:
        kind = _refused(rec.status, rec.http_headers, rec)
        if kind:
            return Outcome("skipped", source, reason="refused", detail=kind)
        return Outcome("skipped", source, reason=f"http-{rec.status}")
    try:
        page = PageInput.from_record(rec, max_size=max_size, documents=documents)
    except ValueError as exc:  # BodyDecodeError names what is wrong with the body
        reason = getattr(exc, "reason", "bad-content-encoding")
        return Outcome("rejected", source, reason=reason, detail=str(exc))
    if page.content_type in HTML_TYPES:
        try:  # damaged input is rejected first: a binary blob saying "enable javascript"
            check_body(page.body)  # is no challenge page
        except ExtractionError as exc:
            return Outcome("rejected", source, reason=exc.reason, detail=str(exc))
    challenge = refusal_kind(200, page.headers, page.body)
    if challenge:  # a challenge page served as 200 is not the page
        return Outcome("skipped", source, reason="refused", detail=challenge)
    if page.content_type not in HTML_TYPES:
        reason = non_article_reason(page)
        if reason:
            return Outcome("skipped", source, reason=reason[0], detail=reason[1])
        return Outcome("skipped", source, reason="not-html", detail=page.content_type)
    try:
        article = extract_page(page, extractor)
    except NotAnArticle as exc:
        return Outcome("skipped", source, reason=exc.reason, detail=str(exc))
    except ExtractionError as exc:
        return Outcome("rejected", source, reason=exc.reason, detail=str(exc))
    except Exception as exc:  # one bad record must never stop a run
        return Outcome("rejected", source, reason="extractor-crash", detail=repr(exc)[:500])
    return Outcome("article", source, article=article, notes=record_notes(article))


def record_notes(article: Article) -> tuple[str, ...]:
    """The record notes of an article (cached: the page class already parsed them)."""
    if article.pageType not in {"contract", "release", "transcript", "biography"}:
        return ()
    return page_records(
        article.pageType,
        article.paragraphs,
        article.headlineRaw or article.headline,
        article.datePublished,
        article.description,
    ).notes
