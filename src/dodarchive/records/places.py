"""Place names the record parsers recognise: US states, Canadian provinces, countries.

A contractor's location in a contract announcement is "City, State" or "City, Country"
(sometimes "City, Province, Country"); these tables tell where a name ends and its
location begins. Pure data plus two small predicates.
"""

from __future__ import annotations

import re

__all__ = [
    "COUNTRIES",
    "REGIONS",
    "SUBNATIONAL",
    "US_ABBREVIATIONS",
    "US_STATES",
    "is_country",
    "is_region",
]


def _words(text: str) -> frozenset[str]:
    """Whitespace-separated names; "_" stands for a space inside a name."""
    return frozenset(word.replace("_", " ") for word in text.split())


US_STATES: frozenset[str] = _words(
    """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida
    Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland
    Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada
    New_Hampshire New_Jersey New_Mexico New_York North_Carolina North_Dakota Ohio Oklahoma
    Oregon Pennsylvania Rhode_Island South_Carolina South_Dakota Tennessee Texas Utah
    Vermont Virginia Washington West_Virginia Wisconsin Wyoming District_of_Columbia D.C. DC
    Washington_D.C. Puerto_Rico Guam U.S._Virgin_Islands Virgin_Islands American_Samoa
    Northern_Mariana_Islands Commonwealth_of_the_Northern_Mariana_Islands Saipan"""
)
"""US states, DC and territories as announcements spell them."""

SUBNATIONAL: frozenset[str] = _words(
    """Ontario Quebec British_Columbia Alberta Manitoba Saskatchewan Nova_Scotia
    New_Brunswick Newfoundland Newfoundland_and_Labrador Prince_Edward_Island Yukon
    New_South_Wales Queensland Victoria South_Australia Western_Australia Tasmania
    Australian_Capital_Territory Northern_Territory Bavaria Okinawa England Scotland Wales
    Northern_Ireland Hampshire Surrey Kent Essex Lancashire Somerset Wiltshire Dorset
    Berkshire Oxfordshire Gloucestershire Hertfordshire Cambridgeshire Bedfordshire
    Lincolnshire Norfolk_County Suffolk_County Cornwall Devon Cumbria Yorkshire
    North_Yorkshire West_Sussex East_Sussex Baden-Württemberg Baden-Wuerttemberg Hesse
    Rhineland-Palatinate Saxony Lower_Saxony North_Rhine-Westphalia Kanagawa Gyeonggi-do
    Gyeonggi Busan Tasmania Sicily Sardinia Lombardy Piedmont Veneto Campania Andalusia
    Catalonia Alberta"""
)
"""Provinces and states of other countries that stand as a location's region."""

COUNTRIES: frozenset[str] = _words(
    """Afghanistan Albania Algeria Angola Argentina Armenia Australia Austria Azerbaijan
    Bahrain Bangladesh Belgium Belize Benin Bolivia Bosnia_and_Herzegovina Botswana Brazil
    Brunei Bulgaria Burkina_Faso Cambodia Cameroon Canada Chad Chile China Colombia
    Costa_Rica Croatia Cuba Cyprus Czech_Republic Czechia Denmark Djibouti
    Dominican_Republic Ecuador Egypt El_Salvador Estonia Ethiopia Finland France Gabon
    Georgia Germany Ghana Greece Guatemala Honduras Hong_Kong Hungary Iceland India
    Indonesia Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Korea
    South_Korea Republic_of_Korea Kosovo Kuwait Kyrgyzstan Latvia Lebanon Liberia Libya
    Lithuania Luxembourg Malaysia Mali Malta Mexico Moldova Mongolia Montenegro Morocco
    Mozambique Nepal Netherlands the_Netherlands New_Zealand Niger Nigeria North_Macedonia
    Macedonia Norway Oman Pakistan Panama Paraguay Peru Philippines Poland Portugal Qatar
    Romania Rwanda Saudi_Arabia Kingdom_of_Saudi_Arabia Senegal Serbia Singapore Slovakia
    Slovenia Somalia South_Africa Spain Sri_Lanka Sweden Switzerland Taiwan Tajikistan
    Tanzania Thailand Tunisia Turkey Turkiye Türkiye Uganda Ukraine United_Arab_Emirates
    UAE United_Kingdom U.K. Great_Britain Uruguay Uzbekistan Venezuela Vietnam Yemen Zambia
    Zimbabwe Diego_Garcia Bahamas Barbados Trinidad_and_Tobago Greenland Iraq Syria
    Morocco Marshall_Islands Micronesia Palau Fiji Papua_New_Guinea"""
)
"""Countries as announcements name them (also as Foreign Military Sales customers)."""

US_ABBREVIATIONS: frozenset[str] = _words(
    """Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Kans. Ky. La. Md.
    Mass. Mich. Minn. Miss. Mo. Mont. Neb. Nebr. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla.
    Ore. Pa. R.I. S.C. S.D. Tenn. Tex. Vt. Va. Wash. W.Va. W._Va. Wis. Wyo.
    AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ
    NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"""
)
"""AP-style ("N.Y.", "Calif.") and postal ("NM", "VA") state abbreviations some announcements use."""

REGIONS: frozenset[str] = US_STATES | SUBNATIONAL | COUNTRIES | US_ABBREVIATIONS
"""Every name that can close a location."""


_ZIP = re.compile(r"\s+\d{5}(?:-\d{4})?$")


def is_region(text: str) -> bool:
    """True when ``text`` (stripped) is a state, province or country name.

    >>> is_region("North Carolina"), is_region("Ontario"), is_region("Fort Worth")
    (True, True, False)
    """
    t = _ZIP.sub("", text.strip())
    return t in REGIONS or t.rstrip(".") in REGIONS


def is_country(text: str) -> bool:
    """True when ``text`` names a country (not a US state); "Georgia" counts as both."""
    return text.strip() in COUNTRIES
