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

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from dodarchive.article import Source, dumps
from dodarchive.pages import ExtractionError, NotAnArticle, PageInput

__all__ = ["case_result", "load_case", "write_case_input", "write_json"]

BODY = "HttpResponse-body.html"
INFO = "HttpResponse-info.json"


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
    from dodarchive.extract import extract_page

    try:
        article = extract_page(load_case(case))
    except (NotAnArticle, ExtractionError) as exc:
        return {"exception": {"type": type(exc).__name__, "reason": exc.reason}}
    result: dict[str, Any] = json.loads(dumps(article))
    return result
