"""Summaries of an archive or a corpus: what is in these WARC, JSONL and Parquet files.

WARC files: records by type, responses by HTTP status and by host. Article files
(JSON Lines from ``dodarchive extract``, or its Parquet): articles by page type, site,
year published (in date order), template (extractor name and version), the first and
last publication date, and how often each field is filled. Reject files: rejects by
reason. Everything is a :class:`collections.Counter`, so the figures add up across
inputs.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dodarchive.sites import classify
from dodarchive.warc.reader import WarcReadError, iter_records
from dodarchive.warc.scan import InputError, check_input

__all__ = ["FILL_FIELDS", "Stats", "add_file", "render"]

#: The fields whose fill rate ``stats`` and ``report`` show, in this order.
FILL_FIELDS: tuple[str, ...] = (
    "headline",
    "datePublished",
    "authors",
    "sourceOrganization",
    "dateline",
    "description",
    "images",
    "tags",
    "attachments",
    "relatedLinks",
    "canonicalUrl",
    "releaseNumber",
)


def filled(value: Any) -> bool:
    """True when a field holds a value (not null, empty text, or an empty list/object)."""
    return value not in (None, "", [], {})


@dataclass
class Stats:
    """All counters; a section with no entries was not present in the inputs."""

    files: Counter[str] = field(default_factory=Counter)
    record_types: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    hosts: Counter[str] = field(default_factory=Counter)
    page_types: Counter[str] = field(default_factory=Counter)
    years: Counter[str] = field(default_factory=Counter)
    templates: Counter[str] = field(default_factory=Counter)
    sites: Counter[str] = field(default_factory=Counter)
    fields: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    first_date: str | None = None
    last_date: str | None = None
    reject_reasons: Counter[str] = field(default_factory=Counter)
    problems: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        """Each counter as a dict sorted by count (descending), then name; years by date;
        ``fillRates`` as the share of articles (0-1, 3 decimals) with each field filled;
        ``dates`` the first and last ``datePublished`` day."""
        out: dict[str, Any] = {}
        for name, counter in self._sections():
            out[name] = _by_year(counter) if name == "years" else _sorted(counter)
        out["fillRates"] = (
            {f: round(self.fields[f] / self.articles, 3) for f in FILL_FIELDS}
            if self.articles
            else {}
        )
        out["dates"] = {"first": self.first_date, "last": self.last_date} if self.first_date else {}
        return out

    def _sections(self) -> list[tuple[str, Counter[str]]]:
        return [
            ("files", self.files),
            ("recordTypes", self.record_types),
            ("httpStatus", self.statuses),
            ("hosts", self.hosts),
            ("pageTypes", self.page_types),
            ("years", self.years),
            ("templates", self.templates),
            ("sites", self.sites),
            ("rejectReasons", self.reject_reasons),
            ("problems", self.problems),
        ]


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _by_year(counter: Counter[str]) -> dict[str, int]:
    """Years in date order, "unknown" last.

    >>> _by_year(Counter({"unknown": 5, "2016": 1, "2003": 9}))
    {'2003': 9, '2016': 1, 'unknown': 5}
    """
    return dict(sorted(counter.items(), key=lambda kv: (kv[0] == "unknown", kv[0])))


def add_file(stats: Stats, path: Path) -> str:
    """Count ``path`` into ``stats``; returns its kind: warc, parquet, jsonl.

    Raises :class:`~dodarchive.warc.scan.InputError` for a file that cannot be read or
    is none of these.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise InputError(path, exc.strerror or type(exc).__name__) from None
    if head == b"PAR1":
        _add_parquet(stats, path)
        stats.files["parquet"] += 1
        return "parquet"
    try:
        check_input(path)
    except InputError:  # not a WARC: an (possibly empty) JSON Lines file, or an error
        if path.name.endswith((".warc", ".warc.gz")):
            raise  # named as a WARC: say why it is not one
        _add_jsonl(stats, path)
        stats.files["jsonl"] += 1
        return "jsonl"
    _add_warc(stats, path)
    stats.files["warc"] += 1
    return "warc"


def _add_warc(stats: Stats, path: Path) -> None:
    try:
        for rec in iter_records(path, types=None, max_body=0):
            stats.record_types[rec.ref.recordType] += 1
            if rec.ref.recordType in ("response", "revisit"):
                stats.statuses[str(rec.status) if rec.status is not None else "none"] += 1
                stats.hosts[urlsplit(rec.url).hostname or "?"] += 1
    except WarcReadError:
        stats.problems["warc-unreadable-part"] += 1


def _add_article(stats: Stats, row: dict[str, Any]) -> None:
    stats.articles += 1
    stats.page_types[str(row.get("pageType"))] += 1
    published = str(row.get("datePublished") or "")
    stats.years[published[:4] if published else "unknown"] += 1
    if len(published) >= 10:
        day = published[:10]
        stats.first_date = min(stats.first_date or day, day)
        stats.last_date = max(stats.last_date or day, day)
    extractor = row.get("extractor") or {}
    stats.templates[f"{extractor.get('name')} {extractor.get('version')}"] += 1
    info = classify(str(row.get("url") or "")) if row.get("url") else None
    stats.sites[info.site if info is not None else "off-table"] += 1
    for name in FILL_FIELDS:
        if filled(row.get(name)):
            stats.fields[name] += 1


def _add_jsonl(stats: Stats, path: Path) -> None:
    valid = invalid = 0
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except ValueError:
                invalid += 1
                if not valid:
                    raise InputError(path, "neither a WARC nor a JSON Lines file") from None
                stats.problems["invalid-json-line"] += 1
                continue
            valid += 1
            if not isinstance(row, dict):
                stats.problems["invalid-json-line"] += 1
            elif "headline" in row:
                _add_article(stats, row)
            elif "reason" in row:
                stats.reject_reasons[str(row["reason"])] += 1
            else:
                stats.problems["unknown-json-object"] += 1


def _add_parquet(stats: Stats, path: Path) -> None:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(path, "reading Parquet needs pyarrow") from None
    wanted = {"url", "pageType", "datePublished", "extractor", *FILL_FIELDS}
    columns = [c for c in pq.read_schema(path).names if c in wanted]
    table = pq.read_table(path, columns=columns)
    for row in table.to_pylist():
        _add_article(stats, row)


_TITLES = {
    "files": "input files by kind",
    "recordTypes": "WARC records by type",
    "httpStatus": "responses by HTTP status",
    "hosts": "responses by host",
    "pageTypes": "articles by page type",
    "years": "articles by year published",
    "templates": "articles by template (extractor version)",
    "sites": "articles by site",
    "rejectReasons": "rejects by reason",
    "problems": "problems reading the inputs",
}


def render(stats: Stats) -> str:
    """A plain-text report: one small table per non-empty section."""
    blocks = []
    data = stats.to_dict()
    if data["dates"]:
        dates = data["dates"]
        blocks.append(f"articles published {dates['first']} to {dates['last']}")
    for name, counts in data.items():
        if not counts or name in ("fillRates", "dates"):
            continue
        width = max(len(k) for k in counts)
        total = sum(counts.values())
        lines = [f"{_TITLES[name]} ({total})"]
        lines += [f"  {key:<{width}}  {value:>8}" for key, value in counts.items()]
        blocks.append("\n".join(lines))
    if data["fillRates"]:
        lines = [f"field fill rates ({stats.articles} articles)"]
        lines += [
            f"  {name:<18}  {stats.fields[name]:>8}  {100 * rate:5.1f}%"
            for name, rate in data["fillRates"].items()
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
