"""What the report shows, counted from the corpus files: pure data, no drawing.

:func:`load` reads an output folder (``articles.jsonl``, ``articles.rejects.jsonl``, and when
present ``summary.json``, ``versions.jsonl`` and ``awards.jsonl``) or named files, and
returns a :class:`ReportData` of plain counters and rows. Everything here is
deterministic: the same files give the same figures, in the same order.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dodarchive.inventory import FILL_FIELDS, filled
from dodarchive.sites import classify

__all__ = ["FILL_FIELDS", "Edit", "ReportData", "ReportInputError", "load"]


class ReportInputError(Exception):
    """An input of the report cannot be read (missing, not JSON Lines, wrong shape)."""


@dataclass(frozen=True)
class Edit:
    """One changed version of an article, from ``dodarchive history`` output."""

    article_key: str
    version: int
    headline: str
    first_seen: str
    significance: float
    added: int
    removed: int
    url: str


@dataclass
class ReportData:
    """Counters behind every chart and table of the report."""

    articles: int = 0
    by_month_site: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_month_type: Counter[tuple[str, str]] = field(default_factory=Counter)
    undated: int = 0
    first_date: str | None = None
    last_date: str | None = None
    templates: Counter[str] = field(default_factory=Counter)
    #: per template: how many of its articles have each field filled
    filled: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    rejects: Counter[str] = field(default_factory=Counter)
    skips: Counter[str] = field(default_factory=Counter)
    organizations: Counter[str] = field(default_factory=Counter)
    authors: Counter[str] = field(default_factory=Counter)
    edits: list[Edit] = field(default_factory=list)
    history_given: bool = False
    awards_given: bool = False
    award_count: int = 0
    dollars_by_month: Counter[str] = field(default_factory=Counter)
    dollars_by_agency: Counter[str] = field(default_factory=Counter)
    awards_by_contractor: Counter[str] = field(default_factory=Counter)
    dollars_by_contractor: Counter[str] = field(default_factory=Counter)
    sources: list[str] = field(default_factory=list)


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSON Lines file; a line that is not one is an input error."""
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise ReportInputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise ReportInputError(f"{path}:{n}: not JSON Lines ({exc})") from exc
            if not isinstance(row, dict):
                raise ReportInputError(f"{path}:{n}: a line is not a JSON object")
            yield row


def _site(url: str) -> str:
    info = classify(url) if url else None
    return info.site if info is not None else "off-table"


def add_article(data: ReportData, row: dict[str, Any]) -> None:
    """Count one article record (a line of ``articles.jsonl``) into ``data``."""
    if "headline" not in row or "pageType" not in row:
        raise ReportInputError("an article line lacks headline/pageType: is this articles.jsonl?")
    data.articles += 1
    template = str((row.get("extractor") or {}).get("name") or "unknown")
    data.templates[template] += 1
    for name in FILL_FIELDS:
        if filled(row.get(name)):
            data.filled[template][name] += 1
    published = str(row.get("datePublished") or "")
    if len(published) >= 7:
        month = published[:7]
        data.by_month_site[month, _site(str(row.get("url") or ""))] += 1
        data.by_month_type[month, str(row.get("pageType"))] += 1
        day = published[:10]
        data.first_date = min(data.first_date or day, day)
        data.last_date = max(data.last_date or day, day)
    else:
        data.undated += 1
    if row.get("sourceOrganization"):
        data.organizations[str(row["sourceOrganization"])] += 1
    for author in row.get("authors") or []:
        if isinstance(author, dict) and author.get("name"):
            data.authors[str(author["name"])] += 1


def add_version(data: ReportData, row: dict[str, Any]) -> None:
    """Count one line of ``dodarchive history`` output; versions after the first are edits."""
    data.history_given = True
    changes = row.get("changes")
    if not changes or int(row.get("version") or 1) < 2:
        return
    captures = row.get("captures") or [{}]
    data.edits.append(
        Edit(
            article_key=str(row.get("articleKey") or ""),
            version=int(row["version"]),
            headline=str(row.get("headline") or ""),
            first_seen=str(row.get("firstSeen") or ""),
            significance=float(changes.get("significance") or 0.0),
            added=len(changes.get("added") or []),
            removed=len(changes.get("removed") or []),
            url=str(captures[0].get("url") or ""),
        )
    )


def add_award(data: ReportData, row: dict[str, Any]) -> None:
    """Count one award row (``dodarchive extract --records awards`` output)."""
    data.awards_given = True
    data.award_count += 1
    amount = row.get("amountUsd")
    dollars = int(amount) if isinstance(amount, int | float) else 0
    date = str(row.get("datePublished") or "")
    if len(date) >= 7 and dollars:
        data.dollars_by_month[date[:7]] += dollars
    agency = str(row.get("agency") or "unknown")
    data.dollars_by_agency[agency] += dollars
    contractors = row.get("contractors") or []
    for contractor in contractors[:1] if len(contractors) > 1 else contractors:
        # Multiple-award paragraphs state one combined value; credit no single company.
        name = contractor.get("name") if isinstance(contractor, dict) else None
        if name:
            data.awards_by_contractor[str(name)] += 1
            if len(contractors) == 1:
                data.dollars_by_contractor[str(name)] += dollars


def load(
    inputs: Path,
    *,
    history: Path | None = None,
    awards: Path | None = None,
    rejects: Path | None = None,
) -> ReportData:
    """Count ``inputs`` (an output folder, or an ``articles.jsonl``) and the optional files.

    A folder supplies ``articles.jsonl``, ``articles.rejects.jsonl``, ``summary.json`` (skip and
    reject counts of the extraction), ``versions.jsonl`` and ``awards.jsonl`` when they
    are there; files named explicitly win. Raises :class:`ReportInputError` when the
    articles cannot be read.
    """
    data = ReportData()
    summary: Path | None = None
    if inputs.is_dir():
        articles = inputs / "articles.jsonl"
        rejects = rejects or _existing(inputs / "articles.rejects.jsonl")
        summary = _existing(inputs / "summary.json")
        history = history or _existing(inputs / "versions.jsonl")
        awards = awards or _existing(inputs / "awards.jsonl")
    else:
        articles = inputs
        rejects = rejects or _existing(
            inputs.with_name(inputs.name.replace(".jsonl", "") + ".rejects.jsonl")
        )
    if not articles.is_file():
        raise ReportInputError(f"{articles}: no such file (run `dodarchive extract` first)")
    data.sources.append(str(articles))
    for row in _lines(articles):
        add_article(data, row)
    if summary is not None:
        data.sources.append(str(summary))
        _add_summary(data, summary)
    elif rejects is not None:
        data.sources.append(str(rejects))
        for row in _lines(rejects):
            data.rejects[str(row.get("reason") or "unknown")] += 1
    if history is not None:
        data.sources.append(str(history))
        data.history_given = True
        for row in _lines(history):
            add_version(data, row)
        data.edits.sort(key=lambda e: (-e.significance, e.first_seen, e.article_key, e.version))
    if awards is not None:
        data.sources.append(str(awards))
        data.awards_given = True
        for row in _lines(awards):
            add_award(data, row)
    return data


def _existing(path: Path) -> Path | None:
    return path if path.is_file() else None


def _add_summary(data: ReportData, path: Path) -> None:
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportInputError(f"{path}: not an extraction summary ({exc})") from exc
    for key, target in (("rejected", data.rejects), ("skipped", data.skips)):
        for reason, count in (summary.get(key) or {}).items():
            target[str(reason)] += int(count)
