"""The generic extractor against the templates, on every page that has a template.

Each page of ``/work/shared/corpus`` (``INDEX.tsv``) and of ``tests/fixtures/pages``
that a template extracts is also given, as if unknown, to :class:`GenericPage` and to
trafilatura alone (``bare_extraction`` with metadata). Both are compared with the
template's article: body F1 on 4-gram word shingles (multiset), headline exact, date
exact (the day; over pages whose template gives a date), authors exact (names in order)
and pages whose body holds a boilerplate phrase the template's body does not. One table,
a row per template::

    PYTHONPATH=src .venv/bin/python bench/bench_generic.py [--corpus DIR] [--worst N]

``--write`` replaces the "Generic extractor vs templates" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import trafilatura  # noqa: E402

from dodarchive.article import Source  # noqa: E402
from dodarchive.fixtures import load_case  # noqa: E402
from dodarchive.pages import ExtractionError, NotAnArticle, PageInput, select  # noqa: E402
from dodarchive.pages.boilerplate import BOILERPLATE_PHRASES  # noqa: E402
from dodarchive.pages.generic import GenericPage  # noqa: E402
from dodarchive.pages.text import collapse  # noqa: E402
from dodarchive.sites import wayback_original  # noqa: E402

CORPUS = Path("/work/shared/corpus")
SECTION = "Generic extractor vs templates"
#: Chrome that must never be body text (the shared phrases plus print-view links).
PHRASES = (*BOILERPLATE_PHRASES, "PRINT | E-MAIL", "PHOTO DETAILS", "DOWNLOAD HI-RES")


def _warc_date(value: str) -> str:
    value = value.strip()
    if re.fullmatch(r"\d{14}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:8]}T{value[8:10]}:{value[10:12]}:00Z"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value + "T23:59:59Z"
    try:
        return parsedate_to_datetime(value).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return ""


def corpus_pages(root: Path) -> list[tuple[str, PageInput]]:
    """(name, page) for every HTML file of the corpus index."""
    pages = []
    with (root / "INDEX.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            path = root / row["file"]
            if not path.name.endswith(".html") or "excerpt" in path.name.lower():
                continue
            url = wayback_original(row["url"]) or row["url"]
            source = Source(
                warcFile="corpus", recordId=row["file"], offset=0, length=path.stat().st_size,
                targetUri=url, warcDate=_warc_date(row["fetched_at"]), payloadDigest="",
            )  # fmt: skip
            page = PageInput(url, 200, (("Content-Type", "text/html"),), path.read_bytes(), source)
            pages.append((row["file"], page))
    return pages


def fixture_pages() -> list[tuple[str, PageInput]]:
    """(name, page) for every page fixture case with an expected article."""
    cases = sorted((ROOT / "tests" / "fixtures" / "pages").glob("*/*/output.json"))
    return [(str(c.parent.relative_to(ROOT)), load_case(c.parent)) for c in cases]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of n-grams of whitespace-separated words."""
    words = text.split()
    return Counter(tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 1)))


def f1(candidate: str, reference: str) -> float:
    """Body F1 of 4-gram shingles (0 when either side is empty)."""
    a, b = shingles(candidate), shingles(reference)
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r)


@dataclass
class Result:
    """One extractor's fields for a page (empty when it failed)."""

    body: str = ""
    headline: str = ""
    date: str | None = None
    authors: tuple[str, ...] = ()
    error: str = ""


def generic(page: PageInput) -> Result:
    """GenericPage's article for ``page``."""
    try:
        a = GenericPage(page).to_article()
    except (ExtractionError, NotAnArticle) as exc:
        return Result(error=f"{type(exc).__name__}:{exc.reason}")
    return Result(a.articleBody, a.headline, (a.datePublished or "")[:10] or None,
                  tuple(x.name for x in a.authors))  # fmt: skip


def trafilatura_alone(page: PageInput) -> Result:
    """trafilatura's own text, title, date and author (bounded by the capture day)."""
    day = page.source.warcDate[:10] or None
    params: dict[str, Any] = {"extensive_search": False}
    if day:
        params["max_date"] = day
    doc: Any = trafilatura.bare_extraction(
        page.text, url=page.url, with_metadata=True, include_comments=False,
        include_tables=True, deduplicate=False, date_extraction_params=params,
    )  # fmt: skip
    if doc is None:
        return Result(error="none")
    author = collapse(str(doc.author or ""))
    names = tuple(collapse(n) for n in author.split(";") if collapse(n)) if author else ()
    return Result(str(doc.text or ""), collapse(str(doc.title or "")),
                  str(doc.date)[:10] if doc.date else None, names)  # fmt: skip


@dataclass
class Row:
    """Per-template sums."""

    pages: int = 0
    dated: int = 0
    f1: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    headline: Counter[str] = field(default_factory=Counter)
    date: Counter[str] = field(default_factory=Counter)
    authors: Counter[str] = field(default_factory=Counter)
    boilerplate: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)


def main() -> int:
    """Run the comparison and print (or write) the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--worst", type=int, default=0, help="list the N worst generic pages")
    parser.add_argument("--only", default="", help="only templates containing this")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    pages = fixture_pages() + (corpus_pages(args.corpus) if args.corpus.exists() else [])
    rows: dict[str, Row] = defaultdict(Row)
    seen: set[str] = set()
    worst: list[tuple[float, str, str]] = []
    for name, page in pages:
        digest = hashlib.sha256(page.body).hexdigest()
        cls = select(page)
        if cls is None or digest in seen or args.only not in cls.template:
            continue
        seen.add(digest)
        try:
            ref = cls(page).to_article()
        except (ExtractionError, NotAnArticle):
            continue
        row = rows[cls.template]
        row.pages += 1
        ref_date = (ref.datePublished or "")[:10] or None
        row.dated += ref_date is not None
        ref_authors = tuple(x.name for x in ref.authors)
        for label, res in (("generic", generic(page)), ("trafilatura", trafilatura_alone(page))):
            score = f1(res.body, ref.articleBody)
            row.f1[label] += score
            row.headline[label] += res.headline == ref.headline
            row.date[label] += ref_date is not None and res.date == ref_date
            row.authors[label] += res.authors == ref_authors
            row.failed[label] += bool(res.error)
            row.boilerplate[label] += any(
                p in res.body and p not in ref.articleBody for p in PHRASES
            )
            if label == "generic":
                bad = [
                    f"F1 {score:.3f}" if score < 0.95 else "",
                    f"headline {res.headline!r} != {ref.headline!r}"
                    if res.headline != ref.headline else "",
                    f"date {res.date} != {ref_date}" if ref_date and res.date != ref_date else "",
                    f"authors {res.authors} != {ref_authors}" if res.authors != ref_authors else "",
                    res.error,
                ]  # fmt: skip
                worst.append((score, name, "; ".join(b for b in bad if b)))
    lines = [
        (
            "| template | pages | body F1 generic | body F1 trafilatura | headline generic "
            "| headline trafilatura | date generic | date trafilatura | authors generic "
            "| authors trafilatura | boilerplate generic / trafilatura | failed generic |"
        ),
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    total = Row()
    for template, row in sorted(rows.items()):
        lines.append(_line(template, row))
        total.pages += row.pages
        total.dated += row.dated
        for label in ("generic", "trafilatura"):
            total.f1[label] += row.f1[label]
            for attr in ("headline", "date", "authors", "boilerplate", "failed"):
                getattr(total, attr)[label] += getattr(row, attr)[label]
    lines.append(_line("**all**", total))
    print("\n".join(lines))
    for score, name, what in sorted(worst)[: args.worst]:
        print(f"{score:.3f} {name}: {what}")
    for _, name, what in sorted(worst)[args.worst :]:
        if what and args.worst:
            print(f"      {name}: {what}")
    if args.write:
        _write(lines)
    return 0


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f}% ({n}/{d})" if d else "n/a"


def _line(template: str, row: Row) -> str:
    g, t = "generic", "trafilatura"
    n = row.pages
    return (
        f"| {template} | {n} | {row.f1[g] / n:.4f} | {row.f1[t] / n:.4f} "
        f"| {_pct(row.headline[g], n)} | {_pct(row.headline[t], n)} "
        f"| {_pct(row.date[g], row.dated)} | {_pct(row.date[t], row.dated)} "
        f"| {_pct(row.authors[g], n)} | {_pct(row.authors[t], n)} "
        f"| {row.boilerplate[g]} / {row.boilerplate[t]} | {row.failed[g]} |"
    )


def _write(lines: list[str]) -> None:
    from benchlib import RESULTS

    text = RESULTS.read_text(encoding="utf-8")
    head = f"## {SECTION}"
    table = "\n".join(lines)
    start = text.find(head)
    if start < 0:
        text = text.rstrip("\n") + f"\n\n{head}\n\n{table}\n"
    else:
        end = text.find("\n## ", start + len(head))
        block = text[start : end if end >= 0 else len(text)]
        old = re.search(r"\| template \|.*?(?=\n(?!\|))", block + "\n", re.S)
        new = block.replace(old.group(0), table) if old else f"{block.rstrip()}\n\n{table}\n"
        text = text[:start] + new + (text[end:] if end >= 0 else "")
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
