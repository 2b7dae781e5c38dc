"""Small text helpers shared by the page classes: whitespace, and the one date parser.

:data:`MONTHS` is the only month table of the page classes; :data:`MONTH` (a regular
expression for one month name) and :func:`iso_date` / :func:`find_date` are built on it,
so every template reads "Sept. 30, 2025", "24 Apr 2003" or "April 2014" the same way,
and no result depends on the process locale (as ``strptime``'s ``%B`` would).
"""

from __future__ import annotations

import re
from datetime import date
from itertools import chain

__all__ = ["MONTH", "MONTHS", "WRITTEN_DATE", "collapse", "find_date", "iso_date"]


_NAMES: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july", "august")
_NAMES += ("september", "october", "november", "december")
#: Month number of every lower-case month name and abbreviation DoD pages print
#: ("january", "jan", and "sept" as AP style writes September).
MONTHS: dict[str, int] = {
    **{name: number for number, name in enumerate(_NAMES, 1)},
    **{name[:3]: number for number, name in enumerate(_NAMES, 1)},
    "sept": 9,
}
#: A regular expression for one month name or abbreviation (any case, optional period).
MONTH = r"(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
#: A regular expression for a date written "July 2, 2007" / "Sept. 30, 2025".
WRITTEN_DATE = MONTH + r"\s+\d{1,2},\s*\d{4}\b"  # "July 30,2014" is printed too

_MON = rf"(?P<mon>{MONTH})"
_DAY = r"(?P<day>\d{1,2})"
_YEAR = r"(?P<year>\d{4})"
_FULL_FORMS = (
    re.compile(rf"{_MON}\s+{_DAY}(?:,\s*|\s+){_YEAR}"),  # July 2, 2007 / Jan. 16 2016
    re.compile(rf"{_DAY}\s+{_MON}\s+{_YEAR}"),  # 24 Apr 2003
    re.compile(rf"(?P<mon>\d{{1,2}})/{_DAY}/{_YEAR}"),  # 3/2/2010
    re.compile(rf"{_YEAR}-(?P<mon>\d{{1,2}})-{_DAY}"),  # 2010-03-02
)
_MONTH_FORM = re.compile(rf"{_MON}\s+{_YEAR}")  # April 2014
_WRITTEN = re.compile(WRITTEN_DATE)
_ISO = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")


def collapse(text: str | None) -> str:
    """Collapse runs of whitespace (incl. no-break spaces) to one space and strip.

    >>> collapse("  By  Staff Sgt.\\n\\tTimothy\\u00a0Moore ")
    'By Staff Sgt. Timothy Moore'
    """
    if not text:
        return ""
    if "\u200b" in text:  # a zero-width space separates words too
        text = text.replace("\u200b", " ")
    return " ".join(text.split())  # str.split's whitespace is regex \s (no-break space too)


def _month_number(text: str) -> int:
    return MONTHS.get(text.rstrip(".").lower(), 0) if not text.isdigit() else int(text)


def _ymd(m: re.Match[str], day: str | None = None) -> str | None:
    try:
        value = date(int(m["year"]), _month_number(m["mon"]), int(day or m["day"]))
    except ValueError:
        return None
    return value.isoformat()


def iso_date(text: str, *, month: bool = False) -> str | None:
    """The ``YYYY-MM-DD`` of a date as DoD pages print it, the whole of ``text``; None
    when it is not one. With ``month``, a month alone ("April 2014") gives ``YYYY-MM``.

    >>> iso_date("July 2, 2007"), iso_date("Sept. 30, 2025"), iso_date("March 02, 2010")
    ('2007-07-02', '2025-09-30', '2010-03-02')
    >>> iso_date("24 Apr 2003"), iso_date("3/2/2010"), iso_date("2010-03-02")
    ('2003-04-24', '2010-03-02', '2010-03-02')
    >>> iso_date("April 2014"), iso_date("April 2014", month=True), iso_date("Feb. 30, 2015")
    (None, '2014-04', None)
    >>> iso_date("yesterday") is None
    True
    """
    value = collapse(text)
    for form in _FULL_FORMS:
        m = form.fullmatch(value)
        if m:
            return _ymd(m)
    m = _MONTH_FORM.fullmatch(value.replace(".", "")) if month else None
    first = _ymd(m, "1") if m else None
    return first[:7] if first else None


def find_date(text: str) -> str | None:
    """The ``YYYY-MM-DD`` of the first real date written in ``text`` ("July 2, 2007"),
    else of the first ISO date in it; None when it holds neither.

    >>> find_date("Thursday, April 24, 2003 - 1:30 p.m. EDT"), find_date("at 2024-12-02T10:00")
    ('2003-04-24', '2024-12-02')
    >>> find_date("Feb. 30, 2015 or March 1, 2015"), find_date("no date") is None
    ('2015-03-01', True)
    """
    for m in chain(_WRITTEN.finditer(text), _ISO.finditer(text)):
        found = iso_date(m.group(0))
        if found:
            return found
    return None
