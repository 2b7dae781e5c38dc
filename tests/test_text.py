"""pages/text.py: the one month table and date parser of the page classes, exact values."""

from __future__ import annotations

import re

import pytest

from dodarchive.pages.text import MONTH, MONTHS, WRITTEN_DATE, collapse, find_date, iso_date


def test_month_table() -> None:
    assert len(MONTHS) == 24  # 12 names, 11 abbreviations ("may" is both), "sept"
    assert (MONTHS["january"], MONTHS["jan"], MONTHS["sept"], MONTHS["sep"]) == (1, 1, 9, 9)
    assert sorted(set(MONTHS.values())) == list(range(1, 13))
    assert re.fullmatch(MONTH, "SEPT.")
    assert re.fullmatch(MONTH, "june")
    assert not re.match(MONTH + r"\s", "Mayor ")
    found = re.search(WRITTEN_DATE, "WASHINGTON, Sept. 30, 2025 –")
    assert found
    assert found.group(0) == "Sept. 30, 2025"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("July 2, 2007", "2007-07-02"),
        ("Sept. 30, 2025", "2025-09-30"),
        ("SEPT 30 2025", "2025-09-30"),
        ("Jan. 16, 2016", "2016-01-16"),
        ("March 02, 2010", "2010-03-02"),
        ("  June\u00a05,  2015 ", "2015-06-05"),
        ("24 Apr 2003", "2003-04-24"),
        ("24 April 2003", "2003-04-24"),
        ("3/2/2010", "2010-03-02"),
        ("2010-03-02", "2010-03-02"),
        ("Feb. 29, 2016", "2016-02-29"),
        ("Feb. 29, 2015", None),  # no such day
        ("13/2/2010", None),
        ("Mayor 2, 2015", None),
        ("July 2, 2007.", None),  # the whole text must be the date
        ("April 2014", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_iso_date(text: str, want: str | None) -> None:
    assert iso_date(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("April 2014", "2014-04"),
        ("Sept. 2014", "2014-09"),
        ("February 1956.", "1956-02"),
        ("Sept. 1, 1973", "1973-09-01"),  # a whole date stays whole
        ("2014", None),
        ("Spring 2014", None),
    ],
)
def test_iso_date_month(text: str, want: str | None) -> None:
    assert iso_date(text, month=True) == want


def test_find_date() -> None:
    assert find_date("Thursday, April 24, 2003 - 1:30 p.m. EDT") == "2003-04-24"
    assert find_date("Feb. 30, 2015, then March 1, 2015") == "2015-03-01"
    assert find_date("posted 2024-12-02T10:00:00Z") == "2024-12-02"
    assert find_date("Contracts For Sept. 30, 2025 and 2025-10-01") == "2025-09-30"
    assert find_date("no date 12345-67-89") is None


def test_collapse() -> None:
    assert collapse(" a\u200b\u00a0 b\n") == "a b"
    assert collapse(None) == ""


def test_collapse_is_its_definition_on_every_kind_of_whitespace() -> None:
    """``collapse`` (``str.split``) equals the regex it replaced: runs of whitespace,
    no-break and zero-width spaces to one space, stripped."""
    import random

    pool = [chr(i) for i in range(128)] + list("\u00a0\u200b\u2028\u0085\u3000\u2009\u00e9")
    rng = random.Random(11)
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    regex = re.compile(r"[\s\u00a0\u200b]+")
    assert [t for t in texts if collapse(t) != regex.sub(" ", t).strip()] == []
    assert collapse("x\u200b\u200by\x1c z") == "x y z"
