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
import re
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from dodarchive.history.versions import Seen

__all__ = [
    "CaptureKey",
    "Deduplicator",
    "capture_json",
    "capture_sort_key",
    "dedup_key",
    "site_family",
]

#: Hosts that serve one and the same DoD press archive.
_DEFENSE_GOV = frozenset(
    {
        "defense.gov",
        "war.gov",
        "archive.defense.gov",
        "defenselink.mil",
        "archive.defenselink.mil",
        "dod.defense.gov",
    }
)
_ARTICLECS_ID = re.compile(r"/article/(\d+)(?:/|$)", re.I)
_PRINT_ID = re.compile(r"(?:^|&)article=(\d+)(?:&|$)", re.I)
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$)", re.I)

#: Sort key of a capture: newest WARC-Date first, then a deterministic tie-break.
CaptureKey = tuple[str, str, int, str]


def site_family(host: str) -> str:
    """The site a host belongs to, for article identity.

    >>> site_family("www.war.gov"), site_family("archive.defense.gov"), site_family("AF.MIL")
    ('defense.gov', 'defense.gov', 'af.mil')
    """
    host = host.lower().rstrip(".")
    host = host.removeprefix("www.")
    return "defense.gov" if host in _DEFENSE_GOV else host


def _id_namespace(path: str) -> str:
    """Which id space an ``articleId`` on this path belongs to.

    ArticleCS ids (article pages and their print views) share one space per site; each
    legacy ``.aspx`` page type (release.aspx?releaseid=, newsarticle.aspx?id=) has its own.
    """
    lower = path.lower()
    last = lower.rsplit("/", 1)[-1]
    if "/article/" in lower or last == "print.aspx":
        return "article"
    if last.endswith((".aspx", ".asp", ".cfm", ".html", ".htm")):
        return last
    return "id"


def _url_id(url: str) -> str | None:
    parts = urlsplit(url)
    found = _ARTICLECS_ID.search(parts.path)
    if parts.path.lower().endswith("/print.aspx"):
        found = _PRINT_ID.search(parts.query) or found
    return found.group(1) if found else None


def normalize_url(url: str) -> str:
    """A comparison form of ``url``: no scheme, site family, lower-case path, no trailing
    slash or fragment, tracking parameters dropped, the rest of the query sorted.

    >>> normalize_url("https://www.war.gov/News/Releases/?b=2&utm_source=x&a=1#top")
    'defense.gov/news/releases?a=1&b=2'
    """
    parts = urlsplit(url.strip())
    query = sorted(
        (k.lower(), v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING.match(k)
    )  # fmt: skip
    path = parts.path.lower().rstrip("/")
    tail = f"?{urlencode(query)}" if query else ""
    return f"{site_family(parts.hostname or '')}{path}{tail}"


def dedup_key(article: Mapping[str, Any]) -> str:
    """The identity of the article behind one capture (a JSON-ready article dict).

    With an id (the page's ``articleId``, else one in the URL: ``/Article/N/`` or a print
    view's ``Article=N``): ``SITE|NAMESPACE|ID``. Otherwise the normalized canonical URL
    (else the captured URL): ``url|...``.

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
    parts = urlsplit(url)
    ident = article.get("articleId") or _url_id(url)
    if ident:
        return f"{site_family(parts.hostname or '')}|{_id_namespace(parts.path)}|{ident}"
    return "url|" + normalize_url(str(article.get("canonicalUrl") or url))


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
