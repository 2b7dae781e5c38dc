"""Which article a capture is, when it was captured, and which text it shows.

Three small, pure answers that deduplication (``extract``) and ``history`` share:

- :func:`article_key`: one key per article across http/https, host aliases, URL forms,
  print views and web-archive captures, read off the site table
  (:func:`dodarchive.sites.classify`): ``FAMILY:ID_SPACE:ID`` when the table (or the
  page) gives an id, e.g. ``defense.gov:release.aspx:13347`` or
  ``af.mil:article:104469``; otherwise the page's canonical (else captured) URL in
  :func:`url_key` form, e.g. ``defense.gov/about/sitemap``. Articles are never merged
  on their headline or text, so two different articles with one headline stay apart.
- :func:`unwrap`: a Wayback-style capture URL ``/web/<timestamp>[<mode>_]/<original>``
  (web.archive.org, wayback.archive-it.org, any host with that path) stands for its
  original URL, captured at the archive's timestamp.
- :func:`text_hash`: a hash of the headline and body with whitespace, quote and dash
  variants normalized, so page chrome (scripts, view state, comments, navigation) and
  typography never make a new version; a changed word does.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from dodarchive import sites
from dodarchive.sites import WAYBACK_PATH

__all__ = [
    "Unwrapped",
    "article_key",
    "capture_time",
    "normalize_text",
    "text_hash",
    "unwrap",
    "url_key",
]


class Unwrapped(NamedTuple):
    """A capture URL read as what it stands for: the original URL, and for a web-archive
    capture the archive URL and the archive's timestamp (ISO 8601 UTC), else ``None``."""

    url: str
    archived_url: str | None
    archived_at: str | None


def unwrap(url: str) -> Unwrapped:
    """The original URL behind a Wayback-style capture URL (else ``url`` itself).

    >>> wrapped = unwrap("https://web.archive.org/web/20100310120000id_/http://www.defenselink.mil/x")
    >>> wrapped.url, wrapped.archived_at, wrapped.archived_url[:43]
    ('http://www.defenselink.mil/x', '2010-03-10T12:00:00Z', 'https://web.archive.org/web/20100310120000i')
    >>> unwrap("https://wayback.archive-it.org/1234/20160102/https://www.af.mil/a").archived_at
    '2016-01-02T00:00:00Z'
    >>> unwrap("https://www.war.gov/News/").archived_url is None
    True
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return Unwrapped(url, None, None)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    found = WAYBACK_PATH.fullmatch(path) or _COLLECTION_PATH.fullmatch(path)
    when = _timestamp(found.group("ts")) if found is not None else None
    if found is None or when is None:
        return Unwrapped(url, None, None)
    return Unwrapped(found.group("url"), url, when)


#: Archive-It's form: ``/<collection>/<timestamp>[<mode>_]/<original URL>``.
_COLLECTION_PATH = re.compile(r"/\d+/(?P<ts>\d{4,14})(?:[a-z]{2}_)?/(?P<url>https?://.+)")


def _timestamp(digits: str) -> str | None:
    """A Wayback timestamp (4 to 14 digits, padded as the Wayback Machine pads them)."""
    if not 4 <= len(digits) <= 14:
        return None
    padded = digits + "0101000000"[len(digits) - 4 :] if len(digits) < 14 else digits
    try:
        when = datetime.strptime(padded, "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def capture_time(target_uri: str, warc_date: str) -> str | None:
    """When a capture shows the page: the archive's timestamp for a web-archive capture,
    else the WARC-Date, as ISO 8601 UTC (``None`` when neither is a date).

    >>> capture_time("https://web.archive.org/web/2007id_/http://a.mil/", "2025-01-01T00:00:00Z")
    '2007-01-01T00:00:00Z'
    >>> capture_time("https://www.war.gov/x", "2025-11-02T05:00:00+05:00")
    '2025-11-02T00:00:00Z'
    """
    archived = unwrap(target_uri).archived_at
    return archived or iso_utc(warc_date)


def iso_utc(value: str) -> str | None:
    """``value`` (ISO 8601) as UTC ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z``; ``None`` if unparsable.

    >>> iso_utc("2025-11-02T00:00:00Z"), iso_utc("2025-11-02T00:00:00.5Z"), iso_utc("x")
    ('2025-11-02T00:00:00Z', '2025-11-02T00:00:00.500000Z', None)
    """
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    when = when.astimezone(UTC)
    fmt = "%Y-%m-%dT%H:%M:%S.%fZ" if when.microsecond else "%Y-%m-%dT%H:%M:%SZ"
    return when.strftime(fmt)


def url_key(url: str) -> str:
    """A URL's comparison form across the hosts of one publisher
    (:func:`dodarchive.sites.url_key` with ``family``); a web-archive capture stands for
    its original URL.

    >>> url_key("https://web.archive.org/web/2010id_/http://www.war.gov/About/?b=2&a=1#x")
    'defense.gov/about?a=1&b=2'
    """
    return sites.url_key(unwrap(url).url, family=True)


def article_key(article: Mapping[str, Any]) -> str:
    """The identity of the article behind one capture (a JSON-ready article dict with
    ``url``, and when known ``articleId`` and ``canonicalUrl``).

    The id is the one the site table reads off the URL, else the page's own
    ``articleId``; family and id space are the table's for the URL.

    >>> article_key({"url": "https://www.war.gov/News/Releases/Release/Article/3981590/x/"})
    'defense.gov:article:3981590'
    >>> view = "http://www.af.mil/DesktopModules/ArticleCS/Print.aspx?ModuleId=850&Article=104469"
    >>> article_key({"url": view})
    'af.mil:article:104469'
    >>> article_key({"url": "https://web.archive.org/web/2010id_/http://www.defenselink.mil"
    ...              "/releases/release.aspx?releaseid=13347", "articleId": "13347"})
    'defense.gov:release.aspx:13347'
    >>> article_key({"url": "https://www.war.gov/About/", "canonicalUrl": None})
    'defense.gov/about'
    """
    url = unwrap(str(article.get("url") or "")).url
    info = sites.classify(url)
    ident = (info.article_id if info is not None else None) or article.get("articleId")
    if ident:
        if info is not None:
            family, space = info.family, info.id_space or "id"
        else:
            family, space = _host_family(url), "id"
        return f"{family}:{space}:{ident}"
    canonical = str(article.get("canonicalUrl") or "")
    return url_key(canonical if _same_family(canonical, url) else url)


def _host_family(url: str) -> str:
    try:
        return sites.site_family(urlsplit(url).hostname or "")
    except ValueError:
        return ""


def _same_family(canonical: str, url: str) -> bool:
    """Whether a page's canonical URL may stand for it: on the same publisher."""
    if not canonical:
        return False
    a, b = url_key(canonical), url_key(url)
    return a.split("/", 1)[0] == b.split("/", 1)[0]


#: Quote and dash variants (and the characters NFKC leaves alone) mapped to ASCII.
_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        "\u00a0": " ",
        "\u200b": None,
        "\u00ad": None,
        "\ufeff": None,
    }
)


def normalize_text(text: str) -> str:
    """``text`` with quote and dash variants made ASCII, NFKC-folded, whitespace collapsed.

    >>> normalize_text(" \u201cSecretary\u2019s\u201d  visit \u2014 2010\u00a0\\n")
    '"Secretary\\'s" visit - 2010'
    """
    if text.isascii():  # NFKC leaves ASCII alone; the backtick is its only typography
        return " ".join(text.replace("`", "'").split())
    return " ".join(unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY).split())


def text_hash(headline: str, paragraphs: Iterable[str]) -> str:
    """The version fingerprint of an article: SHA-256 (first 32 hex digits) of its
    normalized headline and body. Paragraph breaks do not count, words do.

    >>> text_hash("A \u2013 B", ["One  two.", "Three."]) == text_hash("A - B", ["One two. Three."])
    True
    >>> text_hash("A", ["One two."]) == text_hash("A", ["One three."])
    False
    """
    parts = [normalize_text(p) for p in paragraphs]
    body = " ".join(parts)
    # Normalizing the joined text again changes it only by an empty part's double space
    # when it is already NFKC (so no mapped character is left either): that is done
    # directly. Otherwise (a deleted zero-width space let marks compose) it is redone.
    if body.isascii() or unicodedata.is_normalized("NFKC", body):
        body = " ".join(filter(None, parts))
    else:
        body = normalize_text(body)
    data = f"{normalize_text(headline)}\n{body}".encode()
    return hashlib.sha256(data).hexdigest()[:32]
