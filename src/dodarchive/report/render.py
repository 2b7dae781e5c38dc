"""Draw :class:`~dodarchive.report.data.ReportData` as one self-contained HTML page.

Charts are drawn by matplotlib into SVG and inlined, so the page makes no network
request and opens offline; every chart has its table beside it (``<details>``), so the
figures can be read exactly and by screen readers. The SVG is deterministic (fixed id
salt, no date metadata), so the same data gives the same bytes.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from dodarchive.report.data import FILL_FIELDS, ReportData

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["MissingDependencyError", "render_html"]

_TOP = 8  # series shown by name in a stacked chart; the rest are "other"
_PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)


class MissingDependencyError(Exception):
    """matplotlib, which draws the charts, is not installed."""


def _pyplot() -> Any:
    try:
        import matplotlib as mpl
    except ImportError as exc:
        raise MissingDependencyError(
            "the report needs matplotlib: pip install 'dodarchive[report]'"
        ) from exc
    mpl.use("Agg", force=True)
    mpl.rcParams.update(
        {
            "svg.hashsalt": "dodarchive",
            "svg.fonttype": "none",
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    import matplotlib.pyplot as plt

    return plt


_XML_HEAD = re.compile(r"^.*?(?=<svg\b)", re.S)


def _svg(fig: Figure) -> str:
    plt = _pyplot()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = _XML_HEAD.sub("", buf.getvalue(), count=1)
    # Scale with the page: drop the fixed size, keep the viewBox.
    return re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r'<svg\1 role="img"', svg, count=1)


def _months(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive.

    >>> _months("2019-11", "2020-02")
    ['2019-11', '2019-12', '2020-01', '2020-02']
    """
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _top(counter: Counter[str], n: int = _TOP) -> list[str]:
    """The ``n`` largest keys, ties broken by name, so the order is stable."""
    return [k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _stacked(
    pairs: Counter[tuple[str, str]], title: str, ylabel: str
) -> tuple[str, list[str], list[list[Any]]] | None:
    """A stacked monthly bar chart of ``(month, series) -> count``, and its table."""
    if not pairs:
        return None
    plt = _pyplot()
    totals: Counter[str] = Counter()
    for (_, name), n in pairs.items():
        totals[name] += n
    named = _top(totals)
    months = _months(min(m for m, _ in pairs), max(m for m, _ in pairs))
    series: list[str] = [*named, "other"] if len(totals) > len(named) else named
    grid = {s: [0] * len(months) for s in series}
    index = {m: i for i, m in enumerate(months)}
    for (month, name), n in pairs.items():
        grid[name if name in named else "other"][index[month]] += n
    fig, ax = plt.subplots(figsize=(11, 3.6))
    bottom = [0] * len(months)
    for i, name in enumerate(series):
        ax.bar(
            range(len(months)),
            grid[name],
            bottom=bottom,
            width=0.9,
            color=_PALETTE[i % len(_PALETTE)],
            label=name,
        )
        bottom = [b + v for b, v in zip(bottom, grid[name], strict=True)]
    step = max(1, len(months) // 12)
    ax.set_xticks(range(0, len(months), step), months[::step], rotation=45, ha="right")
    ax.set_title(title)
    ax.set_xlabel("month published")
    ax.set_ylabel(ylabel)
    ax.legend(ncols=min(5, len(series)), fontsize=8, frameon=False, loc="upper left")
    rows = [
        [m, *(grid[s][i] for s in series), bottom[i]] for i, m in enumerate(months) if bottom[i]
    ]
    return _svg(fig), ["month", *series, "total"], rows


def _hbars(counter: Counter[str], title: str, xlabel: str, *, n: int = 15) -> str | None:
    """A horizontal bar chart of the ``n`` largest counts."""
    if not counter:
        return None
    plt = _pyplot()
    keys = _top(counter, n)[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(keys) + 1.2))
    ax.barh(keys, [counter[k] for k in keys], color=_PALETTE[0])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    for i, k in enumerate(keys):
        ax.annotate(
            f"{counter[k]:,}",
            (counter[k], i),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    return _svg(fig)


def _fill_heatmap(data: ReportData) -> tuple[str, list[str], list[list[Any]]] | None:
    """Field fill rates per template, as a heat map (percent of that template's articles)."""
    if not data.templates:
        return None
    plt = _pyplot()
    templates = sorted(data.templates)
    rates = [[100 * data.filled[t][f] / data.templates[t] for f in FILL_FIELDS] for t in templates]
    fig, ax = plt.subplots(figsize=(11, 0.45 * len(templates) + 2))
    ax.imshow(rates, cmap="RdYlGn", vmin=0, vmax=100, aspect="auto")
    ax.set_xticks(range(len(FILL_FIELDS)), FILL_FIELDS, rotation=35, ha="right")
    ax.set_yticks(range(len(templates)), [f"{t} ({data.templates[t]})" for t in templates])
    for i, row in enumerate(rates):
        for j, rate in enumerate(row):
            ax.text(j, i, f"{rate:.0f}", ha="center", va="center", fontsize=8)
    ax.set_title("Field fill rate per template (% of its articles)")
    ax.set_xlabel("field")
    ax.set_ylabel("template (articles)")
    table = [
        [t, data.templates[t], *(f"{r:.0f}%" for r in row)]
        for t, row in zip(templates, rates, strict=True)
    ]
    return _svg(fig), ["template", "articles", *FILL_FIELDS], table


def _edits_timeline(data: ReportData) -> str | None:
    if not data.edits:
        return None
    plt = _pyplot()
    from datetime import datetime

    dated = [e for e in data.edits if e.first_seen]
    if not dated:
        return None
    xs = [datetime.fromisoformat(e.first_seen.replace("Z", "+00:00")) for e in dated]
    fig, ax = plt.subplots(figsize=(11, 3))
    ax.scatter(xs, [e.significance for e in dated], s=18, color=_PALETTE[3])
    ax.set_title("Silent edits over time (one dot per changed version)")
    ax.set_xlabel("first seen")
    ax.set_ylabel("significance (0-1)")
    ax.set_ylim(0, 1.05)
    fig.autofmt_xdate()
    return _svg(fig)


def _table(head: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    cells = "".join(f"<th>{html.escape(str(h))}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    table = f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"
    return f"<div class=table>{table}</div>"


def _cell(value: Any) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return html.escape(str(value))


def _figure(title: str, svg: str | None, head: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    if svg is None:
        return f"<figure><h3>{html.escape(title)}</h3><p class=empty>No data.</p></figure>"
    return (
        f"<figure><h3>{html.escape(title)}</h3><div class=chart>{svg}</div>"
        f"<details><summary>Table view</summary>{_table(head, rows)}</details></figure>"
    )


def _counts(counter: Counter[str]) -> list[list[Any]]:
    return [[k, v] for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def _coverage(data: ReportData) -> str:
    parts = []
    for pairs, title in (
        (data.by_month_site, "Articles per month, by site"),
        (data.by_month_type, "Articles per month, by page type"),
    ):
        chart = _stacked(pairs, title, "articles")
        parts.append(_figure(title, *(chart or (None, [], []))))
    span = f"{data.first_date} to {data.last_date}" if data.first_date else "no dated articles"
    return (
        f"<section id=coverage><h2>Coverage</h2><p>{data.articles:,} articles, published "
        f"{span}; {data.undated:,} without a publication date (not in the monthly charts)."
        f"</p>{''.join(parts)}</section>"
    )


def _quality(data: ReportData) -> str:
    heat = _fill_heatmap(data)
    parts = [_figure("Field fill rate per template", *(heat or (None, [], [])))]
    for counter, title in (
        (data.rejects, "Rejected records by reason"),
        (data.skips, "Skipped records by reason"),
    ):
        parts.append(
            _figure(
                title, _hbars(counter, title, "records"), ["reason", "records"], _counts(counter)
            )
        )
    return f"<section id=quality><h2>Quality</h2>{''.join(parts)}</section>"


def _sources(data: ReportData) -> str:
    parts = []
    for counter, title, what in (
        (data.organizations, "Top source organizations", "organization"),
        (data.authors, "Top authors", "author"),
    ):
        parts.append(
            _figure(
                title, _hbars(counter, title, "articles"), [what, "articles"], _counts(counter)[:50]
            )
        )
    return f"<section id=sources><h2>Sources</h2>{''.join(parts)}</section>"


def _edits(data: ReportData, diff_base: str | None) -> str:
    if not data.history_given:
        return ""
    rows = []
    for e in data.edits[:25]:
        title = html.escape(e.headline or e.article_key)
        if diff_base:
            href = f"{diff_base.rstrip('/')}/{diff_page_name(e.article_key)}"
            title = f'<a href="{html.escape(href)}">{title}</a>'
        rows.append(
            f"<tr><td>{title}</td><td>{e.version}</td><td>{html.escape(e.first_seen)}</td>"
            f"<td>{e.significance:.2f}</td><td>+{e.added} / -{e.removed}</td></tr>"
        )
    listing = (
        "<div class=table><table><thead><tr><th>article</th><th>version</th><th>first seen</th>"
        f"<th>significance</th><th>sentences</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        if rows
        else "<p class=empty>No article changed between captures.</p>"
    )
    timeline = _edits_timeline(data)
    chart = timeline or ""
    return (
        f"<section id=edits><h2>Edits</h2><p>{len(data.edits):,} changed versions.</p>"
        f"<figure><h3>Biggest changes</h3><div class=chart>{chart}</div>{listing}</figure>"
        "</section>"
    )


def diff_page_name(article_key: str) -> str:
    """The file name of an article's diff page under ``history --html DIR``.

    >>> diff_page_name("wargov:release:3981590")
    'wargov_release_3981590.html'
    """
    return re.sub(r"[^A-Za-z0-9._-]+", "_", article_key).strip("_") + ".html"


def _contracts(data: ReportData) -> str:
    if not data.awards_given:
        return ""
    parts = []
    months = data.dollars_by_month
    if months:
        pairs: Counter[tuple[str, str]] = Counter(
            {(m, "awards"): v // 1_000_000 for m, v in months.items()}
        )
        chart = _stacked(pairs, "Dollars announced per month (US$ millions)", "US$ millions")
        parts.append(_figure("Dollars announced per month", *(chart or (None, [], []))))
    millions = Counter({k: v // 1_000_000 for k, v in data.dollars_by_agency.items() if v})
    parts.append(
        _figure(
            "Dollars announced per agency",
            _hbars(millions, "Dollars per agency (US$ millions)", "US$ millions"),
            ["agency", "US$ millions"],
            _counts(millions),
        )
    )
    parts.append(
        _figure(
            "Top contractors by number of awards",
            _hbars(data.awards_by_contractor, "Top contractors (awards)", "awards"),
            ["contractor", "awards"],
            _counts(data.awards_by_contractor)[:50],
        )
    )
    return (
        f"<section id=contracts><h2>Contracts</h2><p>{data.award_count:,} awards.</p>"
        f"{''.join(parts)}</section>"
    )


_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;
color:#222;background:#fafafa}
main{max-width:1400px;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0}
nav a{margin-right:1rem}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem;margin:1rem 0}
figure{margin:1rem 0}
svg{width:100%;height:auto;max-width:100%}
.table,.chart{overflow-x:auto}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid #ddd;padding:2px 6px;text-align:left}
td:not(:first-child){text-align:right}
.empty{color:#777}
footer{color:#666;font-size:12px}
@media (max-width:600px){body{font-size:14px}main{padding:.4rem}section{padding:.5rem}
.chart svg{min-width:640px}}
"""


def render_html(
    data: ReportData, *, diff_base: str | None = None, title: str = "dodarchive corpus report"
) -> str:
    """The whole report page: self-contained HTML with inline SVG charts and tables."""
    sections = [
        _coverage(data),
        _quality(data),
        _sources(data),
        _edits(data, diff_base),
        _contracts(data),
    ]
    nav = "".join(
        f'<a href="#{s}">{s.capitalize()}</a>'
        for s in ("coverage", "quality", "sources", "edits", "contracts")
        if f"id={s}>" in "".join(sections)
    )
    sources = ", ".join(html.escape(s) for s in data.sources)
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body><main>"
        f"<h1>{html.escape(title)}</h1><nav>{nav}</nav>{''.join(sections)}"
        f"<footer>Made by dodarchive report from {sources}.</footer></main></body></html>\n"
    )
