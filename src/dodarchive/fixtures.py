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

import difflib
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
    "case_diff",
    "case_result",
    "case_slug",
    "golden_diff",
    "load_case",
    "page_result",
    "save_case",
    "template_of",
    "write_case_input",
    "write_golden",
    "write_json",
    "write_result",
]

PAGES_DIR = Path("tests/fixtures/pages")
BODY = "HttpResponse-body.html"
INFO = "HttpResponse-info.json"
#: The files :func:`save_case` writes, relative to the case folder.
CASE_FILES = (f"inputs/{BODY}", f"inputs/{INFO}", "output.json", "exception.json")


def _json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as golden-file JSON (sorted keys, indent 2, UTF-8, trailing newline)."""
    path.write_text(_json_text(data), encoding="utf-8")


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


def page_result(page: PageInput) -> dict[str, Any]:
    """Run the extractor on ``page``: the article as a dict, or ``{"exception": {...}}``."""
    from dodarchive.extract.record import extract_page

    try:
        article = extract_page(page)
    except (NotAnArticle, ExtractionError) as exc:
        return {"exception": {"type": type(exc).__name__, "reason": exc.reason}}
    result: dict[str, Any] = json.loads(dumps(article))
    return result


def case_result(case: Path) -> dict[str, Any]:
    """Run the extractor on fixture folder ``case`` (see :func:`page_result`)."""
    return page_result(load_case(case))


def _golden(result: dict[str, Any]) -> tuple[str, str]:
    if "exception" in result:
        return "exception.json", _json_text(result["exception"])
    return "output.json", _json_text(result)


def golden_diff(case: Path, result: dict[str, Any]) -> str:
    """A unified diff from ``case``'s golden file (output.json or exception.json) to the
    one ``result`` would write; "" when they are the same. A case with no golden yet diffs
    against an empty file."""
    old: list[str] = []
    old_name = "output.json"
    for name in ("output.json", "exception.json"):
        if (case / name).exists():
            old_name = name
            old = (case / name).read_text(encoding="utf-8").splitlines(keepends=True)
            break
    new_name, new_text = _golden(result)
    lines = difflib.unified_diff(
        old, new_text.splitlines(keepends=True), f"a/{case}/{old_name}", f"b/{case}/{new_name}"
    )
    return "".join(lines)


def write_golden(case: Path, result: dict[str, Any]) -> None:
    """Write ``result`` as ``case``'s golden file, removing the other kind if present."""
    name, text = _golden(result)
    for stale in {"output.json", "exception.json"} - {name}:
        (case / stale).unlink(missing_ok=True)
    (case / name).write_text(text, encoding="utf-8")


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


def _record_page(warc: Path, offset: int) -> PageInput:
    from dodarchive.warc.reader import iter_records

    rec = next(iter(iter_records(warc, start=offset, limit=1, types=None)), None)
    if rec is None or rec.ref.recordType != "response" or rec.ref.offset != offset:
        raise ValueError(f"{warc}: no response record at offset {offset}")
    return PageInput.from_record(rec)


def case_diff(warc: Path, offset: int, dest: Path | None = None) -> tuple[Path, str]:
    """(case folder, diff) for saving the record at ``offset`` of ``warc``: the unified
    diff :func:`save_case` would make to the golden file of an existing case ("" when
    none or when the case is new). Writes nothing."""
    page = _record_page(warc, offset)
    case = dest or PAGES_DIR / template_of(page) / case_slug(page.url)
    return case, golden_diff(case, page_result(page)) if case.exists() else ""


def save_case(warc: Path, offset: int, dest: Path | None = None, *, force: bool = False) -> Path:
    """Save the response record at ``offset`` of ``warc`` as a fixture case, with the
    current result as ``output.json`` (or ``exception.json``); returns the case folder.

    Raises ``ValueError`` when there is no response record at ``offset`` and
    ``FileExistsError`` when the case exists and ``force`` is false (show the change
    with :func:`case_diff` first: goldens are never replaced unseen). With ``force``, only
    the case's own files (:data:`CASE_FILES`) are replaced; anything else in the folder
    (notes, ``meta.json``, a mistyped ``--dest``'s contents) is left alone.
    """
    page = _record_page(warc, offset)
    case = dest or PAGES_DIR / template_of(page) / case_slug(page.url)
    if case.exists():
        if not force:
            raise FileExistsError(f"{case} exists (use --force to overwrite)")
        for name in CASE_FILES:  # only what a save writes: never the folder's other files
            (case / name).unlink(missing_ok=True)
    write_case_input(case, page)
    write_golden(case, case_result(case))
    return case


def write_result(case: Path) -> dict[str, Any]:
    """Write ``case``'s current result as its golden file (:func:`write_golden`) and
    return it: for a deliberate change of output, reviewed with ``git diff``."""
    result = case_result(case)
    write_golden(case, result)
    return result
