"""Recover crashed ``.open`` WARC files, keeping every whole exchange.

A crawl killed mid-write leaves ``NAME.warc.gz.open``, perhaps with half a record at its
end. On start, :func:`recover_open_files` finishes every such file nobody holds a lock
on: whole exchanges are kept under ``NAME.warc.gz``, and any cut-off tail is moved, not
deleted, to ``NAME.warc.gz.tail``. Nothing is silently lost. The writer puts each
response (or revisit) before its request record, so a file ending in a whole response
without its request was cut between the two: that response goes to the tail too, so the
kept file never holds a response with no request. Which records are whole is
:func:`dodarchive.warc.scan.check_whole`'s call, the rule extraction and ``validate`` use.
"""

from __future__ import annotations

import fcntl
import logging
from dataclasses import dataclass
from pathlib import Path

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


def _locked_by_someone(path: Path) -> bool:
    with path.open("rb") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        return False


def recover_open_files(out_dir: Path) -> list[Recovery]:
    """Finish every unlocked ``*.warc.gz.open`` in ``out_dir`` (see the module docstring)."""
    done: list[Recovery] = []
    if not out_dir.is_dir():
        return done
    for path in sorted(out_dir.glob("*.warc.gz" + OPEN_SUFFIX)):
        if _locked_by_someone(path):
            logger.info("%s is being written by another process; left alone", path)
            continue
        done.append(_recover(path))
    return done


def _recover(path: Path) -> Recovery:
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
        with path.open("r+b") as fh:
            fh.seek(end)
            tail.write_bytes(fh.read())
            fh.flush()
            fh.truncate(end)
        logger.warning(
            "recovered %s: kept %d whole records, moved %d trailing bytes to %s (%s)",
            path.name, records, scan.size - end, tail.name, problem,
        )  # fmt: skip
    if records == 0:
        path.unlink()
        logger.warning("removed %s: it held no whole record", path.name)
        return Recovery(path, None, 0, tail, problem)
    path.rename(final)
    logger.info("recovered %s (%d records)", final.name, records)
    return Recovery(path, final, records, tail, problem)
