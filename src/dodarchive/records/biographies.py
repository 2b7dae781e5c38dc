"""Careers from official biographies (af.mil and sibling sites).

A biography is a few prose paragraphs, then upper-case section headings ("EDUCATION",
"ASSIGNMENTS" or "CAREER CHRONOLOGY", "MAJOR AWARDS AND DECORATIONS", "EFFECTIVE DATES
OF PROMOTION") each followed by one item per paragraph ("1979 Bachelor of Science ...",
"1. August 1979 - December 1980, student, ...", "Colonel Sept. 1, 1998"). Older
biographies state promotions and decorations in prose ("He was promoted to captain
April 20, 1935; to major ..."; "His decorations include ..."). The headline is the
person in capitals ("MAJOR GENERAL GEORGE ROBERT ACHESON"); :func:`title_case_headline`
writes it as a person would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dodarchive.records.model import Assignment, Education, Person, Promotion
from dodarchive.records.text import DATE_TEXT, parse_date, sentences

__all__ = [
    "Assignment",
    "BiographyResult",
    "Education",
    "Person",
    "Promotion",
    "parse_biography",
    "title_case_headline",
]


@dataclass
class BiographyResult:
    """Everything :func:`parse_biography` read from one biography."""

    person: Person | None = None
    education: list[Education] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    promotions: list[Promotion] = field(default_factory=list)
    decorations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


_SMALL = {"of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "de", "du", "von", "van"}


def _cap_word(word: str, first: bool) -> str:
    bare = word.strip("\"“”'’(),")
    if not bare or not any(c.isalpha() for c in bare):
        return word
    low = bare.lower()
    if not first and low in _SMALL:
        new = low
    elif re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", bare) or bare in {"II", "III", "IV", "VI"}:
        new = bare
    else:
        parts = re.split(r"([-'’])", low)
        new = "".join(p[:1].upper() + p[1:] if p not in "-'’" else p for p in parts)
        new = re.sub(r"^(Mc)([a-z])", lambda m: m.group(1) + m.group(2).upper(), new)
        if low in {"jr.", "sr."}:
            new = low.capitalize()
    return word.replace(bare, new, 1)


def title_case_headline(headline: str) -> str:
    """An all-caps headline in title case; other headlines unchanged.

    >>> title_case_headline('LIEUTENANT GENERAL JAMES M. "MIKE" HOLMES')
    'Lieutenant General James M. "Mike" Holmes'
    >>> title_case_headline("CHIEF MASTER SERGEANT OF THE AIR FORCE JAMES A. CODY")
    'Chief Master Sergeant of the Air Force James A. Cody'
    """
    letters = [c for c in headline if c.isalpha()]
    if not letters or any(c.islower() for c in letters):
        return headline
    words = headline.split(" ")
    return " ".join(_cap_word(w, i == 0) for i, w in enumerate(words))


_HEAD_RANK = re.compile(
    r"^(?P<rank>(?:Chaplain\s+\([^)]+\)|Chief\s+Master\s+Sergeant\s+of\s+the\s+Air\s+Force|"
    r"(?:Brigadier|Major|Lieutenant)\s+General|General|(?:Lieutenant\s+)?Colonel|Major|Captain|"
    r"(?:First|Second)\s+Lieutenant|(?:Senior\s+|Chief\s+)?Master\s+Sergeant|Technical\s+Sergeant|"
    r"Staff\s+Sergeant|Senior\s+Airman|Airman|Dr\.|Mr\.|Ms\.|Mrs\.|"
    r"(?:Vice|Rear)\s+Admiral|Admiral|Honorable|The\s+Honorable))\s+(?P<name>.+)$"
)
_RETIRED = re.compile(rf"\bRetired\s+(?P<d>{DATE_TEXT})", re.I)
_DIED = re.compile(rf"\bDied\s+(?P<d>{DATE_TEXT})", re.I)


def _person(headline: str, description: str | None, paragraphs: list[str]) -> Person:
    cased = title_case_headline(headline)
    m = _HEAD_RANK.match(cased)
    rank, name = (m.group("rank"), m.group("name")) if m else (None, cased)
    desc = description or ""
    retired = _RETIRED.search(desc)
    died = _DIED.search(desc)
    status = "deceased" if died else "retired" if retired else "current"
    position = None
    surname = name.split()[-1] if name.split() else ""
    if surname.rstrip(".") in {"Jr", "Sr", "II", "III", "IV"} and len(name.split()) > 1:
        surname = name.split()[-2].rstrip(",")
    if status == "current" and paragraphs:
        pm = None
        for para in paragraphs[:3]:
            first = next(iter(sentences(para)), "")
            pm = re.search(r"\b(?:is|serves\s+as)\s+(?:the\s+|also\s+the\s+)?(?P<pos>.+)$", first)
            if pm and surname and surname in first[: pm.start()]:
                break
            pm = None
        if pm:
            position = pm.group("pos").strip()
            if position.endswith(".") and not re.search(
                r"(?:\b[A-Z]\.)+$|\b[A-Z][a-z]{0,3}\.$", position
            ):
                position = position[:-1]
    return Person(
        name=name.strip(),
        rank=rank,
        position=position,
        status=status,
        retirementDate=parse_date(retired.group("d")) if retired else None,
        deathDate=parse_date(died.group("d")) if died else None,
    )


_SECTIONS: tuple[tuple[str, str], ...] = (
    (r"EDUCATION(?:AL\s+BACKGROUND)?", "education"),
    (r"ASSIGNMENTS|CAREER\s+CHRONOLOGY|CAREER|PROFESSIONAL\s+EXPERIENCE", "assignments"),
    (r"EFFECTIVE\s+DATES?\s+OF\s+PROMOTIONS?|PROMOTIONS?", "promotions"),
    (
        r"(?:MAJOR\s+|OTHER\s+)?AWARDS\s+AND\s+(?:DECORATIONS|HONORS)|DECORATIONS(?:\s+AND\s+AWARDS)?",
        "decorations",
    ),
)


def _section_of(paragraph: str) -> str | None:
    """The section a heading opens, "other" for any other heading, None for a non-heading."""
    p = paragraph.strip().rstrip(":")
    if not p or p.upper() != p or len(p) > 70 or not re.search(r"[A-Z]{3}", p):
        return None
    for pattern, name in _SECTIONS:
        if re.fullmatch(pattern, p):
            return name
    return "other"


_ASSIGNMENT = re.compile(
    r"^(?:\d+\.\s*)?(?P<from>(?:[A-Z][a-z]+\.?\s*)?\d{4})\s*(?:[-–—]+\s*(?P<to>(?:[A-Z][a-z]+\.?\s*)?\d{4}|[Pp]resent))?"
    r"\s*,?\s*(?P<title>.+)$"
)
_NEXT_ITEM = re.compile(r"\s+(?=\d{1,2}\.\s+(?:[A-Z][a-z]+\.?\s+)?\d{4}\s*(?:[-–—]|,))")
_YEAR_LINE = re.compile(r"^(?P<year>(?:19|20)\d{2})\b[,:]?\s*(?P<text>.*)$")
_PROMO_LINE = re.compile(rf"^(?P<rank>[A-Za-z][A-Za-z .()'’-]+?)\s+(?P<date>{DATE_TEXT})\s*$")
_PROMO_PROSE = re.compile(
    r"\bto\.?\s+(?P<rank>[a-z][a-z .'’-]+?(?:\s+\([a-z. ]+\))?)\s+(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+[\dlIO]{1,2},?\s+\d{4})"
)


def _month_iso(text: str | None) -> str | None:
    if not text:
        return None
    t = text.strip()
    if t.lower() == "present":
        return None
    m = re.fullmatch(r"(?:(?P<mon>[A-Z][a-z]+)\.?\s*)?(?P<y>\d{4})", t)
    if not m:
        return None
    if m.group("mon"):
        iso = parse_date(f"{m.group('mon')} {m.group('y')}")
        return iso or m.group("y")
    return m.group("y")


def parse_biography(
    paragraphs: list[str], *, headline: str, description: str | None = None
) -> BiographyResult:
    """The person, education, assignments, promotions and decorations of a biography.

    Lines inside a section that do not start a new item (wrapped lines) are joined to
    the item before them. A numbered assignment line whose dates cannot be read is
    skipped with a note ``"biography/unparsed-assignment"``.
    """
    result = BiographyResult(person=_person(headline, description, paragraphs))
    section: str | None = None
    items: dict[str, list[str]] = {
        "education": [],
        "assignments": [],
        "promotions": [],
        "decorations": [],
    }
    for para in paragraphs:
        p = " ".join(para.split())
        kind = _section_of(p)
        if kind is not None:
            section = kind if kind in items else None
            continue
        if section is None:
            _prose(p, result)
            continue
        bucket = items[section]
        if bucket and _is_wrapped(section, p):
            bucket[-1] = f"{bucket[-1]} {p}"
        else:
            bucket.append(p)
    for line in items["education"]:
        m = _YEAR_LINE.match(line)
        result.education.append(
            Education(int(m.group("year")), m.group("text")) if m else Education(None, line)
        )
    lines = [part for line in items["assignments"] for part in _NEXT_ITEM.split(line)]
    for line in lines:
        m = _ASSIGNMENT.match(line)
        if not m:
            result.notes.append("biography/unparsed-assignment")
            continue
        result.assignments.append(
            Assignment(
                from_=_month_iso(m.group("from")),
                to=_month_iso(m.group("to")) if m.group("to") else _month_iso(m.group("from")),
                title=m.group("title").strip(),
            )
        )
    for line in items["promotions"]:
        m = _PROMO_LINE.match(line)
        if m:
            result.promotions.append(
                Promotion(m.group("rank").strip(), parse_date(m.group("date")))
            )
        else:
            _prose(line, result)
    result.decorations.extend(items["decorations"])
    return result


def _is_wrapped(section: str, line: str) -> bool:
    if section == "assignments":
        return not re.match(r"\d+\.\s|\d{4}\b|[A-Z][a-z]+\.?\s*\d{4}\s*[-–—]", line)
    if section == "education":
        return not _YEAR_LINE.match(line)
    if section == "promotions":
        return not _PROMO_LINE.match(line) and not line.lower().startswith(("he ", "she "))
    return line[:1].islower()


def _prose(paragraph: str, result: BiographyResult) -> None:
    """Promotions and decorations stated in prose."""
    if re.search(r"\bpromoted\s+to\b", paragraph):
        for m in _PROMO_PROSE.finditer(paragraph):
            date = re.sub(r"(?<=\s)[lI](?=[\d,])|(?<=\d)[lI]", "1", m.group("date"))
            rank = re.sub(
                r"^(?:the\s+)?(?:(?:temporary|permanent)\s+)?grade\s+of\s+",
                "",
                m.group("rank").strip(),
            )
            rank = re.sub(r"\s+(?:effective|on)$", "", rank)
            result.promotions.append(Promotion(rank, parse_date(date)))
    d = re.search(
        r"\b(?:His|Her|Their)\s+(?:military\s+)?(?:major\s+)?(?:decorations|awards)(?:\s+and\s+(?:awards|decorations))?\s+include\s+(?:the\s+)?(?P<list>[^.]+(?:\.[^\s][^.]*)*)\.",
        paragraph,
    )
    if d and not result.decorations:
        parts = re.split(r",\s*(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?", d.group("list"))
        result.decorations.extend(p.strip() for p in parts if p.strip())
