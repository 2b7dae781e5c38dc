"""A DoD-aware page class for pages no template knows (unit and command sites, army.mil,
older static pages): trafilatura locates the main text, DoD conventions do the rest.

:class:`GenericPage` reads trafilatura's main-text tree as lines (every paragraph,
heading, list item, line break and table cell ends a line; layout tables are read as
text, never as " | " joined cells), then applies what the templates know:

- the headline is chosen among ``og:title``, ``<title>`` without its site-name part,
  h1/h2 and title-classed elements, judged against the body: a section title
  ("Press Releases", "News", a nav link's text, the site name) loses to the specific
  heading nearest the start of the body;
- dates are the DoD forms printed near the headline ("08-Jun-05", "November 02, 2015",
  "Feb. 19, 2026", "19 Feb 2026", "2015-11-02"), then meta tags, then URL dates, never
  later than the WARC-Date (and never the crawl clock);
- "By Sgt. Pat Example, 1st Brigade Public Affairs" bylines give rank-aware authors and
  the organization; the dateline ("WASHINGTON (AFNS) --", "TAMPA, Fla. —") is split off
  the first paragraph; "Release No. 15-123", "Release # 20151102-01" and "NR-123-15"
  give ``releaseNumber``; "FOR IMMEDIATE RELEASE", the date and byline lines and share
  chrome never stay in the body; photo captions with credits become images;
- the page type comes from the site table where the host is known, else from URL and
  page cues ("/article/ID/", "/news/", "Press Release", "Transcript", "Speech").
"""

from __future__ import annotations

import html
import re
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qs, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from dodarchive.article import PAGE_TYPES, Article, Author, Image, PageType
from dodarchive.pages.base import ExtractionError, NotAnArticle, Page, PageInput
from dodarchive.pages.boilerplate import is_boilerplate
from dodarchive.pages.byline import parse_person, split_names
from dodarchive.pages.common import (
    Body,
    build_article,
    canonical_url,
    check_complete,
    dateline_prefix,
    meta_content,
    split_credit,
)
from dodarchive.pages.mainarea import (
    CAPTION_CREDIT,
    DocLine,
    Line,
    container_lines,
    doc_lines,
    find_line,
    is_caption,
    link_list,
    locate_main,
    nav_texts,
    norm,
    tokens_say,
    tree_lines,
)
from dodarchive.pages.text import collapse, iso_date
from dodarchive.sites import classify
from dodarchive.sites import page_type as url_page_type

if TYPE_CHECKING:
    pass

__all__ = [
    "GenericPage",
    "find_date",
    "find_release_number",
    "parse_generic_byline",
    "split_generic_dateline",
    "title_parts",
]

#: Fewer words than this in the main text is not an article.
MIN_WORDS = 40

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MON = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE_PATTERNS = (
    # November 02, 2015 / Feb. 19, 2026 / Sept 30 2025
    re.compile(
        _MON + r"\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})\b", re.I
    ),
    # 19 Feb 2026 / 19 February, 2026
    re.compile(r"\b(?P<day>\d{1,2})\s+" + _MON + r"\.?,?\s+(?P<year>(?:19|20)\d{2})\b", re.I),
    # 08-Jun-05 / 8-June-2005
    re.compile(r"\b(?P<day>\d{1,2})-" + _MON + r"-(?P<year>\d{4}|\d{2})\b", re.I),
    # 2015-11-02
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
    # 11/2/2015
    re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)\d{2})\b"),
)
_URL_DATE = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?:/|$)")
_META_DATES = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "DC.date.issued",
    "DC.date",
    "dcterms.created",
    "dcterms.date",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "citation_date",
    "sailthru.date",
)
_RELEASE = re.compile(
    r"(?:^|\b)(?:(?:News\s+|Press\s+)?Release\s*(?:No\.?|Number|#|Nr\.?)\s*:?\s*"
    r"(?P<num>[A-Z]{0,4}-?\d[\w-]*\d)|(?P<nr>\b(?:NR|CR|PR)-\d+-\d+\b)|^No\.\s*(?P<no>\d+-\d+)$)",
    re.I,
)
_IMMEDIATE = re.compile(r"^(?:for\s+)?immediate\s+release\.?$", re.I)
_RELEASE_LABEL = re.compile(
    r"^(?:news|press|media)\s+releases?$|^releases?$|^news\s+advisory$|^advisory$", re.I
)
#: Site-section titles: what a page's section heading says, never an article headline.
_SECTION_TITLES = re.compile(
    r"^(?:(?:latest|top|recent|featured|command|unit|local|base|air force|army|navy|"
    r"marine corps|dod|defense)\s+)?(?:news(?:\s+(?:releases?|stories|articles|room))?|"
    r"newsroom|press(?:\s+(?:releases?|room))?|releases?|press releases?|articles?|"
    r"stories|story|features?|headlines?|commentar(?:y|ies)|fact\s*sheets?|"
    r"biograph(?:y|ies)|bios?|transcripts?|speeches|speech|contracts?|announcements?|"
    r"media(?:\s+(?:center|room|releases?))?|photos?|videos?|home|public affairs|"
    r"about(?:\s+us)?|leadership|events?|publications?|news\s*&\s*media|"
    r"(?:news|press)\s+(?:&|and)\s+(?:media|information|events))$"
    r"|^(?:related|more|other|recent|latest|popular|trending|top|featured|additional)"
    r"(?:\s+[\w&-]+){1,2}:?$|^(?:share|print|e-?mail|subscribe|search|menu|navigation)\b",
    re.I,
)
#: "Defense.gov News Release: Title", "DefenseLink News Article: Title": a site label.
_TITLE_LABEL = re.compile(
    r"^(?:[\w.&'’-]+\s+){0,3}(?:news\s+(?:release|article|story|transcript|advisory)|"
    r"press\s+release|release|transcript|speech|news|article|story|advisory|fact sheet)"
    r"\s*:\s+(?=\S)",
    re.I,
)
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||>|»|::|–|—|-{1,2}|·|•)\s+")
_PRESENTER = re.compile(
    r"^(?:presenters?|speakers?|briefers?|presented\s+by|remarks\s+by|as\s+delivered\s+by)"
    r"\s*:?\s+(?P<rest>.+)$",
    re.I,
)
_BY = re.compile(
    r"^(?:(?:story|written|posted|commentary|article|feature|courtesy\s+story)\s+)?by\s*:?\s+"
    r"(?P<rest>.+)$",
    re.I,
)
_PUBLISHED_TAIL = re.compile(r"\b(?:published|posted|updated|on)\s*:?\s*$", re.I)
_PUBLISHED = re.compile(
    r"^(?:published|posted|released|updated|last\s+updated|(?:release\s+|publish(?:ed)?\s+)?date|dated)\s*(?:on)?\s*:?\s*",
    re.I,
)
_ORG_WORDS = re.compile(
    r"\b(?:Affairs|Agency|Staff|TV|Activity|Command|Service|Center|Centre|News|Office|Wing|"
    r"Group|Squadron|Magazine|Information|Division|Directorate|Team|Operations|Headquarters|"
    r"Department|Bureau|Force|Forces|Public|Press|Base|Battalion|Brigade|Regiment|Fleet|"
    r"Corps|District|Detachment|Institute|School|Academy|University|Laboratory|Program|"
    r"Media|Communications?|Army|Navy|Garrison|Installation|Station|Hospital|Association)\b"
)
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-Þ][\w'’.-]*|[A-Z]\.|Jr\.?|Sr\.?|II|III|IV|de|van|von|da|del)$")
_DASH = r"(?:--|–|—|-)"
_DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Z0-9.'’&/-]*)(?:\s+[A-Z0-9][A-Z0-9.'’&/-]*)*"
    r"(?:,?\s*(?:[A-Z][A-Za-z.'’-]*)(?:\s+[A-Z][A-Za-z.'’-]*){0,3})?,?"
    r"(?:\s*\([A-Z][A-Za-z&.,' -]{1,40}\))?)"
    r"(?:\s*(?:--+|–|—)(?:\s*(?:--+|–|—|-))*\s*|\s+-(?:\s*-)*\s+)(?=\S|$)"
)
_SEPARATED = re.compile(r"\s*[|/•·]\s*")
_LIFE_EVENT = re.compile(
    r"\b(?:retired|died|born|deceased|promoted|commissioned|enlisted|effective|"
    r"(?:current|up to date) as of|as of|until|through)\b\W*$",
    re.I,
)
_CURRENT = re.compile(r"^\(?\s*(?:Current|Up to date) as of\s*(?P<date>.+?)\s*\)?\.?$", re.I)
_END_MARKS = re.compile(
    r"^(?:#{3,}|-\s*(?:30|usn|usa|usaf|usmc|uscg|dod|afns|ends?)\s*-|-?\s*end\s*-?|\*{3,})$", re.I
)
_PAGE_CUES: tuple[tuple[re.Pattern[str], PageType], ...] = (
    (re.compile(r"\btranscripts?\b|\bpress\s+briefing\b|news\s+briefing", re.I), "transcript"),
    (re.compile(r"\bspeech(es)?\b|\bremarks\b", re.I), "speech"),
    (re.compile(r"\badvisor(y|ies)\b", re.I), "advisory"),
    (re.compile(r"\bcontracts?\b", re.I), "contract"),
    (re.compile(r"\b(?:press|news)\s+releases?\b|\brelease\s+(?:no\.|#|number)", re.I), "release"),
    (re.compile(r"\bbiograph(?:y|ies)\b", re.I), "biography"),
)
_URL_CUES: tuple[tuple[re.Pattern[str], PageType], ...] = (
    (re.compile(r"transcript"), "transcript"),
    (re.compile(r"speech|remarks"), "speech"),
    (re.compile(r"advisor"), "advisory"),
    (re.compile(r"contract"), "contract"),
    (re.compile(r"release|press[-_]?rel"), "release"),
    (re.compile(r"biograph|/bios?/|/leadership/"), "biography"),
    (
        re.compile(r"newsarticle|news-stor|feature-stor|/news/|/article/\d+|/stories/|/story/"),
        "news-article",
    ),
)
# --- small pure helpers ----------------------------------------------------------------


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> tuple[str, str] | None:
    """(ISO day, the date as printed) of the first DoD-style date in ``text``; else None.

    >>> find_date("08-Jun-05"), find_date("Posted: November 02, 2015")
    (('2005-06-08', '08-Jun-05'), ('2015-11-02', 'November 02, 2015'))
    >>> find_date("Feb. 19, 2026 | Sgt. Pat"), find_date("19 Feb 2026"), find_date("x 2015-11-02")
    (('2026-02-19', 'Feb. 19, 2026'), ('2026-02-19', '19 Feb 2026'), ('2015-11-02', '2015-11-02'))
    """
    best: tuple[int, str, str] | None = None
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if not m or (best and best[0] <= m.start()):
            continue
        parts = m.groupdict()
        month = _MONTHS.get((parts.get("mon") or "").lower()[:4].rstrip("."), 0)
        month = month or _MONTHS.get((parts.get("mon") or "").lower()[:3], 0)
        if not parts.get("mon"):
            month = int(parts["month"])
        year = int(parts["year"])
        if year < 100:
            year += 2000 if year < 70 else 1900
        iso = _iso(year, month, int(parts["day"]))
        if iso:
            best = (m.start(), iso, m.group(0))
    return (best[1], best[2]) if best else None


def title_parts(title: str) -> list[str]:
    """The parts of a ``<title>`` split at site-name separators (" | ", " > ", " - "...).

    >>> title_parts("U.S. Central Command | Nov. 2: Military airstrikes continue")
    ['U.S. Central Command', 'Nov. 2: Military airstrikes continue']
    >>> title_parts("Home > News > Marines train")
    ['Home', 'News', 'Marines train']
    >>> title_parts("Defense.gov News Release: DOD Identifies Army Casualty")
    ['DOD Identifies Army Casualty']
    """
    parts = [collapse(x) for x in _TITLE_SEPARATORS.split(collapse(title))]
    return [p for p in (_TITLE_LABEL.sub("", x) for x in parts) if p]


def find_release_number(text: str) -> str | None:
    """The release number a line prints: "Release No. 15-123" → "15-123".

    >>> find_release_number("Release # 20151102-01"), find_release_number("NR-123-15")
    ('20151102-01', 'NR-123-15')
    >>> find_release_number("No. 163-10"), find_release_number("Released today") is None
    ('163-10', True)
    """
    m = _RELEASE.search(collapse(text))
    if not m:
        return None
    return m.group("num") or m.group("nr") or m.group("no")


def _is_person(name: str) -> bool:
    tokens = name.split()
    if not 2 <= len(tokens) <= 6 or _ORG_WORDS.search(name):
        return False
    return all(_NAME_TOKEN.match(t) for t in tokens)


def parse_generic_byline(text: str) -> tuple[list[Author], str | None]:
    """(authors, organization) from a byline line; ranks and titles keep their punctuation.

    >>> a, org = parse_generic_byline("By Sgt. Pat Example, 1st Brigade Public Affairs")
    >>> [(x.name, x.rank) for x in a], org
    ([('Pat Example', 'Sgt.')], '1st Brigade Public Affairs')
    >>> a, org = parse_generic_byline("By Karen Parrish, DoD News, Defense Media Activity")
    >>> [x.name for x in a], org
    (['Karen Parrish'], 'DoD News, Defense Media Activity')
    >>> parse_generic_byline("By Air Force Public Affairs Agency")
    ([], 'Air Force Public Affairs Agency')
    >>> parse_generic_byline("By Spc. Lee Sample, 1st Brigade Public Affairs March 3, 2021")[1]
    '1st Brigade Public Affairs'
    """
    text = collapse(text)
    m = _BY.match(text)
    if m:
        text = m.group("rest")
    text = re.split(r"\s+[/|]\s+|\s*[/|]\s*(?=Published|Posted)", text)[0].strip(" ,;")
    if not text:
        return [], None
    parts = [p.strip() for p in text.split(",")]
    people: list[Author] = []
    rest = parts
    for i, part in enumerate(parts):
        names = split_names(part)
        found = [parse_person(n) for n in names]
        if not found or not all(_is_person(a.name) for a in found):
            rest = parts[i:]
            break
        people += found
        rest = parts[i + 1 :]
    if rest and people and re.fullmatch(r"(?:Jr|Sr)\.?|I{2,3}|IV", rest[0]):
        rest = rest[1:]
    org = ", ".join(p for p in rest if p) or None
    dated = find_date(org) if org else None
    if org and dated:  # "..., Unit Public Affairs March 3, 2021": the date is no org
        org = re.sub(_PUBLISHED_TAIL, "", org[: org.find(dated[1])]).strip(" ,;|/-") or None
    return people, org


def split_generic_dateline(text: str) -> tuple[str | None, str]:
    """(dateline, rest) of a first paragraph opening "WASHINGTON (AFNS) --" or
    "TAMPA, Fla. —"; (None, text) when it has none.

    >>> split_generic_dateline("WASHINGTON (AFNS) -- The Air Force said.")
    ('WASHINGTON (AFNS)', 'The Air Force said.')
    >>> split_generic_dateline("TAMPA, Fla. — U.S. Central Command said.")
    ('TAMPA, Fla.', 'U.S. Central Command said.')
    >>> split_generic_dateline("WASHINGTON, July 2, 2007 – Putin pledged.")
    ('WASHINGTON', 'Putin pledged.')
    >>> split_generic_dateline("F-16 -- a fighter jet.")
    (None, 'F-16 -- a fighter jet.')
    >>> split_generic_dateline("NATO - The alliance said.")
    (None, 'NATO - The alliance said.')
    """
    found = dateline_prefix(text)
    if found:
        return found[0], found[2]
    m = _DATELINE.match(text)
    if not m or len(m.group("place")) > 90:
        return None, text
    place = m.group("place").strip()
    rest = text[m.end() :]
    if rest[:1].islower():
        return None, text  # a sentence goes on: "NATO - the alliance said"
    if not re.search(r"--|–|—", text[len(m.group("place")) : m.end()]) and not re.search(
        r"[(,]", place
    ):
        return None, text  # a lone hyphen follows only a full "PLACE, State" or "(AGENCY)"
    first = place.split()[0].strip(",.")
    if len(re.sub(r"[^A-Z]", "", first)) < 2 or not first.isupper():
        return None, text
    return place, rest


class GenericPage(Page):
    """Any HTML page: trafilatura's main text, read with DoD page conventions."""

    template: ClassVar[str] = "generic"
    version: ClassVar[str] = "2"  # 2: issue 21 fields

    @classmethod
    def matches(cls, page: PageInput) -> bool:
        """Any page (the generic class is the fallback, or forced)."""
        return True

    @cached_property
    def soup(self) -> BeautifulSoup:
        """The whole parsed document."""
        return self.page.soup

    @cached_property
    def warc_day(self) -> str | None:
        """The capture day (YYYY-MM-DD); dates after it are not publication dates."""
        day = self.page.source.warcDate[:10]
        return day if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else None

    def _ok_date(self, iso: str | None) -> bool:
        return bool(iso) and iso >= "1990-01-01" and (not self.warc_day or iso <= self.warc_day)  # type: ignore[operator]

    def _main_text(self) -> Any:
        import trafilatura  # imported when first used (see pages/fallback.py)

        day = self.warc_day
        params: dict[str, Any] = {"extensive_search": False}
        if day:
            params["max_date"] = day
        return trafilatura.bare_extraction(
            self.page.text,
            url=self.page.url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_formatting=True,
            deduplicate=False,
            date_extraction_params=params,
        )

    def to_article(self) -> Article:
        """The article; NotAnArticle for non-articles and pages without main text,
        ExtractionError for truncated pages or pages without a headline."""
        from dodarchive.pages.fallback import non_article_reason

        reason = non_article_reason(self.page)
        if reason:
            raise NotAnArticle(*reason)
        check_complete(self.page)
        doc = self._main_text()
        body_tree = getattr(doc, "body", None) if doc is not None else None
        found = [
            x
            for x in (tree_lines(body_tree) if body_tree is not None else [])
            if not is_caption(x.text) and not _is_chrome(x.text)
        ]
        root = self.soup.body or self.soup
        container = locate_main(root)
        lines, skipped = container_lines(container) if container is not None else ([], [])
        words = sum(len(x.text.split()) for x in lines)
        page_lines = doc_lines(root)

        def body_start(lines: list[Line]) -> int:
            prose = next(
                (x.text for x in lines if len(x.text.split()) >= 8 and not _top_line_kind(x.text)),
                lines[0].text,
            )
            at = find_line(page_lines, prose)
            return len(page_lines) if at is None else at

        short = not lines or (
            words < MIN_WORDS and not self._short_article(page_lines, body_start(lines), container)
        )
        if short and sum(len(x.text.split()) for x in found) > words:
            lines, words = found, sum(len(x.text.split()) for x in found)
            short = words < MIN_WORDS
        if not lines or short:
            raise NotAnArticle("no-main-text", f"main text of {words} words")
        if container is not None and link_list(container):
            raise NotAnArticle("listing", "the main text is a list of links")
        start = body_start(lines)
        headline, h_index = self._headline(page_lines, start, lines, doc)
        top_from = max(0, (h_index if h_index is not None else start) - 4)
        region = [x.text for x in page_lines[top_from : start + 1]]
        labels = [
            x.text
            for x in page_lines[top_from : start + 1]
            if not {"a", "nav", "footer"} & x.inside
        ]
        lines, removed, tail = self._clean(lines, headline)
        images = self._figures(skipped) + self._captions(lines)
        images += self._nearby_images(container, images)
        if not lines:
            raise ExtractionError("no-body", f"{type(self).__name__}: the body has no text")
        first_text = lines[0].text
        dateline, rest = split_generic_dateline(first_text)
        if dateline and rest:
            lines[0] = Line(rest, lines[0].kind)
        elif dateline and len(lines) > 1:  # the dateline printed on a line of its own
            del lines[0]
        near = removed + region
        published, raw = self._published(near)
        printed = dateline_prefix(first_text)
        if published is None and printed and self._ok_date(iso_date(printed[1])):
            published, raw = iso_date(printed[1]), printed[1]
        authors, org = self._byline(near)
        if not authors and h_index is not None:  # a speech's presenter under the headline
            authors = _presenter([x.text for x in page_lines[h_index + 1 : start]])
        release = next((n for n in map(find_release_number, near + tail) if n), None)
        modified, modified_raw = self._modified(tail)
        body = _body(lines, self.page.url)
        body.images = images
        info = classify(self.page.url)
        return build_article(
            self.page,
            type(self),
            headline=headline,
            body=body,
            page_type=self._page_type(info, labels + removed, lines),
            canonicalUrl=canonical_url(self.soup, self.page.url),
            description=meta_content(self.soup, "og:description", "description") or None,
            datePublished=published,
            datePublishedRaw=raw,
            dateModified=modified,
            dateModifiedRaw=modified_raw,
            authors=authors,
            sourceOrganization=org,
            dateline=dateline,
            articleId=(info.article_id if info else None) or _article_id(self.page.url),
            releaseNumber=release,
            tags=[collapse(t) for t in (getattr(doc, "tags", None) or []) if collapse(t)],
        )

    def _short_article(self, page_lines: list[DocLine], start: int, container: Tag | None) -> bool:
        """Whether a short main text (a speech page's "Read the text here.") is still an
        article: a specific h1 stands right above it and it is not a list of links."""
        if container is None or start >= len(page_lines):
            return False
        text_len = len(collapse(container.get_text(" "))) or 1
        link_len = sum(len(collapse(a.get_text(" "))) for a in container.find_all("a"))
        if link_len / text_len > 0.5:
            return False
        nav = nav_texts(page_lines, start)
        return any(
            "h1" in line.inside or line.tag == "h1"
            for line in page_lines[max(0, start - 15) : start]
            if not self._is_section(line.text, nav)
        )

    # --- headline -------------------------------------------------------------------

    def _site_names(self) -> set[str]:
        names = {meta_content(self.soup, "og:site_name", "application-name") or ""}
        return {norm(n) for n in names if n}

    def _is_section(self, text: str, nav: set[str]) -> bool:
        key = norm(text)
        return (
            not key
            or bool(_SECTION_TITLES.match(collapse(text)))
            or key in nav
            or key in self._site_names()
            or is_boilerplate(text)
            or _date_rest(text) == []
        )

    def _headline(
        self, page_lines: list[DocLine], start: int, lines: list[Line], doc: Any
    ) -> tuple[str, int | None]:
        """The headline and its line index in the page (None when it is not printed)."""
        nav = nav_texts(page_lines, start)
        titles: list[str] = []
        for value in (
            meta_content(self.soup, "og:title", "twitter:title"),
            self.soup.title.get_text() if self.soup.title else "",
            meta_content(self.soup, "DC.title", "title"),
        ):
            if value:
                titles += [p for p in title_parts(value) if not self._is_section(p, nav)]
        title_keys = [norm(t) for t in titles if len(norm(t)) > 3]
        headings: list[tuple[int, str, bool]] = []  # (index, text, strong cue)
        for i, line in enumerate(page_lines[: start + 1]):
            if len(line.text) > 300 or "nav" in line.inside or "footer" in line.inside:
                continue
            strong = bool({"h1", "h2"} & line.inside) or line.tag in ("h1", "h2")
            cued = bool(re.search(r"title|headline|head\b", line.cls, re.I))
            if (strong or cued) and not self._is_section(line.text, nav):
                headings.append((i, line.text, True))
        # a line that says what the title says is the printed headline
        for i in range(min(start, len(page_lines) - 1), -1, -1):
            line = page_lines[i]
            if len(line.text) < 300 and norm(line.text) in title_keys and "a" not in line.inside:
                return line.text, i
        # a heading that says what the title says is the printed headline
        for i, text, _ in sorted(headings, key=lambda h: -h[0]):
            key = norm(text)
            if any(key == t or (len(key) > 15 and (key in t or t in key)) for t in title_keys):
                return text, i
        if headings:
            # the specific heading nearest the body start
            i, text, _ = max(headings, key=lambda h: h[0])
            if start - i <= 12 or not titles:
                return text, i
        # a bold or large-font line right above the body (older static pages)
        for i in range(min(start, len(page_lines)) - 1, max(-1, start - 8), -1):
            line = page_lines[i]
            if _top_line_kind(line.text) or self._is_section(line.text, nav) or "a" in line.inside:
                continue
            if (
                ({"strong", "b", "font"} & line.inside)
                and 2 <= len(line.text.split()) <= 25
                and not line.text.endswith(".")
            ):
                return line.text, i
        if titles:
            best = max(titles, key=lambda t: (not _site_like(t), len(t)))
            return best, find_line(page_lines, best)
        # the short line right above the body, skipping dates, bylines and labels
        for i in range(min(start, len(page_lines)) - 1, max(-1, start - 8), -1):
            text = page_lines[i].text
            if _top_line_kind(text) or self._is_section(text, nav) or "a" in page_lines[i].inside:
                continue
            if 2 <= len(text.split()) <= 25 and not text.endswith("."):
                return text, i
            break
        fallback = collapse(str(getattr(doc, "title", "") or ""))
        return fallback, find_line(page_lines, fallback) if fallback else None

    # --- body cleanup ---------------------------------------------------------------

    def _clean(self, lines: list[Line], headline: str) -> tuple[list[Line], list[str], list[str]]:
        """Drop the headline, date, byline, release and chrome lines at the top, and
        chrome lines anywhere; returns (body lines, the dropped top lines)."""
        head_key = norm(headline)
        removed: list[str] = []
        tail: list[str] = []
        kept: list[Line] = []
        first_prose = next((i for i, x in enumerate(lines) if len(x.text.split()) >= 12), 0)
        at = next(
            (i for i, x in enumerate(lines[: min(first_prose, 30)]) if norm(x.text) == head_key),
            None,
        )
        if at is not None:  # what is printed above the headline is page furniture
            removed += [x.text for x in lines[: at + 1]]
            lines = lines[at + 1 :]
        at_top = True
        for line in lines:
            text = line.text
            if _is_chrome(text):
                continue
            if at_top:
                if norm(text) == head_key or _top_line_kind(text):
                    removed.append(text)
                    continue
                if removed and _top_line_kind(removed[-1]) == "byline" and _is_org(text):
                    removed.append(text)  # "American Forces Press Service" under a byline
                    continue
                if line.kind == "h" and _SECTION_TITLES.match(text):
                    removed.append(text)
                    continue
                if len(text.split()) >= 8 or line.kind != "h":
                    at_top = False
            kept.append(line)
        while kept and (
            _END_MARKS.match(kept[-1].text)
            or _is_chrome(kept[-1].text)
            or (find_release_number(kept[-1].text) and len(kept[-1].text.split()) <= 6)
            or _top_line_kind(kept[-1].text) == "date"
            or _CURRENT.match(kept[-1].text)
        ):
            tail.append(kept.pop().text)  # "###", share links, "Release No. 05-123"
        for i in range(len(kept) - 1, max(-1, len(kept) - 6), -1):
            if _CURRENT.match(kept[i].text):  # "(Current as of May 2015)" near the end
                tail.append(kept.pop(i).text)
                break
        return kept, removed, tail

    def _figures(self, skipped: list[Tag]) -> list[Image]:
        """Images of the figures and media boxes skipped inside the main text, with their
        captions split from their credits."""
        images: list[Image] = []
        for box in skipped:
            for img in box.find_all("img"):
                if not isinstance(img, Tag) or not img.get("src"):
                    continue
                cap = box.find("figcaption") or box
                text = collapse(cap.get_text(" ")) if isinstance(cap, Tag) else ""
                caption, credit = split_credit(text) if text else (None, None)
                images.append(
                    Image(
                        url=urljoin(self.page.url, str(img.get("src")).strip()),
                        caption=caption,
                        creditText=credit,
                        alt=collapse(str(img.get("alt") or "")) or None,
                    )
                )
        return images

    def _nearby_images(self, container: Tag | None, known: list[Image]) -> list[Image]:
        """Images of the article around the main text (its parent, when that is not the
        whole page), each with the caption of its smallest box that has text."""
        if container is None or not isinstance(container.parent, Tag):
            return []
        scope = container.parent
        if len(scope.get_text()) > 2 * len(container.get_text()) + 3000:
            return []
        seen = {i.url for i in known}
        images: list[Image] = []
        for img in scope.find_all("img"):
            if not isinstance(img, Tag) or not img.get("src"):
                continue
            url = urljoin(self.page.url, str(img.get("src")).strip())
            if url in seen or tokens_say(img, "icon|logo|tag|spacer|pixel|button"):
                continue
            seen.add(url)
            box: Tag | None = img.parent
            text = ""
            for _ in range(3):
                if box is None or box is scope or box is container:
                    break
                text = collapse(box.get_text(" "))
                if text:
                    break
                box = box.parent
            caption, credit = split_credit(text) if text and len(text) < 800 else (None, None)
            alt = collapse(str(img.get("alt") or "")) or None
            if caption or credit or alt:
                images.append(Image(url=url, caption=caption, creditText=credit, alt=alt))
        return images

    def _captions(self, lines: list[Line]) -> list[Image]:
        """Take photo captions with credits out of ``lines``; the images they describe."""
        by_text: dict[str, Tag] = {}
        for img in self.soup.find_all("img"):
            if not isinstance(img, Tag) or not img.get("src"):
                continue
            container: Tag | None = img
            for _ in range(4):
                container = container.parent if container is not None else None
                if container is None:
                    break
                text = collapse(container.get_text(" "))
                if text and len(text) < 1500:
                    for piece in container.find_all(["p", "figcaption", "span", "div", "td"]):
                        key = norm(piece.get_text(" "))[:80]
                        if key:
                            by_text.setdefault(key, img)
                    break
            alt = norm(str(img.get("alt") or ""))[:80]
            if alt:
                by_text.setdefault(alt, img)
        images: list[Image] = []
        kept: list[Line] = []
        for line in lines:
            key = norm(line.text)[:80]
            found = by_text.get(key)
            caption, credit = split_credit(line.text)
            if found is not None and (credit or CAPTION_CREDIT.search(line.text)):
                img = found
                src = urljoin(self.page.url, str(img.get("src")).strip())
                images.append(
                    Image(
                        url=src,
                        caption=caption,
                        creditText=credit,
                        alt=collapse(str(img.get("alt") or "")) or None,
                    )
                )
                continue
            kept.append(line)
        lines[:] = kept
        return images

    # --- dates, bylines, page type ----------------------------------------------------

    def _published(self, near: list[str]) -> tuple[str | None, str | None]:
        for text in near:
            if len(text) > 200:
                continue
            found = find_date(text)
            if found and _LIFE_EVENT.search(text.split(found[1])[0]):
                continue  # "Retired June 01, 1974": a biography's dates, not publication
            if found and self._ok_date(found[0]):
                return found
        for name in _META_DATES:
            value = meta_content(self.soup, name)
            if value:
                iso = value[:10] if re.match(r"\d{4}-\d{2}-\d{2}", value) else None
                iso = iso or (find_date(value) or (None, None))[0]
                if iso and self._ok_date(iso):
                    return iso, value
        time_el = self.soup.find("time", attrs={"datetime": True})
        if isinstance(time_el, Tag):
            value = str(time_el.get("datetime"))
            if re.match(r"\d{4}-\d{2}-\d{2}", value) and self._ok_date(value[:10]):
                return value[:10], collapse(time_el.get_text()) or value
        m = _URL_DATE.search(urlsplit(self.page.url).path)
        if m:
            iso = _iso(int(m.group("year")), int(m.group("month")), int(m.group("day")))
            if iso and self._ok_date(iso):
                return iso, m.group(0).strip("/")
        return None, None  # no guessing (trafilatura's htmldate finds copyright years)

    def _modified(self, tail: list[str]) -> tuple[str | None, str | None]:
        """(ISO date, as printed) of a closing "Updated 24 Apr 2003" or "(Current as of
        May 2015)" line; a month alone gives "YYYY-MM"."""
        for text in tail:
            m = _CURRENT.match(text)
            raw = m.group("date") if m else None
            if raw is None and _top_line_kind(text) == "date":
                raw = (find_date(text) or (None, None))[1]
            if not raw:
                continue
            found = find_date(raw)
            if found:
                return (found[0], raw) if self._ok_date(found[0]) else (None, None)
            month = re.fullmatch(_MON + r"\.?\s+(?P<year>(?:19|20)\d{2})", raw.strip(), re.I)
            if month:
                number = _MONTHS.get(month.group("mon").lower()[:3], 0)
                return f"{month.group('year')}-{number:02d}", raw
        return None, None

    def _byline(self, near: list[str]) -> tuple[list[Author], str | None]:
        near = [p for line in near for p in re.split(r"\s+\|\s+", line) if p]
        for i, text in enumerate(near):
            if _BY.match(text) and len(text) < 250:
                authors, org = parse_generic_byline(text)
                after = near[i + 1] if i + 1 < len(near) else ""
                if org is None and _is_org(after):
                    org = after
                return authors, org
        for text in near:
            m = _PRESENTER.match(text)
            if m and len(text) < 250:
                names = split_names(m.group("rest"))
                return [parse_person(n) for n in names], None
        return [], None

    def _page_type(self, info: Any, region: list[str], lines: list[Line]) -> PageType:
        if info is not None and info.kind in ("article", "print"):
            return info.page_type  # type: ignore[no-any-return]
        cues = " | ".join(t for t in region if len(t.split()) <= 6)
        for pattern, kind in _PAGE_CUES:
            if pattern.search(cues):
                return kind
        named = url_page_type(self.page.url)  # the site table's patterns and path hints
        if named in PAGE_TYPES and named != "other":
            return named  # type: ignore[return-value]
        path = urlsplit(self.page.url).path.lower() + "?" + urlsplit(self.page.url).query.lower()
        for upattern, kind in _URL_CUES:
            if upattern.search(path):
                return kind
        first = lines[0].text if lines else ""
        if split_generic_dateline(first)[0]:
            return "news-article"
        return "other"


def _date_rest(text: str) -> list[str] | None:
    """The words of a line besides its date ("Published", weekdays and times dropped);
    None when the line has no date."""
    found = find_date(text)
    if not found or len(text) >= 80:
        return None
    rest = _PUBLISHED.sub("", text.replace(found[1], " ").strip())
    rest = re.sub(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|[,|/•·()–—-]", " ", rest)
    rest = re.sub(r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}\b)?", " ", rest)
    return rest.split()


def _top_line_kind(text: str) -> str | None:
    """What a line above the body is, when it is not body text: a date, a byline...

    >>> _top_line_kind("Thursday, April 24, 2003 - 1:30 p.m. EDT"), _top_line_kind("By Sgt. X Y")
    ('date', 'byline')
    >>> _top_line_kind("Presenter: Assistant Secretary Jane Q. Example")
    'presenter'
    """
    if _BY.match(text) and len(text) < 250:
        return "byline"
    if _PRESENTER.match(text) and len(text) < 250:
        return "presenter"
    if _IMMEDIATE.match(text) or _RELEASE_LABEL.match(text):
        return "label"
    if find_release_number(text) and len(text.split()) <= 8:
        return "release"
    rest = _date_rest(text)
    if rest is not None and len(rest) <= 1:
        return "date"
    return None


def _presenter(lines: list[str]) -> list[Author]:
    """The ranked or titled person a line under a speech's headline names, alone.

    >>> [a.name for a in _presenter(["Gen. Mark A. Welsh III", "Jan. 11, 2013"])]
    ['Mark A. Welsh III']
    """
    for text in lines[:3]:
        person = parse_person(text)
        if (
            (person.jobTitle or person.rank)
            and ", " not in text
            and not person.name.isupper()
            and len(text.split()) <= 10
            and _is_person(person.name)
        ):
            return [person]
    return []


_SITE_WORDS = re.compile(
    r"\b(?:Command|Army|Navy|Air Force|Marines?|Marine Corps|Coast Guard|Space Force|"
    r"Department|Defense|War|Base|Agency|Center|Wing|Fleet|Corps|Guard|Garrison|"
    r"Installation|Station|Systems|Headquarters|Official Website)\b|\.(?:mil|gov)\b",
    re.I,
)


def _site_like(text: str) -> bool:
    """Whether a ``<title>`` part reads as a site name ("Naval Air Systems Command").

    >>> _site_like("Naval Air Systems Command"), _site_like("Hornet squadron returns home")
    (True, False)
    """
    return len(text.split()) <= 7 and bool(_SITE_WORDS.search(text))


def _is_org(text: str) -> bool:
    """A short organization line such as "American Forces Press Service"."""
    return (
        2 <= len(text.split()) <= 10
        and bool(_ORG_WORDS.search(text))
        and not text.rstrip().endswith((".", ":"))
        and not _is_person(text)
    )


_SHARE_WORDS = frozenset(
    [
        "facebook",
        "twitter",
        "x",
        "linkedin",
        "reddit",
        "pinterest",
        "email",
        "e-mail",
        "print",
        "share",
        "tweet",
        "whatsapp",
        "flickr",
        "instagram",
        "youtube",
        "copy",
        "link",
        "this",
        "page",
        "article",
        "story",
        "on",
        "via",
        "rss",
        "subscribe",
        "download",
        "pdf",
    ]
)


def _is_chrome(text: str) -> bool:
    """Share, print and photo-download chrome, alone or joined by separators."""
    if is_boilerplate(text) or _IMMEDIATE.match(text):
        return True
    words = re.findall(r"[\w-]+", text.lower())
    if words and len(words) <= 10 and set(words) <= _SHARE_WORDS:
        return True  # "Facebook Twitter LinkedIn Email", "Print this page"
    parts = [p for p in _SEPARATED.split(text) if p]
    return len(parts) > 1 and all(
        is_boilerplate(p) or re.fullmatch(r"(?:print|e-?mail|share|tweet|like)", p, re.I)
        for p in parts
    )


def _body(lines: list[Line], base: str) -> Body:
    body = Body()
    for line in lines:
        body.paragraphs.append(line.text)
        if line.kind == "row":
            cells = "".join(
                f"<td>{html.escape(c, quote=False)}</td>" for c in line.text.split("\t")
            )
            block = f"<tr>{cells}</tr>"
            if body.html_blocks and body.html_blocks[-1].startswith("<table>"):
                body.html_blocks[-1] = body.html_blocks[-1][: -len("</table>")] + block + "</table>"
            else:
                body.html_blocks.append(f"<table>{block}</table>")
            continue
        tag = {"h": "h2", "li": "li"}.get(line.kind, "p")
        text = html.escape(line.text, quote=False)
        if tag == "li":
            if body.html_blocks and body.html_blocks[-1].endswith("</li></ul>"):
                body.html_blocks[-1] = (
                    body.html_blocks[-1][: -len("</ul>")] + f"<li>{text}</li></ul>"
                )
            else:
                body.html_blocks.append(f"<ul><li>{text}</li></ul>")
        else:
            body.html_blocks.append(f"<{tag}>{text}</{tag}>")
    return body


def _article_id(url: str) -> str | None:
    """The site's article id a URL names: ``/article/123/``, ``?Article=``, ``?id=``."""
    parts = urlsplit(url)
    m = re.search(r"/article/(\d+)(?:/|$)", parts.path, re.I)
    if m:
        return m.group(1)
    query = {k.lower(): v for k, v in parse_qs(parts.query).items()}
    for key in ("article", "releaseid", "id", "articleid", "storyid"):
        if query.get(key) and re.fullmatch(r"\d+", query[key][0]):
            return query[key][0]
    return None
