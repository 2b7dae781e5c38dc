"""Structured records inside DoD pages: contract awards, casualties, transcript turns,
biography careers.

Each parser is a pure function of a page's paragraphs (``list[str]``):
:mod:`~dodarchive.records.awards`, :mod:`~dodarchive.records.casualties`,
:mod:`~dodarchive.records.transcripts`, :mod:`~dodarchive.records.biographies`.
:func:`page_records` picks the parser for a page type and returns the Article fields it
fills plus the notes of what did not parse (counted in the run summary as
``recordNotes``). A paragraph that does not parse yields no record, never a partial one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dodarchive.records.awards import Award, parse_awards
from dodarchive.records.biographies import (
    Assignment,
    Education,
    Person,
    Promotion,
    parse_biography,
    title_case_headline,
)
from dodarchive.records.casualties import Casualty, parse_casualties
from dodarchive.records.transcripts import Turn, parse_turns

__all__ = ["PageRecords", "page_records"]


@dataclass(frozen=True, slots=True)
class PageRecords:
    """The record fields of one article and the notes of what did not parse."""

    fields: tuple[tuple[str, Any], ...]
    notes: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """The Article fields to set, e.g. ``{"awards": (...)}``."""
        return dict(self.fields)


@lru_cache(maxsize=64)
def page_records(
    page_type: str,
    paragraphs: tuple[str, ...],
    headline: str,
    published: str | None,
    description: str | None,
) -> PageRecords:
    """The record fields for an article of ``page_type``.

    contract → ``awards``; release → ``casualties``; transcript → ``turns``; biography →
    ``person``, ``education``, ``assignments``, ``promotions``, ``decorations``, and the
    headline in title case with ``headlineRaw`` as printed. Other types get nothing.
    Cached, so the extractor and the run summary share one parse.
    """
    paras = list(paragraphs)
    fields: dict[str, Any] = {}
    notes: list[str] = []
    if page_type == "contract":
        awards = parse_awards(paras)
        fields["awards"] = tuple(awards.awards)
        notes += awards.notes
    elif page_type == "release":
        found = parse_casualties(paras, headline=headline, published=published)
        fields["casualties"] = tuple(found.casualties)
        notes += found.notes
    elif page_type == "transcript":
        fields["turns"] = tuple(parse_turns(paras))
    elif page_type == "biography":
        bio = parse_biography(paras, headline=headline, description=description)
        fields.update(
            person=bio.person,
            education=tuple(bio.education),
            assignments=tuple(bio.assignments),
            promotions=tuple(bio.promotions),
            decorations=tuple(bio.decorations),
            headline=title_case_headline(headline),
            headlineRaw=headline,
        )
        notes += bio.notes
    return PageRecords(
        fields=tuple(fields.items()), notes=tuple(note.split(":")[0] for note in notes)
    )


# Re-exported for article.py's type hints.
RECORD_TYPES = (Award, Casualty, Turn, Person, Education, Assignment, Promotion)
