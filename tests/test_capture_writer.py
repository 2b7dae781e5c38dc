"""Rolling files, serials across restarts, and recovery of files a crash left open."""

from __future__ import annotations

import fcntl
import gzip
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from dodarchive.capture.dedup import SqliteDigestIndex
from dodarchive.capture.records import Original
from dodarchive.capture.repair import recover_open_files
from dodarchive.warc.scan import check_whole
from tests.test_capture_records import EXCHANGE, writer


def types(path: Path) -> list[str]:
    with path.open("rb") as fh:
        return [r.rec_type for r in ArchiveIterator(fh)]


def test_rolls_over_at_max_size_with_warcinfo_first(tmp_path: Path) -> None:
    w = writer(tmp_path, max_size=1)  # every exchange after the first starts a new file
    results = [w.write_exchange(EXCHANGE) for _ in range(3)]
    w.close()
    assert [r.new_files for r in results] == [1, 1, 1]
    assert [p.name for p in w.finished] == [
        f"test-20260102030405000-{n:05d}-box.warc.gz" for n in range(3)
    ]
    for path in w.finished:
        assert types(path) == ["warcinfo", "response", "request"]


def test_pair_stays_together_below_max_size(tmp_path: Path) -> None:
    w = writer(tmp_path, max_size=10_000)
    for _ in range(5):
        w.write_exchange(EXCHANGE)
    w.close()
    assert len(w.finished) == 1
    assert types(w.finished[0]) == ["warcinfo"] + ["response", "request"] * 5


def test_restart_takes_next_serial_and_never_appends(tmp_path: Path) -> None:
    first = writer(tmp_path)
    first.write_exchange(EXCHANGE)
    done = first.close()
    assert done is not None
    before = done.read_bytes()
    second = writer(tmp_path)  # same clock: only the serial tells the files apart
    second.write_exchange(EXCHANGE)
    again = second.close()
    assert again is not None
    assert again.name == "test-20260102030405000-00001-box.warc.gz"
    assert done.read_bytes() == before


def test_open_file_is_locked_and_renamed_on_close(tmp_path: Path) -> None:
    w = writer(tmp_path)
    w.write_exchange(EXCHANGE)
    current = w.current
    assert current is not None
    assert current.name.endswith(".warc.gz.open")
    assert recover_open_files(tmp_path) == []  # a live, locked file is left alone
    assert current.exists()
    w.close()
    assert not current.exists()


def crashed(tmp_path: Path, cut: int) -> tuple[Path, bytes]:
    """A finished file renamed back to .open with ``cut`` bytes chopped off its end."""
    w = writer(tmp_path)
    w.write_exchange(EXCHANGE)
    w.write_exchange(EXCHANGE)
    path = w.close()
    assert path is not None
    data = path.read_bytes()
    path.unlink()
    open_path = path.with_name(path.name + ".open")
    open_path.write_bytes(data[: len(data) - cut] if cut else data)
    return open_path, data


def test_recovery_keeps_whole_exchanges_and_the_cut_tail(tmp_path: Path) -> None:
    open_path, data = crashed(tmp_path, cut=20)
    whole = check_whole(open_path)  # the cut request's response is the last whole record
    assert (whole.records, whole.last_type) == (4, "response")
    (rec,) = recover_open_files(tmp_path)
    final = tmp_path / open_path.name.removesuffix(".open")
    kept = final.stat().st_size
    assert (rec.final, rec.records) == (final, 3)
    assert rec.problem == (
        f"response at byte {kept} has no request record after it; "
        f"truncated record at byte {whole.end}: request record has 95 of 110 body bytes"
    )
    assert types(final) == ["warcinfo", "response", "request"]  # no response without request
    assert rec.tail is not None
    assert final.read_bytes() + rec.tail.read_bytes() == data[:-20]  # nothing lost
    assert check_whole(final).problem is None
    assert not open_path.exists()


def test_recovery_moves_a_response_whose_request_was_never_written(tmp_path: Path) -> None:
    """Regression: a kill between the response and request records left a response with
    no request in the recovered file, which ``dodarchive validate`` rejects."""
    open_path, data = crashed(tmp_path, cut=0)
    whole = check_whole(open_path)
    cut = whole.last_start  # drop the last request record exactly: every record whole
    open_path.write_bytes(data[:cut])
    assert check_whole(open_path).problem is None
    (rec,) = recover_open_files(tmp_path)
    assert rec.final is not None
    assert rec.tail is not None
    assert types(rec.final) == ["warcinfo", "response", "request"]
    assert rec.final.read_bytes() + rec.tail.read_bytes() == data[:cut]
    assert (
        rec.problem == f"response at byte {rec.final.stat().st_size} has no request record after it"
    )


def test_recovery_of_a_whole_file_just_renames(tmp_path: Path) -> None:
    _, data = crashed(tmp_path, cut=0)
    (rec,) = recover_open_files(tmp_path)
    assert (rec.records, rec.tail, rec.problem) == (5, None, None)
    assert rec.final is not None
    assert rec.final.read_bytes() == data


def test_recovery_reports_garbage(tmp_path: Path) -> None:
    open_path = tmp_path / "x-20260102030405000-00000-h.warc.gz.open"
    open_path.write_bytes(gzip.compress(b"not a warc record", mtime=0))
    (rec,) = recover_open_files(tmp_path)
    assert (rec.final, rec.records) == (None, 0)
    assert rec.problem == (
        "corrupt record at byte 0: Unknown archive format, first line: "
        "['not', 'a', 'warc', 'record']"
    )
    assert rec.tail is not None
    assert rec.tail.read_bytes() == gzip.compress(b"not a warc record", mtime=0)


def test_lock_is_exclusive(tmp_path: Path) -> None:
    w = writer(tmp_path)
    w.write_exchange(EXCHANGE)
    assert w.current is not None
    with w.current.open("rb") as fh, pytest.raises(BlockingIOError):
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    w.close()


def test_sqlite_index_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "d" / "dedup.sqlite3"
    index = SqliteDigestIndex(path)
    first = Original("<urn:uuid:1>", "http://a.example/", "2026-01-02T03:04:05Z")
    index.add("sha1:AAAA", first)
    index.add("sha1:AAAA", Original("<urn:uuid:2>", "http://b.example/", "2027-01-01T00:00:00Z"))
    index.close()
    again = SqliteDigestIndex(path)
    assert again.lookup("sha1:AAAA") == first  # the first capture stays the original
    assert again.lookup("sha1:BBBB") is None
    again.close()
