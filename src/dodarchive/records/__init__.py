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
    Cached, so the extractor and the run summary share one parse. A type's parser
    module is imported on its first page: a run without contracts never compiles the
    award patterns.
    """
    paras = list(paragraphs)
    fields: dict[str, Any] = {}
    notes: list[str] = []
    if page_type == "contract":
        from dodarchive.records.awards import parse_awards

        awards = parse_awards(paras)
        fields["awards"] = tuple(awards.awards)
        notes += awards.notes
    elif page_type == "release":
        from dodarchive.records.casualties import parse_casualties

        found = parse_casualties(paras, headline=headline, published=published)
        fields["casualties"] = tuple(found.casualties)
        notes += found.notes
    elif page_type == "transcript":
        from dodarchive.records.transcripts import parse_turns

        fields["turns"] = tuple(parse_turns(paras))
    elif page_type == "biography":
        from dodarchive.records.biographies import parse_biography, title_case_headline

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
