"""A name that resolves to a private address gets no connection at all.

Before, the guard was a downloader middleware looking at ``response.ip_address``: the
GET had already been sent. Now the resolver refuses the answer. DNS is stood in for by
``tests/crawl/netwatch.py`` (``NETWATCH_HOSTS``): ``private.test`` resolves to
127.0.0.1, where the scope test server logs every request it receives.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, ServerProcess, subprocess_env


def crawl(tmp_path: Path, url: str, *settings: str) -> subprocess.CompletedProcess[str]:
    urls = tmp_path / "urls.txt"
    urls.write_text(url + "\n")
    env = {**subprocess_env(), "NETWATCH_HOSTS": "private.test=127.0.0.1",
           "NETWATCH_LOG": str(tmp_path / "net.log")}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "tests.crawl.netwatch", "crawl", "urls",
         "--urls-file", str(urls), "--out", str(tmp_path / "warc"),
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "DODARCHIVE_CONTACT=archivist@example.org", *settings],
        cwd=ROOT, capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip


def test_a_name_resolving_to_a_private_address_is_never_connected_to(tmp_path: Path) -> None:
    server = ServerProcess.test_server("scope")
    port = server.url.rsplit(":", 1)[1]
    try:
        result = crawl(tmp_path, f"http://private.test:{port}/page")
    finally:
        seen = server.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    assert seen == []  # not even robots.txt
    refusals = re.findall(r"not connecting to private\.test: it resolves to 127\.0\.0\.1, "
                          r"not a public address", result.stderr)  # fmt: skip
    assert len(refusals) == 2  # robots.txt, then the page
    assert "'dodarchive/scope/private_address': 2" in result.stderr  # counted as such
    assert "Traceback" not in result.stderr  # dropped like any out-of-scope request
    assert not list((tmp_path / "warc").glob("*.warc.gz"))  # nothing was archived
    # the resolver really asked (the stand-in DNS answered), and nothing was connected
    net = (tmp_path / "net.log").read_text().splitlines()
    assert "socket.gethostbyname 127.0.0.1" in net
    assert not [line for line in net if line.startswith("socket.connect")]


def test_the_same_crawl_of_a_loopback_literal_is_fetched(tmp_path: Path) -> None:
    """The operator's own list may name a loopback address: scope allows it, and the
    resolver does not second-guess an address written in the URL."""
    server = ServerProcess.test_server("scope")
    try:
        result = crawl(tmp_path, f"{server.url}/page")
    finally:
        seen = server.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    host = server.url.removeprefix("http://")
    assert seen == [f"{host} /robots.txt", f"{host} /page"]
