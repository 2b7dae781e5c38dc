"""A crawl fetches nothing off its list, not even through a dependency.

Scrapy's cookie middleware asks tldextract whether a cookie's domain is a public suffix;
on an empty cache tldextract used to download the Public Suffix List from
publicsuffix.org. Here a page sets cookies, tldextract's cache is an empty folder, and
the crawl runs under ``tests/crawl/netwatch.py``, which writes down every name lookup and
connection the process attempts, in any thread or library.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, ServerProcess, subprocess_env


def test_a_cookie_page_with_an_empty_suffix_cache_stays_on_loopback(tmp_path: Path) -> None:
    server = ServerProcess.test_server("specials")
    try:
        urls = tmp_path / "urls.txt"
        urls.write_text(f"{server.url}/cookies\n{server.url}/page\n")
        cache = tmp_path / "tldextract-cache"
        cache.mkdir()
        log = tmp_path / "net.log"
        env = {**subprocess_env(), "TLDEXTRACT_CACHE": str(cache), "NETWATCH_LOG": str(log)}
        result = subprocess.run(
            [sys.executable, "-m", "tests.crawl.netwatch", "crawl", "urls",
             "--urls-file", str(urls), "--out", str(tmp_path / "warc"),
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "DODARCHIVE_CONTACT=archivist@example.org", "-s", "COOKIES_DEBUG=True",
             "-s", "LOG_LEVEL=DEBUG"],
            cwd=ROOT, capture_output=True, text=True, env=env, check=False, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
    finally:
        server.stop()
    # the scenario: the cookies were taken into the jar (the public-suffix check ran)
    assert "Received cookies from: <200 " + server.url + "/cookies>" in result.stderr
    attempts = log.read_text().splitlines()
    assert "socket.connect 127.0.0.1" in attempts  # the audit hook saw the crawl itself
    assert {line.split(" ", 1)[1] for line in attempts} == {"127.0.0.1"}
    assert list(cache.iterdir()) == []  # no download attempt left lock files either
