"""pages/byline.py: one rank and title vocabulary, persons and bylines, exact values."""

from __future__ import annotations

import pytest

from dodarchive.article import Author
from dodarchive.pages.byline import (
    OFFICES,
    RANKS,
    TITLES,
    find_person,
    parse_byline,
    parse_person,
    split_names,
)


@pytest.mark.parametrize(  # (text, name, office, rank, rank as printed)
    ("text", "name", "office", "rank", "raw"),
    [
        ("Staff Sgt. Timothy Moore", "Timothy Moore", None, "Staff Sgt.", "Staff Sgt."),
        ("Tech Sgt. Nicholas Rau", "Nicholas Rau", None, "Tech. Sgt.", "Tech Sgt."),
        ("TSgt Nicholas Rau", "Nicholas Rau", None, "Tech. Sgt.", "TSgt"),
        (
            "Technical Sergeant Nicholas Rau",
            "Nicholas Rau",
            None,
            "Tech. Sgt.",
            "Technical Sergeant",
        ),
        ("Chaplain (Maj.) Martin Adamson", "Martin Adamson", "Chaplain", "Maj.", "Maj."),
        (
            "Army Sgt. 1st Class Jane Doe",
            "Jane Doe",
            None,
            "Army Sgt. 1st Class",
            "Army Sgt. 1st Class",
        ),
        ("SFC Jane Doe", "Jane Doe", None, "Sgt. 1st Class", "SFC"),
        (
            "Navy Petty Officer 1st Class Jane Doe",
            "Jane Doe",
            None,
            "Navy Petty Officer 1st Class",
            "Navy Petty Officer 1st Class",
        ),
        (
            "Marine Corps Lance Cpl. Jo Doe",
            "Jo Doe",
            None,
            "Marine Corps Lance Cpl.",
            "Marine Corps Lance Cpl.",
        ),
        ("GySgt Jo Doe", "Jo Doe", None, "Gunnery Sgt.", "GySgt"),
        ("Space Force Spc. 4 Jo Doe", "Jo Doe", None, "Space Force Spc. 4", "Space Force Spc. 4"),
        (
            "Air Force Secretary Deborah Lee James",
            "Deborah Lee James",
            "Air Force Secretary",
            None,
            None,
        ),
        (
            "Chief Master Sgt. of the Air Force James A. Cody",
            "James A. Cody",
            None,
            "Chief Master Sgt. of the Air Force",
            "Chief Master Sgt. of the Air Force",
        ),
        (
            "Air Force Chief of Staff Gen. Mark A. Welsh III",
            "Mark A. Welsh III",
            "Air Force Chief of Staff",
            "Gen.",
            "Gen.",
        ),
        (
            "Chief of Staff of the Air Force General Mark Welsh III",
            "Mark Welsh III",
            "Chief of Staff of the Air Force",
            "Gen.",
            "General",
        ),
        (
            "Lieutenant General Christopher Bogdan",
            "Christopher Bogdan",
            None,
            "Lt. Gen.",
            "Lieutenant General",
        ),
        ("Capt. José R. Davis", "José R. Davis", None, "Capt.", "Capt."),
        (
            "Army Chief Warrant Officer 3 Jo Doe",
            "Jo Doe",
            None,
            "Army Chief Warrant Officer 3",
            "Army Chief Warrant Officer 3",
        ),
        (
            "Chairman of the Joint Chiefs of Staff Gen. Jo Doe",
            "Jo Doe",
            "Chairman of the Joint Chiefs of Staff",
            "Gen.",
            "Gen.",
        ),
        ("Dr. Jo Doe", "Jo Doe", "Dr.", None, None),
        ("Jean-Pierre de la Cruz", "Jean-Pierre de la Cruz", None, None, None),
        ("Luana Shafer,", "Luana Shafer", None, None, None),
    ],
)
def test_find_person(
    text: str, name: str, office: str | None, rank: str | None, raw: str | None
) -> None:
    person = find_person(text)
    assert person is not None
    assert (person.name, person.nameRaw) == (name, text.strip(" ,"))
    assert (person.jobTitle, person.rank, person.rankRaw) == (office, rank, raw)


def test_every_spelling_of_a_rank_has_one_normal_form() -> None:
    assert RANKS["Tech Sgt."] == RANKS["Tech. Sgt."] == RANKS["TSgt"] == "Tech. Sgt."
    assert {RANKS[r] for r in ("Lt Col", "LTC", "Lieutenant Colonel")} == {"Lt. Col."}
    assert all(RANKS[v] == v for v in set(RANKS.values()))  # a normal form maps to itself
    assert not set(RANKS) & set(OFFICES)


@pytest.mark.parametrize(
    "text",
    ["Air Force TV", "86th Airlift Wing", "DoD News", "Airman Magazine Staff", "Madonna", ""],
)
def test_find_person_refuses_what_is_no_personal_name(text: str) -> None:
    assert find_person(text) is None


def test_find_person_need_title() -> None:
    assert find_person("Luana Shafer", need_title=True) is None
    assert find_person("USAFE Speeches", need_title=True) is None
    person = find_person("Gen. Frank Gorenc", need_title=True)
    assert person == Author("Frank Gorenc", "Gen. Frank Gorenc", None, "Gen.", "Gen.")
    assert find_person("Secretary Jo Doe", need_title=True) == Author(
        "Jo Doe", "Secretary Jo Doe", "Secretary"
    )


def test_parse_person_never_refuses_and_keeps_a_role() -> None:
    assert parse_person("Air Force TV") == Author("Air Force TV", "Air Force TV", None)
    assert parse_person("Army Gen. Mark A. Milley, chairman of the Joint Chiefs") == Author(
        "Mark A. Milley",
        "Army Gen. Mark A. Milley, chairman of the Joint Chiefs",
        "chairman of the Joint Chiefs",
        "Army Gen.",
        "Army Gen.",
    )
    assert parse_person("Gen.") == Author("Gen.", "Gen.")  # a title alone is no name


def test_one_vocabulary_longest_title_first() -> None:
    assert len(TITLES) == len(set(TITLES))
    assert parse_person("Lt. Col. Jane Doe").rank == "Lt. Col."
    assert parse_person("Command Sgt. Maj. John Roe").rank == "Command Sgt. Maj."
    assert parse_person("Assistant to the Secretary of Defense Jane Doe").name == "Jane Doe"


@pytest.mark.parametrize(
    ("lines", "people", "org"),
    [
        (
            ["By John J. Kruzel", "American Forces Press Service"],
            ["John J. Kruzel"],
            "American Forces Press Service",
        ),
        (["By Jim Garamone, DOD News"], ["Jim Garamone"], "DOD News"),
        (["by Jim Garamone"], ["Jim Garamone"], None),
        (
            ["By Jim Garamone, Terri Moon Cronk and Lisa Ferdinando, DoD News"],
            ["Jim Garamone", "Terri Moon Cronk", "Lisa Ferdinando"],
            "DoD News",
        ),
        (
            ["By Jim Garamone, Terri Moon Cronk, and Lisa Ferdinando"],
            ["Jim Garamone", "Terri Moon Cronk", "Lisa Ferdinando"],
            None,
        ),
        (
            ["By Staff Sgt. Jane Doe, Senior Airman John Roe, 1st Fighter Wing Public Affairs"],
            ["Jane Doe", "John Roe"],
            "1st Fighter Wing Public Affairs",
        ),
        (["By John Doe, Navy Times"], ["John Doe"], "Navy Times"),  # an untitled 2nd part is an org
        (
            ["By Sgt. Sara Wood, USA", "American Forces Press Service"],
            ["Sara Wood"],
            "American Forces Press Service",
        ),
        (["By American Forces Press Service"], [], "American Forces Press Service"),
        (["By Air Force TV,", "Ignored Line"], [], "Air Force TV"),
        (["Air Force News Service"], [], "Air Force News Service"),
        (["", "  "], [], None),
    ],
)
def test_parse_byline(lines: list[str], people: list[str], org: str | None) -> None:
    authors, organization = parse_byline(lines)
    assert [a.name for a in authors] == people
    assert organization == org


def test_a_service_after_the_name_names_the_ranks_service() -> None:
    authors, org = parse_byline(["By Staff Sgt. Jon Doe, USAF, 1st Wing"])
    assert authors == [
        Author("Jon Doe", "Staff Sgt. Jon Doe, USAF", None, "Air Force Staff Sgt.", "Staff Sgt.")
    ]
    assert org == "1st Wing"


def test_an_office_goes_to_the_organization_never_to_a_person() -> None:
    authors, org = parse_byline(["By Secretary of the Air Force Public Affairs"])
    assert (authors, org) == ([], "Secretary of the Air Force Public Affairs")


def test_split_names() -> None:
    assert split_names("Secretary Jane Doe; Gen. John Roe") == [
        "Secretary Jane Doe",
        "Gen. John Roe",
    ]
    assert split_names("A Bee, Cee Dee and Eff Gee") == ["A Bee", "Cee Dee", "Eff Gee"]


# --- lines as the fixture pages print them (oracles branch) -----------------------------


@pytest.mark.parametrize(
    ("raw", "name", "title", "rank"),
    [
        ("John J. Kruzel", "John J. Kruzel", None, None),
        (
            "Assistant to the Secretary Jane Q. Example",
            "Jane Q. Example",
            "Assistant to the Secretary",
            None,
        ),
        ("Army Gen. John Sample", "John Sample", None, "Army Gen."),
        # a role after a ranked presenter's name is the title; the rank stays apart
        (
            "Navy Adm. John C. Aquilino, commander of U.S. Indo-Pacific Command",
            "John C. Aquilino",
            "commander of U.S. Indo-Pacific Command",
            "Navy Adm.",
        ),
        (
            "Pentagon Press Secretary  John F. Kirby",
            "John F. Kirby",
            "Pentagon Press Secretary",
            None,
        ),
    ],
)
def test_presenter_lines(raw: str, name: str, title: str | None, rank: str | None) -> None:
    person = parse_person(raw)
    assert (person.name, person.jobTitle, person.rank) == (name, title, rank)
    assert person.nameRaw == " ".join(raw.split())


def test_split_presenters_and_two_authors() -> None:
    two = (
        "Secretary of the Air Force Deborah Lee James"
        " and Air Force Chief of Staff Gen. Mark A. Welsh III"
    )
    assert split_names(two) == [
        "Secretary of the Air Force Deborah Lee James",
        "Air Force Chief of Staff Gen. Mark A. Welsh III",
    ]
    assert split_names("Assistant to the Secretary Jane Q. Example; Army Gen. John Sample") == [
        "Assistant to the Secretary Jane Q. Example",
        "Army Gen. John Sample",
    ]


@pytest.mark.parametrize(
    ("lines", "names", "org"),
    [
        (["By Jane Q. Example, DOD News"], ["Jane Q. Example"], "DOD News"),
        (["", "By Jim Garamone and Terri Moon Cronk"], ["Jim Garamone", "Terri Moon Cronk"], None),
        (
            ["By Karen Parrish, DoD News, Defense Media Activity"],
            ["Karen Parrish"],
            "DoD News, Defense Media Activity",
        ),
    ],
)
def test_bylines_as_pages_print_them(lines: list[str], names: list[str], org: str | None) -> None:
    authors, organization = parse_byline(lines)
    assert [a.name for a in authors] == names
    assert organization == org


# --- edges the mutation run (scripts/mutation.py byline) found untested -------------------


@pytest.mark.parametrize(
    ("text", "rank"),
    [  # a service suffix names the rank's service, unless the rank already names one
        ("Sgt. Sara Wood, USA", "Army Sgt."),
        ("Army Sgt. Sara Wood, USA", "Army Sgt."),
        ("Navy Petty Officer 1st Class Jane Doe, USN", "Navy Petty Officer 1st Class"),
        ("Marine Corps Sgt. Jane Doe, USMC", "Marine Corps Sgt."),
        ("Air Force Staff Sgt. Jane Doe, USAF", "Air Force Staff Sgt."),
        ("Space Force Sgt. Jane Doe, USSF", "Space Force Sgt."),
        ("Staff Sgt. Jane Doe, USSF", "Space Force Staff Sgt."),
    ],
)
def test_service_suffix_is_not_added_twice(text: str, rank: str) -> None:
    person = parse_person(text)
    name = "Jane Doe" if "Jane" in text else "Sara Wood"
    assert (person.name, person.rank, person.jobTitle) == (name, rank, None)


def test_parse_person_roles_and_offices() -> None:
    # only the first ", " ends the name; the rest is one role
    p = parse_person("Jim Garamone, chairman, Joint Staff")
    assert (p.name, p.jobTitle, p.rank) == ("Jim Garamone", "chairman, Joint Staff", None)
    # an office before the name and a role after it are one job title
    p = parse_person("Secretary of Defense Robert M. Gates, keynote speaker")
    assert (p.name, p.jobTitle) == ("Robert M. Gates", "Secretary of Defense, keynote speaker")
    # two offices in a row are one job title, in order
    p = parse_person("Deputy Secretary of Defense Dr. Kathleen Hicks")
    assert (p.name, p.jobTitle, p.rank) == (
        "Kathleen Hicks",
        "Deputy Secretary of Defense Dr.",
        None,
    )
    # nothing at all is an empty name, never an error
    assert parse_person("") == Author(name="", nameRaw="", jobTitle=None, rank=None, rankRaw=None)


def test_find_person_name_length_and_edges() -> None:
    six = find_person("Juan Carlos de la Vega Ruiz")
    assert six is not None
    assert six.name == "Juan Carlos de la Vega Ruiz"
    assert find_person("Juan Carlos de la Vega Ruiz Jr.") is None  # seven words
    x = find_person("Xavier Becerra,")
    assert x is not None
    assert (x.name, x.nameRaw) == ("Xavier Becerra", "Xavier Becerra")


@pytest.mark.parametrize(
    ("lines", "names", "org"),
    [
        ([], [], None),
        (["By Xavier Becerra, DOD News"], ["Xavier Becerra"], "DOD News"),
        (["By Sgt. Jane Doe, XVIII Airborne Corps Public Affairs"], ["Jane Doe"],
         "XVIII Airborne Corps Public Affairs"),
        (["By Sgt. Jane Doe", "XVIII Airborne Corps Public Affairs"], ["Jane Doe"],
         "XVIII Airborne Corps Public Affairs"),
        # a later part that looks like a name but has no title is the organization
        (["By Lisa Ferdinando, XVIII Airborne"], ["Lisa Ferdinando"], "XVIII Airborne"),
        # a doubled comma, and commas left over at a line's ends
        (["By Jim Garamone,, DOD News"], ["Jim Garamone"], "DOD News"),
        (["By John J. Kruzel,", ", American Forces Press Service,"], ["John J. Kruzel"],
         "American Forces Press Service"),
    ],
)  # fmt: skip
def test_parse_byline_edges(lines: list[str], names: list[str], org: str | None) -> None:
    people, got_org = parse_byline(lines)
    assert ([p.name for p in people], got_org) == (names, org)
