"""Contract-award parsing on real paragraphs of defense.gov / war.gov announcements.

Every paragraph here is copied from a real announcement (the corpus's 2014-2019 text
announcements or the war.gov 2025 contracts page); the expected values were read off
the paragraph by a person, not produced by the parser.
"""

from __future__ import annotations

from dodarchive.records.awards import (
    Contractor,
    contract_numbers,
    footnotes,
    is_agency_heading,
    parse_award,
    parse_awards,
    split_contractors,
)

SINGLE = (
    "Kiewit-Pittman JV, Metairie, Louisiana, was awarded a $65,794,195 firm-fixed-price contract "
    "for dredging a new bypass channel; constructing a new flood gate and supporting structures "
    "with associated mechanical and electrical systems; and the demolition of existing systems for "
    "the Bank Back Levee, Empire Floodgate, in Plaquemines Parish, Louisiana. Work will be "
    "performed in Empire, Louisiana, with an estimated completion date of July 27, 2017. Bids were "
    "solicited via the Internet with six received. Fiscal 2014 other procurement funds in the "
    "amount of $65,794,195 are being obligated at the time of the award. U.S. Army Corps of "
    "Engineers, New Orleans, Louisiana, is the contracting activity (W912P8-14-C-0038)."
)

MODIFICATION = (
    "Lockheed Martin Corp., Marietta, Georgia, has been awarded a $116,717,704 firm-fixed-price "
    "modification (P00001) to FA8625-14-C-6450 for advance procurement funding for long lead parts "
    "for production aircraft associated with 14 fiscal 2015 C-130J aircraft. Work will be performed "
    "at Marietta, Georgia, and is expected to be completed by June 30, 2015. Fiscal 2014 advance "
    "procurement funds in the amount of $116,717,704 are being obligated at time of award. Air "
    "Force Nuclear Weapons Center/WLNNC, Wright-Patterson Air Force Base, Ohio, is the contracting "
    "activity."
)

FMS = (
    "Raytheon Missile Systems, Tucson, Arizona, is being awarded a $21,235,744 modification to a "
    "previously awarded indefinite-delivery/indefinite-quantity contract (N00019-11-D-0004) to "
    "provide AIM-9X Sidewinder mission support and sustainment activities for the U.S. Air Force, "
    "U.S. Navy, and the governments of Singapore, Australia, Denmark, Finland, Turkey, South Korea, "
    "Switzerland, Saudi Arabia, and Poland. Work will be performed in Tucson, Arizona, and is "
    "expected to be completed in August 2015. Funds are not being obligated at time of award; funds "
    "will be obligated on individual delivery orders as they are issued. This contract combines "
    "purchases for the U.S. Air Force ($8,511,899; 40.08 percent); U.S. Navy ($8,501,000; 40.03 "
    "percent); and the governments of Singapore ($469,205; 2.21 percent); Australia ($469,205; 2.21 "
    "percent); Denmark ($469,205; 2.21 percent); Finland ($469,205; 2.21 percent); Turkey "
    "($469,205; 2.21 percent); South Korea ($469,205; 2.21 percent); Switzerland ($469,205; 2.21 "
    "percent); Saudi Arabia ($469,205; 2.21 percent); and Poland ($469,205; 2.21 percent) under the "
    "Foreign Military Sales Program. The Naval Air Systems Command, Patuxent River, Maryland, is the "
    "contracting activity."
)

OPTIONS_SPLIT_FUNDING = (
    "General Dynamics Electric Boat Corp., Groton, Connecticut, is being awarded a $234,229,426 "
    "cost-plus-fixed-fee contract for design agent, planning yard, engineering and technical "
    "support for active nuclear submarines. This contract includes options, which, if exercised, "
    "would bring the cumulative value of this contract to $1,537,500,654. Work will be performed "
    "in Groton, Connecticut (73 percent); Bangor, Washington (9 percent); Norfolk, Virginia (6 "
    "percent); Newport, Rhode Island (4 percent); Quonset, Rhode Island (3 percent); Kings Bay, "
    "Georgia (3 percent); and Pearl Harbor, Hawaii (2 percent), and is expected to be completed by "
    "Sept. 30, 2015. Fiscal 2014 other procurement (Navy); fiscal 2011, 2012, 2013 and 2014 "
    "shipbuilding conversion (Navy); fiscal 2014 research, development, test and evaluation; and "
    "fiscal 2014 operations and maintenance (Navy) funding in the amount of $20,333,452 will be "
    "obligated at the time of award, and contract funds in the amount of $1,520,650 will expire at "
    "the end of the fiscal year. This contract was not competitively procured in accordance with "
    "FAR 6.302-1(a)(2)(iii) - only one responsible source and no other supplies or services will "
    "satisfy agency requirements. The Naval Sea Systems Command, Washington, District of Columbia, "
    "is the contracting activity (N00024-14-C-2104)."
)

MULTIPLE_FOUR = (
    "Geomorph Information Systems, LLC,* San Diego, California (N62473-14-D-1422); Gulf South "
    "Research Corporation,* Baton Rouge, Louisiana (N62473-14-D-1423); Hercules Joint Venture,* "
    "National City, California (N62473-14-D-1424); and Vernadero Group Inc.,* Phoenix, Arizona "
    "(N62473-14-D-1425), are each being awarded a firm-fixed-price, indefinite-delivery/"
    "indefinite-quantity multiple award contract for natural resources related services at various "
    "Navy and Marine Corps installations within the Naval Facilities Engineering Command (NAVFAC) "
    "Southwest area of responsibility (AOR) and in the states of Oregon and Washington. The maximum "
    "dollar value, including the base period and four option years for all four contracts "
    "combined, is $50,000,000. No task orders are being issued at this time. Fiscal 2014 operation "
    "and maintenance (Navy) contract funds in the amount of $20,000 are being obligated on this "
    "award and will expire at the end of the current fiscal year. This contract was competitively "
    "procured via the Federal Business Opportunities website with 11 proposals received. The Naval "
    "Facilities Engineering Command Southwest, San Diego, California, is the contracting activity."
)

_E_SITE_NAMES = [
    ("American Systems", "Chantilly, Virginia", ""),
    ("BAE Systems", "McLean, Virginia", ""),
    ("Blue Canopy", "Reston, Virginia", ""),
    ("The Boeing Co.", "Annapolis Junction, Maryland", ""),
    ("Booz Allen Hamilton", "McLean, Virginia", ""),
    ("CACI", "Chantilly, Virginia", ""),
    ("CGI Federal", "Fairfax, Virginia", ""),
    ("Computer Sciences Corp.", "Falls Church, Virginia", ""),
    ("D&S Consultants Inc.", "Eatontown, New Jersey", ""),
    ("EIS", "Vienna, Virginia", ""),
    ("General Dynamics Information Technology", "Herndon, Virginia", ""),
    ("HP Enterprise Services", "Herndon, Virginia", ""),
    ("IBM", "Reston, Virginia", ""),
    ("Intelligent Decisions", "Ashburn, Virginia", ""),
    ("K Force Government Solutions", "Fairfax, Virginia", ""),
    ("L3 National Security Solutions", "Reston, Virginia", ""),
    ("Leidos", "Reston, Virginia", ""),
    ("Lockheed Martin Corp.", "Gaithersburg, Maryland", ""),
    ("ManTech/WINS", "Fairfax, Virginia", ""),
    ("Northrop Grumman", "Chantilly, Virginia", ""),
    ("Pragmatics", "Reston, Virginia", ""),
    ("Raytheon IIS Group", "Dulles, Virginia", ""),
    ("Scientific Research Corp.", "Atlanta, Georgia", ""),
    ("Sotera", "Herndon, Virginia", ""),
    ("SRA International", "Fairfax, Virginia", ""),
    ("22nd Century Technologies", "McLean, Virginia", "*"),
    ("AEEC LLC", "Reston, Virginia", "*"),
    ("American Technology Solutions International", "Fredericksburg, Virginia", "*"),
    ("Berico Technologies", "Reston, Virginia", "*"),
    ("The Buffalo Group", "Reston, Virginia", "*"),
    ("Convergent Solutions Inc.", "Alexandria, Virginia", "*"),
    ("Criterion Systems Inc.", "Vienna, Virginia", "*"),
    ("Cyberspace Solutions", "Reston, Virginia", "*"),
    ("DAn Solutions Inc.", "McLean, Virginia", "*"),
    ("DKW Communications", "Washington, District of Columbia", "*"),
    ("E-Volve Technology Systems", "National Harbor, Maryland", "*"),
    ("Federated IT", "Washington, District of Columbia", "*"),
    ("Intrepid Solutions & Services Inc.", "Reston, Virginia", "*"),
    ("The Kenjya Group", "Columbia, Maryland", "*"),
    ("New River Systems", "Sterling, Virginia", "*"),
    ("OCCAM Solutions", "McLean, Virginia", "*"),
    ("QVine Corp.", "Reston, Virginia", "*"),
    ("Red Arch Solutions", "Columbia, Maryland", "*"),
    ("Riite", "Chantilly, Virginia", "*"),
    ("Soft Tech Consulting", "Chantilly, Virginia", "*"),
    ("Trusted Mission Solutions", "McLean, Virginia", "*"),
    ("Varen Technologies", "Columbia, Maryland", "*"),
    ("Vykin Corp.", "Tampa, Florida", "*"),
    ("Xcelerate Solutions", "McLean, Virginia", "*"),
    ("Zolon Tech Inc.", "Herndon, Virginia", "*"),
]
# The glued "Lockheed Martin Corp. Gaithersburg" and the double space are as printed.
MULTIPLE_FIFTY = (
    "; ".join(
        f"{'and ' if n == len(_E_SITE_NAMES) - 1 else ''}"
        f"{name}{',' + marks if marks else ''}"
        f"{' ' if marks else ', ' if name != 'Lockheed Martin Corp.' else ' '}"
        f"{loc} (HHM402-15-D-{n + 10:04d})"
        for n, (name, loc, marks) in enumerate(_E_SITE_NAMES)
    )
    + ", were awarded an indefinite-delivery/indefinite-quantity, multiple-award contract with a "
    "combined ceiling value of $6,000,000,000. Work will be performed worldwide with an estimated "
    "completion date of July 16, 2020. The E-SITE contract vehicle was solicited on the basis of "
    "full and open competition, and 77 proposals were received. Each company will be awarded a "
    "$500 minimum guarantee and additional funding will be obligated on individual task orders. "
    "The Virginia Contracting Activity, Washington, District of Columbia, is the contracting "
    "activity."
)

ODD_SPACING = (
    "Exelis Inc., Clifton New Jersey, is being awarded a $53,529, 747 indefinite-delivery/"
    "indefinite-quantity, firm-fixed-price, cost-plus-fixed-fee, cost only contract for engineering "
    "and technical support to the Naval Research Laboratory Tactical Electronic Warfare Division.  "
    "Work will be performed in Clifton, New Jersey, and is expected to be completed by Sept. 24, "
    "2018.  Fiscal 2015 operations and maintenance (Navy) funds in the amount of $1,260,000 are "
    "being obligated at the time of award and will expire at the end of the current fiscal year.  "
    "This requirement was procured as a sole-source action in accordance with Federal Acquisition "
    "Regulation 6.302-2 - unusual and compelling urgency.  The Naval Research Laboratory, "
    "Arlington, Virginia, is the contracting activity."
)

DBA_CORRECTION = (
    "CORRECTION: Honeywell International Inc., doing business as Honeywell Aerospace-Clearwater, "
    "Clearwater, Florida, was awarded a $9,821,166 modification (P00009) on Oct. 28, 2015, to "
    "exercise the option on previously awarded contract FA8204-14-C-0002 for repair and "
    "refurbishment services for the Pendulous Integrating Gyroscopic Accelerometer float. Work will "
    "be performed at Clearwater, Florida, and is expected to be complete by Nov. 30, 2016. Fiscal "
    "2016 operation and maintenance funds in the amount of $9,821,166 were obligated at the time of "
    "award. Air Force Nuclear Weapon Center, Hill Air Force Base, Utah, is the contracting activity. "
    "An administration review discovered this modification was not announced. This notification "
    "corrects that error."
)

NO_LOCATION = (
    "Al Signal Research Inc.,* was awarded a $12,364,574 cost-plus-fixed-fee contract for Climatic, "
    "Dynamic, and Propulsion Test Divisions test and evaluation support. Funding and work location "
    "will be determined with each order with an estimated completion date of Oct. 3, 2015. One bid "
    "was solicited with one received. Army Contracting Command, Redstone Arsenal, Alabama, is the "
    "contracting activity (W31P4Q-15-D-0051)."
)

CANADIAN = (
    "Canadian Commercial Corp., Ottawa, Ontario, is awarded a $9,000,000 firm-fixed-price "
    "indefinite-delivery/indefinite-quantity contract, subcontracted to HFI Pyrotechnics Inc., "
    "Prescott, Ontario, for the production, acceptance, and delivery of the MK 25 MOD 5 Marine "
    "Location Marker. This contract does not include options. Work will be performed in Prescott, "
    "Ontario, and is expected to be completed by September 2030. Fiscal 2025 weapons procurement "
    "(Navy) funds in the amount of $1,171,680 will be obligated at the time of award and will not "
    "expire at the end of the current fiscal year. This contract was not competitively procured in "
    "accordance with 10 U.S. Code 3204(a)(1). The Naval Surface Warfare Center, Crane Division, "
    "Crane, Indiana, is the contracting activity (N0016425DJR97)."
)

WOMAN_OWNED_DLA = (
    "Veteran Energy LLC,*** Haymarket, Virginia, has been awarded a maximum $14,200,950 fixed-price "
    "with economic-price-adjustment contract for fuel. This was a competitive acquisition with "
    "nine responses received. This is a three-year base contract. Locations of performance are "
    "Virginia and England, United Kingdom, with a July 31, 2018, performance completion date. "
    "Using services are Air Force and Army and Air Force Exchange Service. Type of appropriation "
    "is fiscal 2015 through fiscal 2018 defense working capital funds. The contracting activity is "
    "the Defense Logistics Agency Energy, Fort Belvoir, Virginia (SPE600-15-D-9405)."
)

MANDATORY_SOURCE = (
    "Ohopaki General Contracting & Mechanical,** Heavener, Oklahoma, was awarded a $15,000,000 "
    "firm-fixed-price contract for construction/design-build services for the Southwestern "
    "Division boundaries, primarily the Tulsa district. Work and funding will be determined with "
    "each order, with an estimated completion date of Sept. 26, 2019. Bids were solicited via the "
    "Internet, with nine received. U.S. Army Corps of Engineers, Tulsa District, Tulsa, Oklahoma, "
    "is the contracting activity (W912BV-14-D-0014)."
)

CORRECTION_INLINE = (
    "CORRECTION: The contract announced on Aug. 12, 2014, for Fraser Volpe*, Warminster, "
    "Pennsylvania, for a $16,000,000 modification (P00003) to contract W15QKN-13-D-0041 to acquire "
    "M25E1 stabilized binoculars was announced with an incorrect quantity. The order quantity will "
    "vary based on requirements stated at the task/delivery orders levels."
)

CORRECTION_AMOUNT = (
    "CORRECTION: The contract announced on Feb. 13, 2015, for US Foods Lexington, Lexington, South "
    "Carolina (SPE300-15-D-3146), for $35,500,000 was announced with an incorrect award amount.  "
    "The correct dollar amount awarded is $61,500,000."
)

CORRECTION_NOT_AWARDED = "CORRECTION: The contract announced yesterday to Great Lakes Dredge & Dock Co, LLC was not awarded."

MIN_MAX = (
    "Intuitive Research and Technology Corp., Huntsville, Alabama, has been awarded a minimum "
    "$10,000,000 and maximum $179,460,689 cost-plus-fixed-fee contract for flight vehicle parts."
)


def _names(award_or_list: object) -> list[tuple[str, str | None, str | None]]:
    contractors = getattr(award_or_list, "contractors", award_or_list)
    return [(c.name, c.location, c.marks) for c in contractors]  # type: ignore[attr-defined]


def test_single_award_every_field() -> None:
    a = parse_award(SINGLE, "ARMY")
    assert a is not None
    assert a.agency == "ARMY"
    assert a.contractors == (
        Contractor("Kiewit-Pittman JV", "Metairie, Louisiana", smallBusiness=False, marks=None),
    )
    assert a.amountUsd == 65_794_195
    assert a.contractNumbers == ("W912P8-14-C-0038",)
    assert (a.smallBusiness, a.isCorrection, a.isModification) == (False, False, False)
    assert a.contractType == ("firm-fixed-price",)
    assert [(p.place, p.percent) for p in a.placesOfPerformance] == [("Empire, Louisiana", None)]
    assert (a.completionDate, a.completionDateRaw) == ("2017-07-27", "July 27, 2017")
    assert a.fundsObligatedUsd == 65_794_195
    assert a.fundsFiscalYears == (2014,)
    assert a.fundsAppropriations == ("other procurement",)
    assert a.competition is not None
    assert (a.competition.competed, a.competition.offersReceived) == (True, 6)
    assert a.contractingActivity is not None
    assert (a.contractingActivity.name, a.contractingActivity.location) == (
        "U.S. Army Corps of Engineers",
        "New Orleans, Louisiana",
    )
    assert a.text == SINGLE


def test_modification_with_office_symbol() -> None:
    a = parse_award(MODIFICATION, "AIR FORCE")
    assert a is not None
    assert _names(a) == [("Lockheed Martin Corp.", "Marietta, Georgia", None)]
    assert a.amountUsd == 116_717_704
    assert a.contractNumbers == ("FA8625-14-C-6450",)
    assert (a.isModification, a.modificationNumber) == (True, "P00001")
    assert a.completionDate == "2015-06-30"
    assert a.contractingActivity is not None
    assert a.contractingActivity.name == "Air Force Nuclear Weapons Center"
    assert a.contractingActivity.code == "WLNNC"
    assert a.contractingActivity.location == "Wright-Patterson Air Force Base, Ohio"


def test_foreign_military_sales_breakdown_is_not_the_amount() -> None:
    a = parse_award(FMS, "NAVY")
    assert a is not None
    assert a.amountUsd == 21_235_744
    assert a.contractNumbers == ("N00019-11-D-0004",)
    assert a.isModification is True
    assert a.modificationNumber is None
    assert a.foreignMilitarySales == (
        "Singapore",
        "Australia",
        "Denmark",
        "Finland",
        "Turkey",
        "South Korea",
        "Switzerland",
        "Saudi Arabia",
        "Poland",
    )
    assert a.fundsObligatedUsd == 0
    assert a.completionDate == "2015-08"
    assert a.contractingActivity is not None
    assert a.contractingActivity.name == "Naval Air Systems Command"


def test_options_and_split_funding() -> None:
    a = parse_award(OPTIONS_SPLIT_FUNDING, "NAVY")
    assert a is not None
    assert a.amountUsd == 234_229_426
    assert a.cumulativeValueUsd == 1_537_500_654
    assert [(p.place, p.percent) for p in a.placesOfPerformance] == [
        ("Groton, Connecticut", 73.0),
        ("Bangor, Washington", 9.0),
        ("Norfolk, Virginia", 6.0),
        ("Newport, Rhode Island", 4.0),
        ("Quonset, Rhode Island", 3.0),
        ("Kings Bay, Georgia", 3.0),
        ("Pearl Harbor, Hawaii", 2.0),
    ]
    # the expiring $1,520,650 is part of the obligation, not added to it
    assert a.fundsObligatedUsd == 20_333_452
    assert a.fundsFiscalYears == (2011, 2012, 2013, 2014)
    assert a.fundsAppropriations == (
        "other procurement (Navy)",
        "shipbuilding conversion (Navy)",
        "research, development, test and evaluation",
        "operations and maintenance (Navy)",
    )
    assert a.competition is not None
    assert a.competition.competed is False
    assert a.competition.authority is not None
    assert a.competition.authority.startswith("FAR 6.302-1(a)(2)(iii)")
    assert a.contractingActivity is not None
    assert a.contractingActivity.location == "Washington, District of Columbia"


def test_multiple_award_combined_value() -> None:
    a = parse_award(MULTIPLE_FOUR, "NAVY")
    assert a is not None
    assert _names(a) == [
        ("Geomorph Information Systems, LLC", "San Diego, California", "*"),
        ("Gulf South Research Corporation", "Baton Rouge, Louisiana", "*"),
        ("Hercules Joint Venture", "National City, California", "*"),
        ("Vernadero Group Inc.", "Phoenix, Arizona", "*"),
    ]
    assert a.amountUsd == 50_000_000
    assert a.contractNumbers == tuple(f"N62473-14-D-{n}" for n in (1422, 1423, 1424, 1425))
    assert a.smallBusiness is True
    assert a.fundsObligatedUsd == 20_000
    assert a.competition is not None
    assert a.competition.offersReceived == 11


def test_multiple_award_of_fifty_companies() -> None:
    a = parse_award(MULTIPLE_FIFTY, "DEFENSE INTELLIGENCE AGENCY")
    assert a is not None
    assert _names(a) == [(n, loc, m or None) for n, loc, m in _E_SITE_NAMES]
    assert len(a.contractNumbers) == 50
    assert a.contractNumbers[0] == "HHM402-15-D-0010"
    assert a.contractNumbers[-1] == "HHM402-15-D-0059"
    assert a.amountUsd == 6_000_000_000
    assert a.smallBusiness is True
    assert a.competition is not None
    assert a.competition.offersReceived == 77


def test_odd_spacing_in_amount_and_missing_comma_before_state() -> None:
    a = parse_award(ODD_SPACING, "NAVY")
    assert a is not None
    assert _names(a) == [("Exelis Inc.", "Clifton New Jersey", None)]
    assert a.amountUsd == 53_529_747
    assert a.fundsObligatedUsd == 1_260_000
    assert a.competition is not None
    assert a.competition.competed is False


def test_doing_business_as_correction() -> None:
    a = parse_award(DBA_CORRECTION, "AIR FORCE")
    assert a is not None
    assert a.isCorrection is True
    assert _names(a) == [
        (
            "Honeywell International Inc., doing business as Honeywell Aerospace-Clearwater",
            "Clearwater, Florida",
            None,
        )
    ]
    assert a.amountUsd == 9_821_166
    assert a.contractNumbers == ("FA8204-14-C-0002",)
    assert a.modificationNumber == "P00009"


def test_awardee_without_location() -> None:
    a = parse_award(NO_LOCATION, "ARMY")
    assert a is not None
    assert _names(a) == [("Al Signal Research Inc.", None, "*")]
    assert a.smallBusiness is True
    assert a.amountUsd == 12_364_574
    assert a.contractNumbers == ("W31P4Q-15-D-0051",)


def test_canadian_location_and_compact_piid() -> None:
    a = parse_award(CANADIAN, "NAVY")
    assert a is not None
    assert _names(a) == [("Canadian Commercial Corp.", "Ottawa, Ontario", None)]
    assert a.amountUsd == 9_000_000
    assert a.contractNumbers == ("N0016425DJR97",)
    assert a.fundsObligatedUsd == 1_171_680
    assert a.completionDate == "2030-09"
    assert a.contractingActivity is not None
    assert a.contractingActivity.name == "Naval Surface Warfare Center, Crane Division"
    assert a.contractingActivity.location == "Crane, Indiana"


def test_woman_owned_mark_and_dla_fields() -> None:
    a = parse_award(WOMAN_OWNED_DLA, "DEFENSE LOGISTICS AGENCY")
    assert a is not None
    assert _names(a) == [("Veteran Energy LLC", "Haymarket, Virginia", "***")]
    assert a.smallBusiness is True
    assert a.amountUsd == 14_200_950
    assert [p.place for p in a.placesOfPerformance] == ["Virginia", "England, United Kingdom"]
    assert (a.completionDate, a.completionDateRaw) == ("2018-07-31", "July 31, 2018")
    assert a.fundsFiscalYears == (2015, 2016, 2017, 2018)
    assert a.fundsAppropriations == ("defense working capital",)
    assert a.fundsObligatedUsd is None
    assert a.contractingActivity is not None
    assert a.contractingActivity.name == "Defense Logistics Agency Energy"
    assert a.contractNumbers == ("SPE600-15-D-9405",)
    assert a.competition is not None
    assert a.competition.offersReceived == 9


def test_mandatory_source_is_not_small_business() -> None:
    a = parse_award(MANDATORY_SOURCE, "ARMY")
    assert a is not None
    assert _names(a) == [("Ohopaki General Contracting & Mechanical", "Heavener, Oklahoma", "**")]
    assert a.smallBusiness is False


def test_footnotes_decide_what_the_marks_mean() -> None:
    page = ["ARMY", MANDATORY_SOURCE, "*Small business", "**Small disadvantaged business"]
    (a,) = parse_awards(page).awards
    assert a.smallBusiness is True
    assert a.contractors[0].smallBusiness is True
    assert footnotes(page) == {"*": "Small business", "**": "Small disadvantaged business"}


def test_corrections() -> None:
    a = parse_award(CORRECTION_INLINE, "ARMY")
    assert a is not None
    assert a.isCorrection is True
    assert _names(a) == [("Fraser Volpe", "Warminster, Pennsylvania", "*")]
    assert a.amountUsd == 16_000_000
    assert a.contractNumbers == ("W15QKN-13-D-0041",)

    b = parse_award(CORRECTION_AMOUNT, "DEFENSE LOGISTICS AGENCY")
    assert b is not None
    assert _names(b) == [("US Foods Lexington", "Lexington, South Carolina", None)]
    assert b.amountUsd == 61_500_000
    assert b.contractNumbers == ("SPE300-15-D-3146",)

    c = parse_award(CORRECTION_NOT_AWARDED, "ARMY")
    assert c is not None
    assert _names(c) == [("Great Lakes Dredge & Dock Co, LLC", None, None)]
    assert c.amountUsd is None
    assert c.contractNumbers == ()


def test_minimum_then_maximum_takes_the_maximum() -> None:
    a = parse_award(MIN_MAX)
    assert a is not None
    assert a.amountUsd == 179_460_689


def test_contract_numbers_shapes() -> None:
    text = (
        "modification (P00001) to FA8625-14-C-6450, order N0003025C0100 under FA2401-23-F0002 "
        "and (N00024 14-C-5340), solicitation SPM8EC-11-R-0001, SPM1C1-10-D-1090/P00106, "
        "(FA8575-25-F B001), delivery order F42610-99-D-0006-0081, contract HC1028-13-D-0013-P00008"
    )
    assert contract_numbers(text) == (
        "FA8625-14-C-6450",
        "N0003025C0100",
        "FA2401-23-F0002",
        "N00024 14-C-5340",
        "SPM8EC-11-R-0001",
        "SPM1C1-10-D-1090",
        "FA8575-25-F B001",
        "F42610-99-D-0006-0081",
        "HC1028-13-D-0013",
    )


def test_split_contractors_edge_shapes() -> None:
    assert _names(split_contractors("Lockheed Martin Space, Sunnyvale California")) == [
        ("Lockheed Martin Space", "Sunnyvale California", None)
    ]
    assert _names(split_contractors("Onaka Gumi Co. Ltd., Okinawa, Japan")) == [
        ("Onaka Gumi Co. Ltd.", "Okinawa, Japan", None)
    ]
    assert _names(split_contractors("Technica Corp., Dulles, Virginia,*")) == [
        ("Technica Corp.", "Dulles, Virginia", "*")
    ]
    assert _names(split_contractors("Leading Technology Composites* of Wichita, Kansas")) == [
        ("Leading Technology Composites", "Wichita, Kansas", "*")
    ]
    assert _names(
        split_contractors(
            "Northrop Grumman Systems Corp., Herndon, Virginia; and Bellevue, Nebraska"
        )
    ) == [("Northrop Grumman Systems Corp.", "Herndon, Virginia", None)]
    assert _names(split_contractors("McCann World Group Inc., New York, N.Y.")) == [
        ("McCann World Group Inc.", "New York, N.Y.", None)
    ]


def test_page_walk_headings_footnotes_and_broken_lines() -> None:
    page = [
        "CONTRACTS",
        "AIR FORCE",
        MODIFICATION,
        "NAVY",
        (
            "General Dynamics Electric Boat Corp., Groton, Connecticut, is being awarded an "
            "$18,863,859 cost-plus-fixed-fee modification to previously awarded contract "
            "N00024-10-C-2118 for lead yard support."
        ),
        (
            "Work will be performed in Groton, Connecticut (95 percent), and Charleston, South "
            "Carolina (5 percent), and is expected to be completed by September 2015."
        ),
        "Lockheed Martin Corp. MS2 Radar Systems, Liverpool, New York, was awarded an",
        "$8,000,000 modification to contract W15P7T-12-C-C015 for radars.",
        "*Small business",
    ]
    result = parse_awards(page)
    assert result.notes == []
    assert [(a.agency, a.contractors[0].name, a.amountUsd) for a in result.awards] == [
        ("AIR FORCE", "Lockheed Martin Corp.", 116_717_704),
        ("NAVY", "General Dynamics Electric Boat Corp.", 18_863_859),
        ("NAVY", "Lockheed Martin Corp. MS2 Radar Systems", 8_000_000),
    ]
    assert [(p.place, p.percent) for p in result.awards[1].placesOfPerformance] == [
        ("Groton, Connecticut", 95.0),
        ("Charleston, South Carolina", 5.0),
    ]


def test_correction_header_line_and_its_corrected_paragraph() -> None:
    page = [
        "AIR FORCE",
        (
            "CORRECTION: The contract announced on Sep. 30, 2025, to Raytheon Co., Tucson, Arizona "
            "(FA8675-23-C-0037) is corrected to the following:"
        ),
        (
            "Raytheon Co., Tucson, Arizona, was awarded a $41,681,329 firm-fixed-price modification "
            "(P00026) to a previously awarded contract (FA8675-23-C-0037) for Advance Medium Range "
            "Air-to-Air Missiles variants."
        ),
    ]
    awards = parse_awards(page).awards
    assert [(a.isCorrection, a.amountUsd, _names(a)) for a in awards] == [
        (True, None, [("Raytheon Co.", "Tucson, Arizona", None)]),
        (True, 41_681_329, [("Raytheon Co.", "Tucson, Arizona", None)]),
    ]


def test_unparseable_award_paragraph_gives_a_note_not_junk() -> None:
    result = parse_awards(["NAVY", "A contract was awarded today for services."])
    assert result.awards == []
    assert result.notes == ["awards/unparsed: A contract was awarded today for services."]


def test_headings() -> None:
    assert is_agency_heading("DEFENSE LOGISTICS AGENCY")
    assert is_agency_heading("U.S. SPECIAL OPERATIONS COMMAND")
    assert not is_agency_heading("CONTRACTS")
    assert not is_agency_heading("CORRECTION: The contract announced yesterday was not awarded.")
    assert not is_agency_heading("*Small business")


OLD_STYLE_2010 = (
    "Alliant Techsystems Inc., Plymouth, Minn., was awarded on Jan. 4, 2010, a $9,999,999 "
    "firm-fixed-price contract for ammunition. Work is to be performed in Plymouth, Minn., with "
    "an estimated completion date of Dec. 31, 2012. One bid was solicited with one bid received. "
    "Army Contracting Command, Rock Island, Ill., is the contracting activity (W52P1J-10-C-0001)."
)


def test_ap_style_states_and_mark_after_the_state() -> None:
    a = parse_award(OLD_STYLE_2010, "ARMY")
    assert a is not None
    assert _names(a) == [("Alliant Techsystems Inc.", "Plymouth, Minn.", None)]
    assert (a.amountUsd, a.contractNumbers) == (9_999_999, ("W52P1J-10-C-0001",))
    assert [p.place for p in a.placesOfPerformance] == ["Plymouth, Minn."]
    assert a.contractingActivity is not None
    assert a.contractingActivity.location == "Rock Island, Ill."
    assert _names(split_contractors("Sysco Hampton Roads, Suffolk, Va.*")) == [
        ("Sysco Hampton Roads", "Suffolk, Va.", "*")
    ]


def test_two_awards_run_together_in_one_paragraph_are_split() -> None:
    result = parse_awards(["ARMY", f"{SINGLE} {MANDATORY_SOURCE}", OLD_STYLE_2010])
    assert [(a.contractors[0].name, a.amountUsd) for a in result.awards] == [
        ("Kiewit-Pittman JV", 65_794_195),
        ("Ohopaki General Contracting & Mechanical", 15_000_000),
        ("Alliant Techsystems Inc.", 9_999_999),
    ]
    assert result.awards[0].text == SINGLE


def test_options_and_after_modification_totals_are_not_the_amount() -> None:
    a = parse_award(
        "Six companies (N40085-16-D-6300 to 6305) are awarded an $87,000,000 firm-fixed-price "
        "modification to increase the maximum dollar value of the previously awarded contracts. "
        "After award of this modification, the total maximum dollar value for all six contracts "
        "combined will be $182,000,000.",
        "NAVY",
    )
    assert a is None  # no awardee is named: no record
    b = parse_award(
        "Acme Corp., Dayton, Ohio (N40085-16-D-6300); and Beta LLC, Reno, Nevada "
        "(N40085-16-D-6301), are awarded an $87,000,000 firm-fixed-price modification to "
        "increase the maximum dollar value of the previously awarded contracts. After award of "
        "this modification, the total maximum dollar value for both contracts combined will be "
        "$182,000,000. If all options are exercised, the total estimated value of the contracts "
        "combined will be $342,755,579.",
        "NAVY",
    )
    assert b is not None
    assert b.amountUsd == 87_000_000
