"""Recovery of ``.open`` files holds their lock from the check to the rename.

Before, recovery tested the lock, let go of it, and only then scanned, truncated and
renamed the file: a second crawl starting in the same folder could lock the file (or
recover it too) in between. Here the recovery's own scan is the observation point: while
it runs, another open file description tries to take the lock.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from dodarchive.capture import repair
from dodarchive.warc.scan import Scan
from tests.test_capture_writer import crashed, types


def lock_is_free(path: Path) -> bool:
    with path.open("rb") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        return True


def test_the_lock_is_held_for_the_whole_recovery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_path, _ = crashed(tmp_path, cut=20)
    seen: list[bool] = []
    real_scan = repair.check_whole

    def scan_and_probe(path: Path) -> Scan:
        seen.append(lock_is_free(path))
        return real_scan(path)

    monkeypatch.setattr(repair, "check_whole", scan_and_probe)
    (rec,) = repair.recover_open_files(tmp_path)
    assert seen == [False]  # someone (the recovery) held the lock while it scanned
    assert rec.final is not None
    assert types(rec.final) == ["warcinfo", "response", "request"]
    assert lock_is_free(rec.final)  # and let go of it afterwards
    assert not open_path.exists()


def test_a_file_locked_by_a_live_writer_is_left_alone(tmp_path: Path) -> None:
    open_path, data = crashed(tmp_path, cut=20)
    with open_path.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert repair.recover_open_files(tmp_path) == []
    assert open_path.read_bytes() == data[:-20]
