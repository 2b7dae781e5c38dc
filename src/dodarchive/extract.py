"""Turn one archived response into an Article, a skip, or a reject.

:func:`extract_record` is the per-record function every engine (local, parallel,
Spark) calls; it is pure given its input and never raises for bad input: a bad record
becomes a ``rejected`` outcome with a reason, a non-article a ``skipped`` one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dodarchive.article import Article, Source
from dodarchive.pages import ExtractionError, NotAnArticle, PageInput, select
from dodarchive.warcreader import ArchivedResponse

__all__ = ["Outcome", "extract_page", "extract_record"]

#: Media types a page class may be asked to read.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one record: an article, or a skip/reject with a reason slug."""

    kind: Literal["article", "skipped", "rejected"]
    source: Source
    article: Article | None = None
    reason: str = ""
    detail: str = ""


def extract_page(page: PageInput) -> Article:
    """The article for ``page`` from the first page class that matches it.

    Raises :class:`~dodarchive.pages.NotAnArticle` when no template applies and
    :class:`~dodarchive.pages.ExtractionError` when the template's page is unusable.
    """
    cls = select(page)
    if cls is None:
        raise NotAnArticle("unknown-template", f"no page class matches {page.url}")
    return cls(page).to_article()


def _source(rec: ArchivedResponse) -> Source:
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


def extract_record(rec: ArchivedResponse, max_size: int = 64 * 1024 * 1024) -> Outcome:
    """Extract one WARC record. Never raises for bad input; see :class:`Outcome`."""
    source = _source(rec)
    if rec.ref.recordType != "response":
        return Outcome("skipped", source, reason=f"record-{rec.ref.recordType}")
    if rec.status is None:
        return Outcome("rejected", source, reason="no-http-status", detail="unparsable status")
    if rec.status != 200:
        return Outcome("skipped", source, reason=f"http-{rec.status}")
    if rec.warc_header("dodarchive-truncated"):
        return Outcome("rejected", source, reason="too-large", detail=f"body over {max_size}")
    if rec.content_type not in HTML_TYPES:
        return Outcome("skipped", source, reason="not-html", detail=rec.content_type)
    try:
        page = PageInput.from_record(rec, max_size=max_size)
    except ValueError as exc:
        return Outcome("rejected", source, reason="bad-content-encoding", detail=str(exc))
    try:
        article = extract_page(page)
    except NotAnArticle as exc:
        return Outcome("skipped", source, reason=exc.reason, detail=str(exc))
    except ExtractionError as exc:
        return Outcome("rejected", source, reason=exc.reason, detail=str(exc))
    except Exception as exc:  # one bad record must never stop a run
        return Outcome("rejected", source, reason="extractor-crash", detail=repr(exc)[:500])
    return Outcome("article", source, article=article)
