"""Write failures under a real file-size limit (RLIMIT_FSIZE): the WARC is cut back to
whole records, every failure is counted, the digest claim is released, and after
``DODARCHIVE_WARC_MAX_WRITE_ERRORS`` failures the spider is closed."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from scrapy.exceptions import IgnoreRequest

from dodarchive.capture.records import Original, payload_digest
from dodarchive.capture.redisindex import RedisDigestIndex
from dodarchive.capture.writer import WarcWriteError
from dodarchive.warc.scan import check_whole
from dodarchive.warc.validate import validate
from tests.conftest import ServerProcess, dodarchive_cmd, subprocess_env
from tests.test_capture_middleware import exchange, middleware
from tests.test_capture_records import EXCHANGE, writer
from tests.test_capture_writer import types

BIG = replace(EXCHANGE, body=os.urandom(40_000))  # random: gzip cannot shrink it


@contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Writes past ``limit`` bytes of any file fail with EFBIG (SIGXFSZ ignored)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_failed_exchange_is_cut_off_and_the_next_one_is_written(tmp_path: Path) -> None:
    w = writer(tmp_path)
    w.write_exchange(EXCHANGE)
    assert w.current is not None
    before = w.current.stat().st_size
    with file_size_limit(before + 10_000), pytest.raises(WarcWriteError) as err:
        w.write_exchange(BIG)  # its response record is cut by the limit
    assert "File too large" in str(err.value)
    assert w.current.stat().st_size == before  # nothing of it is left behind
    w.write_exchange(EXCHANGE)  # a fresh gzip member: the compressor was reset
    path = w.close()
    assert path is not None
    assert types(path) == ["warcinfo", "response", "request", "response", "request"]
    scan = check_whole(path)
    assert (scan.records, scan.problem, scan.end) == (5, None, path.stat().st_size)


def test_every_failure_is_counted_and_the_spider_closed_at_the_limit(tmp_path: Path) -> None:
    mw, stats = middleware(tmp_path, DODARCHIVE_WARC_MAX_WRITE_ERRORS=2)
    closed: list[str] = []
    mw.close_spider = closed.append
    mw.process_response(*exchange())
    assert mw.writer.current is not None
    size = mw.writer.current.stat().st_size
    with file_size_limit(size + 10_000):
        for n in range(3):
            with pytest.raises(IgnoreRequest, match="not archived: cannot write WARC records"):
                mw.process_response(*exchange(os.urandom(40_000 + n)))
    assert stats.get_value("dodarchive/warc/errors") == 3
    assert closed == ["warc_write_errors"]  # once, at the second failure
    assert mw.writer.current.stat().st_size == size
    mw.process_response(*exchange(b"after the disk had room again"))
    mw.spider_closed()
    (path,) = tmp_path.glob("unit-*.warc.gz")
    assert types(path) == ["warcinfo", "response", "request", "response", "request"]
    assert stats.get_value("dodarchive/warc/records") == 5


def test_a_failed_write_releases_its_redis_claim(tmp_path: Path, redis_url: str) -> None:
    mw, stats = middleware(
        tmp_path,
        DODARCHIVE_WARC_DEDUP_INDEX="dodarchive.capture.redisindex.RedisDigestIndex",
        DODARCHIVE_REDIS_URL=redis_url,
        DODARCHIVE_WORKER_ID="w1",
    )
    mw.process_response(*exchange())
    assert mw.writer.current is not None
    body = os.urandom(40_000)
    limit = mw.writer.current.stat().st_size + 10_000
    with file_size_limit(limit), pytest.raises(IgnoreRequest):
        mw.process_response(*exchange(body))
    other = RedisDigestIndex.from_url(redis_url, worker="w2")
    try:
        candidate = Original("<urn:uuid:x>", "https://x/", "2026-01-01T00:00:00Z")
        # the claim is gone: another worker may write it now (not "busy")
        assert other.try_claim(payload_digest(body), candidate) == ("won", None)
    finally:
        other.close()
        mw.spider_closed()
    assert stats.get_value("dodarchive/warc/errors") == 1


def _limited(limit: int) -> Callable[[], None]:
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))

    return preexec


def test_crawl_that_lost_records_exits_1_and_leaves_a_valid_warc(tmp_path: Path) -> None:
    server = ServerProcess.test_server("noise")
    try:
        urls = tmp_path / "urls.txt"
        urls.write_text("".join(f"{server.url}/noise/{n}\n" for n in range(12)))
        out, stats_file = tmp_path / "warc", tmp_path / "stats.json"
        result = subprocess.run(
            [
                *dodarchive_cmd(), "crawl", "urls", "--urls-file", str(urls), "--out", str(out),
                "--stats-file", str(stats_file), "-s", "DOWNLOAD_DELAY=0",
                "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DODARCHIVE_CONTACT=ops@example.org",
            ],
            env=subprocess_env(), capture_output=True, text=True, timeout=120, check=False,
            preexec_fn=_limited(160_000),  # room for two noise pages and robots.txt
        )  # fmt: skip
    finally:
        server.stop()
    stats = json.loads(stats_file.read_text())
    lost = stats["dodarchive/warc/errors"]
    assert result.returncode == 1, result.stderr[-3000:]
    assert stats["finish_reason"] == "warc_write_errors"
    assert lost >= 3  # the third closes the spider; requests in flight may fail too
    lines = [line for line in result.stderr.splitlines() if " lost " in line]
    assert lines == [f"urls: lost {lost} exchanges: WARC write errors (see the log)"]
    assert "Traceback" not in result.stderr
    (path,) = out.glob("urls-*.warc.gz")
    kinds = types(path)
    responses = kinds.count("response")
    assert responses >= 2  # robots.txt and a noise page fit under the limit
    assert kinds == ["warcinfo"] + ["response", "request"] * responses
    assert responses + lost == stats["downloader/request_count"]  # every request answered
    check = subprocess.run(
        [*dodarchive_cmd(), "validate", str(out)],
        env=subprocess_env(), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (check.returncode, check.stdout) == (0, ""), check.stdout


def test_a_payload_that_failed_is_stored_in_full_when_it_comes_again(tmp_path: Path) -> None:
    """The local (SQLite) index never learns of a payload whose write failed: the next
    capture of it is a full response, not a revisit of a record that is not on disk."""
    mw, stats = middleware(tmp_path)
    mw.process_response(*exchange())
    assert mw.writer.current is not None
    body = os.urandom(40_000)
    limit = mw.writer.current.stat().st_size + 10_000
    with file_size_limit(limit), pytest.raises(IgnoreRequest, match="cannot write WARC"):
        mw.process_response(*exchange(body))
    mw.process_response(*exchange(body))  # room again: the same payload
    mw.process_response(*exchange(body))  # and once more: now a revisit of the one above
    mw.spider_closed()
    (path,) = tmp_path.glob("unit-*.warc.gz")
    assert types(path) == ["warcinfo", *["response", "request"] * 2, "revisit", "request"]
    assert stats.get_value("dodarchive/warc/errors") == 1
    assert stats.get_value("dodarchive/warc/revisits") == 1
    report = validate([path])
    assert (report.records, report.problems) == (7, [])
