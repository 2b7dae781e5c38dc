"""Bylines and presenter lines: people (name, rank or title) and the issuing organization."""

from __future__ import annotations

import re

from dodarchive.article import Author
from dodarchive.pages.text import collapse

__all__ = ["parse_byline", "parse_person", "split_names"]

#: Ranks and titles that may precede a name, longest first so "Staff Sgt." wins over "Sgt.".
_TITLES = sorted(
    (
        "Army Gen.",
        "Air Force Gen.",
        "Marine Corps Gen.",
        "Navy Adm.",
        "Gen.",
        "Adm.",
        "Lt. Gen.",
        "Maj. Gen.",
        "Brig. Gen.",
        "Vice Adm.",
        "Rear Adm.",
        "Col.",
        "Lt. Col.",
        "Maj.",
        "Capt.",
        "1st Lt.",
        "2nd Lt.",
        "Lt.",
        "Lt. Cmdr.",
        "Cmdr.",
        "Ens.",
        "Chief Master Sgt.",
        "Senior Master Sgt.",
        "Master Sgt.",
        "Tech. Sgt.",
        "Staff Sgt.",
        "Sgt. Maj.",
        "Command Sgt. Maj.",
        "Sgt. 1st Class",
        "First Sgt.",
        "1st Sgt.",
        "Sgt.",
        "Senior Airman",
        "Airman 1st Class",
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
        "Seaman",
        "Dr.",
        "Mr.",
        "Ms.",
        "Mrs.",
        "Secretary of Defense",
        "Assistant Secretary of Defense",
        "Assistant Secretary of War",
        "Assistant Secretary",
        "Assistant to the Secretary of Defense",
        "Assistant to the Secretary of War",
        "Assistant to the Secretary",
        "Under Secretary of War",
        "Deputy Secretary of Defense",
        "Secretary of War",
        "Deputy Secretary of War",
        "Pentagon Press Secretary",
        "Press Secretary",
        "Under Secretary of Defense",
        "Secretary",
        "Deputy Secretary",
        "Secretary of the Air Force",
        "Under Secretary of the Air Force",
        "Secretary of the Army",
        "Under Secretary of the Army",
        "Secretary of the Navy",
        "Under Secretary of the Navy",
        "Air Force Chief of Staff",
        "Chief of Staff of the Air Force",
        "Army Chief of Staff",
        "Chief of Naval Operations",
        "Commandant of the Marine Corps",
        "Chief Master Sgt. of the Air Force",
        "Sgt. Maj. of the Army",
        "Master Chief Petty Officer of the Navy",
        "Sergeant Major of the Marine Corps",
        "Chaplain",
        "Tech Sgt.",
        "Master Sgt",
        "Staff Sgt",
        "Sgt",
        "Airman Basic",
        "Cadet",
        "Pvt. 2",
        "Pvt. 1st Class",
        "Lance Cpl",
        "Gunnery Sgt.",
        "Master Gunnery Sgt.",
        "Senior Chief Petty Officer",
        "Master Chief Petty Officer",
        "Command Master Chief",
        "Chief Warrant Officer",
        "Chief Warrant Officer 2",
        "Chief Warrant Officer 3",
        "Chief Warrant Officer 4",
        "Chief Warrant Officer 5",
        "Warrant Officer",
        "Warrant Officer 1",
        "Mass Communication Specialist 1st Class",
        "Mass Communication Specialist 2nd Class",
        "Mass Communication Specialist 3rd Class",
        "Mass Communication Specialist Seaman",
        "Seaman Apprentice",
        "Seaman Recruit",
        "Petty Officer",
        "Spc",
        "Pfc",
        "Lt. j.g.",
        "Lt. (j.g.)",
        "Lt. jg",
        "Ensign",
        "Lt. Cmdr",
        "Cmdr",
        "Capt",
    ),
    key=lambda t: -len(t),
)
_SERVICE = (
    r"(?:(?:U\.S\.\s+)?(?:Army|Navy|Air Force|Marine Corps|Marine|Coast Guard|Space Force)\s+)?"
)
_TITLE_RE = re.compile(
    r"^(?P<title>(?:"
    + _SERVICE
    + r"(?:"
    + "|".join(re.escape(t) for t in _TITLES)
    + r")(?:\s+\([^()]{1,20}\))?\s+)+)"
)
_ORG_WORDS = re.compile(
    r"\b(Service|News|Affairs|Press|Office|Command|Wing|Group|Squadron|Agency|Department|"
    r"Operations|Public|Staff|Center|Base)\b"
)


def parse_person(raw: str) -> Author:
    """An :class:`Author` from one person's byline text, rank or title split off.

    >>> parse_person("Staff Sgt. Timothy Moore")
    Author(name='Timothy Moore', nameRaw='Staff Sgt. Timothy Moore', jobTitle='Staff Sgt.')
    >>> parse_person("John J. Kruzel")
    Author(name='John J. Kruzel', nameRaw='John J. Kruzel', jobTitle=None)
    """
    raw = collapse(raw)
    name, title = raw, None
    role = None
    if ", " in name:  # "Jim Garamone, chairman of ..." keeps the role as the title
        name, role = (collapse(x) for x in name.split(", ", 1))
    m = _TITLE_RE.match(name)
    if m and m.end() < len(name):
        title = collapse(m.group("title"))
        name = collapse(name[m.end() :])
    if role:
        title = f"{title}, {role}" if title else role
    return Author(name=name, nameRaw=raw, jobTitle=title)


def split_names(text: str) -> list[str]:
    """Split "A, B and C" / "A and B" / "A; B" into names.

    >>> split_names("Jim Garamone and Terri Moon Cronk")
    ['Jim Garamone', 'Terri Moon Cronk']
    """
    text = collapse(text)
    parts = re.split(r"\s*;\s*|\s*,\s+and\s+|\s+and\s+|\s*,\s*(?=[A-Z][a-z]+\.? [A-Z])", text)
    return [p for p in (collapse(x) for x in parts) if p]


def parse_byline(lines: list[str]) -> tuple[list[Author], str | None]:
    """(authors, organization) from byline lines like ["By John J. Kruzel",
    "American Forces Press Service"] or ["By Jim Garamone, DOD News"].

    >>> a, org = parse_byline(["By John J. Kruzel", "American Forces Press Service"])
    >>> [x.name for x in a], org
    (['John J. Kruzel'], 'American Forces Press Service')
    >>> a, org = parse_byline(["By Jim Garamone, DOD News"])
    >>> [x.name for x in a], org
    (['Jim Garamone'], 'DOD News')
    """
    people: list[str] = []
    org: str | None = None
    for line in (collapse(x) for x in lines):
        if not line:
            continue
        m = re.match(r"^by\s+(.*)$", line, re.I)
        if m:
            text = m.group(1)
            if ", " in text and _ORG_WORDS.search(text.rsplit(", ", 1)[1]):
                text, org = text.rsplit(", ", 1)
            people += split_names(text)
        elif org is None:
            org = line
    return [parse_person(p) for p in people], org
