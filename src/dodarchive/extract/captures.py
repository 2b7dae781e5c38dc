"""Fold many captures of one article into one record: the newest capture wins.

The same DoD article is captured under several addresses: www.defense.gov and
www.war.gov (the 2025 rename), archive.defense.gov and defenselink.mil (legacy pages),
af.mil with or without ``www.``, the ArticleCS print view
(``Print.aspx?PortalId=1&ModuleId=850&Article=N``) next to the article page
(``/News/Article-Display/Article/N/slug/``), and again on every crawl date.

:func:`dedup_key` names the article behind a capture; :class:`Deduplicator` keeps, per
key, only small summaries (the winner's sort key and spill position, and one short JSON
string per capture), so memory grows with the number of distinct articles, never with
the size of the articles or the WARCs.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dodarchive.sites import classify, site_family, url_key

__all__ = [
    "CaptureKey",
    "Deduplicator",
    "capture_json",
    "capture_sort_key",
    "dedup_key",
]

#: Sort key of a capture: newest WARC-Date first, then a deterministic tie-break.
CaptureKey = tuple[str, str, int, str]


def dedup_key(article: Mapping[str, Any]) -> str:
    """The identity of the article behind one capture (a JSON-ready article dict).

    Site family, id namespace and URL id come from the site table (``sites.classify``).
    With an id (the page's ``articleId``, else the one the table reads off the URL):
    ``FAMILY|ID_SPACE|ID``. Otherwise the canonical URL (else the captured URL) in its
    family-wide ``sites.url_key`` form: ``url|...``.

    >>> view = "http://www.af.mil/DesktopModules/ArticleCS/Print.aspx?ModuleId=850&Article=642693"
    >>> dedup_key({"url": view})
    'af.mil|article|642693'
    >>> dedup_key({"url": "https://www.war.gov/News/Releases/Release/Article/3981590/x/"})
    'defense.gov|article|3981590'
    >>> dedup_key({"url": "http://archive.defense.gov/Releases/Release.aspx?ReleaseID=13347",
    ...            "articleId": "13347"})
    'defense.gov|release.aspx|13347'
    """
    url = str(article.get("url") or "")
    info = classify(url)
    ident = article.get("articleId") or (info.article_id if info else None)
    if ident:
        if info is not None:
            family, space = info.family, info.id_space or "id"
        else:
            family, space = _host_family(url), "id"
        return f"{family}|{space}|{ident}"
    return "url|" + url_key(str(article.get("canonicalUrl") or url), family=True)


def _host_family(url: str) -> str:
    try:
        return site_family(urlsplit(url).hostname or "")
    except ValueError:
        return ""


def _utc(warc_date: str) -> str:
    try:
        when = datetime.fromisoformat(warc_date.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def capture_sort_key(source: Mapping[str, Any]) -> CaptureKey:
    """Order of captures: by WARC-Date (UTC), ties by WARC file name, offset, record id.

    The largest key is the newest capture. Unparsable dates sort oldest.
    """
    return (
        _utc(str(source.get("warcDate") or "")),
        str(source.get("warcFile") or ""),
        int(source.get("offset") or 0),
        str(source.get("recordId") or ""),
    )


def capture_json(article: Mapping[str, Any]) -> str:
    """The ``captures`` entry for an article dict, as compact deterministic JSON."""
    source = article["source"]
    entry = {"url": article["url"], "warcDate": source["warcDate"], "source": source}
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class Deduplicator:
    """Remembers, per article key, the newest capture's spill position and all captures.

    Call :meth:`offer` for each capture in a deterministic order; it says whether the
    capture is the newest so far (and so must be spilled, at ``position``). Afterwards
    :meth:`winners` yields each winning spill position with its key's captures, newest
    first, in position order. The state lives in a temporary sqlite database (in
    ``folder``, or in memory without one), so memory stays flat however many captures
    an archive holds.
    """

    def __init__(self, folder: str | Path | None = None, prefix: str = ".dedup.") -> None:
        self._tmp = None
        if folder is None:
            target = ":memory:"
        else:
            # Named like the output's other temporary files (``.NAME.PID.*.tmp``), so a
            # killed run's file is swept by ``output.sweep_stale`` on the next run.
            self._tmp = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in close()
                dir=folder, prefix=prefix, suffix=".tmp"
            )
            target = self._tmp.name
        self._db = sqlite3.connect(target, isolation_level=None)
        self._db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE groups (key TEXT PRIMARY KEY, best TEXT NOT NULL, position INTEGER);
            CREATE TABLE captures (key TEXT NOT NULL, sort TEXT NOT NULL, capture TEXT);
            CREATE INDEX captures_key ON captures (key);
            BEGIN;
            """
        )
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def offer(self, key: str, sort_key: CaptureKey, capture: str, position: int) -> bool:
        """Record one capture; True when it is now the newest of its key."""
        sort_text = json.dumps(sort_key)
        self._db.execute("INSERT INTO captures VALUES (?, ?, ?)", (key, sort_text, capture))
        row = self._db.execute("SELECT best FROM groups WHERE key = ?", (key,)).fetchone()
        if row is None:
            self._db.execute("INSERT INTO groups VALUES (?, ?, ?)", (key, sort_text, position))
            self._count += 1
            return True
        if sort_key > tuple(json.loads(row[0])):
            self._db.execute(
                "UPDATE groups SET best = ?, position = ? WHERE key = ?", (sort_text, position, key)
            )
            return True
        return False

    def winners(self) -> Iterator[tuple[int, list[str]]]:
        """Each key's newest capture's spill position, with all its captures, newest first."""
        groups = self._db.cursor()
        for key, position in groups.execute("SELECT key, position FROM groups ORDER BY position"):
            rows = self._db.execute("SELECT sort, capture FROM captures WHERE key = ?", (key,))
            ranked = sorted(((tuple(json.loads(k)), c) for k, c in rows), reverse=True)
            yield position, [c for _, c in ranked]

    def close(self) -> None:
        """Drop the temporary database (idempotent)."""
        self._db.close()
        if self._tmp is not None:
            self._tmp.close()
            self._tmp = None
