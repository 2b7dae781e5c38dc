"""Fold the captures of one article into versions, choose its record, describe edits.

Pure functions over small per-capture summaries (:class:`Seen`), shared by the local
engine (which keeps them on disk, see :mod:`dodarchive.extract.captures`) and Spark
(which groups them by ``articleKey``), so both engines give the same bytes.

- Captures with one ``textHash`` are one version; versions are numbered from 1 in the
  order of their first capture time (:func:`fold`). Only the article's best
  extractor makes versions: a fallback capture of a page a template also read is
  filed under the version current at its time, never made an edit.
- The article as it stands is the version of its newest capture; within a version the
  best extractor's capture is its text (a page template beats the generic fallback,
  which beats a text capture, whichever is newer), then the newest (:func:`current`).
- From version 2 on, :func:`changes` compares a version with the one before it.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dodarchive.extract.identity import normalize_text

__all__ = [
    "Seen",
    "Version",
    "article_record",
    "changes",
    "current",
    "extractor_rank",
    "fold",
    "sentences",
    "version_row",
    "word_opcodes",
]

#: Sort key of a capture: capture time (UTC), WARC file name, offset, record id.
CaptureKey = tuple[str, str, int, str]


def extractor_rank(name: str) -> int:
    """How much a capture's extractor is trusted: 2 for a page template (a class of
    :data:`dodarchive.pages.PAGE_CLASSES`), 0 for a text capture, 1 for anything else
    (the generic fallback, trafilatura).

    >>> extractor_rank("AfmilPrintArticlePage"), extractor_rank("GenericPage")
    (2, 1)
    >>> extractor_rank("trafilatura"), extractor_rank("TextCapture")
    (1, 0)
    """
    from dodarchive import pages

    if name == "TextCapture":
        return 0
    return 2 if any(cls.__name__ == name for cls in pages.PAGE_CLASSES) else 1


@dataclass(frozen=True, slots=True)
class Seen:
    """One capture of an article, as deduplication remembers it: its ``textHash``,
    extractor rank, sort key and ``captures[]`` entry (compact JSON)."""

    text_hash: str
    rank: int
    sort: CaptureKey
    capture: str

    def choice(self) -> tuple[int, CaptureKey]:
        """Order within a version: best extractor, then newest."""
        return (self.rank, self.sort)


@dataclass(frozen=True, slots=True)
class Version:
    """One version of an article: its number, hash, captures (oldest first) and the
    capture whose text stands for it (``best``)."""

    number: int
    text_hash: str
    captures: tuple[Seen, ...]
    best: Seen

    @property
    def first(self) -> CaptureKey:
        """The sort key of its first capture."""
        return self.captures[0].sort

    @property
    def last(self) -> CaptureKey:
        """The sort key of its last capture."""
        return self.captures[-1].sort


def fold(captures: Iterable[Seen]) -> list[Version]:
    """The versions of one article's captures, numbered by first capture time (ties by
    hash), each with its captures oldest first.

    Versions come from the captures of the best extractor the article has (a page
    template, else the fallback, else text captures), because two extractors never
    give the same text for one page: a lesser extractor's capture joins the version
    current at its capture time (the first version when it is older than all), so
    it never makes a version of its own. Its own ``textHash`` stays in ``captures[]``.
    """
    every = list(captures)
    top = max(s.rank for s in every)
    by_hash: dict[str, list[Seen]] = {}
    for seen in every:
        if seen.rank == top:
            by_hash.setdefault(seen.text_hash, []).append(seen)
    groups = sorted(
        (sorted(group, key=lambda s: s.sort) for group in by_hash.values()),
        key=lambda g: (g[0].sort, g[0].text_hash),
    )
    for seen in every:
        if seen.rank < top:
            home = next((g for g in reversed(groups) if g[0].sort <= seen.sort), groups[0])
            home.append(seen)
    return [
        Version(
            n,
            group[0].text_hash,
            tuple(sorted(group, key=lambda s: s.sort)),
            max((s for s in group if s.rank == top), key=Seen.choice),
        )
        for n, group in enumerate(groups, 1)
    ]


def current(versions: list[Version]) -> Version:
    """The version the article stands at: the one holding its newest capture."""
    return max(versions, key=lambda v: (v.last, v.number))


def _utc(sort: CaptureKey) -> str | None:
    """The ISO 8601 UTC capture time of a sort key (seconds, fraction only when set)."""
    when = sort[0]
    if not when:
        return None
    return when.replace(".000000Z", "Z")


def article_record(article: dict[str, Any], versions: list[Version]) -> dict[str, Any]:
    """``article`` (the chosen capture's JSON-ready dict) as the deduplicated record:
    every capture in ``captures`` (newest first), ``versionCount``, ``firstSeen``,
    ``lastSeen``."""
    every = sorted((s for v in versions for s in v.captures), key=lambda s: s.sort, reverse=True)
    article["captures"] = [json.loads(s.capture) for s in every]
    article["versionCount"] = len(versions)
    article["firstSeen"] = _utc(every[-1].sort)
    article["lastSeen"] = _utc(every[0].sort)
    return article


def _history_capture(capture: Mapping[str, Any]) -> dict[str, Any]:
    source = capture["source"]
    entry: dict[str, Any] = {"url": capture["url"], "date": capture.get("date")}
    if source.get("targetUri") and source["targetUri"] != capture["url"]:
        entry["archivedUrl"] = source["targetUri"]
    entry |= {
        "warcFile": source["warcFile"],
        "recordId": source["recordId"],
        "offset": source["offset"],
    }
    return entry


def version_row(
    key: str,
    version: Version,
    text: Mapping[str, Any],
    previous: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """One line of ``dodarchive history``: ``version`` of article ``key``, whose text is
    the article dict ``text`` (headline, paragraphs); ``previous`` is the text of the
    version before it (None for version 1, whose ``changes`` is null)."""
    return {
        "articleKey": key,
        "version": version.number,
        "textHash": version.text_hash,
        "headline": text["headline"],
        "firstSeen": _utc(version.first),
        "lastSeen": _utc(version.last),
        "captures": [_history_capture(json.loads(s.capture)) for s in version.captures],
        "changes": None if previous is None else changes(previous, text),
    }


#: A sentence may end where ., ! or ? (maybe with a closing quote) meets a space and
#: a capital letter, unless the word before is an abbreviation or an initial.
_BOUNDARY = re.compile(r"[.!?][\"')\]]?\s+(?=[\"'(\[]?[A-Z])")
_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:[A-Z]|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Cpl|Pvt|Pfc|Spc|Adm|Cmdr|Cdr|"
    r"Brig|Rear|Vice|Sen|Rep|Gov|Amb|Hon|Rev|St|Jr|Sr|Inc|Co|Corp|Ltd|No|Nos|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z]\.[A-Z]|U\.S|U\.N|vs|etc|approx)$"
)


def _split(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if _ABBREVIATION.search(text[start : m.start()]):
            continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def sentences(paragraphs: Iterable[str]) -> list[str]:
    """The sentences of ``paragraphs``, normalized (see
    :func:`~dodarchive.extract.identity.normalize_text`), in order. Titles,
    initials and month abbreviations do not end a sentence.

    >>> sentences(["Staff Sgt. Ian T.D. Gelig said so on Nov. 14. It cost $1.5 million.",
    ...            "Note: fixed."])
    ['Staff Sgt. Ian T.D. Gelig said so on Nov. 14.', 'It cost $1.5 million.', 'Note: fixed.']
    """
    out: list[str] = []
    for paragraph in paragraphs:
        out.extend(_split(normalize_text(paragraph)))
    return out


def _words(paragraphs: Iterable[str]) -> list[str]:
    return normalize_text(" ".join(paragraphs)).split()


def word_opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes turning the word list ``old`` into ``new``."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(str(tag), i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def _unified(old: list[str], new: list[str], matcher: difflib.SequenceMatcher[str]) -> str:
    """A unified diff with one word per line and 3 words of context."""
    lines: list[str] = []
    for group in matcher.get_grouped_opcodes(3):
        first, last = group[0], group[-1]
        lines.append(
            f"@@ -{first[1] + 1},{last[2] - first[1]} +{first[3] + 1},{last[4] - first[3]} @@"
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(f" {w}" for w in old[i1:i2])
                continue
            lines.extend(f"-{w}" for w in old[i1:i2])
            lines.extend(f"+{w}" for w in new[j1:j2])
    return "\n".join(lines)


def changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """What changed from article text ``old`` to ``new`` (dicts with ``headline`` and
    ``paragraphs``): ``headline`` {old, new} or null, ``added`` and ``removed``
    sentences (in text order), ``diff`` a word-level unified diff of the body, and
    ``significance`` in 0-1 (the share of headline and body words that differ,
    1 - difflib's ratio, 4 decimals).

    >>> c = changes({"headline": "H", "paragraphs": ["It cost 5 dollars."]},
    ...             {"headline": "H", "paragraphs": ["It cost 6 dollars.", "Note: fixed."]})
    >>> c["headline"], c["added"], c["removed"], c["significance"]
    (None, ['It cost 6 dollars.', 'Note: fixed.'], ['It cost 5 dollars.'], 0.3333)
    >>> print(c["diff"])
    @@ -1,4 +1,6 @@
     It
     cost
    -5
    +6
     dollars.
    +Note:
    +fixed.
    """
    old_head, new_head = normalize_text(old["headline"]), normalize_text(new["headline"])
    old_sent, new_sent = sentences(old["paragraphs"]), sentences(new["paragraphs"])
    old_set, new_set = set(old_sent), set(new_sent)
    old_words, new_words = _words(old["paragraphs"]), _words(new["paragraphs"])
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    both = difflib.SequenceMatcher(
        None, [*old_head.split(), *old_words], [*new_head.split(), *new_words], autojunk=False
    )
    return {
        "headline": None
        if old_head == new_head
        else {"old": old["headline"], "new": new["headline"]},
        "added": [s for s in new_sent if s not in old_set],
        "removed": [s for s in old_sent if s not in new_set],
        "diff": _unified(old_words, new_words, matcher),
        "significance": round(1.0 - both.ratio(), 4),
    }


def history_rows(
    key: str, versions: list[Version], texts: Sequence[Mapping[str, Any]]
) -> Iterator[dict[str, Any]]:
    """The ``history`` lines of one article, version 1 first; ``texts`` are the article
    dicts of the versions' chosen captures, in version order."""
    previous: Mapping[str, Any] | None = None
    for version, text in zip(versions, texts, strict=True):
        yield version_row(key, version, text, previous)
        previous = text
