"""The navigation boilerplate of DoD pages: one shared list, matched against whole lines.

Extractors drop whole elements or lines that *are* boilerplate; they never cut a phrase
out of prose, since an article may well mention "the United States Department of
Defense". Tests check every output against :data:`BOILERPLATE_PHRASES`.
"""

from __future__ import annotations

import re

__all__ = ["BOILERPLATE_PHRASES", "is_boilerplate"]

#: Lines that are navigation, never content, on DoD and DMA pages.
BOILERPLATE_PHRASES: tuple[str, ...] = (
    "Bookmark and Share",
    "Stay Connected",
    "Click photo for screen-resolution image",
    "(Click photo for screen-resolution image);high-resolution image available.",
    "Contact Author",
    "Related Sites:",
    "Additional Links",
    "United States Department of Defense",
    "DoD News",
    "News Article",
    "Printer-friendly Version",
    "Email A Copy",
    "DOWNLOAD HI-RES",
    "PHOTO DETAILS",
    "This information is provided for historical purposes only",
)

_PATTERNS = (
    re.compile(r"^choose which .{0,80} products you want delivered to your inbox\.?$", re.I),
    re.compile(r"^(subscribe|sign up)( to| for)? .{0,60}(updates|newsletter|e-?mail)s?\.?$", re.I),
    re.compile(r"^(share|print|e-?mail)( this( page| article)?)?:?$", re.I),
    re.compile(r"^(facebook|twitter|x|linkedin|reddit|pinterest|email|print)( \| \w+)*$", re.I),
)
_NORMALIZED = frozenset(" ".join(p.split()).lower() for p in BOILERPLATE_PHRASES)
#: A line made only of one boilerplate phrase repeated (logo alt texts side by side). One
#: regex instead of a loop over the phrases: this check ran for every line of every page.
_REPEATED = re.compile(
    "(?:"
    + "|".join(rf"(?:{re.escape(p)}\s*)+" for p in sorted(_NORMALIZED, key=len, reverse=True))
    + r")\Z"
)


def is_boilerplate(line: str) -> bool:
    """True when ``line`` as a whole is navigation boilerplate.

    >>> is_boilerplate("  Bookmark and  Share ")
    True
    >>> is_boilerplate("United States Department of Defense United States Department of Defense")
    True
    >>> is_boilerplate("He thanked the United States Department of Defense for its help.")
    False
    """
    text = " ".join(line.split())  # = re.sub(r"\s+", " ", line).strip(), at a tenth the cost
    if not text:
        return False
    low = text.lower()
    if _REPEATED.match(low):  # one phrase, or one phrase repeated
        return True
    return any(p.match(text) for p in _PATTERNS)
