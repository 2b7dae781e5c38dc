"""Where the local engine's results go, in order: counted, deduplicated, written.

:class:`Sink` takes each batch's :class:`~dodarchive.extract.summary.Result` list in
input order. Without deduplication, article lines go straight to the output writer.
With it, every capture's line is spilled to a temporary file only while it is the best
capture of its version (same articleKey and textHash; see
:class:`~dodarchive.extract.captures.Deduplicator`, which keeps the per-article
bookkeeping on disk). Worker processes spill their article lines to their own files
(:attr:`Sink.worker_spill`) and send only where each line is, so lines cross no pipe;
:meth:`Sink.finish` then folds each article's captures into
versions (:mod:`dodarchive.history.versions`) and writes either the article as it
stands, with all its captures listed, in the input order of the chosen captures, or
(``history``) one line per version, ordered by articleKey and version. Rejects go to
their own file. Nothing is moved into place until :meth:`Sink.finish`;
:meth:`Sink.discard` leaves no file behind.
"""

from __future__ import annotations

import glob
import json
import os
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from dodarchive.article import dumps
from dodarchive.extract.captures import Deduplicator
from dodarchive.extract.output import Format, JsonlWriter, RecordWriter, open_writer
from dodarchive.extract.summary import Result, Summary, damage_result
from dodarchive.history.versions import article_record, current, fold, history_rows
from dodarchive.warc.scan import Damage

__all__ = ["HistoryOptions", "Sink"]

#: Where a spilled line is: the index of its spill file, its byte offset there.
_SPOT = struct.Struct("<IQ")


@dataclass(frozen=True, slots=True)
class HistoryOptions:
    """Write versions (``dodarchive history``) instead of articles: only articles with
    two versions or more with ``changed_only``; diff pages into ``html`` when set, with
    links to ``replay_base`` + capture URL when set."""

    changed_only: bool = False
    html: Path | None = None
    replay_base: str | None = None


class Sink:
    """Consumes results in order: counts them into ``summary``, dedups, and writes.

    With ``history`` the output is one line per version of each article (ordered by
    articleKey, then version) instead of one record per article.
    """

    def __init__(
        self,
        out: Path,
        rejects: Path,
        *,
        fmt: Format,
        dedup: bool,
        summary: Summary,
        history: HistoryOptions | None = None,
    ) -> None:
        self.summary = summary
        self.out = out
        self.fmt = fmt
        self.history = history
        dedup = dedup or history is not None
        self.rejects = JsonlWriter(rejects)
        self.writer: RecordWriter | None = None
        self.spill: IO[bytes] | None = None
        self.dedup: Deduplicator | None = None
        folder = out.parent if str(out.parent) else Path()
        self.worker_spill: str | None = None
        """With dedup, the path prefix of worker spill files (``PREFIX{pid}.tmp``, named
        like the output's other temporary files so a killed run's are swept)."""
        self._spills: list[IO[bytes]] = []  # this sink's spill, then workers' by first use
        self._workers: dict[int, int] = {}  # worker pid -> index in _spills
        self._spots: IO[bytes] | None = None  # _SPOT of each spilled line, in spill order
        self._spilled_lines = 0
        try:
            if dedup:
                self.dedup = Deduplicator(folder, prefix=f".{out.name}.{os.getpid()}.dedup.")
                self.spill = tempfile.TemporaryFile(  # noqa: SIM115 - closed in finish/discard
                    dir=folder, prefix=f".{out.name}.spill."
                )
                self._spills.append(self.spill)
                self._spots = tempfile.TemporaryFile(  # noqa: SIM115 - closed in finish/discard
                    dir=folder, prefix=f".{out.name}.spots."
                )
                self.worker_spill = str(folder / f".{out.name}.{os.getpid()}.spill-")
            else:
                self.writer = open_writer(fmt, out)
        except BaseException:
            self._close_spills()
            if self.dedup is not None:
                self.dedup.close()
            self.rejects.discard()
            raise

    def damage(self, label: str, damage: Damage) -> None:
        """Reject input ``label`` from ``damage.offset`` on (it stops being readable)."""
        self.rejects.write(damage_result(label, damage).line)
        self.summary.damage(label, damage.reason)

    def take(self, results: list[Result]) -> None:
        """Count and route one batch's results."""
        for result in results:
            self.summary.count(result)
            if result.kind == "article":
                if self.writer is not None:
                    self.writer.write(result.line)
                else:
                    self._offer(result)
            elif result.kind == "rejected":
                self.rejects.write(result.line)

    def _offer(self, result: Result) -> None:
        """Offer one capture to dedup; while it is its version's best, note where its
        line is: spilled here, or (``result.spot``) already in a worker's spill file.
        Positions given to the deduplicator count spilled lines, so they keep the
        order in which results came, whichever file holds the line."""
        assert self.dedup is not None
        assert self.spill is not None
        assert self._spots is not None
        assert result.dedup is not None
        info = result.dedup
        if self.dedup.offer(info.key, info.seen, self._spilled_lines):
            if result.spot is None:
                where, offset = 0, self.spill.tell()
                self.spill.write(result.line.encode("utf-8") + b"\n")
            else:
                pid, offset = result.spot
                where = self._worker_file(pid)
            self._spots.write(_SPOT.pack(where, offset))
            self._spilled_lines += 1

    def _worker_file(self, pid: int) -> int:
        """The index in ``_spills`` of worker ``pid``'s spill file, opened on first use."""
        where = self._workers.get(pid)
        if where is None:
            assert self.worker_spill is not None
            where = self._workers[pid] = len(self._spills)
            self._spills.append(Path(f"{self.worker_spill}{pid}.tmp").open("rb"))  # noqa: SIM115
        return where

    def _spilled(self, position: int) -> dict[str, Any]:
        assert self._spots is not None
        self._spots.seek(position * _SPOT.size)
        where, offset = _SPOT.unpack(self._spots.read(_SPOT.size))
        spill = self._spills[where]
        spill.seek(offset)
        article: dict[str, Any] = json.loads(spill.readline())
        return article

    def _close_spills(self) -> None:
        """Close every spill file and remove the workers' (also those never read)."""
        for spill in self._spills:
            spill.close()
        self._spills = []
        if self._spots is not None:
            self._spots.close()
        if self.worker_spill is not None:
            prefix = Path(self.worker_spill)
            for path in prefix.parent.glob(f"{glob.escape(prefix.name)}*.tmp"):
                path.unlink(missing_ok=True)

    def finish(self) -> None:
        """Write the deduplicated records or versions (if any), then commit rejects and
        output (and the diff pages)."""
        if self.dedup is not None and self.spill is not None:
            if self.history is not None:
                self._write_history(self.history)
            else:
                self.writer = open_writer(self.fmt, self.out)
                for key, seen, spots in self.dedup.articles():
                    self.dedup.choose(key, spots[current(fold(seen)).best.text_hash])
                # in the spill order of the chosen captures, as before versions existed
                for _key, seen, spots in self.dedup.articles(order="chosen"):
                    versions = fold(seen)
                    article = self._spilled(spots[current(versions).best.text_hash])
                    self.writer.write(dumps(article_record(article, versions)))
            self.summary.articles = len(self.dedup)
            self.summary.duplicates = self.summary.captures - len(self.dedup)
            self._close_spills()
            self.dedup.close()
        self.rejects.commit()
        assert self.writer is not None
        self.writer.commit()

    def _write_history(self, options: HistoryOptions) -> None:
        assert self.dedup is not None
        from dodarchive.history.output import open_history_writer

        self.writer = open_history_writer(self.fmt, self.out)
        pages = None
        if options.html is not None:
            from dodarchive.history.html import DiffPages

            pages = DiffPages(options.html, options.replay_base)
        versions_written = 0
        for key, seen, spots in self.dedup.articles(order="key"):
            versions = fold(seen)
            if options.changed_only and len(versions) < 2:
                continue
            texts = [self._spilled(spots[v.best.text_hash]) for v in versions]
            rows = list(history_rows(key, versions, texts))
            for row in rows:
                self.writer.write(dumps(row))
            versions_written += len(rows)
            if pages is not None and len(versions) > 1:
                pages.add(key, rows, texts)
        self.summary.versions = versions_written
        if pages is not None:
            pages.finish()

    def discard(self) -> None:
        """Abandon everything: temporary files removed, nothing moved into place."""
        self._close_spills()
        if self.dedup is not None:
            self.dedup.close()
        if self.writer is not None:
            self.writer.discard()
        self.rejects.discard()
