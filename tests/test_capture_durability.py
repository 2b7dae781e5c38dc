"""The digest index confirms a payload only once its record has been fsynced: on the
sync interval, when the same payload comes again, and when the file is closed."""

from __future__ import annotations

from pathlib import Path

from dodarchive.capture.dedup import SqliteDigestIndex
from dodarchive.capture.records import payload_digest
from tests.test_capture_middleware import BODY, exchange, middleware, records


def test_index_names_only_fsynced_records(tmp_path: Path) -> None:
    mw, stats = middleware(tmp_path, DODARCHIVE_WARC_SYNC_INTERVAL=3600)
    other = b"another payload"
    mw.process_response(*exchange())
    reader = SqliteDigestIndex(tmp_path / "dedup.sqlite3")
    try:
        assert reader.lookup(payload_digest(BODY)) is None  # written, not yet fsynced
        mw.process_response(*exchange())  # the same payload: synced, then revisited
        first = reader.lookup(payload_digest(BODY))
        assert first is not None
        mw.process_response(*exchange(other))
        assert reader.lookup(payload_digest(other)) is None
        mw.spider_closed()  # fsync on close, then confirmed
        assert reader.lookup(payload_digest(other)) is not None
    finally:
        reader.close()
    got = records(tmp_path)
    assert [t for t, _, _ in got] == [
        "warcinfo", "response", "request", "revisit", "request", "response", "request",
    ]  # fmt: skip
    assert got[1][1].get_header("WARC-Record-ID") == first.record_id
    assert stats.get_value("dodarchive/warc/revisits") == 1


def test_interval_zero_confirms_each_record_at_once(tmp_path: Path) -> None:
    mw, _ = middleware(tmp_path, DODARCHIVE_WARC_SYNC_INTERVAL=0)
    mw.process_response(*exchange())
    reader = SqliteDigestIndex(tmp_path / "dedup.sqlite3")
    try:
        assert reader.lookup(payload_digest(BODY)) is not None
    finally:
        reader.close()
        mw.spider_closed()
