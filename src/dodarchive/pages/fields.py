"""Article fields every template fills the same way: the public URL, the language, the
cleaned body HTML, document names, embedded videos, fact-sheet facts, contact blocks and
pointer-only ("stub") bodies.

The page classes find their template's parts; :func:`dodarchive.pages.common.body_of`
and :func:`~dodarchive.pages.common.build_article` call these rules so that every
template (and the fallback) gives these fields by one rule.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit, urlunsplit

import nh3

from dodarchive.article import Fact, Video
from dodarchive.pages.text import collapse
from dodarchive.sites import classify, display_url, site_language

if TYPE_CHECKING:
    from dodarchive.pages.base import PageInput

__all__ = [
    "ALLOWED_TAGS",
    "clean_html",
    "declared_language",
    "detect_language",
    "document_name",
    "facts_of",
    "is_pointer",
    "is_pointer_body",
    "language_of",
    "pdf_paragraphs",
    "public_url",
    "strip_contact",
    "video_of",
]

#: The one allow-list of ``articleBodyHtml``: structure, links and emphasis, nothing else.
ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "table", "thead",
        "tr", "th", "td", "caption", "a", "strong", "em", "sup", "sub", "br",
    }
)  # fmt: skip


def clean_html(markup: str) -> str:
    """``markup`` through the allow-list (nh3): only :data:`ALLOWED_TAGS`, ``href`` on
    links (http, https, mailto), ``colspan``/``rowspan`` on cells; unbalanced tags are
    repaired and everything else is dropped with its content kept.

    >>> clean_html('<p onclick="x()">A <a href="http://a/" class="c">b</a><script>1</script>')
    '<p>A <a href="http://a/">b</a></p>'
    """
    return nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={"a": {"href"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


# -- the public URL ---------------------------------------------------------------------

_SLASHES = re.compile(r"/{2,}")


def _fix_slashes(url: str) -> str:
    """``url`` with runs of ``/`` in its path made one (``.../4319114//`` → ``.../4319114/``)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=_SLASHES.sub("/", parts.path)))


def public_url(page: PageInput, declared: str | None) -> str | None:
    """The page's own public URL (the ``canonicalUrl`` contract).

    ``declared`` (the page's link rel=canonical or og:url, absolute) counts when it names
    the page's own article: the same article id in the same id space, or, for a page
    without an id, the same site. Failing that, a print view's display page by the site
    table (:func:`dodarchive.sites.display_url`), then an article page's own URL; else
    None. A canonical never contradicts ``articleId``.

    >>> from dodarchive.article import Source
    >>> from dodarchive.pages.base import PageInput
    >>> src = Source("w", "r", 0, 0, "u", "d", None)
    >>> def page(url): return PageInput(url, 200, (), b"", src)
    >>> u = "https://www.war.gov/News/Contracts/Contract/Article/4319114/"
    >>> public_url(page(u), u + "/") == u, public_url(page(u), u.replace("4319114", "1")) == u
    (True, True)
    >>> pv = "http://www.af.mil/DesktopModules/ArticleCS/Print.aspx?ModuleId=850&Article=643354"
    >>> public_url(page(pv), None)
    'http://www.af.mil/News/Article-Display/Article/643354/'
    """
    own = page.url_info
    if declared:
        declared = _fix_slashes(declared)
        info = classify(declared)
        if own is not None and own.article_id is not None:
            if (
                info is not None
                and info.kind == "article"
                and (info.article_id, info.id_space, info.family)
                == (own.article_id, own.id_space, own.family)
            ):
                return declared
        elif info is None or info.article_id is None:
            same_host = urlsplit(declared).hostname == urlsplit(page.url).hostname
            if own is None or info is None or same_host or info.family == own.family:
                return declared
    if own is None or own.article_id is None:
        return None
    if own.kind == "print":
        return display_url(page.url)
    if own.kind == "article":
        return _fix_slashes(page.url)
    return None


# -- the language -----------------------------------------------------------------------

_HTML_LANG = re.compile(
    r"<html\b[^>]*?\b(?:xml:)?lang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)", re.I
)
_META_LANG = re.compile(
    r"<meta\b[^>]*?(?:http-equiv|name|property)\s*=\s*[\"']?(?:content-language|language|"
    r"dc\.language|og:locale)[\"']?[^>]*>",
    re.I,
)
_CONTENT = re.compile(r"\bcontent\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)", re.I)
#: Fewer words than this are too few to detect a language from.
MIN_DETECT_WORDS = 8
#: How much of the text :func:`detect_language` reads (about 150 words).
DETECT_CHARS = 1000


def _tag(value: str) -> str | None:
    """A BCP 47 tag in its usual case ("en-us" → "en-US"); None for non-tags."""
    parts = re.split(r"[-_]", value.strip())
    if not parts or not re.fullmatch(r"[A-Za-z]{2,3}", parts[0]):
        return None
    out = [parts[0].lower()]
    out += [p.upper() if len(p) == 2 else p.lower() for p in parts[1:]]
    return "-".join(out)


def declared_language(page: PageInput) -> str | None:
    """The language the page declares: ``<html lang>``, the Content-Language header, a
    ``meta`` content-language / language / og:locale; None when it declares none.

    >>> from dodarchive.article import Source
    >>> from dodarchive.pages.base import PageInput
    >>> src = Source("w", "r", 0, 0, "u", "d", None)
    >>> declared_language(PageInput("u", 200, (), b'<html lang="en-us"><p>x', src))
    'en-US'
    >>> declared_language(PageInput("u", 200, (("Content-Language", "es"),), b"<p>x", src))
    'es'
    """
    head = page.text[:16384]
    m = _HTML_LANG.search(head)
    if m and _tag(m.group(1)):
        return _tag(m.group(1))
    header = page.header("Content-Language")
    if header and _tag(header.split(",")[0]):
        return _tag(header.split(",")[0])
    for meta in _META_LANG.finditer(head):
        found = _CONTENT.search(meta.group(0))
        if found and _tag(found.group(1)):
            return _tag(found.group(1))
    return None


#: English function words no other Latin-script language uses as words ("a", "in", "on",
#: "an" left out): common enough that any English prose is dense with them.
_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "is",
        "that",
        "for",
        "with",
        "was",
        "were",
        "by",
        "this",
        "are",
        "from",
        "which",
        "have",
        "has",
        "had",
        "been",
        "their",
        "will",
        "would",
        "its",
        "not",
        "but",
        "they",
        "who",
        "said",
        "his",
        "her",
        "be",
        "at",
        "we",
        "our",
        "than",
        "also",
        "into",
        "after",
        "about",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")


def _words(sample: str) -> list[str]:
    """The lower-case words (letters only) of ``sample``, read once for both tests."""
    return _WORD.findall(sample.lower())


def _plainly_english(words: list[str]) -> bool:
    """At least 8 words, 15% of all, are English function words: English prose (a list of
    names and places, or a foreign text, is not, and goes on to the next test)."""
    hits = sum(w in _ENGLISH for w in words)
    return hits >= 8 and hits >= 0.15 * len(words)


#: Function words of the other languages most often met on DoD pages (Spanish, French,
#: German, Portuguese, Italian, Dutch): a few of them mark prose in that language.
_OTHER = frozenset(
    [
        "el",
        "la",
        "los",
        "las",
        "del",
        "que",
        "y",
        "en",
        "para",
        "por",
        "con",
        "una",
        "es",
        "se",
        "al",
        "lo",
        "como",
        "le",
        "les",
        "des",
        "et",
        "est",
        "une",
        "pour",
        "dans",
        "sur",
        "du",
        "au",
        "pas",
        "qui",
        "ce",
        "il",
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "mit",
        "von",
        "zu",
        "den",
        "dem",
        "ein",
        "eine",
        "für",
        "auf",
        "sich",
        "os",
        "as",
        "do",
        "da",
        "dos",
        "das",
        "em",
        "com",
        "uma",
        "não",
        "di",
        "che",
        "per",
        "non",
        "della",
        "sono",
        "gli",
        "het",
        "een",
        "van",
        "dat",
        "op",
        "te",
        "niet",
        "met",
        "voor",
        "zijn",
    ]
)


def _undetectable(sample: str, words: list[str]) -> bool:
    """A list rather than prose: ASCII letters only, and function words (of English or of
    the languages in :data:`_OTHER`) under 5% of the words, where prose has 30-50%:
    codes, names, titles. No detector can tell such a text's language; py3langid
    guesses."""
    if not all(c.isascii() for c in sample if c.isalpha()):
        return False
    return sum(w in _ENGLISH or w in _OTHER for w in words) < max(3, 0.05 * len(words))


def detect_language(text: str, fallback: str | None = None) -> str:
    """The language of ``text`` as an ISO 639-1 code; "und" (undetermined) for fewer than
    :data:`MIN_DETECT_WORDS` words. Deterministic.

    Reads the first :data:`DETECT_CHARS` characters. Plain English prose (dense with
    English function words) is "en" at once. A list with no function words of any common
    language (Air Force Specialty Codes, a roster) is ``fallback`` when one is given (the
    site's language). Anything else goes to py3langid, whose model takes about half a
    second of CPU and 70 MB to load and which walks the text byte by byte in Python. On
    the fixture texts py3langid says "en" for every one the shortcut takes
    (tests/test_fields.py).

    >>> detect_language("The Air Force held trials to determine who would compete for the team.")
    'en'
    >>> detect_language("La Fuerza Aérea celebró pruebas para determinar quién competiría.")
    'es'
    >>> detect_language("11AX Airlift Pilot 11BX Bomber Pilot 11FX Fighter Pilot", "en")
    'en'
    >>> detect_language("Mission")
    'und'
    """
    if len(text.split(None, MIN_DETECT_WORDS)) < MIN_DETECT_WORDS:  # counts to the minimum
        return "und"
    sample = text[:DETECT_CHARS]
    words = _words(sample)
    if _plainly_english(words):
        return "en"
    if fallback and _undetectable(sample, words):
        return fallback
    import py3langid  # loads its model on first use (about half a second of CPU)

    code, _score = py3langid.classify(sample)
    return str(code)


def language_of(page: PageInput, text: str) -> str:
    """``inLanguage``: the page's declared language, else the one detected in ``text``
    (the site's language from the site table when the text is a list no detector can
    read)."""
    return declared_language(page) or detect_language(text, site_language(page.url))


# -- documents and videos ---------------------------------------------------------------

#: Link texts that say where a document is, not what it is.
_POINTER = re.compile(
    r"^(?:(?:please\s+)?(?:click|tap)\s+)?(?:here|this|link|this link|pdf|\(?pdf\)?|download|"
    r"view|read|more|read more|full text|text|document|file|open|see here|go|"
    r"click here(?: to (?:view|read|download)(?: the \w+)?)?)[.:!]?$",
    re.I,
)
_POINTER_LEAD = re.compile(
    r"^(?:to\s+)?(?:please\s+)?(?:view|read|download|see|access|open|find|click|get)"
    r"(?:\s+(?:a\s+copy\s+of|the\s+full(?:\s+text\s+of)?))?\s+(?:the\s+|a\s+|an\s+)?",
    re.I,
)
_POINTER_TAIL = re.compile(
    r"\s*(?:,?\s*(?:please\s+)?(?:click|go|is\s+available|are\s+available|can\s+be\s+"
    r"(?:found|viewed|read|downloaded)|is|are)\b.*)?\s*(?:here|below|at)?\s*[.:!]?\s*$",
    re.I,
)
#: Words that alone name no document ("the speech", "text").
_GENERIC = frozenset(
    [
        "speech",
        "text",
        "transcript",
        "document",
        "file",
        "report",
        "letter",
        "pdf",
        "remarks",
        "page",
        "story",
        "full",
        "copy",
        "memo",
        "the",
        "a",
        "an",
        "this",
    ]
)


def is_pointer(text: str) -> bool:
    """Whether a link text only points ("here", "click here", "PDF") instead of naming.

    >>> is_pointer("click here"), is_pointer("Here."), is_pointer("2015 SAPR Strategy")
    (True, True, False)
    """
    return bool(_POINTER.match(collapse(text))) or not collapse(text)


def _around(context: str, anchor: str) -> str | None:
    """What the sentence around a pointer link says the document is: "To view the
    Warrior Games report click here." → "Warrior Games report"; None when it names
    nothing ("View the speech here.")."""
    text = collapse(context)
    if anchor and anchor in text:
        text = text.replace(anchor, " ", 1)
    text = _POINTER_LEAD.sub("", collapse(text))
    text = collapse(_POINTER_TAIL.sub("", text)).strip(" .,:;-–—()")
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    words = text.split()
    if len(words) < 2 or len(words) > 12 or all(w.lower() in _GENERIC for w in words):
        return None
    return text


def _file_title(url: str) -> str | None:
    """The file name of ``url``, decoded, without extension, ``_``/``-`` runs as spaces."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return collapse(re.sub(r"[_+]+|(?<=\D)-|-(?=\D)", " ", stem)) or None


def document_name(url: str, link_text: str, title: str | None, context: str) -> str | None:
    """The name of a linked document: the link's ``title`` attribute, else its text when
    that names something, else what the sentence around it says, else the file name.

    >>> u = "http://x/140220-Welsh-AFA%202014%20AWS.pdf"
    >>> document_name(u, "here", None, "View the speech here.")
    '140220 Welsh AFA 2014 AWS'
    >>> document_name(u, "here", None, "The 2015 Posture Statement is available here.")
    '2015 Posture Statement'
    >>> document_name(u, "Memorial Day letter", None, "")
    'Memorial Day letter'
    """
    if title and not is_pointer(title):
        return collapse(title)
    if not is_pointer(link_text):
        return collapse(link_text)
    return _around(context, collapse(link_text)) or _file_title(url)


#: Embedded players by host suffix → provider.
_PROVIDERS: tuple[tuple[str, str], ...] = (
    ("youtube.com", "youtube"),
    ("youtube-nocookie.com", "youtube"),
    ("youtu.be", "youtube"),
    ("dvidshub.net", "dvids"),
    ("dvids.net", "dvids"),
    ("vimeo.com", "vimeo"),
    ("brightcove.net", "brightcove"),
    ("facebook.com", "facebook"),
)


def video_of(url: str | None, title: str | None) -> Video | None:
    """A :class:`Video` for an embedded player URL on a known video host, else None.

    >>> video_of("http://www.youtube.com/embed/YGtzTNnmK0s?rel=0", None).provider
    'youtube'
    >>> video_of("http://www.af.mil/map.html", None) is None
    True
    """
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    for suffix, provider in _PROVIDERS:
        if host == suffix or host.endswith("." + suffix):
            if provider == "facebook" and "video" not in url:
                return None
            return Video(url=url, provider=provider, title=collapse(title or "") or None)
    return None


# -- fact sheets, contact blocks, stubs ---------------------------------------------------

_CHARACTERISTICS = re.compile(r"^general\s+characteristics:?$", re.I)
_FACT = re.compile(r"^(?P<name>[A-Z][^:]{1,60}?)\s*:\s*(?P<value>\S.*)$")


def facts_of(paragraphs: list[str]) -> list[Fact]:
    """The name/value lines after a "General characteristics" heading, up to the first
    line that is no "Name: value".

    >>> facts_of(["Mission", "General characteristics", "Wingspan: 55 feet", "Crew: two", "x"])
    [Fact(name='Wingspan', value='55 feet'), Fact(name='Crew', value='two')]
    """
    facts: list[Fact] = []
    inside = False
    for text in paragraphs:
        if _CHARACTERISTICS.match(text):
            inside = True
            continue
        if not inside:
            continue
        m = _FACT.match(text)
        if not m or len(m.group("name").split()) > 8:
            if facts:
                break
            continue
        facts.append(Fact(name=collapse(m.group("name")), value=collapse(m.group("value"))))
    return facts


_CONTACT_HEAD = re.compile(
    r"^(?:points?\s+of\s+contact|(?:media|press|public\s+affairs)\s+contacts?|contacts?)"
    r"\s*(?::\s*(?P<rest>.*))?$",
    re.I,
)
_CONTACT_LINE = re.compile(
    r"\b(?:DSN|phone|tel|fax|e-?mail|suite|st\.|street|ave\.|avenue|blvd|AFB|\d{5}(?:-\d{4})?"
    r"|\(\d{3}\)|\d{3}[-.]\d{3}[-.]\d{4}|@)\b|@",
    re.I,
)


def strip_contact(paragraphs: list[str]) -> list[int]:
    """Indexes of the paragraphs of a trailing contact block: a "Point of Contact" /
    "Media contact" line and the address, phone and e-mail lines after it, when the
    block closes the body. Empty when there is none.

    >>> strip_contact(["Text.", "Point of Contact", "ACC PA; 115 Thompson St., Suite 210; DSN 574"])
    [1, 2]
    >>> strip_contact(["Contact the office for tickets, the play opens in May."])
    []
    """
    for i, text in enumerate(paragraphs):
        m = _CONTACT_HEAD.match(text)
        if not m:
            continue
        rest = paragraphs[i + 1 :]
        lines = ([m.group("rest")] if collapse(m.group("rest") or "") else []) + rest
        if lines and len(lines) <= 6 and all(_CONTACT_LINE.search(x) for x in lines):
            return list(range(i, len(paragraphs)))
    return []


_STUB = re.compile(
    r"^(?:to\s+)?(?:please\s+)?(?:click\s+(?:here\s+)?(?:to\s+)?)?(?:view|read|download|see|"
    r"access|open)\s+(?:the\s+)?(?:full\s+)?(?:text|speech|remarks|transcript|document|"
    r"statement|testimony|report|letter|memo(?:randum)?)(?:\s+\w+){0,3}\s+(?:here|below|"
    r"\(pdf\))[.!:]?$",
    re.I,
)


def is_pointer_body(paragraphs: list[str], has_document: bool) -> bool:
    """Whether a body is only a pointer to the text elsewhere ("View the speech here.")
    with a link to it: a stub, not an article.

    >>> is_pointer_body(["View the speech here."], True)
    True
    >>> is_pointer_body(["Read the text here."], False)  # no link to the text
    False
    """
    if not has_document or not paragraphs or len(paragraphs) > 2:
        return False
    return any(_STUB.match(p) for p in paragraphs) and sum(len(p.split()) for p in paragraphs) < 30


_SENTENCE_END = re.compile(r"[.!?:;\"”’)]$")


def pdf_paragraphs(data: bytes) -> list[str]:
    """The text of a PDF as paragraphs (pypdf): blank lines end a paragraph, and so does
    a line ending a sentence; page headers are not recognized. Empty for a PDF without
    text (scanned) or one pypdf cannot read."""
    import io

    import pypdf
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        text = "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return []
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in text.replace("\r", "\n").split("\n"):
        line = collapse(raw)
        if line:
            current.append(line)
        if current and (not line or _SENTENCE_END.search(line)):
            paragraphs.append(collapse(" ".join(current)))
            current = []
    if current:
        paragraphs.append(collapse(" ".join(current)))
    return [p for p in paragraphs if p]
