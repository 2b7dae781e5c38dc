"""Run ``dodarchive`` with its WARC writer killing its own process at a chosen point.

    python tests/reliability/killpoint.py MEMBER MODE [dodarchive arguments...]

MEMBER counts the gzip members (one per WARC record) the writer flushes in this process,
from 1. MODE ``mid-record``: write the first half of that member's bytes, then SIGKILL;
``after-record``: write all of it, then SIGKILL. So the kill lands exactly where the test
chose, inside a record or right after one, not wherever the crawl happened to be when
a log line was read. The bytes are the writer's own, written by its own code.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

MODES = ("mid-record", "after-record")


def install(member: int, mode: str) -> None:
    """Make the ``member``-th flushed record of this process the last (see module doc)."""
    from dodarchive.capture import writer

    if mode not in MODES:
        raise SystemExit(f"MODE must be one of {MODES}, not {mode!r}")
    real_flush = writer._GzipMembers.flush
    flushed = 0

    def flush(self: writer._GzipMembers) -> None:
        nonlocal flushed
        flushed += 1
        if flushed == member and mode == "mid-record":
            data = b"".join([*self._parts, self._comp.flush()])
            writer._write_all(self.fh, data[: len(data) // 2])
            os.kill(os.getpid(), signal.SIGKILL)
        real_flush(self)
        if flushed == member:
            os.kill(os.getpid(), signal.SIGKILL)

    writer._GzipMembers.flush = flush  # type: ignore[method-assign]


if __name__ == "__main__":
    install(int(sys.argv[1]), sys.argv[2])
    from dodarchive.cli import main

    sys.argv = ["dodarchive", *sys.argv[3:]]
    main()
