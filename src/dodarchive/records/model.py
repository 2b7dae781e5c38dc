"""The record types of :mod:`dodarchive.records`, apart from their parsers.

The Article schema (:mod:`dodarchive.article`) names these types, so every process
that loads an Article loads them; the parsers (:mod:`~dodarchive.records.awards`,
:mod:`~dodarchive.records.biographies`, :mod:`~dodarchive.records.casualties`,
:mod:`~dodarchive.records.transcripts`), with their dozens of regular expressions, are
imported only when a page of their type is first read. Each parser module re-exports
its types, so ``from dodarchive.records.awards import Award`` works as before.
Each field's docstring is its format contract (read by :mod:`dodarchive.schema`).
"""

# ruff: noqa: N815 - field names are JSON keys

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Assignment",
    "Award",
    "Casualty",
    "Competition",
    "ContractingActivity",
    "Contractor",
    "Education",
    "Person",
    "PlaceOfPerformance",
    "Promotion",
    "Turn",
]


# -- awards ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Contractor:
    """One awardee of a contract award."""

    name: str
    """The name as written up to its location, divisions and "doing business as" parts kept, without the ``*`` marks."""
    location: str | None
    """"City, State" or "City, Country" as written (typos included); null when none is given."""
    smallBusiness: bool
    """True when the name carries ``*`` (small business) or ``***`` (woman-owned small business)."""
    marks: str | None
    """The asterisks printed after the name ("*", "**", "***"), or null."""


@dataclass(frozen=True, slots=True)
class PlaceOfPerformance:
    """A place where the work is performed."""

    place: str
    """The place as written, e.g. "Tucson, Arizona"."""
    percent: float | None
    """Its share of the work in percent when stated, else null."""


@dataclass(frozen=True, slots=True)
class Competition:
    """How the award was competed, as the paragraph states it."""

    competed: bool | None
    """True when competitively procured, false when not competed (sole source), null when unclear."""
    offersReceived: int | None
    """Number of offers, bids or proposals received, when stated."""
    authority: str | None
    """The authority cited for not competing, e.g. "10 U.S.C. 2304(c)(1)", when stated."""
    text: str
    """The sentence this was read from."""


@dataclass(frozen=True, slots=True)
class ContractingActivity:
    """The office that awarded the contract."""

    name: str
    """The activity's name, e.g. "Naval Air Systems Command"."""
    location: str | None
    """"City, State" of the activity, or null."""
    code: str | None
    """The activity's code when printed, e.g. "N00019" or an office symbol like "WLNNC"; else null."""


@dataclass(frozen=True, slots=True)
class Award:
    """One award paragraph of a contracts announcement."""

    agency: str | None
    """The heading the paragraph sits under, upper case as printed ("NAVY"); null when the page has none."""
    contractors: tuple[Contractor, ...]
    """The awardees in order; for a correction only the real awardee."""
    amountUsd: int | None
    """The stated face value in whole dollars (the combined or maximum value for multiple awards, the maximum of a minimum/maximum pair); null when none or nothing was awarded."""
    contractNumbers: tuple[str, ...]
    """Every PIID-shaped identifier (contracts, orders, solicitations) in order of first appearance, as written; no modification numbers."""
    smallBusiness: bool
    """True when any contractor carries ``*`` or ``***``; ``**`` (mandatory source) is not small business."""
    isCorrection: bool
    """True for a correction paragraph (and the corrected text that follows a "corrected to the following:" line)."""
    text: str
    """The paragraph as published."""
    contractType: tuple[str, ...] = ()
    """Contract types the award sentence names, normalized, in order, e.g. ["firm-fixed-price", "indefinite-delivery/indefinite-quantity"]."""
    isModification: bool = False
    """True when the award is a modification of an existing contract or order."""
    modificationNumber: str | None = None
    """The modification number as printed, e.g. "P00001", "PZ0001"; else null."""
    placesOfPerformance: tuple[PlaceOfPerformance, ...] = ()
    """Where the work will be performed, with percentages when stated."""
    completionDate: str | None = None
    """Expected completion, ISO ("2015-06-30", or "2019-08" when only a month is given)."""
    completionDateRaw: str | None = None
    """The completion date as written, e.g. "June 30, 2015"."""
    cumulativeValueUsd: int | None = None
    """The cumulative value if options are exercised (or the total cumulative face value after a modification), when stated."""
    fundsObligatedUsd: int | None = None
    """Funds obligated at award (sum of split funding); 0 when the paragraph says none are obligated; null when not stated."""
    fundsFiscalYears: tuple[int, ...] = ()
    """Fiscal years of the obligated funds, e.g. [2014, 2015]."""
    fundsAppropriations: tuple[str, ...] = ()
    """The appropriations named for the obligated funds, e.g. ["operation and maintenance (Navy)"]."""
    competition: Competition | None = None
    """How the award was competed, when stated."""
    foreignMilitarySales: tuple[str, ...] = ()
    """Countries named as Foreign Military Sales customers."""
    usingService: tuple[str, ...] = ()
    """The using services or customers named ("Army", "Navy", ...)."""
    contractingActivity: ContractingActivity | None = None
    """The contracting activity, when named."""


# -- biographies ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    """Who the biography is about."""

    name: str
    """The name without rank, title case, e.g. "George Robert Acheson"."""
    rank: str | None
    """Rank or title from the headline, e.g. "Major General", "Dr."; null for civilians without one."""
    position: str | None
    """The current position from the first sentence ("... is Commander, U.S. Air Forces in Europe"), else null."""
    status: str
    """"current", "retired" or "deceased"."""
    retirementDate: str | None
    """ISO retirement date from the "Retired ..." line, else null."""
    deathDate: str | None
    """ISO date of death from the "Died ..." line, else null."""


@dataclass(frozen=True, slots=True)
class Education:
    """One line of the EDUCATION section."""

    year: int | None
    """The year it begins with, e.g. 1979; null when the line has none."""
    text: str
    """The rest of the line as printed."""


@dataclass(frozen=True, slots=True)
class Assignment:
    """One numbered line of ASSIGNMENTS or CAREER CHRONOLOGY."""

    from_: str | None
    """Start, ISO "1979-08" or "1967" as precise as printed."""
    to: str | None
    """End, ISO as for ``from``; null for "present"."""
    title: str
    """The position and place as printed, e.g. "student, undergraduate pilot training, Vance AFB, Okla."."""


@dataclass(frozen=True, slots=True)
class Promotion:
    """One effective date of promotion."""

    rank: str
    """The rank as printed, e.g. "Second Lieutenant", "captain (temporary)"."""
    date: str | None
    """ISO date, e.g. "1979-05-30"; null when it cannot be read."""


# -- casualties -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Casualty:
    """One service member named in a casualty notice."""

    name: str
    """The full name as printed, without rank, e.g. "Ian T.D. Gelig", "Dennis L. Sellen Jr."."""
    rank: str | None
    """The rank as printed, e.g. "Spc.", "Staff Sgt.", "Petty Officer 2nd Class"."""
    age: int | None
    """Age in years, when given."""
    hometown: str | None
    """City and state as printed, e.g. "Stevenson Ranch, Calif."."""
    service: str | None
    """Army, Navy, Air Force, Marine Corps, Space Force or Coast Guard, when the notice says."""
    unit: str | None
    """The unit with its base, as printed after "assigned to", e.g. "782nd Brigade Support Battalion, ..., Fort Bragg, N.C."."""
    dateOfDeath: str | None
    """ISO date of death; the year comes from the publication date when the notice omits it."""
    dateOfDeathRaw: str | None
    """The date of death as printed, e.g. "March 1"."""
    placeOfDeath: str | None
    """Where the death occurred, e.g. "Kandahar, Afghanistan"."""
    circumstance: str | None
    """The sentence that says what happened."""
    incident: str | None
    """The operation or cause, where stated, e.g. "Operation Enduring Freedom"."""


# -- transcripts ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's turn in a transcript."""

    speaker: str | None
    """The speaker normalized across the transcript, e.g. "Secretary Gates", "Q", "Moderator"; null for text before the first label."""
    speakerRaw: str | None
    """The label exactly as printed, with its colon, e.g. "SEC. GATES:", "Q:"; null when the turn has none."""
    text: str
    """The turn's paragraphs as in the body (label included), joined by a blank line."""
