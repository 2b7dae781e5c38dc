"""Casualty notices: the legacy releases of the corpus and the later forms.

The 2007-2011 paragraphs are those of the corpus releases (163-10, 175-07, 223-11);
the expected values were read off the text.
"""

from __future__ import annotations

from dodarchive.records.casualties import Casualty, parse_casualties

GELIG = [
    (
        "The Department of Defense announced today the death of a soldier who was supporting "
        "Operation Enduring Freedom."
    ),
    (
        "Spc. Ian T.D. Gelig, 25, of Stevenson Ranch, Calif., died March 1 in Kandahar, Afghanistan, "
        "of wounds suffered when enemy forces attacked his vehicle with an improvised explosive "
        "device. He was assigned to the 782nd Brigade Support Battalion, 4th Brigade Combat Team, "
        "82nd Airborne Division, Fort Bragg, N.C."
    ),
    (
        "For more information the media may contact the 82nd Airborne Division public affairs office "
        "at 910-432-0661, or 910-432-0662."
    ),
]

TWO_SOLDIERS = [
    (
        "The Department of Defense announced today the deaths of two soldiers who were supporting "
        "Operation Enduring Freedom. They died March 19 in Kandahar province, Afghanistan, of wounds "
        "suffered when they were allegedly shot with small arms fire by an individual from a military "
        "security group. The incident is under investigation. They were assigned to the 4th Squadron, "
        "2nd Stryker Cavalry Regiment, Vilseck, Germany."
    ),
    "Killed were:",
    "Cpl. Donald R. Mickler Jr., 29, of Bucyrus, Ohio; and",
    "Pfc. Rudy A. Acosta, 19, of Canyon Country, Calif.",
    "For more information, media should contact the U.S. Army Europe Public Affairs office.",
]

# The later form: full state names, the year with the date, "as a result of".
LATER_FORM = [
    (
        "The Department of Defense announced today the death of a soldier who was supporting "
        "Operation Freedom's Sentinel."
    ),
    (
        "Sgt. 1st Class Michael J. Goble, 33, of Westwood, New Jersey, died Dec. 23, 2019, in Kunduz "
        "Province, Afghanistan, as a result of wounds sustained from enemy small arms fire. The "
        "incident is under investigation."
    ),
    (
        "Goble was assigned to 1st Battalion, 7th Special Forces Group (Airborne), Eglin Air Force "
        "Base, Florida."
    ),
]


def test_single_soldier_old_form() -> None:
    result = parse_casualties(
        GELIG, headline="DOD Identifies Army Casualty", published="2010-03-03"
    )
    assert result.notes == []
    assert result.casualties == [
        Casualty(
            name="Ian T.D. Gelig",
            rank="Spc.",
            age=25,
            hometown="Stevenson Ranch, Calif.",
            service="Army",
            unit="782nd Brigade Support Battalion, 4th Brigade Combat Team, 82nd Airborne "
            "Division, Fort Bragg, N.C.",
            dateOfDeath="2010-03-01",
            dateOfDeathRaw="March 1",
            placeOfDeath="Kandahar, Afghanistan",
            circumstance=GELIG[1].split(" He was")[0],
            incident="Operation Enduring Freedom",
        )
    ]


def test_two_soldiers_share_date_place_and_unit() -> None:
    result = parse_casualties(
        TWO_SOLDIERS, headline="DOD Identifies Army Casualties", published="2011-03-21"
    )
    people = [
        (c.rank, c.name, c.age, c.hometown, c.dateOfDeath, c.placeOfDeath, c.unit)
        for c in result.casualties
    ]
    unit = "4th Squadron, 2nd Stryker Cavalry Regiment, Vilseck, Germany"
    assert people == [
        ("Cpl.", "Donald R. Mickler Jr.", 29, "Bucyrus, Ohio", "2011-03-19",
         "Kandahar province, Afghanistan", unit),
        ("Pfc.", "Rudy A. Acosta", 19, "Canyon Country, Calif.", "2011-03-19",
         "Kandahar province, Afghanistan", unit),
    ]  # fmt: skip
    assert {c.service for c in result.casualties} == {"Army"}


def test_later_form_with_year_and_surname_sentence() -> None:
    (c,) = parse_casualties(
        LATER_FORM, headline="DOD Identifies Army Casualty", published="2019-12-24"
    ).casualties
    assert (c.rank, c.name, c.age, c.hometown) == (
        "Sgt. 1st Class",
        "Michael J. Goble",
        33,
        "Westwood, New Jersey",
    )
    assert (c.dateOfDeath, c.dateOfDeathRaw) == ("2019-12-23", "Dec. 23, 2019")
    assert c.placeOfDeath == "Kunduz Province, Afghanistan"
    assert (
        c.unit
        == "1st Battalion, 7th Special Forces Group (Airborne), Eglin Air Force Base, Florida"
    )
    assert c.incident == "Operation Freedom's Sentinel"


def test_death_in_january_announced_in_january_of_the_next_year() -> None:
    paragraphs = [
        "The Department of Defense announced today the death of a Marine.",
        (
            "Lance Cpl. John A. Doe, 20, of Austin, Texas, died Dec. 30 in Helmand province, "
            "Afghanistan, while conducting combat operations."
        ),
    ]
    (c,) = parse_casualties(paragraphs, headline=None, published="2011-01-02").casualties
    assert (c.rank, c.dateOfDeath, c.service) == ("Lance Cpl.", "2010-12-30", "Marine Corps")


def test_not_a_casualty_notice() -> None:
    result = parse_casualties(
        ["Secretary of Defense Robert M. Gates announced today the nomination of a general."],
        headline="General Officer Nomination",
        published="2010-03-03",
    )
    assert result.casualties == []
    assert result.notes == []


def test_notice_without_readable_people_is_a_note() -> None:
    result = parse_casualties(
        ["The Department of Defense announced today the death of a soldier. Name withheld."],
        headline="DoD Identifies Army Casualty",
        published="2010-03-03",
    )
    assert result.casualties == []
    assert result.notes == ["casualties/unparsed"]
