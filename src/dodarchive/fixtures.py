"""Saved-response fixture cases, web-poet style: one folder per case.

Layout of a case folder::

    CASE/inputs/HttpResponse-body.html   body bytes as archived (Content-Encoding undone)
    CASE/inputs/HttpResponse-info.json   {"url", "status", "headers": [[k, v]], "source": {}}
    CASE/output.json                     the expected Article (hand-checked), or
    CASE/exception.json                  {"type": "NotAnArticle" | "ExtractionError", "reason": ...}

JSON is written with ``ensure_ascii=False, sort_keys=True, indent=2`` so goldens diff
cleanly.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dodarchive.article import Source, dumps
from dodarchive.pages import ExtractionError, NotAnArticle, PageInput

__all__ = [
    "CASE_FILES",
    "PAGES_DIR",
    "case_result",
    "case_slug",
    "load_case",
    "save_case",
    "template_of",
    "write_case_input",
    "write_json",
    "write_result",
]

PAGES_DIR = Path("tests/fixtures/pages")
BODY = "HttpResponse-body.html"
INFO = "HttpResponse-info.json"
#: The files :func:`save_case` writes, relative to the case folder.
CASE_FILES = (f"inputs/{BODY}", f"inputs/{INFO}", "output.json", "exception.json")


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as golden-file JSON (sorted keys, indent 2, UTF-8, trailing newline)."""
    path.write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n", encoding="utf-8"
    )


def write_case_input(case: Path, page: PageInput) -> None:
    """Save ``page`` as the inputs of fixture folder ``case`` (created if needed)."""
    inputs = case / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    (inputs / BODY).write_bytes(page.body)
    info = {
        "url": page.url,
        "status": page.status,
        "headers": [list(h) for h in page.headers],
        "source": asdict(page.source),
    }
    write_json(inputs / INFO, info)


def load_case(case: Path) -> PageInput:
    """The :class:`PageInput` saved in fixture folder ``case``."""
    inputs = case / "inputs"
    info = json.loads((inputs / INFO).read_text(encoding="utf-8"))
    return PageInput(
        url=info["url"],
        status=info["status"],
        headers=tuple((k, v) for k, v in info["headers"]),
        body=(inputs / BODY).read_bytes(),
        source=Source(**info["source"]),
    )


def case_result(case: Path) -> dict[str, Any]:
    """Run the extractor on ``case``: the article as a dict, or ``{"exception": {...}}``."""
    from dodarchive.extract.record import extract_page

    try:
        article = extract_page(load_case(case))
    except (NotAnArticle, ExtractionError) as exc:
        return {"exception": {"type": type(exc).__name__, "reason": exc.reason}}
    result: dict[str, Any] = json.loads(dumps(article))
    return result


def template_of(page: PageInput) -> str:
    """The template folder a case of ``page`` belongs in: the matching page class's
    ``template``, else ``non-article`` or ``fallback``."""
    from dodarchive.pages import select
    from dodarchive.pages.fallback import non_article_reason

    cls = select(page)
    if cls is not None:
        return cls.template
    return "non-article" if non_article_reason(page) else "fallback"


def case_slug(url: str) -> str:
    """A folder name for a case of ``url``: host label plus path and query, slugged.

    Never empty (a URL with nothing to slug, like ``http://www./``, gets ``case-`` and a
    hash of the URL: an empty name would make the case folder the template folder).

    >>> case_slug("http://www.defense.gov/releases/release.aspx?releaseid=13347")
    'defense-releases-release-aspx-releaseid-13347'
    >>> case_slug("http://www./")
    'case-438992b9b092'
    """
    parts = urlsplit(url)
    host = parts.hostname or "local"
    label = host.removeprefix("www.").split(".")[0]
    slug = re.sub(r"[^a-z0-9]+", "-", f"{label} {parts.path} {parts.query}".lower()).strip("-")
    slug = slug[:80].rstrip("-")
    return slug or "case-" + hashlib.sha1(url.encode("utf-8", "replace")).hexdigest()[:12]  # noqa: S324


def save_case(warc: Path, offset: int, dest: Path | None = None, *, force: bool = False) -> Path:
    """Save the response record at ``offset`` of ``warc`` as a fixture case, with the
    current result as ``output.json`` (or ``exception.json``); returns the case folder.

    Raises ``ValueError`` when there is no response record at ``offset`` and
    ``FileExistsError`` when the case exists and ``force`` is false. With ``force``, only
    the case's own files (:data:`CASE_FILES`) are replaced; anything else in the folder
    (notes, ``meta.json``, a mistyped ``--dest``'s contents) is left alone.
    """
    from dodarchive.warc.reader import iter_records

    rec = next(iter(iter_records(warc, start=offset, limit=1, types=None)), None)
    if rec is None or rec.ref.recordType != "response" or rec.ref.offset != offset:
        raise ValueError(f"{warc}: no response record at offset {offset}")
    page = PageInput.from_record(rec)
    case = dest or PAGES_DIR / template_of(page) / case_slug(page.url)
    if case.exists():
        if not force:
            raise FileExistsError(f"{case} exists (use --force to overwrite)")
        for name in CASE_FILES:  # only what a save writes: never the folder's other files
            (case / name).unlink(missing_ok=True)
    write_case_input(case, page)
    write_result(case)
    return case


def write_result(case: Path) -> dict[str, Any]:
    """Write ``case``'s current result as its golden file: ``output.json``, or
    ``exception.json`` when the page is rejected or skipped (the other one is removed);
    returns the result. For a deliberate change of output, to be reviewed with git diff."""
    result = case_result(case)
    if "exception" in result:
        (case / "output.json").unlink(missing_ok=True)
        write_json(case / "exception.json", result["exception"])
    else:
        (case / "exception.json").unlink(missing_ok=True)
        write_json(case / "output.json", result)
    return result
