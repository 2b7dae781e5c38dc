"""Where the local engine's results go, in order: counted, deduplicated, written.

:class:`Sink` takes each batch's :class:`~dodarchive.extract.summary.Result` list in
input order. Without deduplication, article lines go straight to the output writer.
With it, every capture's line is spilled to a temporary file only while it is the
newest capture of its article so far (:class:`~dodarchive.extract.captures.Deduplicator`
keeps the per-article bookkeeping on disk); :meth:`Sink.finish` then writes each
article's newest capture, with all its captures listed, in spill order. Rejects go to
their own file. Nothing is moved into place until :meth:`Sink.finish`;
:meth:`Sink.discard` leaves no file behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import IO

from dodarchive.article import dumps
from dodarchive.extract.captures import Deduplicator
from dodarchive.extract.output import Format, JsonlWriter, RecordWriter, open_writer
from dodarchive.extract.summary import Result, Summary, reject_line
from dodarchive.warc.scan import Damage

__all__ = ["Sink"]


class Sink:
    """Consumes results in order: counts them into ``summary``, dedups, and writes."""

    def __init__(
        self, out: Path, rejects: Path, *, fmt: Format, dedup: bool, summary: Summary
    ) -> None:
        self.summary = summary
        self.out = out
        self.fmt = fmt
        self.rejects = JsonlWriter(rejects)
        self.writer: RecordWriter | None = None
        self.spill: IO[bytes] | None = None
        self.dedup: Deduplicator | None = None
        folder = out.parent if str(out.parent) else Path()
        try:
            if dedup:
                self.dedup = Deduplicator(folder, prefix=f".{out.name}.{os.getpid()}.dedup.")
                self.spill = tempfile.TemporaryFile(  # noqa: SIM115 - closed in finish/discard
                    dir=folder, prefix=f".{out.name}.spill."
                )
            else:
                self.writer = open_writer(fmt, out)
        except BaseException:
            self.rejects.discard()
            raise

    def damage(self, label: str, damage: Damage) -> None:
        """Reject input ``label`` from ``damage.offset`` on (it stops being readable)."""
        source = {"warcFile": label, "offset": damage.offset}
        self.rejects.write(reject_line(source, damage.reason, damage.detail))
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
        assert self.dedup is not None
        assert self.spill is not None
        assert result.dedup is not None
        info = result.dedup
        if self.dedup.offer(info.key, info.sort_key, info.capture, self.spill.tell()):
            self.spill.write(result.line.encode("utf-8") + b"\n")

    def finish(self) -> None:
        """Write the deduplicated records (if any), then commit rejects and output."""
        if self.dedup is not None and self.spill is not None:
            self.writer = open_writer(self.fmt, self.out)
            for position, captures in self.dedup.winners():  # in spill (= output) order
                self.spill.seek(position)
                article = json.loads(self.spill.readline())
                article["captures"] = [json.loads(c) for c in captures]
                self.writer.write(dumps(article))
            self.summary.articles = len(self.dedup)
            self.summary.duplicates = self.summary.captures - len(self.dedup)
            self.spill.close()
            self.dedup.close()
        self.rejects.commit()
        assert self.writer is not None
        self.writer.commit()

    def discard(self) -> None:
        """Abandon everything: temporary files removed, nothing moved into place."""
        if self.spill is not None:
            self.spill.close()
        if self.dedup is not None:
            self.dedup.close()
        if self.writer is not None:
            self.writer.discard()
        self.rejects.discard()
