"""Diff pages people can read: ``dodarchive history --html DIR``.

One self-contained HTML page per changed article (no scripts, no external files),
named by :func:`dodarchive.report.render.diff_page_name` so ``dodarchive report
--diff-base DIR`` links to it, and an ``index.html`` listing them. Each page shows every
version with its capture dates and captures, and from version 2 on an inline word diff
against the version before it (removed words struck through in red, added words
underlined in green). With a replay base, each capture links to its replay URL
(:func:`replay_url`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dodarchive.extract.identity import normalize_text
from dodarchive.extract.output import AtomicFile
from dodarchive.history.versions import word_opcodes
from dodarchive.report.render import diff_page_name

__all__ = ["DiffPages", "inline_diff", "replay_url"]

_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #ccc;padding-top:1rem}
.meta{color:#555;font-size:.9rem}ul.captures{font-size:.85rem;color:#444}
del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:underline}
p.diff{white-space:normal}table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left;
border-bottom:1px solid #eee;vertical-align:top}
"""


def replay_url(base: str, date: str | None, url: str) -> str:
    """The replay URL of a capture: ``base`` as a template with ``{timestamp}`` (14
    digits) and ``{url}``, or else the Wayback/pywb form ``BASE/TIMESTAMP/URL``.

    >>> replay_url("http://localhost:8080/coll/", "2010-03-10T12:00:00Z", "http://a.mil/x")
    'http://localhost:8080/coll/20100310120000/http://a.mil/x'
    >>> replay_url("http://127.0.0.1:8000/{url}", None, "http://a.mil/x")
    'http://127.0.0.1:8000/http://a.mil/x'
    """
    stamp = re.sub(r"\D", "", date or "")[:14]
    if "{url}" in base:
        return base.replace("{timestamp}", stamp).replace("{url}", url)
    return f"{base.rstrip('/')}/{stamp}/{url}"


def inline_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """HTML of the body of ``new`` (an article dict) with the words removed since
    ``old`` in ``<del>`` and the words added in ``<ins>``.

    >>> inline_diff({"paragraphs": ["It cost 5 dollars."]}, {"paragraphs": ["It cost 6 dollars."]})
    '<p class=diff>It cost <del>5</del> <ins>6</ins> dollars.</p>'
    """
    old_words = normalize_text(" ".join(old["paragraphs"])).split()
    new_words = normalize_text(" ".join(new["paragraphs"])).split()
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in word_opcodes(old_words, new_words):
        if tag == "equal":
            parts.append(html.escape(" ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{html.escape(' '.join(old_words[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{html.escape(' '.join(new_words[j1:j2]))}</ins>")
    return f"<p class=diff>{' '.join(parts)}</p>"


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )


class DiffPages:
    """Writes diff pages into ``folder`` as articles are added, then ``index.html``."""

    def __init__(self, folder: Path, replay_base: str | None = None) -> None:
        self.folder = folder
        self.replay_base = replay_base
        self.index: list[tuple[str, str, int, str]] = []
        folder.mkdir(parents=True, exist_ok=True)

    def _capture(self, capture: Mapping[str, Any]) -> str:
        url = str(capture["url"])
        shown = html.escape(f"{capture.get('date') or '?'} {url}")
        where = html.escape(f"{capture['warcFile']} @ {capture['offset']}")
        if self.replay_base:
            target = str(capture.get("archivedUrl") or url)
            href = html.escape(replay_url(self.replay_base, capture.get("date"), target))
            shown = f'<a href="{href}">{shown}</a>'
        return f"<li>{shown} <span class=meta>({where})</span></li>"

    def add(self, key: str, rows: list[dict[str, Any]], texts: list[dict[str, Any]]) -> None:
        """Write the page of article ``key``: its version lines and each version's text."""
        parts = [f"<h1>{html.escape(rows[-1]['headline'])}</h1>"]
        parts.append(f"<p class=meta>{html.escape(key)} · {len(rows)} versions</p>")
        previous: dict[str, Any] | None = None
        for row, text in zip(rows, texts, strict=True):
            seen = f"{row['firstSeen']} – {row['lastSeen']}"
            parts.append(
                f"<h2>Version {row['version']} <span class=meta>({html.escape(seen)})</span></h2>"
            )
            changes = row.get("changes")
            if changes and changes.get("headline"):
                old, new = changes["headline"]["old"], changes["headline"]["new"]
                parts.append(
                    f"<p>Headline: <del>{html.escape(old)}</del> <ins>{html.escape(new)}</ins></p>"
                )
            if changes:
                parts.append(f"<p class=meta>significance {changes['significance']:.2f}</p>")
            captures = "".join(self._capture(c) for c in row["captures"])
            parts.append(f"<ul class=captures>{captures}</ul>")
            if previous is None:
                parts.extend(f"<p>{html.escape(p)}</p>" for p in text["paragraphs"])
            else:
                parts.append(inline_diff(previous, text))
            previous = text
        name = diff_page_name(key)
        self._write(name, _page(rows[-1]["headline"], "".join(parts)))
        last = rows[-1]
        self.index.append((name, str(last["headline"]), len(rows), str(last["firstSeen"])))

    def _write(self, name: str, text: str) -> None:
        out = AtomicFile(self.folder / name)
        try:
            out.fh.write(text.encode("utf-8"))
            out.commit()
        except BaseException:
            out.discard()
            raise

    def finish(self) -> None:
        """Write ``index.html``: every page, newest change first."""
        rows = "".join(
            f'<tr><td><a href="{html.escape(name)}">{html.escape(headline)}</a></td>'
            f"<td>{count}</td><td>{html.escape(seen)}</td></tr>"
            for name, headline, count, seen in sorted(
                self.index, key=lambda r: (r[3], r[0]), reverse=True
            )
        )
        table = (
            "<table><thead><tr><th>article</th><th>versions</th><th>last changed</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>"
            if rows
            else "<p>No article changed between captures.</p>"
        )
        self._write("index.html", _page("Changed articles", f"<h1>Changed articles</h1>{table}"))
