"""The Python API: dodarchive as a library, for researchers (see ``docs/api.md``).

- :func:`extract_html`: one page's HTML in, an :class:`~dodarchive.article.Article` or
  None out, like ``trafilatura.extract``;
- :func:`iter_articles`: the Articles of WARC files or folders, the records
  ``dodarchive extract`` writes;
- :func:`iter_records`: the archived responses themselves.

Each is a thin layer over the modules the command line uses (``extract.record``,
``extract.local``, ``warc.reader``, ``warc.files``), so the library and the tool agree.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from dodarchive.article import Article, Source
from dodarchive.capture.records import payload_digest
from dodarchive.extract.local import Options, run_extract
from dodarchive.extract.record import EXTRACT_TYPES, extract_page, extract_record
from dodarchive.pages import ExtractionError, NotAnArticle, PageInput
from dodarchive.warc import reader
from dodarchive.warc.files import warc_files
from dodarchive.warc.reader import RESPONSE_TYPES, ArchivedResponse, WarcReadError

__all__ = ["extract_html", "iter_articles", "iter_records"]

logger = logging.getLogger(__name__)

Paths = str | Path | Iterable[str | Path]
Headers = Mapping[str, str] | Sequence[tuple[str, str]]


def extract_html(html: str | bytes, url: str, *, headers: Headers | None = None) -> Article | None:
    """The Article of one page, or None when it is not an article or cannot be read.

    The page goes through the same choice as a WARC record in ``dodarchive extract``:
    the first page template that matches, else the trafilatura fallback; home pages,
    listings, feeds and the like give None. ``html`` as text is taken as decoded;
    bytes are decoded by the charset in ``headers`` or the document, as for a capture.
    ``headers`` are the HTTP response headers (a mapping or pairs), if known. The
    article's ``source`` names no WARC: ``targetUri`` is ``url``, ``payloadDigest`` the
    SHA-1 of the bytes read, ``warcDate`` empty.
    """
    pairs = list(headers.items() if isinstance(headers, Mapping) else headers or ())
    if isinstance(html, str):
        body = html.encode("utf-8")
        media = next((v for k, v in pairs if k.lower() == "content-type"), "text/html")
        pairs = [(k, v) for k, v in pairs if k.lower() != "content-type"]
        pairs.append(("Content-Type", f"{media.split(';', 1)[0].strip()}; charset=utf-8"))
    else:
        body = html
        if not any(k.lower() == "content-type" for k, _ in pairs):
            pairs.append(("Content-Type", "text/html"))
    source = Source(
        warcFile="",
        recordId="",
        offset=0,
        length=len(body),
        targetUri=url,
        warcDate="",
        payloadDigest=payload_digest(body),
    )
    page = PageInput(url=url, status=200, headers=tuple(pairs), body=body, source=source)
    try:
        return extract_page(page)
    except (NotAnArticle, ExtractionError):
        return None


def iter_records(
    paths: Paths, *, types: Collection[str] | None = RESPONSE_TYPES
) -> Iterator[ArchivedResponse]:
    """The archived responses (and revisits) of WARC files, folders or glob patterns,
    file by file in the order given, each file in record order.

    ``types`` picks other WARC record types (None: every record). Inputs are checked
    first, as ``dodarchive extract`` checks them
    (:class:`~dodarchive.warc.scan.InputError`); a file damaged part-way raises
    :class:`~dodarchive.warc.reader.WarcReadError` after its last whole record.
    """
    for path in warc_files(_as_list(paths)):
        yield from reader.iter_records(path, types=types)


def iter_articles(paths: Paths, *, dedup: bool = True, workers: int = 1) -> Iterator[Article]:
    """The Articles of WARC files, folders or glob patterns: the records
    ``dodarchive extract`` writes.

    With ``dedup`` (the default, as the command's) each article comes once, as it
    stands (its current version's best capture), carrying every capture in
    ``captures``; the work runs first on the local engine with ``workers`` processes,
    through temporary files. Without it every
    capture is yielded as it is read (``--all-captures``). Either way the order is the
    command's: input order, then record offset. Inputs are checked first
    (:class:`~dodarchive.warc.scan.InputError`); a file damaged part-way gives its
    whole records, and the damage is logged as a warning.
    """
    files = warc_files(_as_list(paths))
    if not dedup:
        yield from _every_capture(files)
        return
    with tempfile.TemporaryDirectory(prefix="dodarchive-") as tmp:
        out = Path(tmp) / "articles.jsonl"
        summary = run_extract(files, out, Path(tmp) / "rejects.jsonl", Options(workers=workers))
        for label in summary.damaged:
            logger.warning("%s is damaged: only its whole records were read", label)
        with out.open(encoding="utf-8") as fh:
            for line in fh:
                yield Article.from_dict(json.loads(line))


def _every_capture(files: list[Path]) -> Iterator[Article]:
    for path in files:
        try:
            for rec in reader.iter_records(path, types=EXTRACT_TYPES):
                outcome = extract_record(rec)
                if outcome.article is not None:
                    yield outcome.article
        except WarcReadError as exc:
            logger.warning("%s is damaged: only its whole records were read (%s)", path, exc)


def _as_list(paths: Paths) -> list[str | Path]:
    if isinstance(paths, str | Path):
        return [paths]
    return list(paths)
