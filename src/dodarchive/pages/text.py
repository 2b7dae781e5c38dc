"""Small text helpers shared by the page classes: whitespace, dates, names."""

from __future__ import annotations

import re
from datetime import datetime

__all__ = ["collapse", "iso_date"]

_SPACE = re.compile(r"[\s\u00a0\u200b]+")

_DATE_FORMATS = (
    "%B %d, %Y",  # July 2, 2007
    "%b. %d, %Y",  # Jan. 16, 2016
    "%b %d, %Y",  # Jan 16, 2016
    "%B %d %Y",
    "%m/%d/%Y",  # 3/2/2010
    "%d %b %Y",  # 24 Apr 2003
    "%d %B %Y",
    "%Y-%m-%d",
)


def collapse(text: str | None) -> str:
    """Collapse runs of whitespace (incl. no-break spaces) to one space and strip.

    >>> collapse("  By  Staff Sgt.\\n\\tTimothy\\u00a0Moore ")
    'By Staff Sgt. Timothy Moore'
    """
    return _SPACE.sub(" ", text or "").strip()


def iso_date(text: str) -> str | None:
    """Parse a date as DoD pages print it into ``YYYY-MM-DD``; None when it is not one.

    >>> iso_date("July 2, 2007"), iso_date("Sept. 30, 2025"), iso_date("March 02, 2010")
    ('2007-07-02', '2025-09-30', '2010-03-02')
    >>> iso_date("yesterday") is None
    True
    """
    value = collapse(text).replace("Sept.", "Sep.")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None
