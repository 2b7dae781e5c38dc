"""The web archive as a source: CDX discovery queries and raw ``id_`` capture URLs.

A spider run with ``-a source=wayback [-a from=YYYY -a to=YYYY]`` does not ask the
sites; it asks the Internet Archive's CDX API which pages of its sites were captured
(:func:`cdx_queries`: one prefix query per URL pattern of the site table and per host,
status 200 and HTML only, collapsed by digest), then fetches each capture raw, as
``https://web.archive.org/web/<timestamp>id_/<original URL>`` (:func:`capture_url`).
The WARC records keep that archive URL as ``WARC-Target-URI`` (it is what was fetched),
and a metadata record names the original URL (:mod:`dodarchive.capture.middleware`).

The CDX API answers JSON: a header row, then one row per capture; with
``showResumeKey=true`` and a ``limit``, a page that is not the last ends with an empty row
and a row holding the resume key (:func:`parse_cdx`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from dodarchive.sites import Site

__all__ = [
    "ARCHIVE",
    "CDX_ENDPOINT",
    "Capture",
    "capture_url",
    "cdx_queries",
    "cdx_url",
    "is_archive_url",
    "is_cdx_url",
    "parse_cdx",
    "pattern_prefix",
    "site_prefixes",
]

#: The web archive's host.
ARCHIVE = "web.archive.org"
CDX_ENDPOINT = f"https://{ARCHIVE}/cdx/search/cdx"
#: Kinds of page a wayback crawl fetches (listings, feeds and media are not).
FETCHED_KINDS = frozenset({"article", "print"})
_META = set(".^$*+?{}[]|()")
_YEAR = re.compile(r"\d{4,14}")


def pattern_prefix(path_regex: str) -> str:
    """The literal start of a site-table path pattern, up to its first regex operator.

    An optional group makes the character before it optional too, so that one is cut.

    >>> pattern_prefix(r"/releases/release\\.aspx")
    '/releases/release.aspx'
    >>> pattern_prefix(r"/News(room)?/News-Stories/Article/Article/(?P<id>\\d+)")
    '/News'
    >>> pattern_prefix(r"/news/[a-z]{3}\\d{4}/(?P<id>b\\d{6})\\.html?")
    '/news/'
    >>> pattern_prefix(r"/(News(room)?|Explore)/Feature-Stories/")
    '/'
    """
    out: list[str] = []
    i = 0
    while i < len(path_regex):
        ch = path_regex[i]
        if ch == "\\":
            nxt = path_regex[i + 1 : i + 2]
            if not nxt or nxt.isalnum():  # \d, \w, \b ...: a class, not a literal
                break
            out.append(nxt)
            i += 2
            continue
        if ch in _META:
            if ch in "?*" or (ch == "{" and path_regex[i + 1 : i + 2] == "0"):
                out = out[:-1]  # the previous character is optional
            break
        out.append(ch)
        i += 1
    return "".join(out)


def site_prefixes(site: Site) -> list[str]:
    """Path prefixes covering the site's article and print patterns, fewest first.

    A prefix inside another is dropped; a pattern whose literal start is only ``/`` is
    left out (a query for a whole host is not a discovery query).
    """
    found: set[str] = set()
    for pattern in site.patterns:
        if pattern.kind not in FETCHED_KINDS:
            continue
        prefix = pattern_prefix(pattern.regex.pattern)
        if len(prefix) > 1:
            found.add(prefix.lower())
    return sorted(p for p in found if not any(p != q and p.startswith(q) for q in found))


def _query_hosts(site: Site) -> list[str]:
    """The site's hosts for CDX queries: ``www.`` dropped (the CDX key drops it too)."""
    hosts: dict[str, None] = {}
    for host in site.all_hosts:
        hosts.setdefault(host.removeprefix("www."), None)
    return list(hosts)


def cdx_url(
    prefix_url: str,
    *,
    since: str | None = None,
    until: str | None = None,
    limit: int = 0,
    resume_key: str | None = None,
) -> str:
    """The CDX API query for captures under ``prefix_url`` (``host/path``), in our order.

    >>> cdx_url("defense.gov/releases/", since="2007", limit=2)  # doctest: +NORMALIZE_WHITESPACE
    'https://web.archive.org/cdx/search/cdx?url=defense.gov%2Freleases%2F&matchType=prefix&filter=statuscode%3A200&filter=mimetype%3Atext%2Fhtml&collapse=digest&output=json&from=2007&limit=2&showResumeKey=true'
    """
    params: list[tuple[str, str]] = [
        ("url", prefix_url),
        ("matchType", "prefix"),
        ("filter", "statuscode:200"),
        ("filter", "mimetype:text/html"),
        ("collapse", "digest"),
        ("output", "json"),
    ]
    if since:
        params.append(("from", since))
    if until:
        params.append(("to", until))
    if limit:
        params += [("limit", str(limit)), ("showResumeKey", "true")]
    if resume_key:
        params.append(("resumeKey", resume_key))
    return f"{CDX_ENDPOINT}?{urlencode(params)}"


def check_year(value: str | None, name: str) -> str | None:
    """``value`` if it is a CDX timestamp prefix (YYYY to YYYYMMDDhhmmss); else ValueError."""
    if value is None or value == "":
        return None
    if not _YEAR.fullmatch(value):
        raise ValueError(f"{name} must be YYYY (up to YYYYMMDDhhmmss); got {value!r}")
    return value


def cdx_queries(
    sites: Iterable[Site], *, since: str | None = None, until: str | None = None, limit: int = 0
) -> Iterator[str]:
    """Every first-page CDX query of a wayback crawl of ``sites``, in a stable order."""
    for site in sites:
        for host in _query_hosts(site):
            for prefix in site_prefixes(site):
                yield cdx_url(host + prefix, since=since, until=until, limit=limit)


def capture_url(timestamp: str, original: str) -> str:
    """The raw capture of ``original`` at ``timestamp`` (no archive banner or rewriting).

    >>> capture_url("20101129102522", "http://www.defense.gov/releases/release.aspx?releaseid=13347")
    'https://web.archive.org/web/20101129102522id_/http://www.defense.gov/releases/release.aspx?releaseid=13347'
    """
    return f"https://{ARCHIVE}/web/{timestamp}id_/{original}"


def is_archive_url(url: str) -> bool:
    """True for any URL on the web archive's host."""
    try:
        return (urlsplit(url).hostname or "").lower() == ARCHIVE
    except ValueError:
        return False


def is_cdx_url(url: str) -> bool:
    """True for a CDX API query on the web archive.

    >>> is_cdx_url(cdx_url("defense.gov/news/")), is_cdx_url("https://web.archive.org/web/")
    (True, False)
    """
    if not is_archive_url(url):
        return False
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and parts.port in (None, 80, 443)
        and (parts.path == "/cdx/search/cdx")
    )


@dataclass(frozen=True, slots=True)
class Capture:
    """One CDX row: when, what (the original URL) and the payload digest."""

    timestamp: str
    original: str
    digest: str


def parse_cdx(body: bytes) -> tuple[list[Capture], str | None]:
    """Captures of a JSON CDX answer and its resume key (None on the last page).

    Rows are read by the header row's field names; a row without a timestamp or an
    original URL is skipped. Raises ValueError for a body that is not CDX JSON.

    >>> parse_cdx(b'[["urlkey","timestamp","original","digest"],'
    ...           b'["k","2010","http://a/x","D1"],[],["RESUME"]]')
    ([Capture(timestamp='2010', original='http://a/x', digest='D1')], 'RESUME')
    >>> parse_cdx(b"[]")
    ([], None)
    """
    rows = json.loads(body.decode("utf-8") or "[]")
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise ValueError("a CDX JSON answer is a list of rows")
    resume = None
    if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:
        resume = str(rows[-1][0])
        rows = rows[:-2]
    if not rows:
        return [], resume
    names = [str(n) for n in rows[0]]
    out = []
    for row in rows[1:]:
        fields = dict(zip(names, (str(v) for v in row), strict=False))
        if fields.get("timestamp") and fields.get("original"):
            out.append(Capture(fields["timestamp"], fields["original"], fields.get("digest", "")))
    return out, resume
