"""Contract awards from the paragraphs of a daily contracts announcement.

A contracts page is agency headings ("NAVY"), award paragraphs and footnotes
("*Small business"). :func:`parse_awards` walks the paragraphs in order and turns each
award paragraph (corrections and "UPDATE:" additions included) into one :class:`Award`;
a paragraph that looks like an award but yields no contractor gives no record and a
counted note instead. Everything here is a pure function of ``list[str]``.

The first sentence names the awardees ("Name,* City, State (PIID); ... are each being
awarded ..."); a location is found by its last part being a state, province or country
(:mod:`dodarchive.records.places`), so names keep their commas, divisions and "doing
business as" parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from dodarchive.records.model import (
    Award,
    Competition,
    ContractingActivity,
    Contractor,
    PlaceOfPerformance,
)
from dodarchive.records.places import (
    COUNTRIES,
    SUBNATIONAL,
    US_ABBREVIATIONS,
    US_STATES,
    is_country,
    is_region,
)
from dodarchive.records.text import (
    DATE_TEXT,
    MONEY,
    guarded,
    money_value,
    number_word,
    parse_date,
    sentences,
)

__all__ = [
    "Award",
    "Competition",
    "ContractingActivity",
    "Contractor",
    "PlaceOfPerformance",
    "contract_numbers",
    "footnotes",
    "is_agency_heading",
    "is_small_business",
    "parse_award",
    "parse_awards",
    "split_contractors",
]


# -- paragraph kinds -----------------------------------------------------------------

_HEADING = re.compile(r"^[A-Z][A-Z0-9 .,&'’()/-]*[A-Z)]$")
_NOT_HEADING = re.compile(r"^(?:CORRECTION|UPDATE|UDPATE|NOTE|CONTRACTS?\b)")


def is_agency_heading(paragraph: str) -> bool:
    """True for an agency heading: a short upper-case line such as "DEFENSE LOGISTICS AGENCY".

    >>> is_agency_heading("NAVY"), is_agency_heading("CONTRACTS"), is_agency_heading("*Small business")
    (True, False, False)
    """
    p = " ".join(paragraph.split())
    return (
        3 <= len(p) <= 90
        and bool(_HEADING.match(p))
        and not _NOT_HEADING.match(p)
        and sum(c.isalpha() for c in p) >= 3
    )


_CONTRACTS_LINE = re.compile(r"^contracts?(?:\s+for\b.*)?$", re.I)
_FOOTNOTE = re.compile(r"^\*")
_NOTE = re.compile(r"^(?:NOTE|EDITOR['’]?S\s+NOTE)\s*:", re.I)
_CORRECTION = re.compile(r"^\s*(?:CORRECTION|Correction)\s*:?\s*", re.I)
_UPDATE = re.compile(r"^\s*(?:UPDATE|UDPATE)\s*:\s*", re.I)
_CORRECTED_FOLLOWING = re.compile(
    r"corrected\s+(?:to\s+)?(?:read\s+)?(?:as\s+)?(?:the\s+)?following", re.I
)

# -- identifiers ---------------------------------------------------------------------

_PIID = re.compile(
    r"(?<![A-Za-z0-9-])"
    r"(?=[A-Z0-9]{0,5}[A-Z])[A-Z0-9]{6}-?\d{2}-?[A-Z]-?[A-Z0-9]{4,5}"
    r"(?:-(?!P[0-9A-Z]\d{3})[A-Z0-9]{4}(?![A-Za-z0-9]))?"
    r"(?![A-Za-z0-9])"
)
_MOD_NUMBER = re.compile(r"\b(?:P[0-9]{5}|P[A-Z][0-9]{4}|A[0-9]{5})\b")


_LOOSE_PIID = re.compile(
    r"(?<![\w/-])[A-Z][A-Z0-9]{2,5}(?:(?:-\s?|\s)[A-Z0-9]{1,6}){2,4}(?![\w/-])"
)


def _loose_piids(text: str) -> list[tuple[int, str]]:
    """Malformed PIIDs ("W912-DR-15-D-0008", "N00024 13 C-5407"): four or five hyphen-
    or space-joined parts with at least one hyphen, eight digits or more, 13+ characters."""
    out = []
    for m in _LOOSE_PIID.finditer(text):
        tok = m.group(0)
        if "-" not in tok or len(tok) < 13 or sum(c.isdigit() for c in tok) < 8:
            continue
        if re.search(r"-P[0-9A-Z]\d{3,4}$", tok):
            tok = tok[: tok.rindex("-")]
        out.append((m.start(), tok))
    return out


_GSA_SCHEDULE = re.compile(r"(?<![\w-])GS-\d{2}[A-Z]-[A-Z0-9]{4,6}(?![\w-])")


def contract_numbers(text: str) -> tuple[str, ...]:
    """Every PIID-shaped identifier in ``text``, in order, as written, without repeats.

    Hyphenated ("N00019-11-D-0004") and compact ("N0003025C0100") forms, malformed ones
    ("FA2401-23-F0002") and solicitations included; modification numbers excluded.

    >>> contract_numbers("modification (P00001) to FA8625-14-C-6450 and N0003025C0100")
    ('FA8625-14-C-6450', 'N0003025C0100')
    """
    found = [(m.start(), m.group(0)) for m in _PIID.finditer(text)]
    found += [(m.start(), m.group(0)) for m in _GSA_SCHEDULE.finditer(text)]
    taken = [range(p, p + len(t)) for p, t in found]
    for pos, tok in _loose_piids(text):
        if not any(
            pos in r or (pos + len(tok) - 1) in r or r.start in range(pos, pos + len(tok))
            for r in taken
        ):
            found.append((pos, tok))
    seen: dict[str, None] = {}
    for _, tok in sorted(found):
        seen.setdefault(tok, None)
    return tuple(seen)


# -- contractors ---------------------------------------------------------------------

_VERB = re.compile(
    r",?\s*\b(?:(?:is|are|was|were|has|have|had|will|shall)\s+(?:\w+\s+){0,3}?)?"
    r"(?:awarded|added|issued|selected|granted|given|modified|received|receiving|sharing|share|"
    r"compete|competing)\b"
)
_LIST_INTRO = re.compile(
    r"(?:\b(?:are|were|is|include|includes|including|awardees|companies|contractors|follows?|following)\b"
    r"[^:;$]{0,120}?:|\bThey are\b|\bThe \w+ are\b)\s*"
)
_MARKS = re.compile(r"\s*(\*{1,6})")
_PAREN = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")


@dataclass
class _Segment:
    start: int
    end: int
    text: str


def _segments(text: str) -> list[_Segment]:
    return [
        _Segment(m.start(), m.end(), m.group(0).strip(" *\t"))
        for m in re.finditer(r"[^,]+", text)
        if m.group(0).strip(" *\t")
    ]


def _region_suffix(seg: str) -> str | None:
    """The region a segment ends with when the comma is missing ("Sunnyvale California")."""
    words = seg.split()
    for n in (4, 3, 2, 1):
        if len(words) > n and " ".join(words[-n:]) in REGION_NAMES:
            return " ".join(words[-n:])
    return None


REGION_NAMES = US_STATES | SUBNATIONAL | COUNTRIES | US_ABBREVIATIONS

_CORP_SUFFIX = re.compile(
    r"(?:Inc|Corp|Co|LLC|L\.L\.C|Ltd|JV|LP|L\.P|LLP|PLLC|PC|P\.C|PTE|Pte|GmbH|AG|SA|S\.A|NV|BV|"
    r"PLC|plc|AS|A/S|AB|Oy|SpA|S\.p\.A|KK|K\.K)\.?\**"
)

_GLUE = re.compile(
    r"(?:\*+|\b(?:Inc|Corp|Co|LLC|L\.L\.C|Ltd|JV|LP|L\.P|LLP|PLLC|PC|P\.C|Company|Corporation)\.?\**)\s+(?=[A-Z])"
    r"|\s+of\s+(?=[A-Z])"
)


def _glued_city(seg: str) -> int | None:
    """Where the city starts in a segment that lost the comma after the name."""
    cut = None
    for m in _GLUE.finditer(seg):
        cut = m.end()
    return cut


def _clean_name(raw: str) -> tuple[str, str | None]:
    marks = None
    for m in _MARKS.finditer(raw):
        if marks is None or len(m.group(1)) > len(marks):
            marks = m.group(1)
    name = raw.replace("*", "")
    name = re.sub(r"^\s*(?:and|&)\s+", "", name)
    name = re.sub(r"^\s*(?:the\s+following\b.*?:\s*)", "", name, flags=re.I)
    name = re.sub(r"^\s*(?:[A-Za-z][\w ]{0,30})?:\s*", "", name)
    name = re.sub(r"[\s,;:]+$", "", name)
    name = re.sub(r"\s+of$", "", name)
    name = re.sub(r"\s+,", ",", name)
    # "which includes ABX Air", "listed as Austal USA", "the Dawson Charter Group"
    name = re.sub(r"^(?:[a-z]+\s+)+(?=[A-Z0-9])", "", name)
    return " ".join(name.split()), marks


def _contractor(name_raw: str, location: str | None) -> Contractor | None:
    name, marks = _clean_name(name_raw)
    if location and "*" in location:
        loc_marks = re.search(r"\*{1,6}", location)
        if loc_marks and (marks is None or len(loc_marks.group(0)) > len(marks)):
            marks = loc_marks.group(0)
    if not name or not re.search(r"[A-Za-z0-9]", name):
        return None
    if location is None and not _plausible_name(name):
        return None
    small = is_small_business(marks, {})
    loc = " ".join(location.replace("*", "").split()).rstrip(",") if location else None
    if loc and loc.endswith("."):
        last = loc.rsplit(",", 1)[-1].strip()
        if last not in US_ABBREVIATIONS and not re.fullmatch(r"(?:[A-Z]\.)+", last):
            loc = loc[:-1]
    return Contractor(name=name, location=loc or None, smallBusiness=small, marks=marks)


_NOT_NAME_START = frozenset(
    [
        "A",
        "An",
        "This",
        "These",
        "That",
        "It",
        "Its",
        "Work",
        "Funds",
        "Fiscal",
        "Additionally",
        "Contract",
        "Contracts",
    ]
)
_LOWER_OK = frozenset(
    [
        "of",
        "and",
        "the",
        "&",
        "for",
        "de",
        "du",
        "la",
        "le",
        "von",
        "van",
        "y",
        "a",
        "an",
        "at",
        "in",
        "on",
    ]
)


def _plausible_name(name: str) -> bool:
    """A bare awardee name (no location) must read as a name, not as prose ("A contract")."""
    words = name.split()
    if not words or words[0] in _NOT_NAME_START or not (name[0].isupper() or name[0].isdigit()):
        return False
    lower = [w for w in words if w[0].islower() and w not in _LOWER_OK]
    return len(lower) * 2 < len(words) and len(words) <= 14


def _split_item(item: str) -> list[Contractor]:
    """Contractors in one list item: "Name, City, State" repeated, or a bare name."""
    text = _PAREN.sub(lambda m: "" if re.search(r"\d", m.group(0)) else m.group(0), item)
    text = re.split(
        r",?\s+(?:to\s+contract|estimated\b|maximum\b|minimum\b|was\b|were\b|is\b|for\s+\$)|\$",
        text,
    )[0]
    segs = _segments(text)
    out: list[Contractor] = []
    last_end = 0
    start = 0  # index of the first segment of the current contractor
    i = 0
    while i < len(segs):
        seg = segs[i]
        if i > start and is_region(seg.text):
            # extend over a following country ("Ontario, Canada") and skip lone regions
            j = i
            if j + 1 < len(segs) and is_country(segs[j + 1].text) and not is_country(seg.text):
                j += 1
            city = i - 1
            if j > i and (city == start or _CORP_SUFFIX.fullmatch(segs[city].text)):
                # "Onaka Gumi Co. Ltd., Okinawa, Japan": the province is the city here
                city = i
            city_start = segs[city].start
            if city == start:
                # "Smith Seckman Reid Inc. Nashville, Tennessee": no comma before the city
                cut = _glued_city(text[segs[city].start : segs[city].end])
                if cut is not None:
                    city_start = segs[city].start + cut
            if city > start or city_start > segs[start].start:
                name_raw = text[segs[start].start : city_start]
                loc = text[city_start : segs[j].end]
                c = _contractor(name_raw, loc)
                if c:
                    out.append(c)
                    last_end = segs[j].end
                start = i = j + 1
                continue
        i += 1
    trailing = text[last_end:] if out else ""
    if out and "*" in trailing and not trailing.strip(" *,"):
        # "Technica Corp., Dulles, Virginia,* has been awarded": the mark after the location
        marks = trailing.strip(" ,")
        last = out[-1]
        if last.marks is None or len(marks) > len(last.marks):
            out[-1] = Contractor(last.name, last.location, is_small_business(marks, {}), marks)
        start = len(segs)
    if start < len(segs):
        rest = text[segs[start].start :]
        last_seg = segs[-1].text
        suffix = _region_suffix(last_seg) if len(segs) - start >= 2 else None
        if suffix and last_seg != suffix:
            # "Name, Sunnyvale California": the comma before the state is missing
            loc_start = segs[-1].start + (
                len(text[segs[-1].start :]) - len(text[segs[-1].start :].lstrip())
            )
            c = _contractor(text[segs[start].start : loc_start], text[loc_start : segs[-1].end])
        else:
            c = _contractor(rest, None) if not out else None
        if c:
            out.append(c)
    return out


def _split_top(text: str) -> list[str]:
    """Split a contractor list on ";" and on ") and" outside parentheses."""
    parts: list[str] = []
    depth = 0
    cur = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
            m = re.match(r"\)\s*,?\s+and\s+", text[i:])
            if depth == 0 and m:
                cur.append(")")
                parts.append("".join(cur))
                cur = []
                i += m.end()
                continue
        if ch == ";" and depth == 0:
            parts.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def split_contractors(head: str) -> list[Contractor]:
    """The contractors named in ``head``, the text before the award verb.

    >>> [(c.name, c.location, c.marks) for c in split_contractors(
    ...     "Geomorph Information Systems, LLC,* San Diego, California (N62473-14-D-1422); "
    ...     "and Vernadero Group Inc.,* Phoenix, Arizona (N62473-14-D-1425)")]
    [('Geomorph Information Systems, LLC', 'San Diego, California', '*'), ('Vernadero Group Inc.', 'Phoenix, Arizona', '*')]
    """
    out: list[Contractor] = []
    for item in _split_top(head):
        found = _split_item(item)
        if out and len(found) == 1 and _is_place_only(item, found[0]):
            # "Herndon, Virginia; and Bellevue, Nebraska": a second site of the same awardee
            continue
        out.extend(found)
    return out


def _is_place_only(item: str, found: Contractor) -> bool:
    """True when a list item is only "City, State" (another location, not an awardee)."""
    bare = re.sub(r"^\s*(?:and\s+)?", "", _PAREN.sub("", item)).strip(" ,;")
    parts = [p.strip() for p in bare.split(",") if p.strip()]
    return found.location is None and len(parts) == 2 and is_region(parts[1])


def _list_after_colon(text: str) -> list[Contractor]:
    m = _LIST_INTRO.search(text)
    if not m:
        return []
    items = _split_top(text[m.end() :])
    out: list[Contractor] = []
    for n, item in enumerate(items):
        found = [c for c in _split_item(item) if c.location]
        if not found:
            if n:
                break
            continue
        out.extend(found[:1] if n == len(items) - 1 else found)
    return out


def _named_in_sentences(sents: list[str]) -> list[Contractor]:
    """Awardees named later on ("The first airline is Name, City, State, awarded a ...")."""
    out: list[Contractor] = []
    for s in sents:
        verb = re.search(r",?\s+(?:was\s+|were\s+|is\s+being\s+|has\s+been\s+)?awarded\b", s)
        if not verb:
            continue
        head = re.sub(r"^.*\b(?:is|are|was|were)\s+(?:the\s+)?", "", s[: verb.start()])
        found = [c for c in split_contractors(head) if c.location]
        out.extend(found)
    return out


_CORR_TARGET = re.compile(
    r"\b(?:to|for|awarded to|with|that)\s+(?:the\s+)?(?=[A-Z0-9])(?!(?:Sept?|Oct|Nov|Dec|Jan|Feb|Mar|Apr|May|June?|July?|Aug)[a-z]*\.?\s+\d)"
)
_CORR_STOP = re.compile(
    r"\s*\(|,?\s+(?:for|on|was|were|is|has|had|that|should|included|includes|gave|announced|"
    r"awarded|in|under|with|did|incorrectly|not)\b|,\s*\$|(?<=[a-z]{3})\.\s+(?=[A-Z])|:"
)


def _correction_contractors(body: str) -> list[Contractor]:
    """The awardee a correction paragraph is about ("... announced on X for Name, City, State ...")."""
    head = _VERB.search(body)
    if head and head.start() > 0 and not re.match(r"(?i)(?:the|a|an)\s", body):
        found = split_contractors(body[: head.start()])
        if found and found[0].location:
            return found
    fallback: list[Contractor] = []
    for m in _CORR_TARGET.finditer(body):
        rest = body[m.end() :]
        semi = rest.find(";")
        stop = re.search(r"\.\s|\.$", rest)
        if semi != -1 and (stop is None or semi < stop.start()):
            # a list of awardees: up to where the sentence goes on after the last item
            tail = rest[rest.rfind(";", 0, stop.start() if stop else len(rest)) :]
            end = re.search(r"\),?\s+(?:for|was|were|is|has|had|on|announced|should)\b", tail)
            span = rest[
                : rest.rfind(";", 0, stop.start() if stop else len(rest))
                + (end.start() + 1 if end else len(tail))
            ]
            listed = split_contractors(span)
            if len(listed) > 1 and all(c.location for c in listed):
                return listed
        candidate = split_contractors(_name_span(rest))
        if candidate and candidate[0].location:
            return candidate[:1]
        if (
            candidate
            and not fallback
            and re.match(r"[A-Z0-9]\S*(?:,?\s+\S+){0,9}$", candidate[0].name)
        ) and (_looks_like_company(candidate[0].name) or m.group(0).startswith("to")):
            fallback = candidate[:1]
    for sentence in sentences(body)[1:]:
        verb = _VERB.search(sentence)
        if verb and verb.start() > 0:
            found = split_contractors(sentence[: verb.start()])
            if found and all(c.location for c in found):
                return found
    named = re.search(r"\b(?:should\s+have\s+(?:been|read)|name\s+(?:is|was))\s+(?:the\s+)?", body)
    if named:
        candidate = split_contractors(_name_span(body[named.end() :]))
        if candidate and candidate[0].location:
            return candidate[:1]
    return fallback


def _name_span(rest: str) -> str:
    """The text from a correction's "to"/"for" up to where the awardee's name ends."""
    out = []
    segs = _segments(rest)
    for seg in segs:
        piece = rest[seg.start : seg.end]
        stop = _CORR_STOP.search(piece)
        if stop:
            out.append(piece[: stop.start()])
            break
        out.append(piece)
        if is_region(seg.text) and not (len(out) < len(segs) and is_country(segs[len(out)].text)):
            break
    return ",".join(out)


_COMPANY = re.compile(
    r"\b(?:Inc|Corp|Co|LLC|L\.L\.C|LLP|Ltd|JV|Joint Venture|Company|Corporation|Group|"
    r"Technologies|Systems|Services|Industries|Associates|Partners|International)\b\.?",
)


def _looks_like_company(name: str) -> bool:
    return bool(_COMPANY.search(name)) and len(name) < 120


# -- amounts -------------------------------------------------------------------------

_NOT_FACE = re.compile(
    r"(?:funds?\s+in\s+the\s+amount\s+of|funding|obligat|brings?\s+the\s+total|"
    r"bring\s+the\s+total|from\s*$|to\s*$|guarantee|"
    r"previously\s+(?:awarded|issued|exercised)|increas\w+\s+(?:the\s+)?(?:total|value|ceiling)|"
    r"total\s+(?:contract\s+)?value\s+(?:of\s+the\s+contract\s+)?to|"
    r"\b(?:bring|brings|brought|bringing)\b[^$.;]{0,80}$|\b(?:increas\w*|rais\w*)\b[^$.;]{0,80}\bto\s*$|"
    r"if\s+exercised[^$.;]{0,80}$|"
    r"\(\s*$)",
    re.I,
)
_NOT_FACE_AFTER = re.compile(
    r"^\s*(?:;\s*\d|,?\s*(?:is|are|was|were|will\s+be|being)\s+(?:being\s+)?obligated|in\s+funds|,?\s+from\s+\$)",
    re.I,
)
_TOTAL_SENTENCE = re.compile(
    r"\b(?:maximum|combined|total|aggregate|value|ceiling|estimated|worth|cumulative face value of all)\b",
    re.I,
)
_NOTHING_AWARDED = guarded(
    r"acnr",
    r"\b(?:not\s+(?:yet\s+)?(?:been\s+)?awarded|announced\s+in\s+error|cancel+ed|rescinded)\b",
    re.I,
)


_COMBINED = re.compile(r"\b(?:combined|aggregate|total|cumulative)\b", re.I)
_FUNDS_TALK = re.compile(r"\bobligat|\bfunds?\s+in\s+the\s+amount\b|\bper\s+awardee\b", re.I)


def _first_face(sentence: str) -> int | None:
    amounts = _face_amounts_in(sentence)
    if not amounts:
        return None
    return max(amounts) if _is_min_max(sentence) else amounts[0]


def _face_amount(
    body: str, award_sentence_idx: int, sents: list[str], *, multiple: bool = False
) -> int | None:
    """The face value: see :attr:`Award.amountUsd`."""
    if _NOTHING_AWARDED.search(body):
        return None
    if multiple:
        # a multiple award states one combined value: "combined ceiling", "total cumulative
        # face value of the contracts"
        for s in sents:
            if _COMBINED.search(s) and not _FUNDS_TALK.search(s):
                found = _first_face(s)
                if found is not None:
                    return found
    found = _first_face(sents[award_sentence_idx])
    if found is not None:
        return found
    for i, s in enumerate(sents):
        if i == award_sentence_idx or not _TOTAL_SENTENCE.search(s):
            continue
        found = _first_face(s)
        if found is not None:
            return found
    bare = re.search(r"\bawarded\s+an?\s+(\d{1,3}(?:,\d{3}){2,})\b", sents[award_sentence_idx])
    if bare:
        return int(bare.group(1).replace(",", ""))
    for s in sents:
        if re.search(r"\bfunding\b|\bper\s+awardee\b", s, re.I):
            continue
        found = _first_face(s)
        if found is not None:
            return found
    return None


_NOT_FACE_PREFIX = re.compile(
    r"\bif\b[^.]{0,200}\bexercised\b|\bafter\s+(?:the\s+)?award\s+of\s+this\s+modification\b|"
    r"\bwould\s+bring\b|\bbrings?\s+the\b|\bbrought\s+the\b|\bprior\s+to\s+this\s+modification\b",
    re.I,
)


def _face_amounts_in(sentence: str) -> list[int]:
    out = []
    for m in MONEY.finditer(sentence):
        if _NOT_FACE_PREFIX.search(sentence, 0, m.start()):
            continue
        before = sentence[max(0, m.start() - 45) : m.start()]
        after = sentence[m.end() : m.end() + 30]
        increment = re.search(
            r"\b(?:increase[sd]?|decrease[sd]?|raise[sd]?)\b[^$.;]{0,80}\bby\s*$", before, re.I
        )
        if not increment and (_NOT_FACE.search(before) or _NOT_FACE_AFTER.match(after)):
            continue
        out.append(money_value(m))
    return out


def _combined_stated(sents: list[str]) -> bool:
    return any(
        re.search(
            r"\b(?:combined|aggregate|all\s+\w+\s+contracts|cumulative\s+face\s+value\s+of\s+all)\b",
            s,
            re.I,
        )
        and MONEY.search(s)
        for s in sents
    )


def _is_min_max(sentence: str) -> bool:
    return bool(
        re.search(r"\bminimum\b", sentence, re.I) and re.search(r"\bmaximum\b", sentence, re.I)
    )


# -- the other fields ----------------------------------------------------------------

_TYPES: tuple[tuple[str, str], ...] = (
    (
        r"fixed[- ]price[- ]with[- ]economic[- ]price[- ]adjustments?",
        "fixed-price with economic-price-adjustment",
    ),
    (r"fixed[- ]price[- ]incentive(?:[- ](?:firm[- ])?(?:target|fee))?", "fixed-price-incentive"),
    (r"fixed[- ]price[- ]award[- ]fee", "fixed-price-award-fee"),
    (r"firm[- ]fixed[- ]price", "firm-fixed-price"),
    (r"cost[- ]plus[- ]fixed[- ]fee", "cost-plus-fixed-fee"),
    (r"cost[- ]plus[- ]award[- ]fee", "cost-plus-award-fee"),
    (r"cost[- ]plus[- ]incentive[- ]fee", "cost-plus-incentive-fee"),
    (r"cost[- ]plus[- ]no[- ]fee", "cost-plus-no-fee"),
    (r"cost[- ]reimburs\w+(?:[- ]no[- ]fee)?", "cost-reimbursement"),
    (r"cost[- ]sharing", "cost-sharing"),
    (r"cost[- ]only", "cost-only"),
    (r"time[- ]and[- ]materials?", "time-and-materials"),
    (r"labor[- ]hours?", "labor-hour"),
    (
        r"indefinite[- ]delivery\s*/\s*indefinite[- ]quantity|\bIDIQ\b",
        "indefinite-delivery/indefinite-quantity",
    ),
    (r"indefinite[- ]delivery[- ]requirements?|\brequirements\s+contract", "requirements"),
    (r"basic\s+ordering\s+agreement", "basic ordering agreement"),
    (r"blanket\s+purchase\s+agreement", "blanket purchase agreement"),
    (r"other\s+transaction(?:\s+authority|\s+agreement)?", "other transaction"),
    (r"undefinitized", "undefinitized"),
    (r"letter\s+contract", "letter contract"),
    (r"multiple[- ]award", "multiple-award"),
    (r"single[- ]award", "single-award"),
    (r"\bfixed[- ]price\b", "fixed-price"),
)
_TYPE_RE = guarded(
    r"bcfilmorstu", "|".join(f"(?P<t{i}>{p})" for i, (p, _) in enumerate(_TYPES)), re.I
)


def _contract_types(sentence: str) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for m in _TYPE_RE.finditer(sentence):
        for i, (_, name) in enumerate(_TYPES):
            if m.group(f"t{i}"):
                out.setdefault(name, None)
                break
    return tuple(out)


_PERFORMED = re.compile(
    r"\b(?:work|performance)\s+(?:\w+\s+){0,4}?performed\s+(?:in|at|on)\s+"
    r"|\blocations?\s+of\s+performance\s+(?:is|are|will\s+be)\s+",
    re.I,
)
_PERFORMED_END = re.compile(
    r",?\s+(?:and|with)\s+(?:is|are|was|an?|the|work)\b|,?\s+and\s+(?:is\s+)?expected\b|\.\s|\.$"
    r"|,\s+(?:with|and)\s+an?\s+|\s+with\s+an?\s+(?:estimated|expected)|,?\s+and\s+will\b",
    re.I,
)
_PERCENT = re.compile(r"\(\s*(\d+(?:\.\d+)?)\s*(?:%|percent)\s*\)")


def _places(body: str) -> tuple[PlaceOfPerformance, ...]:
    m = _PERFORMED.search(body)
    if not m:
        return ()
    rest = body[m.end() :]
    end = _PERFORMED_END.search(rest)
    span = rest[: end.start()] if end else rest
    span = span.strip()
    if not span:
        return ()
    items = re.split(r"\s*;\s*(?:and\s+)?|(?<=\))\s*,\s*(?:and\s+)?|(?<=\))\s+and\s+", span)
    if len(items) == 1 and not _PERCENT.search(span):
        # "Locations of performance are Virginia and England, United Kingdom"
        parts = [p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", span) if p.strip()]
        if len(parts) > 1 and all(is_region(p) for p in parts):
            items = []
            for part in parts:
                if items and is_country(part) and items[-1] in SUBNATIONAL:
                    items[-1] = f"{items[-1]}, {part}"
                else:
                    items.append(part.strip())
    out = []
    for raw_item in items:
        item = re.sub(r"^(?:and|in|at)\s+", "", raw_item.strip(" ,"))
        if not item:
            continue
        pm = _PERCENT.search(item)
        percent = float(pm.group(1)) if pm else None
        place = _PERCENT.sub("", item).strip(" ,")
        if place:
            out.append(PlaceOfPerformance(place=place, percent=percent))
    return tuple(out)


_COMPLETION = guarded(
    r"acdefjmnosw",
    r"(?:expected\s+to\s+be\s+(?:completed?|finished)|estimated\s+completion\s+date|"
    r"completion\s+date|will\s+be\s+completed?|expected\s+completion|end\s+date|"
    r"ordering\s+period\s+end\s+date)\s*(?:of|is|by|in|on|:)?\s*(?:by|in|on)?\s*"
    rf"(?P<date>{DATE_TEXT})"
    rf"|(?P<date2>{DATE_TEXT}),?\s+(?:estimated\s+)?(?:performance\s+)?completion\s+date",
    re.I,
)


def _completion(body: str) -> tuple[str | None, str | None]:
    m = _COMPLETION.search(body)
    if not m:
        return None, None
    raw = (m.group("date") or m.group("date2")).rstrip(",")
    return parse_date(raw), raw


_CUMULATIVE = guarded(
    r"ct",
    r"(?:cumulative\s+(?:face\s+)?value|total\s+cumulative\s+(?:face\s+)?value|"
    r"total\s+(?:estimated\s+)?value\s+of\s+the\s+contract|cumulative\s+total)[^$.]{0,80}?"
    r"(?:to|is|of|at)\s+(?:an?\s+)?(?:estimated\s+)?(?=\$)",
    re.I,
)


def _cumulative(body: str) -> int | None:
    m = _CUMULATIVE.search(body)
    if not m:
        return None
    money = MONEY.match(body, m.end())
    return money_value(money) if money else None


_FUNDS_SENTENCE = guarded(r"ao", r"\bobligat|\bappropriations?\b", re.I)
_NO_FUNDS = re.compile(
    r"\b(?:no\s+funds?|funds?\s+(?:are|were|will)\s+not\s+(?:being\s+|be\s+)?obligated|"
    r"not\s+obligating\s+funds|no\s+(?:money|dollars))\b",
    re.I,
)
_APPROPRIATION = re.compile(
    r"^\s*(?:and\s+)?[Ff]iscal(?:\s+years?)?\s+(?P<years>\d{4}(?:\s*(?:,|and|through|-|–)\s*(?:fiscal\s+)?\d{4})*)"
    r",?\s*(?P<what>.*?)\s*(?:\b(?:contract\s+)?fund(?:s|ing)\b.*|\bin\s+the\s+amount\b.*|\$.*)?$"
)
_FY = re.compile(r"\d{4}")
_OBLIGATED_AMOUNT_BEFORE = re.compile(r"(?:amount\s+of|obligat\w*|funds?|funding|\bof|:)\s*$", re.I)
_OBLIGATED_AMOUNT_AFTER = re.compile(
    r"\s*,?\s*(?:is|are|was|were|will\s+be|being|has\s+been|have\s+been)\s+(?:being\s+)?obligated"
    r"|\s+in\s+(?:\w+\s+){0,6}fund",
    re.I,
)
_NOT_OBLIGATED_AFTER = re.compile(
    r"\s*,?\s*(?:will|are|is|shall)\s+(?:not\s+)?expire|\s*,?\s*(?:is|are|will\s+be)\s+not\b", re.I
)


def _funds(body: str, sents: list[str]) -> tuple[int | None, tuple[int, ...], tuple[str, ...]]:
    total: int | None = None
    years: dict[int, None] = {}
    apps: dict[str, None] = {}
    for s in sents:
        if not _FUNDS_SENTENCE.search(s):
            continue
        if _NO_FUNDS.search(s) and not MONEY.search(s):
            total = total or 0
            continue
        for chunk in re.split(r";\s*|,\s+and\s+(?=fiscal)|\s+and\s+(?=fiscal\s+\d)", s):
            at = re.search(r"\b[Ff]iscal\b", chunk)
            m = _APPROPRIATION.match(chunk[at.start() :]) if at else None
            if not m:
                continue
            found = [int(y) for y in _FY.findall(m.group("years"))]
            if len(found) == 2 and "through" in m.group("years") and 0 < found[1] - found[0] <= 15:
                found = list(range(found[0], found[1] + 1))
            for y in found:
                years.setdefault(y, None)
            what = m.group("what").strip(" ,")
            if what and len(what) < 120:
                apps.setdefault(what, None)
        amounts = [
            money_value(mm)
            for mm in MONEY.finditer(s)
            if (
                _OBLIGATED_AMOUNT_BEFORE.search(s[max(0, mm.start() - 30) : mm.start()])
                or _OBLIGATED_AMOUNT_AFTER.match(s[mm.end() : mm.end() + 60])
            )
            and not _NOT_OBLIGATED_AFTER.match(s[mm.end() : mm.end() + 40])
            and not re.search(r"\bexpire", s[mm.end() : mm.end() + 25])
        ]
        if amounts:
            total = (total or 0) + sum(amounts)
    return total, tuple(sorted(years)), tuple(apps)


_OFFERS = guarded(
    r"\daefnostw",
    r"(?P<n>\b\d+\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)\b)"
    r"\s+(?:\w+\s+){0,2}?(?:offers?|bids?|proposals?|quotes?|quotations?|responses?)\b"
    r"|(?:with|and)\s+(?P<n2>\b\d+\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|twenty|thirty)\b)\s+received",
    re.I,
)
_NOT_COMPETED = guarded(
    r"nos",
    r"\bnot\s+(?:been\s+)?competitively\s+(?:procured|awarded|competed)|\bsole[- ]source\b|\bnot\s+competed\b|"
    r"\bother\s+than\s+full\s+and\s+open\b|\bnoncompetitive\b|\bnon-competitive\b",
    re.I,
)
_COMPETED = guarded(
    r"cfs",
    r"\bcompetitively\s+(?:procured|awarded|competed)|\bcompetitive\s+acquisition\b|\bsolicited\b|"
    r"\bfull\s+and\s+open\s+competition\b|\bcompetitively\b",
    re.I,
)
_AUTHORITY = re.compile(
    r"(?:pursuant\s+to|in\s+accordance\s+with|under\s+the\s+authority\s+of|using\s+justification|"
    r"authorized\s+by|authority\s+of|under|per)\s*(?P<a>(?:(?:the\s+)?\d+\s*U\.\s?S\.\s?(?:C\.|Code)|FAR|Federal\s+Acquisition\s+Regulation)[^;]*?)"
    r"(?:,\s+as\s+stated|\s+via\s|\.\s|\.$|;|,\s+(?:with|and)\b|$)",
    re.I,
)


def _competition(sents: list[str]) -> Competition | None:
    for s in sents:
        not_comp = _NOT_COMPETED.search(s)
        comp = _COMPETED.search(s)
        offers = _OFFERS.search(s)
        if not (not_comp or comp or (offers and re.search(r"receiv", s, re.I))):
            continue
        n = None
        if offers:
            n = number_word(offers.group("n") or offers.group("n2") or "")
        auth = _AUTHORITY.search(s)
        authority = auth.group("a").strip(" ,") if auth else None
        if authority:
            authority = re.sub(r"\s+", " ", authority)
        competed: bool | None = False if not_comp else (True if comp or n else None)
        return Competition(competed=competed, offersReceived=n, authority=authority, text=s)
    return None


_FMS_SENTENCE = guarded(r"fg", r"foreign\s+military\s+sales?|\bFMS\b|\bgovernments?\s+of\b", re.I)
_COUNTRY_RE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(c) for c in sorted(COUNTRIES - {"Georgia"}, key=len, reverse=True))
    + r")\b"
)
_CANON = {
    "the Netherlands": "Netherlands",
    "Kingdom of Saudi Arabia": "Saudi Arabia",
    "Republic of Korea": "South Korea",
    "U.K.": "United Kingdom",
    "Turkiye": "Turkey",
    "Türkiye": "Turkey",
}


def _fms(sents: list[str]) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for s in sents:
        if not _FMS_SENTENCE.search(s):
            continue
        if re.search(
            r"\bis\s+the\s+contracting\s+activity|\bwork\s+will\s+be\s+performed\b", s, re.I
        ):
            continue
        for m in _COUNTRY_RE.finditer(s):
            out.setdefault(_CANON.get(m.group(0), m.group(0)), None)
    return tuple(out)


_USING = re.compile(
    r"\b[Uu]sing\s+(?:military\s+)?(?:services?|customers?|components?)\s+(?:is|are|include|includes)\s+(?P<who>[^.]+)"
)


def _using_service(body: str) -> tuple[str, ...]:
    m = _USING.search(body)
    if not m:
        return ()
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group("who"))
    return tuple(p.strip() for p in parts if p.strip())


_ACTIVITY = re.compile(
    r"(?:^|(?<=\.\s))(?P<who>[^.]*?(?:\.[^\s.][^.]*?)*?),?\s+(?:is|are|was|will\s+be)\s+the\s+contracting\s+(?:activity|agency|office)"
    r"(?:\s*\((?P<code>[^)]+)\))?"
    r"|\bcontracting\s+(?:activity|agency|office)\s+is\s+(?:the\s+)?(?P<who2>[^.;]+?)(?:\s*\((?P<code2>[^)]+)\))?(?:\.\s|\.$|$)",
)


def _activity(sents: list[str]) -> ContractingActivity | None:
    for s in sents:
        m = re.search(
            r",?\s+(?:is|are|was|will\s+be)\s+the\s+contracting\s+(?:activity|agency|office)\b(?:\s*\((?P<code>[^)]+)\))?",
            s,
        )
        who = None
        code = None
        if m:
            who = s[: m.start()]
            code = m.group("code")
        else:
            m2 = re.search(
                r"\bcontracting\s+(?:activity|agency|office)\s+is\s+(?:the\s+)?(?P<who>.+?)(?:\s*\((?P<code>[^)]+)\))?\.?$",
                s,
            )
            if m2:
                who, code = m2.group("who"), m2.group("code")
        if who is None:
            continue
        who = re.sub(r"^(?:The|the)\s+", "", who.strip())
        if code and not re.fullmatch(r"[A-Z0-9]{5,6}", code.strip()):
            code = None
        items = split_contractors(who)
        if items and items[0].location:
            name, loc = items[0].name, items[0].location
        else:
            name, loc = " ".join(who.split()).rstrip(","), None
        slash = re.match(r"^(?P<n>.+?)\s*/\s*(?P<c>[A-Z0-9]{2,8})$", name)
        if slash and code is None:
            name, code = slash.group("n"), slash.group("c")
        paren = re.match(r"^(?P<n>.+?)\s*\((?P<c>[A-Z][A-Z0-9]{4,5})\)$", name)
        if paren and code is None:
            name, code = paren.group("n"), paren.group("c")
        if not name:
            continue
        return ContractingActivity(name=name, location=loc, code=code.strip() if code else None)
    return None


# -- one paragraph -------------------------------------------------------------------


def parse_award(
    paragraph: str, agency: str | None = None, *, correction: bool = False
) -> Award | None:
    """The award in one paragraph, or None when no contractor can be found in it.

    ``correction`` marks a paragraph that follows a "corrected to the following:" line.
    """
    text = paragraph.strip()
    body = " ".join(text.split())
    is_corr = correction or bool(_CORRECTION.match(body))
    core = _CORRECTION.sub("", body, count=1) if _CORRECTION.match(body) else body
    core = _UPDATE.sub("", core, count=1)
    sents = sentences(core)
    if not sents:
        return None
    verb = _VERB.search(core)
    contractors: list[Contractor] = []
    if is_corr and _CORRECTION.match(body):
        contractors = _correction_contractors(core)
    elif verb:
        contractors = split_contractors(core[: verb.start()])
        if not any(c.location for c in contractors):
            listed = _list_after_colon(core)
            if listed:
                contractors = listed
    if not contractors:
        contractors = _list_after_colon(core)
    if not contractors and _UPDATE.match(body):
        contractors = _correction_contractors(core)
    if not contractors:
        contractors = _named_in_sentences(sents)
    if not contractors:
        return None
    # the award sentence: the one holding the verb
    award_idx = 0
    if verb:
        pos = 0
        for i, s in enumerate(sents):
            pos = core.find(s, pos)
            if pos <= verb.start() < pos + len(s):
                award_idx = i
                break
    multiple = len(contractors) > 1 or bool(
        re.search(r"\b(?:each|will\s+(?:share|compete))\b", sents[award_idx], re.I)
    )
    amount = _face_amount(core, award_idx, sents, multiple=multiple)
    if verb and len(contractors) > 1:
        # "A, City, State ($27,316,475); and B, City, State ($21,538,822), have each
        # been awarded ...": no combined value stated, so the largest
        head_amounts = [money_value(m) for m in MONEY.finditer(core[: verb.start()])]
        tail = sents[award_idx][max(0, verb.end() - max(0, core.find(sents[award_idx]))) :]
        if head_amounts and not _face_amounts_in(tail) and not _combined_stated(sents):
            amount = max(head_amounts)
    if is_corr and _CORRECTION.match(body):
        if amount is None and not _NOTHING_AWARDED.search(core):
            firsts = [a for s in sents for a in _face_amounts_in(s)]
            amount = firsts[0] if firsts else None
        corrected = re.search(
            r"\bcorrect(?:ed)?\s+(?:\w+\s+){0,3}(?:amount|value)\s+(?:\w+\s+){0,2}(?:is|was|should\s+be|of)\s+(?=\$)",
            core,
            re.I,
        )
        if corrected:
            money = MONEY.match(core, corrected.end())
            if money:
                amount = money_value(money)
    award_sentence = sents[award_idx]
    mod = _MOD_NUMBER.search(core)
    is_mod = bool(
        re.search(r"\bmodif(?:ication|ied|ies|y)\b", award_sentence, re.I)
        or (mod and mod.start() < len(award_sentence) + 50)
    )
    completion, completion_raw = _completion(core)
    funds, years, apps = _funds(core, sents)
    return Award(
        agency=agency,
        contractors=tuple(contractors),
        amountUsd=amount,
        contractNumbers=contract_numbers(core),
        smallBusiness=any(c.smallBusiness for c in contractors),
        isCorrection=is_corr,
        text=text,
        contractType=_contract_types(award_sentence),
        isModification=is_mod,
        modificationNumber=mod.group(0) if mod else None,
        placesOfPerformance=_places(core),
        completionDate=completion,
        completionDateRaw=completion_raw,
        cumulativeValueUsd=_cumulative(core),
        fundsObligatedUsd=funds,
        fundsFiscalYears=years,
        fundsAppropriations=apps,
        competition=_competition(sents),
        foreignMilitarySales=_fms(sents),
        usingService=_using_service(core),
        contractingActivity=_activity(sents),
    )


# -- a whole page --------------------------------------------------------------------

_TERMINAL = re.compile(r"[.!?):;\"”’]\s*$")
_AWARDISH = re.compile(r"\baward|\$\s?\d|\bcontract\b", re.I)


_STARTS_AWARD = re.compile(
    r"\b(?:awarded|awarding|added|selected|sharing|share|compete|competing|issued|given|granted|"
    r"receiv\w+\s+an?|modif(?:ied|ying))\b"
    r"|^(?:CORRECTION|Correction|UPDATE|UDPATE)\b"
)


def _starts_award(paragraph: str) -> bool:
    """True when the paragraph opens with a located awardee ("Name, City, State, ...")."""
    verb = _VERB.search(paragraph)
    if _CORRECTION.match(paragraph) or _UPDATE.match(paragraph):
        return True
    if not verb or verb.start() == 0:
        return False
    found = split_contractors(paragraph[: verb.start()])
    return bool(found) and found[0].location is not None and not is_region(found[0].name)


def _is_continuation(paragraph: str) -> bool:
    """True for a line broken off an award paragraph: it starts like the later sentences
    of an award ("Work will be performed ...", "Fiscal 2015 ... funds ...")."""
    return bool(_CONTINUATION_START.match(paragraph))


_CONTINUATION_START = re.compile(
    r"(?:Work\s|Fiscal\s|Funds?\s|Funding\s|This\s|These\s|The\s+(?:contract|work|modification|"
    r"task|order|option|award|maximum|total|requirement|contracting|solicitation|estimated|cumulative)\b|"
    r"Bids\s|Location\s|Locations\s|Type\s|Using\s|Additionally|In\s+addition|Once|All\s|No\s+funds|"
    r"Army\s+Contracting|Army\s+Corps|[A-Z][\w.]*(?:\s+[\w.]+){0,8},\s+is\s+the\s+contracting)"
)


@dataclass
class AwardsResult:
    """What :func:`parse_awards` found: the awards and one note per skipped paragraph."""

    awards: list[Award] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


_ACTIVITY_END = re.compile(
    r"(?:\bis\s+the\s+contracting\s+(?:activity|agency|office)|\bcontracting\s+activity\s+is\s+[^.]{3,200}?)"
    r"(?:\s*\([^)]*\))?\s*\.\s+(?=[A-Z])"
)


def _split_run_on(paragraphs: list[str]) -> list[str]:
    """Paragraphs holding two awards (a page that separates them by a line break, not a
    paragraph) cut after "... is the contracting activity." where an award starts."""
    out: list[str] = []
    for para in paragraphs:
        start = 0
        for m in _ACTIVITY_END.finditer(para):
            rest = para[m.end() :]
            if _starts_award(rest[:600]):
                out.append(para[start : m.end()].strip())
                start = m.end()
        out.append(para[start:].strip() if start else para)
    return out


@dataclass
class _Group:
    agency: str | None
    correction: bool
    paragraphs: list[str]

    def parse(self) -> Award | None:
        return parse_award(" ".join(self.paragraphs), self.agency, correction=self.correction)


def _group_paragraphs(paragraphs: list[str]) -> list[_Group | None]:
    """Award paragraphs grouped with the lines broken off them; None marks a heading."""
    groups: list[_Group | None] = []
    agency: str | None = None
    correction_next = False
    for raw in _split_run_on(paragraphs):
        p = " ".join(raw.split())
        if not p:
            continue
        last = groups[-1] if groups else None
        if _CONTRACTS_LINE.match(p) or _FOOTNOTE.match(p) or _NOTE.match(p):
            groups.append(None)
            continue
        if is_agency_heading(p):
            agency = p
            correction_next = False
            groups.append(None)
            continue
        if last is not None and (
            p[0].islower()
            or p[0] in "($"
            or (not _TERMINAL.search(last.paragraphs[-1]) and not _starts_award(p))
            or (not _STARTS_AWARD.search(sentences(p)[0]) and _is_continuation(p))
        ):
            last.paragraphs.append(p)
            continue
        if not _AWARDISH.search(p) and not _CORRECTION.match(p) and not _UPDATE.match(p):
            groups.append(None)
            continue
        groups.append(_Group(agency, correction_next, [p]))
        correction_next = bool(_CORRECTION.match(p) and _CORRECTED_FOLLOWING.search(p))
    return groups


def parse_awards(paragraphs: list[str]) -> AwardsResult:
    """Awards of a contracts page, one per award paragraph, in page order.

    Agency headings set ``agency`` for the paragraphs under them; the "CONTRACTS" line
    and footnotes are skipped; a line broken off the previous award paragraph (starting
    in lower case, following a paragraph that ends mid-sentence, or awarding nothing
    itself) is joined back to it. An award-like paragraph without a recognisable
    contractor gives no award and a note ``"awards/unparsed: <start of paragraph>"``.
    """
    result = AwardsResult()
    meanings = footnotes(paragraphs)
    parsed: list[tuple[_Group, Award] | None] = []
    for group in _group_paragraphs(paragraphs):
        if group is None:
            parsed.append(None)
            continue
        award = group.parse()
        if award is not None:
            parsed.append((group, award))
            continue
        prev = parsed[-1] if parsed else None
        first = group.paragraphs[0]
        if prev is not None and not _CORRECTION.match(first) and not _UPDATE.match(first):
            merged = _Group(
                prev[0].agency, prev[0].correction, prev[0].paragraphs + group.paragraphs
            )
            again = merged.parse()
            if again is not None:
                parsed[-1] = (merged, again)
                continue
        result.notes.append("awards/unparsed: " + " ".join(group.paragraphs)[:80])
    result.awards.extend(_apply_footnotes(item[1], meanings) for item in parsed if item is not None)
    return result


_FOOTNOTE_LINE = re.compile(r"^\s*(?P<marks>\*{1,6})\s*(?P<meaning>[A-Za-z].{2,150}?)\s*$")


def footnotes(paragraphs: list[str]) -> dict[str, str]:
    """The page's footnotes: marks to meaning, e.g. {"*": "Small business", "**": "Mandatory source"}.

    >>> footnotes(["NAVY", "*Small business", "** Mandatory source"])
    {'*': 'Small business', '**': 'Mandatory source'}
    """
    out: dict[str, str] = {}
    for p in paragraphs:
        m = _FOOTNOTE_LINE.match(p)
        if (
            m
            and len(m.group("meaning")) < 100
            and not re.search(r"\$|\bcontract", m.group("meaning"), re.I)
        ):
            out.setdefault(m.group("marks"), m.group("meaning"))
    return out


def is_small_business(marks: str | None, meanings: dict[str, str]) -> bool:
    """Whether ``marks`` mean a small business: by the page's footnote when it has one
    ("**Small disadvantaged business" is, "**Mandatory source" is not), else ``*`` and
    ``***`` (woman-owned small business) are and ``**`` (mandatory source) is not."""
    if not marks:
        return False
    meaning = meanings.get(marks)
    if meaning:
        return bool(re.search(r"small", meaning, re.I)) and not re.search(
            r"mandatory", meaning, re.I
        )
    return marks in ("*", "***")


def _apply_footnotes(award: Award, meanings: dict[str, str]) -> Award:
    if not meanings:
        return award
    contractors = tuple(
        replace(c, smallBusiness=is_small_business(c.marks, meanings)) for c in award.contractors
    )
    return replace(
        award, contractors=contractors, smallBusiness=any(c.smallBusiness for c in contractors)
    )
