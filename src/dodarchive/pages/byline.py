"""Bylines and presenter lines: people (name, rank or title) and the issuing organization.

One vocabulary of ranks and office titles (:data:`TITLES`) serves every template. A
run of them before a name is the person's ``jobTitle`` ("Air Force Chief of Staff
Gen."); a service name counts as part of the run when a rank follows it ("Army Gen.").
:func:`parse_person` splits any text that way; :func:`find_person` also checks that
what is left is a personal name, so "Air Force TV" or "86th Airlift Wing" is none.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dodarchive.article import Author
from dodarchive.pages.text import collapse

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["TITLES", "find_person", "parse_byline", "parse_person", "split_names"]

#: Ranks, grades and office titles that may precede a name, as bylines print them.
TITLES: tuple[str, ...] = (
    # general and flag officers
    "Gen.",
    "Lt. Gen.",
    "Maj. Gen.",
    "Brig. Gen.",
    "Adm.",
    "Vice Adm.",
    "Rear Adm.",
    # officers
    "Col.",
    "Lt. Col.",
    "Maj.",
    "Capt.",
    "Capt",
    "1st Lt.",
    "2nd Lt.",
    "Lt.",
    "Lt. Cmdr.",
    "Cmdr.",
    "Ens.",
    "Ensign",
    "Lt. j.g.",
    "Lt. (j.g.)",
    "Chief Warrant Officer 2",
    "Chief Warrant Officer 3",
    "Chief Warrant Officer 4",
    "Chief Warrant Officer 5",
    "Warrant Officer",
    "Chaplain",
    "Cadet",
    # enlisted
    "Chief Master Sgt. of the Air Force",
    "Chief Master Sergeant of the Air Force",
    "Chief Master Sgt.",
    "Senior Master Sgt.",
    "Master Sgt.",
    "Tech. Sgt.",
    "Tech Sgt.",
    "Staff Sgt.",
    "Sgt. Maj.",
    "Command Sgt. Maj.",
    "Sgt. Maj. of the Army",
    "Sgt. Maj. of the Marine Corps",
    "Master Gunnery Sgt.",
    "Gunnery Sgt.",
    "Sgt. 1st Class",
    "First Sgt.",
    "1st Sgt.",
    "Sgt.",
    "Senior Airman",
    "Airman 1st Class",
    "Airman Basic",
    "Airman",
    "Cpl.",
    "Lance Cpl.",
    "Spc.",
    "Pfc.",
    "Pvt.",
    "Petty Officer 1st Class",
    "Petty Officer 2nd Class",
    "Petty Officer 3rd Class",
    "Chief Petty Officer",
    "Senior Chief Petty Officer",
    "Master Chief Petty Officer",
    "Master Chief Petty Officer of the Navy",
    "Petty Officer",
    "Mass Communication Specialist 1st Class",
    "Mass Communication Specialist 2nd Class",
    "Mass Communication Specialist 3rd Class",
    "Mass Communication Specialist Seaman",
    "Seaman Apprentice",
    "Seaman Recruit",
    "Seaman",
    # civilians
    "Dr.",
    "Mr.",
    "Ms.",
    "Mrs.",
    # offices
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
    "Assistant to the Secretary",
    "Assistant Secretary",
    "Deputy Secretary",
    "Pentagon Press Secretary",
    "Press Secretary",
    "Secretary",
)
_SERVICES = ("Army", "Navy", "Marine Corps", "Air Force", "Space Force", "Coast Guard")
_TITLE = "|".join(  # "Chaplain (Maj.)" first, then the longest title that fits
    [r"Chaplain\s+\([^)]*\)"] + [re.escape(t) for t in sorted(TITLES, key=len, reverse=True)]
)
#: A run of titles at the start of a name; "Army" counts when a title follows it.
_TITLE_RUN = re.compile(
    rf"^(?P<title>(?:(?:{_TITLE}|(?:{'|'.join(_SERVICES)})(?=\s+(?:{_TITLE})\s))\s+)+)"
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


def parse_person(raw: str) -> Author:
    """An :class:`Author` from one person's byline text, rank or title split off; a
    ", role" after the name joins the title. Never refuses (see :func:`find_person`).

    >>> parse_person("Staff Sgt. Timothy Moore")
    Author(name='Timothy Moore', nameRaw='Staff Sgt. Timothy Moore', jobTitle='Staff Sgt.')
    >>> parse_person("John J. Kruzel")
    Author(name='John J. Kruzel', nameRaw='John J. Kruzel', jobTitle=None)
    >>> parse_person("Navy Petty Officer 1st Class Jane Doe").jobTitle
    'Navy Petty Officer 1st Class'
    """
    raw = collapse(raw)
    name, title = raw, None
    role = None
    if ", " in name:  # "Jim Garamone, chairman of ..." keeps the role as the title
        name, role = (collapse(x) for x in name.split(", ", 1))
    m = _TITLE_RUN.match(name)
    if m and m.end() < len(name):
        title = collapse(m.group("title"))
        name = collapse(name[m.end() :])
    if role:
        title = f"{title}, {role}" if title else role
    return Author(name=name, nameRaw=raw, jobTitle=title)


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
    if need_title and not person.jobTitle:
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
        if i > listed and not all(p.jobTitle for p in persons):
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
