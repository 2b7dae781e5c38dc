"""is_boilerplate against a hand-made list: real chrome lines and prose that looks like them.

The chrome lines are copied from the corpus pages (../shared/corpus and the fixture
inputs), one group per site generation. The prose lines are sentences an article could
contain that start or end like chrome; each would be silently deleted from an article if the
rules matched inside a line instead of the whole line. The lists are not derived from
BOILERPLATE_PHRASES: a rule dropped from the module must fail here.
"""

from __future__ import annotations

import pytest

from dodarchive.pages.boilerplate import is_boilerplate

#: Real chrome lines, by generation, as the pages show them.
CHROME = {
    # Legacy defense.gov master page (2007-2012): news articles and releases.
    "legacy": [
        "Bookmark and Share",
        "Stay Connected",
        "Click photo for screen-resolution image",
        "(Click photo for screen-resolution image);high-resolution image available.",
        "Contact Author",
        "Related Sites:",
        "Additional Links",
        "Printer-friendly Version",
        "Email A Copy",
        "News Article",
        "DoD News",
        "United States Department of Defense United States Department of Defense",
    ],
    # af.mil ArticleCS print views (2003-2016).
    "afmil": [
        "DOWNLOAD HI-RES",
        "PHOTO DETAILS",
        "E-MAIL",
        "PRINT",
    ],
    # defense.gov DefenseGOV skin (2018) and its share bar.
    "defensegov": [
        "Twitter",
        "Facebook",
        "E-Mail",
        "Email:",
    ],
    # war.gov DNN (2024-2025): the share menu and the subscribe box.
    "wargov": [
        "Share",
        "Email",
        "Facebook",
        "X",
        "LinkedIn",
        "Choose which War.gov products you want delivered to your inbox.",
    ],
    # GovDelivery subscribe lines of the same family (not in the corpus as text lines).
    "subscribe": [
        "Sign up for email updates",
        "Subscribe to DoD News e-mail updates",
        "Sign up for our newsletter",
    ],
}

#: Real chrome lines the module does not recognize today: the page shows them as chrome, so
#: the expectation stays True and the test is a strict xfail until the rules cover them.
CHROME_MISSED = {
    "Subscribe": "legacy 'Top Links' and war.gov footer: a lone Subscribe link",
    "SUBSCRIBE NOW": "dma listing pages' subscribe button",
    "Subscribe to War.gov Products": "war.gov footer heading",
    "Copy Link": "war.gov share menu",
    "WhatsApp": "war.gov share menu",
    "PRINT | E-MAIL": "af.mil print views and defense.gov 2018: the print/e-mail bar as one line",
    "DOWNLOAD HI-RES / PHOTO DETAILS": "af.mil print views: the photo links as one line",
    "Top Links": "legacy master page navigation heading",
    "Main Menu": "legacy master page navigation heading",
    (
        "This information is provided for historical purposes only. It may contain outdated"
        " information and links may no longer function. Please contact the DOD Webmaster if"
        " you have any questions about this archive."
    ): "defense.gov 2018 archive banner: the listed phrase matches only the first sentence alone",
}

#: Prose an article may contain that starts or ends like chrome: never boilerplate.
PROSE = [
    "The story mentions the United States Department of Defense in prose, which must stay.",
    "He was detailed from the Department of Energy to the United States Department of Defense",
    "Officials will share details of the plan next week.",
    "Share the road with cyclists on base, officials said.",
    "Print shops on base will close Friday.",
    "Email your questions to the public affairs office.",
    "Facebook posts drew hundreds of comments, he said.",
    "X-ray technicians at the clinic worked through the night.",
    "LinkedIn profiles are not official records.",
    "Subscribe to the newsletter, he urged Airmen, and read it.",
    "Sign up for the 5K run closes Friday, and updates will follow by e-mail to each unit",
    "Stay connected with family, chaplains advise deploying Airmen.",
    "Related sites include the Army Reserve page.",
    "Contact Author Jim Garamone at the Pentagon for the full transcript.",
    "News Article 12 was published today.",
    "DoD News reporters traveled with the secretary.",
    "Bookmark and Share buttons were added to the site in 2009, officials said.",
    "Choose which units you want to visit first, the commander told the new Airmen.",
]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(line, id=f"{gen}:{line[:40]}")
        for gen, lines in CHROME.items()
        for line in lines
    ],
)
def test_real_chrome_is_boilerplate(line: str) -> None:
    assert is_boilerplate(line)
    assert is_boilerplate(f"  {line.replace(' ', '  ')}\n")  # spacing as markup leaves it


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(line, id=line[:40], marks=pytest.mark.xfail(reason=why, strict=True))
        for line, why in CHROME_MISSED.items()
    ],
)
def test_real_chrome_not_yet_recognized(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", PROSE, ids=lambda s: s[:40])
def test_prose_that_looks_like_chrome_is_kept(line: str) -> None:
    assert not is_boilerplate(line)


def test_blank_is_not_boilerplate() -> None:
    assert not is_boilerplate("")
    assert not is_boilerplate(" \n\t ")
