"""Casualty notices ("DoD Identifies Army Casualty") from a release's paragraphs.

A notice names each service member as "Rank First M. Last, age, of City, State, died
<date> in <place>, of/from/when ..." (one person), or states the shared facts first
("They died March 19 in Kandahar province, Afghanistan, ...") and then lists "Killed
were: Cpl. A, 29, of City, State; and Pfc. B, 19, of City, State." The unit follows in
"He/She/They was/were assigned to ...". :func:`parse_casualties` gives one
:class:`Casualty` per named person, or none for a release that is not such a notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dodarchive.records.model import Casualty
from dodarchive.records.places import US_ABBREVIATIONS
from dodarchive.records.text import DATE_TEXT, parse_date, sentences

__all__ = ["Casualty", "CasualtyResult", "parse_casualties"]


_RANK = (
    r"(?:(?:Army|Navy|Marine|Air\s+Force|Space\s+Force|Coast\s+Guard)\s+)?"
    r"(?:Command\s+Sgt\.\s+Maj\.|Sgt\.\s+Maj\.|Sgt\.\s+1st\s+Class|Staff\s+Sgt\.|Master\s+Sgt\.|"
    r"1st\s+Sgt\.|First\s+Sgt\.|Gunnery\s+Sgt\.|Tech\.\s+Sgt\.|Senior\s+Master\s+Sgt\.|"
    r"Chief\s+Master\s+Sgt\.|Lance\s+Cpl\.|Cpl\.|Sgt\.|Spc\.|Pfc\.|Pvt\.(?:\s+2)?|"
    r"Chief\s+Warrant\s+Officer(?:\s+\d)?|Warrant\s+Officer(?:\s+\d)?|"
    r"(?:Brig\.|Maj\.|Lt\.)\s+Gen\.|Gen\.|Lt\.\s+Col\.|Col\.|Maj\.|Capt\.|1st\s+Lt\.|2nd\s+Lt\.|"
    r"Lt\.\s+Cmdr\.|Lt\.\s+j\.g\.|Lt\.\s+\(j\.g\.\)|Cmdr\.|Lt\.|Ensign|Adm\.|"
    r"(?:Master\s+|Senior\s+)?Chief\s+Petty\s+Officer|Petty\s+Officer\s+(?:1st|2nd|3rd)\s+Class|"
    r"Senior\s+Airman|Airman\s+1st\s+Class|Airman\s+Basic|Airman|"
    r"Seaman(?:\s+Apprentice|\s+Recruit)?|Hospitalman|Fireman(?:\s+Apprentice)?|"
    r"(?:[A-Z][a-z'’]+\s+){1,4}(?:1st|2nd|3rd)\s+Class|"
    r"Specialist|Private(?:\s+First\s+Class)?|Sergeant|Corporal|Captain|Major)"
)
_PERSON = re.compile(
    rf"(?P<rank>{_RANK})\s+(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z\"“][\w'’.\"”-]*){{1,5}}),\s+"
    r"(?P<age>\d{1,2}),\s+of\s+(?P<home>[^;]+?)"
    r"(?=,\s+(?:died|was|were|who)\b|;|,?\s+and\s*$|\.\s*$|,?\s+and\s+(?=" + _RANK + r"\s)|$)"
)
_DIED = re.compile(
    rf"\b(?:died|was\s+killed|were\s+killed|died\s+on)\s+(?:on\s+)?(?P<date>{DATE_TEXT}|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})"
)
_PLACE = re.compile(
    r"\bin\s+(?P<place>.+?)(?=,\s+(?:of|from|when|while|as|after|during|in\s+support|due|in\s+a)\b|"
    r"\s+(?:of|from|when|while|as\s+a\s+result|after|during|due\s+to)\s|\.\s|\.$|$)"
)
_ASSIGNED = re.compile(r"\b(?:was|were|is)\s+assigned\s+to\s+(?:the\s+)?(?P<unit>.+)$")


def _strip_period(text: str) -> str:
    """Drop a sentence's final period, but not an abbreviation's ("Fort Bragg, N.C.")."""
    text = text.strip()
    if not text.endswith("."):
        return text
    last = text.rsplit(" ", 1)[-1]
    if last in US_ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.", last):
        return text
    return text[:-1]


_INCIDENT = re.compile(
    r"\b(?:supporting|in\s+support\s+of|participating\s+in)\s+(?P<op>Operations?\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4})"
)
_NOTICE = re.compile(
    r"announced\s+(?:today\s+)?the\s+deaths?\s+of|identif(?:y|ies|ied)\s+\w*\s*casualt", re.I
)
_SERVICE_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bsoldiers?\b|\bArmy\b", "Army"),
    (r"\bMarines?\b", "Marine Corps"),
    (r"\bsailors?\b|\bNavy\b", "Navy"),
    (r"\bairm[ae]n\b|\bAir\s+Force\b", "Air Force"),
    (r"\bguardians?\b|\bSpace\s+Force\b", "Space Force"),
    (r"\bCoast\s+Guard", "Coast Guard"),
)


@dataclass
class CasualtyResult:
    """What :func:`parse_casualties` found, and a note when a notice did not parse."""

    casualties: list[Casualty] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _service(text: str) -> str | None:
    for pattern, name in _SERVICE_WORDS:
        if re.search(pattern, text):
            return name
    return None


def _iso_death(raw: str, published: str | None) -> str | None:
    iso = parse_date(raw)
    if iso:
        return iso
    if not published or not re.match(r"\d{4}-\d{2}", published):
        return None
    year = int(published[:4])
    guess = parse_date(f"{raw}, {year}")
    if guess and guess[:7] > published[:7]:
        guess = parse_date(f"{raw}, {year - 1}")
    return guess


def parse_casualties(
    paragraphs: list[str], *, headline: str | None = None, published: str | None = None
) -> CasualtyResult:
    """Casualties named in a release, in order; none when it is not a casualty notice.

    ``headline`` ("DoD Identifies Army Casualty") gives the service; ``published`` (ISO)
    gives the year when the notice says only "died March 1". A notice whose people
    cannot be read gives no casualties and a note ``"casualties/unparsed"``.
    """
    result = CasualtyResult()
    text = " ".join(paragraphs)
    is_notice = bool(_NOTICE.search(text) or (headline and _NOTICE.search(headline)))
    if not is_notice:
        return result
    service = _service(headline or "") or _service(paragraphs[0] if paragraphs else "")
    shared_died: str | None = None
    shared_unit: str | None = None
    incident: str | None = None
    people: list[tuple[re.Match[str], str]] = []
    for para in paragraphs:
        for sentence in sentences(para):
            op = _INCIDENT.search(sentence)
            if op and incident is None:
                incident = op.group("op").rstrip(".,")
            persons = list(_PERSON.finditer(sentence))
            if persons:
                people.extend((m, sentence) for m in persons)
                continue
            if _DIED.search(sentence) and shared_died is None:
                shared_died = sentence
            assigned = _ASSIGNED.search(sentence)
            if assigned and shared_unit is None:
                shared_unit = _strip_period(assigned.group("unit"))
    if not people:
        result.notes.append("casualties/unparsed")
        return result
    units = _units_after(paragraphs, people)
    for n, (m, sentence) in enumerate(people):
        died_sentence = sentence if _DIED.search(sentence) else shared_died
        date_raw = place = None
        if died_sentence:
            died = _DIED.search(died_sentence)
            assert died is not None
            date_raw = died.group("date").rstrip(",")
            where = _PLACE.search(died_sentence, died.end())
            if where:
                place = where.group("place").strip(" ,")
        cause = _cause(died_sentence) if died_sentence else None
        result.casualties.append(
            Casualty(
                name=" ".join(m.group("name").split()),
                rank=" ".join(m.group("rank").split()),
                age=int(m.group("age")),
                hometown=_hometown(m, sentence),
                service=service,
                unit=units[n] or shared_unit,
                dateOfDeath=_iso_death(date_raw, published) if date_raw else None,
                dateOfDeathRaw=date_raw,
                placeOfDeath=place,
                circumstance=died_sentence,
                incident=incident or cause,
            )
        )
    return result


def _hometown(m: re.Match[str], sentence: str) -> str:
    home = m.group("home").strip(" ,")
    if sentence[m.end() : m.end() + 1] == "." and home.rsplit(" ", 1)[-1] + "." in US_ABBREVIATIONS:
        home += "."
    return home


def _cause(sentence: str) -> str | None:
    m = re.search(
        r",?\s+(?:of|from|as\s+a\s+result\s+of)\s+(?P<c>(?:wounds|injuries|a\s+non-combat|non-combat|"
        r"an?\s+|enemy|small|indirect|a\s+vehicle|a\s+helicopter)[^.]*)",
        sentence,
    )
    return m.group("c").strip() if m else None


def _units_after(
    paragraphs: list[str], people: list[tuple[re.Match[str], str]]
) -> list[str | None]:
    """The unit for each person: the "assigned to" sentence that follows their own
    sentence, before the next person's."""
    flat = [s for p in paragraphs for s in sentences(p)]
    person_sentences = [s for _, s in people]
    out: list[str | None] = []
    for _, sentence in people:
        try:
            i = flat.index(sentence)
        except ValueError:
            out.append(None)
            continue
        unit = None
        for later in flat[i + 1 :]:
            if later in person_sentences:
                break
            a = _ASSIGNED.search(later)
            if a:
                unit = _strip_period(a.group("unit"))
                break
        out.append(unit)
    return out
