"""``dodarchive crawl``'s exit status: a crawl that did not finish exits 1, even when
every exchange it made was archived. Real crawls of a loopback server, as subprocesses.
(A crawl that lost records is in ``test_capture_write_errors.py``, one that hosts
refused in ``test_refusals.py``.)
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.conftest import ServerProcess, dodarchive_cmd, subprocess_env
from tests.test_capture_writer import types

PAGES = 12


def crawl_cmd(server: ServerProcess, tmp_path: Path, *settings: str) -> list[str]:
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"{server.url}/noise/{n}\n" for n in range(PAGES)))
    args = [*dodarchive_cmd(), "crawl", "urls", "--urls-file", str(urls),
            "--out", str(tmp_path / "warc"), "--stats-file", str(tmp_path / "stats.json"),
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=1",
            "-s", "DODARCHIVE_CONTACT=ops@example.org"]  # fmt: skip
    for setting in settings:
        args += ["-s", setting]
    return args


def check_stopped_crawl(tmp_path: Path, code: int, stderr: str, reason: str) -> dict[str, Any]:
    """Exit 1, the summary line naming ``reason``, no "lost" line, and a WARC holding
    every exchange the crawl made, valid: the crawl stopped, it lost nothing."""
    stats: dict[str, Any] = json.loads((tmp_path / "stats.json").read_text())
    responses = stats["response_received_count"]
    assert stats["finish_reason"] == reason
    assert 1 <= responses < PAGES + 1  # robots.txt and some pages, not all of them
    assert code == 1, stderr[-3000:]
    last = stderr.strip().splitlines()[-1]
    assert last == f"urls: {reason}; WARC records {1 + 2 * responses}, revisits 0, files 1"
    assert " lost " not in stderr
    assert "Traceback" not in stderr
    (path,) = (tmp_path / "warc").glob("urls-*.warc.gz")
    assert types(path) == ["warcinfo"] + ["response", "request"] * responses
    assert list((tmp_path / "warc").glob("*.open")) == []
    check = subprocess.run(
        [*dodarchive_cmd(), "validate", str(tmp_path / "warc")],
        env=subprocess_env(), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (check.returncode, check.stdout) == (0, "")
    return stats


def test_a_crawl_closed_early_exits_1_with_nothing_lost(tmp_path: Path) -> None:
    server = ServerProcess.test_server("noise")
    try:
        result = subprocess.run(
            crawl_cmd(server, tmp_path, "DOWNLOAD_DELAY=0", "CLOSESPIDER_PAGECOUNT=3"),
            env=subprocess_env(), capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    finally:
        server.stop()
    stats = check_stopped_crawl(tmp_path, result.returncode, result.stderr,
                                "closespider_pagecount")  # fmt: skip
    assert stats["response_received_count"] >= 3


def test_ctrl_c_stops_the_crawl_cleanly_and_exits_1(tmp_path: Path) -> None:
    """Ctrl-C is a clean stop (Scrapy's): the open WARC is finished, whole; the crawl
    did not finish, so the exit status is 1, not 0."""
    server = ServerProcess.test_server("noise")
    try:
        proc = subprocess.Popen(
            crawl_cmd(server, tmp_path, "DOWNLOAD_DELAY=1"),
            env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60  # the crawl is writing its WARC: it is running
            while not list((tmp_path / "warc").glob("*.open")) and time.monotonic() < deadline:
                assert proc.poll() is None, "the crawl ended before it could be stopped"
                time.sleep(0.05)
            proc.send_signal(signal.SIGINT)
            _, stderr = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
    finally:
        server.stop()
    check_stopped_crawl(tmp_path, proc.returncode, stderr, "shutdown")
