"""Fold many captures of one article into one record: the article as it stands.

The same DoD article is captured under several addresses: www.defense.gov and
www.war.gov (the 2025 rename), archive.defense.gov and defenselink.mil (legacy pages),
af.mil with or without ``www.``, the ArticleCS print view
(``Print.aspx?PortalId=1&ModuleId=850&Article=N``) next to the article page
(``/News/Article-Display/Article/N/slug/``), and again on every crawl date.

:func:`dodarchive.extract.identity.article_key` names the article behind a capture;
:class:`Deduplicator` keeps, per key, only small summaries on disk (each version's best
capture's spill position, and one short JSON string per capture), so memory grows with
the number of distinct articles, never with the size of the articles or the WARCs.
Which capture stands for the article is :mod:`dodarchive.history.versions`' choice.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dodarchive.history.versions import Seen

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
    """The article key of one capture (a JSON-ready article dict) in the older
    ``FAMILY|ID_SPACE|ID`` / ``url|URL_KEY`` spelling; the identity itself is
    :func:`dodarchive.extract.identity.article_key`, which the engines use.

    >>> view = "http://www.af.mil/DesktopModules/ArticleCS/Print.aspx?ModuleId=850&Article=642693"
    >>> dedup_key({"url": view})
    'af.mil|article|642693'
    >>> dedup_key({"url": "https://www.war.gov/News/Releases/Release/Article/3981590/x/"})
    'defense.gov|article|3981590'
    >>> dedup_key({"url": "http://archive.defense.gov/Releases/Release.aspx?ReleaseID=13347",
    ...            "articleId": "13347"})
    'defense.gov|release.aspx|13347'
    """
    from dodarchive.extract.identity import article_key

    key = article_key(article)
    head, sep, _rest = key.partition(":")
    if sep and "/" not in head:
        return key.replace(":", "|", 2)
    return "url|" + key


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
    """The ``captures`` entry for an article dict, as compact deterministic JSON: the
    (original) URL, WARC-Date, capture time (``date``), ``textHash`` and source."""
    source = article["source"]
    entry = {
        "url": article["url"],
        "warcDate": source["warcDate"],
        "date": article.get("firstSeen"),
        "textHash": article.get("textHash", ""),
        "source": source,
    }
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class Deduplicator:
    """Remembers, per article key, every capture and each version's best capture.

    Call :meth:`offer` for each capture in a deterministic order; it says whether the
    capture is now the best of its version (same key and ``textHash``; best extractor,
    then newest, see :meth:`dodarchive.history.versions.Seen.choice`) and so must be
    spilled, at ``position``. Afterwards :meth:`articles` yields each key, in the order
    keys were first offered, with its captures and the spill position of each version's
    best capture. The state lives in a temporary sqlite database (in ``folder``, or in
    memory without one), so memory stays flat however many captures an archive holds.
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
            CREATE TABLE keys (seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
            CREATE TABLE versions (key TEXT NOT NULL, hash TEXT NOT NULL, best TEXT NOT NULL,
                                   position INTEGER, PRIMARY KEY (key, hash));
            CREATE TABLE captures (key TEXT NOT NULL, hash TEXT NOT NULL, rank INTEGER,
                                   sort TEXT NOT NULL, capture TEXT);
            CREATE INDEX captures_key ON captures (key);
            CREATE TABLE chosen (key TEXT PRIMARY KEY, position INTEGER NOT NULL);
            BEGIN;
            """
        )
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def offer(self, key: str, seen: Seen, position: int) -> bool:
        """Record one capture of article ``key``; True when it is now the best capture of
        its version (so its line must be kept at ``position``)."""
        sort_text = json.dumps(seen.sort)
        choice = json.dumps(seen.choice())
        self._db.execute(
            "INSERT INTO captures VALUES (?, ?, ?, ?, ?)",
            (key, seen.text_hash, seen.rank, sort_text, seen.capture),
        )
        if self._db.execute("INSERT OR IGNORE INTO keys (key) VALUES (?)", (key,)).rowcount:
            self._count += 1
        row = self._db.execute(
            "SELECT best FROM versions WHERE key = ? AND hash = ?", (key, seen.text_hash)
        ).fetchone()
        if row is None:
            self._db.execute(
                "INSERT INTO versions VALUES (?, ?, ?, ?)", (key, seen.text_hash, choice, position)
            )
            return True
        best = json.loads(row[0])
        if seen.choice() > (best[0], tuple(best[1])):
            self._db.execute(
                "UPDATE versions SET best = ?, position = ? WHERE key = ? AND hash = ?",
                (choice, position, key, seen.text_hash),
            )
            return True
        return False

    def choose(self, key: str, position: int) -> None:
        """Note the spill position of the capture that stands for article ``key``, for
        ``articles(order="chosen")``."""
        self._db.execute("INSERT OR REPLACE INTO chosen VALUES (?, ?)", (key, position))

    def articles(self, order: str = "seq") -> Iterator[tuple[str, list[Seen], dict[str, int]]]:
        """Each key with its captures and, per ``textHash``, the spill position of that
        version's best capture. Keys come in first-offered order (``seq``), sorted
        (``key``), or by the position given to :meth:`choose` (``chosen``)."""
        queries = {
            "seq": "SELECT key FROM keys ORDER BY seq",
            "key": "SELECT key FROM keys ORDER BY key",
            "chosen": "SELECT key FROM chosen ORDER BY position",
        }
        keys = self._db.cursor()
        for (key,) in keys.execute(queries[order]):
            rows = self._db.execute(
                "SELECT hash, rank, sort, capture FROM captures WHERE key = ?", (key,)
            )
            seen = [Seen(h, r, _sort_key(s), c) for h, r, s, c in rows]
            spots = self._db.execute("SELECT hash, position FROM versions WHERE key = ?", (key,))
            yield key, seen, dict(spots.fetchall())

    def close(self) -> None:
        """Drop the temporary database (idempotent)."""
        self._db.close()
        if self._tmp is not None:
            self._tmp.close()
            self._tmp = None


def _sort_key(text: str) -> CaptureKey:
    date, warc, offset, record = json.loads(text)
    return (str(date), str(warc), int(offset), str(record))
