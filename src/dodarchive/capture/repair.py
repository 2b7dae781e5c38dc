"""Recover crashed ``.open`` WARC files, keeping every whole exchange.

A crawl killed mid-write leaves ``NAME.warc.gz.open``, perhaps with half a record at its
end. On start, :func:`recover_open_files` finishes every such file nobody holds a lock
on, and holds the lock itself from the check to the rename, so no crawl starting in the
same folder can take the file over or recover it twice. Whole exchanges are kept under
``NAME.warc.gz``, and any cut-off tail is moved, not deleted, to ``NAME.warc.gz.tail``.
Nothing is silently lost: the tail is fsynced before the file is cut, and the kept file
before it is renamed (and the folder after). The writer puts each response (or revisit)
before its request record, so a file ending in a whole response without its request was
cut between the two: that response goes to the tail too, so the kept file never holds a
response with no request. Which records are whole is
:func:`dodarchive.warc.scan.check_whole`'s call, the rule extraction and ``validate`` use.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from dodarchive.capture.writer import fsync_dir
from dodarchive.warc.scan import check_whole

__all__ = ["Recovery", "recover_open_files"]

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
#: Record types the writer follows with their request record.
PAIRED = frozenset({"response", "revisit"})


@dataclass(frozen=True, slots=True)
class Recovery:
    """What :func:`recover_open_files` did with one ``.open`` file."""

    open_path: Path
    final: Path | None
    records: int
    tail: Path | None
    problem: str | None


def recover_open_files(out_dir: Path) -> list[Recovery]:
    """Finish every unlocked ``*.warc.gz.open`` in ``out_dir`` (see the module docstring).

    Each file's exclusive ``flock`` is taken before it is looked at and kept until it
    has been renamed (or removed): a file locked by anyone else is left alone.
    """
    done: list[Recovery] = []
    if not out_dir.is_dir():
        return done
    for path in sorted(out_dir.glob("*.warc.gz" + OPEN_SUFFIX)):
        try:
            fh = path.open("rb")
        except FileNotFoundError:  # another process finished it since the listing
            continue
        with fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                logger.info("%s is being written by another process; left alone", path)
                continue
            if not path.exists():  # recovered and renamed between our open and lock
                continue
            done.append(_recover(path, fh))  # the lock goes with the file's closing
    return done


def _recover(path: Path, fh: IO[bytes]) -> Recovery:
    """Recover ``path``, whose lock the caller holds through ``fh``."""
    scan = check_whole(path)
    records, end, problem = scan.records, scan.end, scan.problem
    if scan.last_type in PAIRED:  # cut between a response and its request record
        records, end = records - 1, scan.last_start
        lone = f"{scan.last_type} at byte {end} has no request record after it"
        problem = f"{lone}; {problem}" if problem else lone
    final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
    if final.exists():
        logger.error("cannot recover %s: %s already exists", path, final.name)
        return Recovery(path, None, records, None, f"{final.name} exists")
    tail: Path | None = None
    if end < scan.size:
        tail = final.with_name(final.name + ".tail")
        fh.seek(end)
        with tail.open("wb") as out:
            shutil.copyfileobj(fh, out)
            out.flush()
            os.fsync(out.fileno())  # the tail is safe on disk before the cut
        fsync_dir(tail.parent)
        os.truncate(path, end)
        logger.warning(
            "recovered %s: kept %d whole records, moved %d trailing bytes to %s (%s)",
            path.name, records, scan.size - end, tail.name, problem,
        )  # fmt: skip
    if records == 0:
        path.unlink()
        logger.warning("removed %s: it held no whole record", path.name)
        return Recovery(path, None, 0, tail, problem)
    os.fsync(fh.fileno())  # the finished name only ever names durable records
    path.rename(final)
    fsync_dir(final.parent)
    logger.info("recovered %s (%d records)", final.name, records)
    return Recovery(path, final, records, tail, problem)
