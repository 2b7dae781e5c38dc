"""Biography careers: the af.mil fixture biographies (Gorenc, current; Acheson, deceased)."""

from __future__ import annotations

import json
from pathlib import Path

from dodarchive.records.biographies import (
    Assignment,
    Education,
    Person,
    Promotion,
    parse_biography,
    title_case_headline,
)

FIXTURES = Path(__file__).parent / "fixtures" / "pages" / "afmil-bio"


def _load(case: str) -> dict[str, object]:
    return json.loads((FIXTURES / case / "output.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_current_general_with_sections() -> None:
    d = _load("104632-gorenc-current")
    r = parse_biography(d["paragraphs"], headline="GENERAL FRANK GORENC", description=None)  # type: ignore[arg-type]
    assert r.person == Person(
        name="Frank Gorenc",
        rank="General",
        position="Commander, U.S. Air Forces in Europe; Commander, U.S. Air Forces Africa, "
        "Commander Allied Air Command, headquartered at Ramstein Air Base, Germany; and Director, "
        "Joint Air Power Competence Centre, Kalkar, Germany",
        status="current",
        retirementDate=None,
        deathDate=None,
    )
    assert len(r.education) == 14
    assert r.education[0] == Education(
        1979,
        "Bachelor of Science degree in civil engineering, U.S. Air Force Academy, Colorado "
        "Springs, Colo.",
    )
    assert r.education[1] == Education(1983, "Squadron Officer School, by correspondence")
    assert len(r.assignments) == 24  # the SUMMARY OF JOINT ASSIGNMENTS repeats are not counted
    assert r.assignments[0] == Assignment(
        from_="1979-08",
        to="1980-12",
        title="student, undergraduate pilot training, Vance AFB, Okla.",
    )
    assert r.assignments[-1].from_ == "2013-08"
    assert r.assignments[-1].to is None  # "present"
    assert r.promotions[0] == Promotion("Second Lieutenant", "1979-05-30")
    assert r.promotions[-1] == Promotion("General", "2013-08-02")
    assert len(r.promotions) == 10
    assert r.decorations[0] == "Distinguished Service Medal with two oak leaf clusters"
    assert r.decorations[-1] == "NATO Medal"
    assert len(r.decorations) == 19
    assert r.notes == []


def test_deceased_general_in_prose() -> None:
    d = _load("107877-acheson-retired-no-image")
    r = parse_biography(
        d["paragraphs"],  # type: ignore[arg-type]
        headline="MAJOR GENERAL GEORGE ROBERT ACHESON",
        description="Retired February 01, 1959 Died August 17, 1989",
    )
    assert r.person == Person(
        name="George Robert Acheson",
        rank="Major General",
        position=None,
        status="deceased",
        retirementDate="1959-02-01",
        deathDate="1989-08-17",
    )
    assert r.decorations == [
        "Distinguished Service Medal",
        "Legion of Merit",
        "Distinguished Flying Cross",
        "Air Medal with oak leaf cluster",
    ]
    assert r.promotions[0] == Promotion("first lieutenant (permanent)", "1933-11-01")  # "Nov. l"
    assert r.promotions[5] == Promotion("colonel (temporary)", "1942-03-01")  # "to. colonel"
    assert r.promotions[8] == Promotion("colonel (permanent)", "1948-04-29")  # no comma
    assert r.promotions[-1] == Promotion("major general (permanent)", "1954-10-27")
    assert len(r.promotions) == 12
    assert r.education == []
    assert r.assignments == []


def test_title_case_headline() -> None:
    assert title_case_headline("MAJOR GENERAL GEORGE ROBERT ACHESON") == (
        "Major General George Robert Acheson"
    )
    assert title_case_headline("DANIEL F. MCMILLIN") == "Daniel F. McMillin"
    assert title_case_headline("LIEUTENANT GENERAL JOHN W. HESTERMAN III") == (
        "Lieutenant General John W. Hesterman III"
    )
    assert title_case_headline("CHAPLAIN (MAJOR GENERAL) HOWARD D. STENDAHL") == (
        "Chaplain (Major General) Howard D. Stendahl"
    )
    assert title_case_headline("Already Mixed Case") == "Already Mixed Case"


def test_wrapped_lines_join_their_item() -> None:
    r = parse_biography(
        [
            "ASSIGNMENTS",
            "1. January 1989 - January 1990, Distinguished Graduate, Undergraduate Pilot Training,",
            "Laughlin AFB, Texas",
            "2. 1998, research assistant, Royal United Services Institute, London",
        ],
        headline="JOHN DOE",
    )
    assert r.assignments == [
        Assignment(
            "1989-01",
            "1990-01",
            "Distinguished Graduate, Undergraduate Pilot Training, Laughlin AFB, Texas",
        ),
        Assignment("1998", "1998", "research assistant, Royal United Services Institute, London"),
    ]
    assert r.person is not None
    assert r.person.rank is None
    assert r.person.name == "John Doe"


def test_assignment_without_comma_and_two_items_on_one_line() -> None:
    r = parse_biography(
        [
            "ASSIGNMENTS",
            "14. June 2012 - June 2014 Vice Commander, 354th Fighter Wing, Eielson AFB, Alaska",
            (
                "26. August 2013 – July 2014 Vice Commander, Air Education and Training Command, "
                "Joint Base San Antonio-Randolph, Tex. 27. August 2014 – present, Deputy Chief of "
                "Staff, Headquarters U.S. Air Force, Washington, D.C."
            ),
        ],
        headline="LIEUTENANT GENERAL JOHN DOE",
    )
    assert r.notes == []
    assert r.assignments == [
        Assignment("2012-06", "2014-06", "Vice Commander, 354th Fighter Wing, Eielson AFB, Alaska"),
        Assignment(
            "2013-08",
            "2014-07",
            "Vice Commander, Air Education and Training Command, Joint Base San Antonio-Randolph, Tex.",
        ),
        Assignment(
            "2014-08", None, "Deputy Chief of Staff, Headquarters U.S. Air Force, Washington, D.C."
        ),
    ]
