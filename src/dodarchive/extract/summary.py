"""What an extraction run produced: one :class:`Result` per record, one :class:`Summary`.

Both engines (local worker processes and Spark tasks) turn each record's
:class:`~dodarchive.extract.record.Outcome` into a :class:`Result`: small and picklable,
because it crosses process boundaries, and already serialized, because the output is
JSON lines. The consumer (the local sink or the Spark driver) counts results into a
:class:`Summary`, whose :meth:`Summary.to_json` is the one-line summary
``dodarchive extract`` prints for either engine.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from dodarchive.article import dumps
from dodarchive.extract.captures import capture_json, capture_sort_key
from dodarchive.extract.identity import article_key
from dodarchive.extract.record import Outcome
from dodarchive.history.versions import Seen, extractor_rank
from dodarchive.warc.scan import Damage

__all__ = ["DedupInfo", "Result", "Summary", "damage_result", "reject_line"]

#: A filter: None when an article dict passes, else the reason it is left out.
Filter = Callable[[dict[str, Any]], str | None]


def reject_line(source: dict[str, Any], reason: str, detail: str) -> str:
    """One line of the rejects file: ``{"reason", "detail", "source"}``, sorted keys.

    >>> reject_line({"warcFile": "a.warc.gz", "offset": 7}, "warc-truncated", "cut")
    '{"detail":"cut","reason":"warc-truncated","source":{"offset":7,"warcFile":"a.warc.gz"}}'
    """
    return dumps({"reason": reason, "detail": detail, "source": source})


def damage_result(label: str, damage: Damage) -> Result:
    """The reject of input ``label`` from ``damage.offset`` on (it stops being readable
    there), as both engines write and count it: source ``{"warcFile", "offset"}``."""
    source = {"warcFile": label, "offset": damage.offset}
    line = reject_line(source, damage.reason, damage.detail)
    return Result("rejected", damage.reason, line, damage.offset)


@dataclass(frozen=True, slots=True)
class DedupInfo:
    """What deduplication needs of an article: its ``articleKey`` and the capture's
    summary (see :mod:`dodarchive.extract.captures`)."""

    key: str
    seen: Seen

    @classmethod
    def of(cls, article: dict[str, Any]) -> DedupInfo:
        """The dedup summary of one capture's article dict."""
        when = article.get("firstSeen") or ""
        sort_key = capture_sort_key({**article["source"], "warcDate": when})
        rank = extractor_rank(str(article["extractor"]["name"]))
        seen = Seen(str(article.get("textHash") or ""), rank, sort_key, capture_json(article))
        return cls(article_key(article), seen)


@dataclass(frozen=True, slots=True)
class Result:
    """One record's result: an article line, a reject line, or a skip/filter reason.

    ``line`` is the article's JSON line (``kind="article"``) or the rejects-file line
    (``kind="rejected"``), else empty; ``reason`` is the slug counted for rejects, skips
    and filters; ``offset`` is the record's offset in its WARC file; ``dedup`` is set for
    articles when deduplication is on. ``spot`` is set instead of ``line`` when a local
    worker process left the article line in its own spill file: ``(worker pid, byte
    offset)`` (see :class:`~dodarchive.extract.sink.Sink`).
    """

    kind: Literal["article", "rejected", "skipped", "filtered"]
    reason: str = ""
    line: str = ""
    offset: int = 0
    dedup: DedupInfo | None = None
    notes: tuple[str, ...] = ()
    spot: tuple[int, int] | None = None

    @classmethod
    def of(cls, outcome: Outcome, *, keep: Filter | None = None, dedup: bool = False) -> Result:
        """The result of ``outcome``; ``keep`` may filter articles out, ``dedup`` adds
        :class:`DedupInfo` to the articles kept."""
        offset = outcome.source.offset
        if outcome.kind == "article" and outcome.article is not None:
            article = outcome.article.to_dict()
            reason = keep(article) if keep is not None else None
            if reason:
                return cls("filtered", reason, offset=offset)
            info = DedupInfo.of(article) if dedup else None
            return cls(
                "article", line=dumps(article), offset=offset, dedup=info, notes=outcome.notes
            )
        if outcome.kind == "rejected":
            line = reject_line(asdict(outcome.source), outcome.reason, outcome.detail)
            return cls("rejected", outcome.reason, line, offset)
        return cls("skipped", outcome.reason, offset=offset)


@dataclass(slots=True)
class Summary:
    """Counts of one run, by either engine; :meth:`to_json` is the summary line.

    ``records`` counts the records handed to ``extract_record``; ``captures`` the
    articles extracted; ``articles`` those written (fewer than ``captures`` by
    ``duplicates`` when deduplicating); ``versions`` the version lines of a history
    run (None otherwise, and then left out of :meth:`to_json`). ``damaged`` names the
    inputs that stop being readable part-way, in input order; ``files`` the files
    written (one, or Spark's partitions).
    """

    engine: str = "local"
    inputs: int = 0
    records: int = 0
    articles: int = 0
    captures: int = 0
    duplicates: int = 0
    versions: int | None = None
    filtered: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    damaged: list[str] = field(default_factory=list)
    output: str = ""
    rejects: str = ""
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, result: Result) -> None:
        """Count one result (an article counts as written until deduplication says not)."""
        if result.kind == "article":
            self.captures += 1
            self.articles += 1
            self.notes.update(result.notes)
        elif result.kind == "rejected":
            self.rejected[result.reason] += 1
        elif result.kind == "skipped":
            self.skipped[result.reason] += 1
        else:
            self.filtered[result.reason] += 1

    def damage(self, label: str, reason: str) -> None:
        """Count input ``label`` as damaged part-way (its reject is counted as ``reason``)."""
        self.rejected[reason] += 1
        if label not in self.damaged:  # a file damaged in several places is listed once
            self.damaged.append(label)

    def merge(self, other: Summary) -> None:
        """Add ``other``'s counts (a part of the same run) to these."""
        self.records += other.records
        self.articles += other.articles
        self.captures += other.captures
        self.duplicates += other.duplicates
        if other.versions is not None:
            self.versions = (self.versions or 0) + other.versions
        self.filtered.update(other.filtered)
        self.skipped.update(other.skipped)
        self.rejected.update(other.rejected)
        self.notes.update(other.notes)
        self.damaged.extend(other.damaged)

    def stats(self) -> dict[str, int]:
        """The counts as ``dodarchive/extract/...`` stats keys.

        >>> s = Summary(records=3, captures=1, articles=1)
        >>> s.skipped["http-404"] += 2
        >>> s.stats()["dodarchive/extract/skipped/http-404"]
        2
        """
        out = {
            "dodarchive/extract/inputs": self.inputs,
            "dodarchive/extract/records": self.records,
            "dodarchive/extract/articles": self.articles,
            "dodarchive/extract/captures": self.captures,
            "dodarchive/extract/duplicates": self.duplicates,
        }
        for name, counter in (
            ("filtered", self.filtered),
            ("skipped", self.skipped),
            ("rejected", self.rejected),
            ("record-notes", self.notes),
        ):
            out.update({f"dodarchive/extract/{name}/{k}": v for k, v in sorted(counter.items())})
        return out

    def to_json(self) -> str:
        """One line of JSON with sorted keys (counters as objects sorted by reason)."""
        data = {
            "engine": self.engine,
            "inputs": self.inputs,
            "records": self.records,
            "articles": self.articles,
            "captures": self.captures,
            "duplicates": self.duplicates,
            "filtered": dict(sorted(self.filtered.items())),
            "skipped": dict(sorted(self.skipped.items())),
            "rejected": dict(sorted(self.rejected.items())),
            "recordNotes": dict(sorted(self.notes.items())),
            "damagedInputs": self.damaged,
            "output": self.output,
            "rejects": self.rejects,
            "seconds": round(self.seconds, 3),
        }
        if self.versions is not None:  # a history run
            data["versions"] = self.versions
        return json.dumps(data, sort_keys=True, ensure_ascii=False)
