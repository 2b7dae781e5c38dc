"""Bot protection: a loopback server answering like Akamai, crawled for real.

The refusals must be archived as received, counted per host, backed off from (Retry-After
honoured), never extracted, and a crawl every host refused must exit 1 with one line
naming the host and the remedies.
"""

from __future__ import annotations

import itertools
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from dodarchive.downloadermiddlewares.refusals import RefusalsMiddleware, refusal_kind
from dodarchive.extract.record import extract_record
from dodarchive.warc.reader import iter_records
from tests.conftest import ROOT, ServerProcess, dodarchive_cmd, subprocess_env
from tests.servers import akamai

FAST = ["-s", "DOWNLOAD_DELAY=0.2", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "DODARCHIVE_REFUSALS_BACKOFF=0.05",
        "-s", "DODARCHIVE_CONTACT=archivist@example.org"]  # fmt: skip


@pytest.fixture
def server() -> Iterator[ServerProcess]:
    proc = ServerProcess.test_server("akamai")
    try:
        yield proc
    finally:
        if proc.proc.poll() is None:  # the tests stop it themselves to read its log
            proc.stop()


Crawl = tuple[subprocess.CompletedProcess[str], Path, dict[str, Any]]


def crawl(tmp_path: Path, urls: list[str], *extra: str) -> Crawl:
    listing = tmp_path / "urls.txt"
    listing.write_text("".join(u + "\n" for u in urls))
    out = tmp_path / "warc"
    stats_file = tmp_path / "stats.json"
    result = subprocess.run(
        [*dodarchive_cmd(), "crawl", "urls", "--urls-file", str(listing), "--out", str(out),
         "--stats-file", str(stats_file), *FAST, *extra],
        cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    import json

    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return result, out, stats


def responses(out: Path) -> list[tuple[str, int | None, bytes]]:
    recs = []
    for path in sorted(out.glob("*.warc.gz")):
        for rec in iter_records(path, types=frozenset({"response", "revisit"})):
            recs.append((rec.url, rec.status, rec.body))
    return recs


def test_detection_rules() -> None:
    assert refusal_kind(403, [("Server", "AkamaiGHost")], akamai.DENIED) == "cdn-denied"
    assert refusal_kind(503, [], akamai.DENIED_PLAIN) == "cdn-denied"
    assert refusal_kind(403, [("Server", "Apache")], b"<h1>Forbidden</h1>") is None
    assert refusal_kind(301, [("Server", "AkamaiGHost")], b"") is None  # edge redirects
    assert refusal_kind(429, [], b"") == "rate-limited"
    assert refusal_kind(503, [("Retry-After", "30")], b"busy") == "rate-limited"
    assert refusal_kind(503, [], b"<h1>Service Unavailable</h1>") is None
    assert refusal_kind(200, [], akamai.CHALLENGE) == "challenge"
    assert refusal_kind(200, [], b"<title>Captcha check</title>") == "challenge"
    # an article that merely mentions the words is not a challenge
    article = b"<article>" + b"The captcha was solved. " * 2000 + b"</article>"
    assert refusal_kind(200, [], article) is None
    assert refusal_kind(404, [], akamai.DENIED_PLAIN) is None


def test_middleware_settings() -> None:
    crawler = get_crawler(settings_dict={"DODARCHIVE_REFUSALS_MAX": 2,
                                         "DODARCHIVE_REFUSALS_BACKOFF": 4.0})  # fmt: skip
    mw = RefusalsMiddleware.from_crawler(crawler)
    assert (mw.max_refusals, mw.backoff, mw.backoff_max) == (2, 4.0, 3600.0)


def test_every_host_refused(server: ServerProcess, tmp_path: Path) -> None:
    base = server.url
    host = base.removeprefix("http://")
    urls = [f"{base}/denied/1", f"{base}/challenge", f"{base}/denied/2", f"{base}/denied/3"]
    result, out, stats = crawl(tmp_path, urls, "-s", "DODARCHIVE_REFUSALS_MAX=3")
    assert result.returncode == 1, result.stderr[-2000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        f"urls: refused by {host} (bot protection); try the web archive instead "
        "(-a source=wayback), a lower rate (-s DOWNLOAD_DELAY=10), or name yourself "
        "(-s DODARCHIVE_CONTACT=you@example.org) and ask the site's operator"
    )
    assert stats["finish_reason"] == "refused"
    assert stats[f"dodarchive/blocked/{host}"] == 3
    assert stats["dodarchive/blocked/hosts"] == host
    kinds = stats.get("dodarchive/blocked/cdn-denied", 0) + stats.get(
        "dodarchive/blocked/challenge", 0
    )
    assert kinds == 3
    # archived as received: three refusals, each byte for byte what the server sent (a
    # second identical 403 page is a revisit record of the first, body not stored again)
    recs = [r for r in responses(out) if not r[0].endswith("/robots.txt")]
    assert len(recs) == 3
    for url, status, body in recs:
        assert url in urls
        assert (status, body) in (
            (403, akamai.DENIED_PLAIN), (200, akamai.CHALLENGE), (403, b"")
        )  # fmt: skip
    # asked at most 3 times, then nothing more
    asked = [line for line in server.stop() if " GET " in line and "robots" not in line]
    assert len(asked) == 3
    # never extracted as articles
    outcomes = [
        extract_record(rec)
        for path in sorted(out.glob("*.warc.gz"))
        for rec in iter_records(path, types=frozenset({"response"}))
        if not rec.url.endswith("/robots.txt")
    ]
    assert outcomes
    assert {(o.kind, o.reason) for o in outcomes} == {("skipped", "refused")}


def test_rate_limit_is_waited_out(server: ServerProcess, tmp_path: Path) -> None:
    base = server.url
    host = base.removeprefix("http://")
    urls = [f"{base}/busy/1", f"{base}/busy/2"]
    result, out, stats = crawl(tmp_path, urls, "-s", "DODARCHIVE_PROGRESS=on",
                               "-s", "DODARCHIVE_PROGRESS_INTERVAL=0.3")  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    # the status line (stderr is no terminal here: one line each time, and a last one)
    lines = [x for x in result.stderr.splitlines() if x.startswith("urls 0:00:")]
    assert len(lines) >= 3  # the 429s take over 2 s
    records = stats["dodarchive/warc/records"]
    # pages: answers that reached the spider (robots.txt and the two pages, after waiting)
    assert stats["response_received_count"] == 3
    final = f"  pages 3  records {records}  refusals 2  queued 0  section -"
    assert lines[-1].endswith(final), lines[-1]
    assert stats["finish_reason"] == "finished"
    assert stats[f"dodarchive/blocked/{host}"] == 2
    assert stats["dodarchive/blocked/rate-limited"] == 2
    assert "dodarchive/blocked/hosts" not in stats
    got = sorted((u, s) for u, s, _ in responses(out) if "/busy/" in u)
    assert got == [(urls[0], 200), (urls[0], 429), (urls[1], 200), (urls[1], 429)]
    # Retry-After honoured: after each 429 the host is not asked again for a second
    log = [line.split() for line in server.stop() if "/busy/" in line]
    assert sorted(path for _, _, path in log) == ["/busy/1", "/busy/1", "/busy/2", "/busy/2"]
    seen: set[str] = set()
    for (when, _, path), (then, _, _) in itertools.pairwise(log):
        if path not in seen:  # this one was answered 429
            assert float(then) - float(when) >= akamai.RETRY_AFTER - 0.05, log
        seen.add(path)
