"""Bylines and presenter lines: people (name, rank or title) and the issuing organization.

One vocabulary of ranks and office titles (:data:`TITLES`) serves every template. In
the run of them before a name, a rank (:data:`RANKS`: every spelling of every service's
ranks, "Tech Sgt.", "TSgt", "Technical Sergeant") is the person's ``rank`` in one
normalized form ("Tech. Sgt.") with ``rankRaw`` as printed, and offices (:data:`OFFICES`,
"Air Force Chief of Staff") are the ``jobTitle``; a service name belongs to the rank it
precedes ("Army Gen."). :func:`parse_person` splits any text that way;
:func:`find_person` also checks that what is left is a personal name, so "Air Force TV",
"Public Affairs" or "86th Airlift Wing" is none (an office goes to the organization).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dodarchive.article import Author
from dodarchive.pages.text import collapse

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "OFFICES",
    "RANKS",
    "TITLES",
    "find_person",
    "parse_byline",
    "parse_person",
    "split_names",
]

#: Military ranks in their one normalized form (AP style, as DoD bylines print them),
#: each with the other spellings seen in bylines: spelled out, without periods, and the
#: services' own abbreviations (Air Force "TSgt", Army "SSG", Navy "PO1", Marine Corps
#: "GySgt", Space Force "Spc. 4"). :data:`RANKS` maps every spelling to its normal form.
_RANK_FORMS: dict[str, tuple[str, ...]] = {
    # general and flag officers
    "Gen.": ("General", "Gen", "GEN"),
    "Lt. Gen.": ("Lieutenant General", "Lt Gen", "Lt. Gen", "LTG", "Lt.Gen."),
    "Maj. Gen.": ("Major General", "Maj Gen", "Maj. Gen", "MG", "Maj.Gen."),
    "Brig. Gen.": ("Brigadier General", "Brig Gen", "Brig. Gen", "BG", "Brig.Gen."),
    "Adm.": ("Admiral", "Adm", "ADM"),
    "Vice Adm.": ("Vice Admiral", "Vice Adm", "VADM"),
    "Rear Adm.": ("Rear Admiral", "Rear Adm", "RADM", "Rear Adm. (lower half)"),
    # officers
    "Col.": ("Colonel", "Col", "COL"),
    "Lt. Col.": ("Lieutenant Colonel", "Lt Col", "Lt. Col", "LTC", "Lt.Col."),
    "Maj.": ("Major", "Maj", "MAJ"),
    "Capt.": ("Captain", "Capt", "CPT", "CAPT"),
    "1st Lt.": ("First Lieutenant", "1st Lt", "1LT", "1stLt"),
    "2nd Lt.": ("Second Lieutenant", "2nd Lt", "2d Lt.", "2d Lt", "2LT", "2ndLt"),
    "Lt. Cmdr.": ("Lieutenant Commander", "Lt Cmdr", "Lt. Cmdr", "LCDR"),
    "Cmdr.": ("Commander", "Cmdr", "CDR"),
    "Lt. j.g.": ("Lieutenant Junior Grade", "Lt. (j.g.)", "Lt. j.g", "LTJG"),
    "Lt.": ("Lieutenant", "Lt", "LT"),
    "Ens.": ("Ensign", "Ens", "ENS"),
    "Chief Warrant Officer 5": ("CW5", "CWO5", "Chief Warrant Officer 5"),
    "Chief Warrant Officer 4": ("CW4", "CWO4"),
    "Chief Warrant Officer 3": ("CW3", "CWO3"),
    "Chief Warrant Officer 2": ("CW2", "CWO2"),
    "Warrant Officer": ("WO1", "Warrant Officer 1"),
    "Cadet": ("Cadet", "Cadet"),
    # senior enlisted of the services
    "Chief Master Sgt. of the Air Force": ("Chief Master Sergeant of the Air Force", "CMSAF"),
    "Chief Master Sgt. of the Space Force": ("Chief Master Sergeant of the Space Force", "CMSSF"),
    "Sgt. Maj. of the Army": ("Sergeant Major of the Army", "SMA"),
    "Sgt. Maj. of the Marine Corps": ("Sergeant Major of the Marine Corps", "SMMC"),
    "Master Chief Petty Officer of the Navy": ("MCPON",),
    # enlisted: Air Force and Space Force
    "Chief Master Sgt.": ("Chief Master Sergeant", "Chief Master Sgt", "CMSgt"),
    "Senior Master Sgt.": ("Senior Master Sergeant", "Senior Master Sgt", "SMSgt"),
    "Master Sgt.": ("Master Sergeant", "Master Sgt", "MSgt", "MSG"),
    "Tech. Sgt.": ("Technical Sergeant", "Tech Sgt.", "Tech Sgt", "Tech. Sgt", "TSgt"),
    "Staff Sgt.": ("Staff Sergeant", "Staff Sgt", "SSgt", "SSG"),
    "Senior Airman": ("SrA",),
    "Airman 1st Class": ("Airman First Class", "A1C"),
    "Airman Basic": ("Airman Basic",),
    "Airman": ("Amn",),
    "Spc. 4": ("Specialist 4", "Spc4"),
    "Spc. 3": ("Specialist 3", "Spc3"),
    "Spc. 2": ("Specialist 2", "Spc2"),
    "Spc. 1": ("Specialist 1", "Spc1"),
    # enlisted: Army and Marine Corps
    "Command Sgt. Maj.": ("Command Sergeant Major", "Command Sgt Maj", "CSM"),
    "Sgt. Maj.": ("Sergeant Major", "Sgt Maj", "SGM", "SgtMaj"),
    "Master Gunnery Sgt.": ("Master Gunnery Sergeant", "Master Gunnery Sgt", "MGySgt"),
    "Gunnery Sgt.": ("Gunnery Sergeant", "Gunnery Sgt", "GySgt"),
    "1st Sgt.": ("First Sergeant", "First Sgt.", "1st Sgt", "1SG", "1stSgt"),
    "Sgt. 1st Class": ("Sergeant First Class", "Sgt. First Class", "Sgt 1st Class", "SFC"),
    "Sgt.": ("Sergeant", "Sgt", "SGT"),
    "Lance Cpl.": ("Lance Corporal", "Lance Cpl", "LCpl"),
    "Cpl.": ("Corporal", "Cpl", "CPL"),
    "Spc.": ("Specialist", "Spc", "SPC"),
    "Pfc.": ("Private First Class", "Private 1st Class", "Pfc", "PFC"),
    "Pvt.": ("Private", "Pvt", "PVT", "PV2"),
    # enlisted: Navy and Coast Guard
    "Master Chief Petty Officer": ("MCPO",),
    "Senior Chief Petty Officer": ("SCPO",),
    "Chief Petty Officer": ("CPO",),
    "Petty Officer 1st Class": ("Petty Officer First Class", "PO1"),
    "Petty Officer 2nd Class": ("Petty Officer Second Class", "PO2"),
    "Petty Officer 3rd Class": ("Petty Officer Third Class", "PO3"),
    "Petty Officer": (),
    "Mass Communication Specialist 1st Class": ("MC1",),
    "Mass Communication Specialist 2nd Class": ("MC2",),
    "Mass Communication Specialist 3rd Class": ("MC3",),
    "Mass Communication Specialist Seaman": ("MCSN",),
    "Seaman Apprentice": (),
    "Seaman Recruit": (),
    "Seaman": ("Seaman",),
}
#: Every spelling of a rank → its normalized form ("Tech Sgt." → "Tech. Sgt.").
RANKS: dict[str, str] = {
    form: rank for rank, forms in _RANK_FORMS.items() for form in (rank, *forms)
}
#: Offices, roles and honorifics that may precede a name; they are a ``jobTitle``.
OFFICES: tuple[str, ...] = (
    "Chaplain",
    "Dr.",
    "Mr.",
    "Ms.",
    "Mrs.",
    "Chairman of the Joint Chiefs of Staff",
    "Vice Chairman of the Joint Chiefs of Staff",
    "Secretary of Defense",
    "Defense Secretary",
    "Deputy Defense Secretary",
    "Deputy Secretary of Defense",
    "Under Secretary of Defense",
    "Assistant Secretary of Defense",
    "Assistant to the Secretary of Defense",
    "Secretary of War",
    "Deputy Secretary of War",
    "Under Secretary of War",
    "Assistant Secretary of War",
    "Assistant to the Secretary of War",
    "Secretary of the Air Force",
    "Under Secretary of the Air Force",
    "Air Force Chief of Staff",
    "Secretary of the Army",
    "Under Secretary of the Army",
    "Army Chief of Staff",
    "Secretary of the Navy",
    "Under Secretary of the Navy",
    "Chief of Naval Operations",
    "Commandant of the Marine Corps",
    "Chief of Staff of the Air Force",
    "Chief of Staff of the Army",
    "Chief of Space Operations",
    "Assistant to the Secretary",
    "Assistant Secretary",
    "Deputy Secretary",
    "Pentagon Press Secretary",
    "Press Secretary",
    "Secretary",
)
#: Ranks (every spelling) and offices that may precede a name, as bylines print them.
TITLES: tuple[str, ...] = (*RANKS, *OFFICES)
_SERVICES = ("Army", "Navy", "Marine Corps", "Air Force", "Space Force", "Coast Guard")
_TITLE = "|".join(  # "Chaplain (Maj.)" first, then the longest title that fits
    [r"Chaplain\s+\([^)]*\)"] + [re.escape(t) for t in sorted(TITLES, key=len, reverse=True)]
)
_NAME_TOKEN = re.compile(
    r"^(?:[A-ZÀ-Þ][\w'’.-]*|[A-Z]\.|Jr\.|Sr\.|II|III|IV"
    r"|de|del|der|da|di|du|la|le|van|von|bin|ibn|al)$"
)
#: Words that make a "name" an organization ("Air Force TV", "DoD News").
_ORG_WORDS = re.compile(
    r"\b(?:Affairs|Agency|Staff|TV|Activity|Command|Service|Center|Centre|News|Press|Public|"
    r"Office|Wing|Group|Squadron|Magazine|Information|Division|Directorate|Team|Base|"
    r"Operations|Speeches|Headquarters|Department|Bureau|Force)\b"
)
_NAME_SEPARATORS = re.compile(r"\s*;\s*|(?:^|\s+)and\s+")
#: A service after a name, part of the person: "By Sgt. Sara Wood, USA".
_SERVICE_SUFFIX = re.compile(r"^(?:USA|USAF|USN|USMC|USCG|USSF|USAR|USNR|USAFR|ARNG|ANG)$")


_RUN_ITEM = re.compile(
    rf"(?P<service>(?:{'|'.join(_SERVICES)})\s+(?=(?:{_TITLE})\s))?(?P<item>{_TITLE})\s+"
)


def _split_titles(name: str) -> tuple[str | None, str | None, str | None, str]:
    """(rank, rank as printed, office, rest) of ``name``: the run of titles before it
    split into the (last) rank, with the service naming it, and the offices."""
    pos = 0
    rank = raw = None
    offices: list[str] = []
    while m := _RUN_ITEM.match(name, pos):
        if m.end() >= len(name):
            break
        item, service = m.group("item"), collapse(m.group("service") or "")
        paren = re.fullmatch(r"Chaplain\s+\((?P<r>[^)]*)\)", item)
        if paren:  # "Chaplain (Maj.)"
            offices.append("Chaplain")
            item = collapse(paren.group("r"))
        if item in RANKS:
            rank = f"{service} {RANKS[item]}".strip()
            raw = f"{service} {item}".strip()
        elif not paren:
            offices.append(f"{service} {item}".strip())
        pos = m.end()
    return rank, raw, (" ".join(offices) or None), collapse(name[pos:])


def parse_person(raw: str) -> Author:
    """An :class:`Author` from one person's byline text: the rank (normalized, and as
    printed) and the office split off the name; a ", role" after the name joins the
    office. Never refuses (see :func:`find_person`).

    >>> p = parse_person("Staff Sgt. Timothy Moore")
    >>> p.name, p.nameRaw, p.jobTitle, p.rank, p.rankRaw
    ('Timothy Moore', 'Staff Sgt. Timothy Moore', None, 'Staff Sgt.', 'Staff Sgt.')
    >>> p = parse_person("John J. Kruzel")
    >>> p.name, p.jobTitle, p.rank
    ('John J. Kruzel', None, None)
    >>> p = parse_person("Air Force Chief of Staff Gen. Mark A. Welsh III")
    >>> p.name, p.jobTitle, p.rank
    ('Mark A. Welsh III', 'Air Force Chief of Staff', 'Gen.')
    >>> p = parse_person("Tech Sgt. Jane Doe")
    >>> p.rank, p.rankRaw
    ('Tech. Sgt.', 'Tech Sgt.')
    >>> parse_person("Navy Petty Officer 1st Class Jane Doe").rank
    'Navy Petty Officer 1st Class'
    >>> parse_person("Lieutenant General Christopher Bogdan").rank
    'Lt. Gen.'
    """
    raw = collapse(raw)
    name, role = raw, None
    if ", " in name:  # "Jim Garamone, chairman of ..." keeps the role as the title
        name, role = (collapse(x) for x in name.split(", ", 1))
    rank, rank_raw, office, rest = _split_titles(name)
    if rest:
        name = rest
    else:
        rank = rank_raw = office = None
    service = _SUFFIX_SERVICES.get(role or "")
    if service and rank:  # "Sgt. Sara Wood, USA": an Army Sgt.; the suffix is no role
        if rank.split()[0] not in ("Army", "Navy", "Marine", "Air", "Space"):
            rank = f"{service} {rank}"
        role = None
    if role:
        office = f"{office}, {role}" if office else role
    return Author(name=name, nameRaw=raw, jobTitle=office, rank=rank, rankRaw=rank_raw)


#: The service a suffix after the name names ("Sgt. Sara Wood, USA").
_SUFFIX_SERVICES = {
    "USA": "Army",
    "USAF": "Air Force",
    "USN": "Navy",
    "USMC": "Marine Corps",
    "USCG": "Coast Guard",
    "USSF": "Space Force",
}


def find_person(text: str, *, need_title: bool = False) -> Author | None:
    """:func:`parse_person` of ``text`` when its name is a personal name (two to six
    capitalized words, no organization word), else None; with ``need_title``, also
    None when no rank or title precedes the name.

    >>> find_person("Air Force TV") is None, find_person("Luana Shafer,").nameRaw
    (True, 'Luana Shafer')
    >>> find_person("Luana Shafer", need_title=True) is None
    True
    """
    person = parse_person(collapse(text).strip(" ,"))
    tokens = person.name.split()
    if need_title and not (person.jobTitle or person.rank):
        return None
    if not 2 <= len(tokens) <= 6 or _ORG_WORDS.search(person.name):
        return None
    if not all(_NAME_TOKEN.match(t) for t in tokens):
        return None
    return person


def split_names(text: str) -> list[str]:
    """Split "A, B and C" / "A and B" / "A; B" into names.

    >>> split_names("Jim Garamone and Terri Moon Cronk")
    ['Jim Garamone', 'Terri Moon Cronk']
    """
    text = collapse(text)
    parts = re.split(r"\s*;\s*|\s*,\s+and\s+|\s+and\s+|\s*,\s*(?=[A-Z][a-z]+\.? [A-Z])", text)
    return [p for p in (collapse(x) for x in parts) if p]


def _people(text: str) -> tuple[list[Author], str | None]:
    """The people a byline's text (after "By") names, and the organization after them.

    Comma-separated parts are people while each is one or more personal names joined
    by "and" or ";": the first part always, a later one when it is part of a list of
    names ("A, B and C") or every name in it has a title ("Staff Sgt. A, Senior Airman
    B"); a service ("USA", "USAF") belongs to the name before it; the rest from the
    first part that is not a person is the organization.
    """
    starts = [0] + [m.end() for m in re.finditer(",", text)]
    parts = [text[a:b].strip(" ,") for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    listed = max((i for i, p in enumerate(parts) if re.search(r"(?:^|\s)and\s", p)), default=0)
    people: list[Author] = []
    for i, part in enumerate(parts):
        if people and _SERVICE_SUFFIX.match(part):
            people[-1] = parse_person(f"{people[-1].nameRaw}, {part}")
            continue
        found = [find_person(n) for n in _NAME_SEPARATORS.split(part) if n]
        persons = [p for p in found if p]
        if not found or len(persons) < len(found):
            return people, text[starts[i] :].strip(" ,") or None
        if i > listed and not all(p.jobTitle or p.rank for p in persons):
            return people, text[starts[i] :].strip(" ,") or None
        people += persons
    return people, None


def parse_byline(lines: Iterable[str]) -> tuple[list[Author], str | None]:
    """(authors, organization) from byline lines like ["By John J. Kruzel",
    "American Forces Press Service"], ["By Jim Garamone, DOD News"] or
    ["By Staff Sgt. Timothy Moore, 86th Airlift Wing Public Affairs"].

    A "By" line that names no person ("By Air Force TV") is the organization, as is
    the first line that is no "By" line.

    >>> a, org = parse_byline(["By John J. Kruzel", "American Forces Press Service"])
    >>> [x.name for x in a], org
    (['John J. Kruzel'], 'American Forces Press Service')
    >>> a, org = parse_byline(["By Jim Garamone, DOD News"])
    >>> [x.name for x in a], org
    (['Jim Garamone'], 'DOD News')
    >>> parse_byline(["By Karen Parrish, DoD News, Defense Media Activity"])[1]
    'DoD News, Defense Media Activity'
    >>> parse_byline(["By Defense Media Activity,"])
    ([], 'Defense Media Activity')
    """
    people: list[Author] = []
    org: str | None = None
    for line in (collapse(x).strip(" ,") for x in lines):
        by = re.match(r"by\s+", line, re.I)
        found, rest = _people(line[by.end() :]) if by else ([], line or None)
        people += found
        org = org or rest
    return people, org
