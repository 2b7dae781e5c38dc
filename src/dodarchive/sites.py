"""The site table (``data/sites.toml``): which hosts exist, and what each URL is.

One table serves the spiders (entry points, pagination), the scope middleware (what may
be fetched at all) and extraction (page-type routing), so they cannot disagree.

>>> info = classify("https://www.war.gov/News/Releases/Release/Article/3981590/x/")
>>> (info.site, info.kind, info.page_type, info.article_id)
('wargov', 'article', 'release', '3981590')
>>> classify("http://www.DefenseLink.mil/Releases/Release.aspx?ReleaseID=10512").page_type
'release'
>>> print_view_url("http://www.af.mil/News/ArticleDisplay/tabid/223/Article/643354/x.aspx")
'http://www.af.mil/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId=850&Article=643354'
>>> classify("https://www.example.com/") is None, on_table("https://www.example.com/")
(True, False)
>>> url_key("https://www.War.gov:443/News/Releases/?utm_source=x&Page=2#top")
'www.war.gov/news/releases?page=2'
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote_plus, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from dodarchive.article import PAGE_TYPES

__all__ = [
    "Kind",
    "Pattern",
    "Section",
    "Site",
    "SiteTable",
    "UrlInfo",
    "classify",
    "display_url",
    "is_attachment",
    "is_media_url",
    "load_table",
    "on_table",
    "page_type",
    "print_view_url",
    "site_family",
    "site_language",
    "table",
    "url_key",
    "wayback_original",
]

Kind = Literal["article", "listing", "feed", "print", "media", "other"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]

#: ``/web/<timestamp>id_/<original URL>`` on a web archive host.
WAYBACK_PATH = re.compile(r"/web/(?P<ts>\d{1,14})(?P<mode>[a-z]{2}_)?/(?P<url>https?://.+)")


@dataclass(frozen=True, slots=True)
class UrlInfo:
    """What a URL is: its site, kind of page, schema page type, and the site's article id.

    ``page_type`` uses the Article schema's values (``news-article``, ``release``, ...,
    ``other``). ``article_id`` is the site's own id (ArticleCS number, legacy ``id=``, or
    the file name of a static DefenseLink page); ``None`` for listings and feeds.
    ``section`` names the site section (``news``, ``commentaries``, ``releases``, ...)
    when known. ``family`` names the publisher the URL's host belongs to, for article
    identity (``defense.gov`` for war.gov, archive.defense.gov, defenselink.mil, ...;
    else the host without ``www.``); ``id_space`` is the namespace of ``article_id`` on
    that family (``article`` for ArticleCS ids, shared by display pages and print views;
    ``release.aspx``, ``newsarticle.aspx``, ... for each legacy ASP.NET page type).
    """

    site: str
    kind: Kind
    page_type: str
    article_id: str | None
    section: str | None = None
    family: str = ""
    id_space: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """A DMA site section: old display ``tabid``, print-view ``module_id``, RSS type, and
    ``display``, the path of its current display page with ``{id}`` for the article id."""

    name: str
    page_type: str
    tabid: int | None = None
    module_id: int | None = None
    content_type: int | None = None
    path: str = ""
    display: str | None = None


@dataclass(frozen=True, slots=True)
class Pattern:
    """One URL shape of a site: a whole-path regex plus what a match means."""

    regex: re.Pattern[str]
    kind: Kind
    page_type: str | None = None
    id_param: str | None = None
    section: str | None = None
    id_space: str = "article"
    wrap_param: str | None = None


@dataclass(frozen=True, slots=True)
class Site:
    """One row of the site table (see the comments at the top of ``sites.toml``).

    ``extra`` keeps the row's other keys (e.g. the legacy ``live_host``) for its spider.
    """

    name: str
    title: str
    hosts: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    case_insensitive: bool = False
    pagination: str | None = None
    listings: tuple[str, ...] = ()
    rss: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    sections: tuple[Section, ...] = ()
    id_urls: dict[str, str] = field(default_factory=dict)
    dma: bool = False
    wayback: bool = False
    print_portal: int | None = None
    family: str | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def all_hosts(self) -> tuple[str, ...]:
        """Hosts and aliases, lower-case."""
        return tuple(h.lower() for h in (*self.hosts, *self.aliases))

    def section(self, name: str | None = None, *, tabid: int | None = None,
                module_id: int | None = None) -> Section | None:  # fmt: skip
        """The section with this name, tabid or print-view module id, if the table has it."""
        for sec in self.sections:
            if (
                (name is not None and sec.name == name)
                or (tabid is not None and sec.tabid == tabid)
                or (module_id is not None and sec.module_id == module_id)
            ):
                return sec
        return None


class SiteTable:
    """All sites, in table order; classification tries them in that order.

    ``hints`` are (path regex, page type) pairs for URLs no site pattern knows.
    """

    def __init__(
        self, sites: list[Site], hints: Sequence[tuple[re.Pattern[str], str]] = ()
    ) -> None:
        self.hints = tuple(hints)
        self.sites = {s.name: s for s in sites}
        self._by_host: dict[str, list[Site]] = {}
        for s in sites:
            for host in s.all_hosts:
                self._by_host.setdefault(host, []).append(s)

    def sites_for_host(self, host: str) -> list[Site]:
        """Sites serving ``host`` (case-insensitive), in table order."""
        return list(self._by_host.get(host.lower().rstrip("."), ()))

    def on_table(self, url: str) -> bool:
        """True when ``url`` is http(s) on a table host, on port 80 or 443.

        On a web archive only its ``robots.txt`` and captures of on-table URLs are. A URL
        that cannot be parsed is not.
        """
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or not host:
            return False
        try:
            if parts.port not in TABLE_PORTS:
                return False
        except ValueError:  # not a port number
            return False
        sites = self.sites_for_host(url_host(url))
        if any(s.wayback for s in sites) and parts.path != "/robots.txt":
            original = wayback_original(url)
            return original is not None and self.on_table(original)
        return bool(sites)

    def family(self, host: str) -> str:
        """The publisher family of ``host``: the site's ``family``, else the host less ``www.``.

        >>> table().family("archive.defense.gov"), table().family("WWW.AF.MIL.")
        ('defense.gov', 'af.mil')
        """
        host = host.lower().rstrip(".")
        for site in self.sites_for_host(host):
            if site.family:
                return site.family
        return host.removeprefix("www.")

    def classify(self, url: str) -> UrlInfo | None:
        """Classify ``url`` by the first matching pattern of its host's sites.

        ``None`` for a host off the table or a URL that cannot be parsed; kind ``other``
        for a table host's URL that no pattern knows. A web-archive capture URL is
        classified as the URL it captures.
        """
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return None
        host = url_host(url.strip())
        sites = self.sites_for_host(host)
        if any(s.wayback for s in sites):
            original = wayback_original(url)
            return self.classify(original) if original else None
        path = parts.path or "/"
        family = self.family(host)
        query = parse_qsl(parts.query, keep_blank_values=True)
        for site in sites:
            for pat in site.patterns:
                m = pat.regex.fullmatch(path)
                if m is None:
                    continue
                info = self._info(site, pat, m, query, family)
                if info is not None:
                    return info
        if sites:
            return UrlInfo(sites[0].name, "other", "other", None, family=family)
        return None

    def _info(
        self,
        site: Site,
        pat: Pattern,
        m: re.Match[str],
        query: list[tuple[str, str]],
        family: str,
    ) -> UrlInfo | None:
        if pat.wrap_param:  # a view of another URL (``printitem.aspx?print=URL``)
            wanted = pat.wrap_param.lower()
            inner_url = next((v for k, v in query if k.lower() == wanted), None)
            inner = self.classify(inner_url) if inner_url else None
            if inner is None or inner.kind != "article":
                return None
            return UrlInfo(
                inner.site, pat.kind, inner.page_type, inner.article_id, inner.section,
                inner.family, inner.id_space,
            )  # fmt: skip
        groups = m.groupdict()
        article_id = groups.get("id")
        if pat.id_param:
            wanted = pat.id_param.lower()
            article_id = next((v for k, v in query if k.lower() == wanted), None)
            if article_id is None or not article_id.strip().isdigit():
                return None
            article_id = article_id.strip()
        sec: Section | None = None
        if pat.section:
            sec = site.section(pat.section)
        elif groups.get("tabid"):
            sec = site.section(tabid=int(groups["tabid"]))
        elif pat.kind == "print":
            module = next((v for k, v in query if k.lower() == "moduleid"), "")
            sec = site.section(module_id=int(module)) if module.isdigit() else None
        page_type = pat.page_type or (sec.page_type if sec else "other")
        return UrlInfo(
            site.name,
            pat.kind,
            page_type,
            article_id,
            sec.name if sec else None,
            family,
            pat.id_space if article_id is not None else None,
        )

    def page_type(self, url: str) -> str:
        """The page type of ``url`` for extraction: the table's, when a site pattern
        knows the URL; else the first ``[[hints]]`` path word found (any host); else
        "other"."""
        info = self.classify(url)
        if info is not None and info.kind != "other":
            return info.page_type
        try:
            path = urlsplit(url.strip()).path.lower()
        except ValueError:
            return "other"
        return next((kind for regex, kind in self.hints if regex.search(path)), "other")

    def print_view_url(self, url: str) -> str | None:
        """The ArticleCS print view of a DMA article URL, or ``None`` when unknown.

        Needs a site with a print portal and a section whose ModuleId the table knows.
        """
        info = self.classify(url)
        if info is None or info.kind != "article" or info.article_id is None:
            return None
        site = self.sites[info.site]
        sec = site.section(info.section) if info.section else None
        if site.print_portal is None or sec is None or sec.module_id is None:
            return None
        parts = urlsplit(url)
        return (
            f"{parts.scheme}://{parts.netloc}/DesktopModules/ArticleCS/Print.aspx"
            f"?PortalId={site.print_portal}&ModuleId={sec.module_id}&Article={info.article_id}"
        )

    def display_url(self, url: str) -> str | None:
        """The display page (public URL) of the article a print view shows, on the print
        view's scheme and host, or ``None`` when the table does not know its section's
        display path (the reverse of :meth:`print_view_url`).
        """
        info = self.classify(url)
        if info is None or info.kind != "print" or info.article_id is None:
            return None
        sec = self.sites[info.site].section(info.section) if info.section else None
        if sec is None or sec.display is None:
            return None
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}{sec.display.format(id=info.article_id)}"


#: Ports a table host is fetched on (None: the scheme's default).
TABLE_PORTS = (None, 80, 443)


def url_host(url: str) -> str:
    """The host of ``url`` as scope and table compare it: lower case, no trailing dot, no
    port, IPv6 literals without brackets; ``""`` when there is none. The one host parser.

    >>> url_host("https://WWW.War.gov.:443/x"), url_host("http://[::1]:8080/"), url_host("x")
    ('www.war.gov', '::1', '')
    >>> url_host("http://bob:pw@www.af.mil/")
    'www.af.mil'
    """
    try:
        host = urlsplit(url).hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return ""
    return (host or "").rstrip(".")


def wayback_original(url: str) -> str | None:
    """The original URL inside a web-archive capture URL, else ``None``.

    >>> wayback_original("https://web.archive.org/web/20080109122741id_/http://a.mil/x?y=1")
    'http://a.mil/x?y=1'
    >>> wayback_original("https://web.archive.org/about/") is None
    True
    """
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    m = WAYBACK_PATH.fullmatch(path)
    return m.group("url") if m else None


_KNOWN_KEYS = frozenset(
    [
        "language",
        "title",
        "hosts",
        "aliases",
        "case_insensitive",
        "pagination",
        "listings",
        "rss",
        "sitemaps",
        "patterns",
        "sections",
        "id_urls",
        "dma",
        "wayback",
        "print_portal",
        "family",
    ]
)


def _site(name: str, row: dict[str, Any], language: str | None = None) -> Site:
    flags = re.IGNORECASE if row.get("case_insensitive") else 0
    patterns = []
    section_names = {s["name"] for s in row.get("sections", [])}
    for p in row.get("patterns", []):
        if p["kind"] not in KINDS:
            raise ValueError(f"site {name}: unknown kind {p['kind']!r}")
        if p.get("page_type") is not None and p["page_type"] not in PAGE_TYPES:
            raise ValueError(f"site {name}: unknown page_type {p['page_type']!r}")
        if p.get("section") and p["section"] not in section_names:
            raise ValueError(f"site {name}: unknown section {p['section']!r}")
        patterns.append(
            Pattern(
                regex=re.compile(p["path"], flags),
                kind=p["kind"],
                page_type=p.get("page_type"),
                id_param=p.get("id_param"),
                section=p.get("section"),
                id_space=p.get("id_space", "article"),
                wrap_param=p.get("wrap_param"),
            )
        )
    sections = tuple(
        Section(
            name=s["name"],
            page_type=s["page_type"],
            tabid=s.get("tabid"),
            module_id=s.get("module_id"),
            content_type=s.get("content_type"),
            path=s.get("path", ""),
            display=s.get("display"),
        )
        for s in row.get("sections", [])
    )
    return Site(
        name=name,
        title=row["title"],
        hosts=tuple(row["hosts"]),
        aliases=tuple(row.get("aliases", ())),
        case_insensitive=bool(row.get("case_insensitive", False)),
        pagination=row.get("pagination"),
        listings=tuple(row.get("listings", ())),
        rss=tuple(row.get("rss", ())),
        sitemaps=tuple(row.get("sitemaps", ())),
        patterns=tuple(patterns),
        sections=sections,
        id_urls=dict(row.get("id_urls", {})),
        dma=bool(row.get("dma", False)),
        wayback=bool(row.get("wayback", False)),
        print_portal=row.get("print_portal"),
        family=row.get("family"),
        language=row.get("language", language),
        extra={k: v for k, v in row.items() if k not in _KNOWN_KEYS},
    )


def load_table(text: str | None = None) -> SiteTable:
    """Parse a site table from TOML ``text`` (default: the packaged ``sites.toml``)."""
    if text is None:
        text = resources.files("dodarchive").joinpath("data/sites.toml").read_text("utf-8")
    data = tomllib.loads(text)
    hints = []
    for hint in data.get("hints", []):
        if hint["page_type"] not in PAGE_TYPES:
            raise ValueError(f"hint {hint['path']!r}: unknown page_type {hint['page_type']!r}")
        hints.append((re.compile(hint["path"]), hint["page_type"]))
    language = data.get("language")
    sites = [_site(name, row, language) for name, row in data["sites"].items()]
    return SiteTable(sites, hints)


@cache
def table() -> SiteTable:
    """The packaged site table, parsed once."""
    return load_table()


@lru_cache(maxsize=1024)
def classify(url: str) -> UrlInfo | None:
    """Classify ``url`` with the packaged table (see :meth:`SiteTable.classify`); cached,
    as extraction asks about one URL several times (UrlInfo is immutable)."""
    return table().classify(url)


def site_language(url: str) -> str | None:
    """The language the site serving ``url`` publishes in (``language`` in the table), or
    None for a URL on no site. The site is :func:`classify`'s (cached per URL).

    >>> site_language("https://www.af.mil/News/"), site_language("https://example.com/")
    ('en', None)
    """
    info = classify(url)
    return table().sites[info.site].language if info is not None else None


def site_family(host: str) -> str:
    """The publisher family of ``host`` (see :meth:`SiteTable.family`).

    >>> site_family("www.war.gov"), site_family("defenselink.mil"), site_family("AF.MIL")
    ('defense.gov', 'defense.gov', 'af.mil')
    """
    return table().family(host)


#: Query parameters that only track a visitor and never name a different page.
TRACKING_PARAM = re.compile(r"utm_.*|fbclid|gclid", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def url_key(url: str, *, family: bool = False) -> str:
    """The one comparison form of ``url``: two URLs with one key are one page.

    ``host[:port]/path?query`` in w3lib's canonical form (percent-encoding normalized,
    query sorted, fragment dropped), without the scheme, a default port, a trailing
    slash or tracking parameters (``utm_*``, ``fbclid``, ``gclid``); path and query are
    lower-cased on the table's case-insensitive (ASP.NET) sites. With ``family`` the
    host is replaced by its publisher family (www.war.gov and archive.defense.gov are
    one, and a web-archive capture stands for the URL it captures). A URL that cannot
    be parsed is its own key, stripped.

    >>> url_key("http://www.defense.gov/Releases/Release.aspx?ReleaseID=1&fbclid=x#top")
    'www.defense.gov/releases/release.aspx?releaseid=1'
    >>> url_key("https://www.war.gov/About/?b=2&a=1", family=True)
    'defense.gov/about?a=1&b=2'
    >>> url_key("https://www.example.com/A/B/?gclid=1")
    'www.example.com/A/B'
    """
    try:
        return _url_key(url, family=family)
    except ValueError:
        return url.strip()


def _url_key(url: str, *, family: bool) -> str:
    if family:
        url = wayback_original(url) or url
    parts = urlsplit(url.strip())
    kept = [
        piece
        for piece in parts.query.split("&")
        if piece and not TRACKING_PARAM.fullmatch(unquote_plus(piece.split("=", 1)[0]))
    ]
    scheme = parts.scheme.lower()
    canon = urlsplit(
        canonicalize_url(urlunsplit((scheme, parts.netloc, parts.path, "&".join(kept), "")))
    )
    host = (canon.hostname or "").rstrip(".")
    port = canon.port
    if family:
        host = table().family(host)
    elif port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    rest = canon.path.rstrip("/") + (f"?{canon.query}" if canon.query else "")
    info = classify(url)
    if info is not None and table().sites[info.site].case_insensitive:
        rest = rest.lower()
    return host + rest


def page_type(url: str) -> str:
    """Page type of ``url`` for extraction (see :meth:`SiteTable.page_type`).

    >>> page_type("https://www.war.gov/News/Speeches/Speech/Article/1/")
    'speech'
    >>> page_type("https://example.mil/news/transcripts/x.html"), page_type("/x")
    ('transcript', 'other')
    """
    return table().page_type(url)


def display_url(url: str) -> str | None:
    """Display page of a DMA print view (see :meth:`SiteTable.display_url`).

    >>> display_url("http://www.af.mil/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId=1042&Article=141306")
    'http://www.af.mil/News/Commentaries/Display/Article/141306/'
    """
    return table().display_url(url)


def print_view_url(url: str) -> str | None:
    """Print view of a DMA article URL (see :meth:`SiteTable.print_view_url`)."""
    return table().print_view_url(url)


def on_table(url: str) -> bool:
    """Whether ``url`` may be fetched at all (see :meth:`SiteTable.on_table`)."""
    return table().on_table(url)


def dod_url(url: str) -> bool:
    """Whether extraction reads ``url`` by default: on the table, or on any ``.mil`` host
    (the hundreds of unit and command sites without a page class go to the generic page
    class). A web-archive capture counts as the URL it captures.

    >>> dod_url("https://www.centcom.mil/MEDIA/PRESS-RELEASES/x/"), dod_url("http://x.org/")
    (True, False)
    >>> dod_url("https://web.archive.org/web/2015id_/http://www.navair.navy.mil/a.html")
    True
    """
    if on_table(url):
        return True
    original = wayback_original(url) or url
    host = url_host(original)
    return host == "mil" or host.endswith(".mil")


#: File extensions fetched only with ``DODARCHIVE_WITH_MEDIA`` (any host).
MEDIA_EXTENSIONS = frozenset(
    [
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".bmp",
        ".tif",
        ".tiff",
        ".svg",
        ".ico",
        ".pdf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".zip",
        ".mp3",
        ".mp4",
        ".mov",
        ".wav",
        ".avi",
        ".m4v",
    ]
)


def is_media_url(url: str) -> bool:
    """True for images, PDFs and other attachments: by table kind, or by file extension.

    >>> is_media_url("https://media.defense.gov/2016/Jan/15/2001335444/82/55/0/x.JPG")
    True
    >>> is_media_url("https://www.war.gov/News/Releases/")
    False
    """
    info = classify(url)
    if info is not None and info.kind == "media":
        return True
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    return any(path.endswith(ext) for ext in MEDIA_EXTENSIONS)


#: Attachment extensions: fetched from any table host with DODARCHIVE_WITH_MEDIA.
ATTACHMENT_EXTENSIONS = frozenset(
    [".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip"]
)


def is_attachment(url: str) -> bool:
    """True for document attachments (PDF, Office files, zip) by file extension.

    >>> is_attachment("https://www.war.gov/Portals/1/x.PDF?ver=1"), is_attachment("/a.png")
    (True, False)
    """
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    return any(path.endswith(ext) for ext in ATTACHMENT_EXTENSIONS)
