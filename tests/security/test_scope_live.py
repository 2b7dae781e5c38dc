"""A live crawl (real HTTP on loopback) never leaves its scope and obeys robots.txt.

The ``urls`` spider's scope is its list (here ``127.0.0.1:PORT``); the server logs the
``Host`` and path of every request it receives, so "never fetched" is checked where it
matters, on the server. The site-table spiders' scope and the private-address guard are
unit-tested in ``tests/test_scope.py`` with real (unstarted) crawlers.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.conftest import ServerProcess, dodarchive_cmd, subprocess_env

PATHS = ["/page", "/private/page", "/to-other-host", "/to-private", "/to-page"]


def test_off_scope_redirects_and_robots_disallow_are_never_fetched(tmp_path: Path) -> None:
    server = ServerProcess.test_server("scope")
    base = server.url
    try:
        urls = tmp_path / "urls.txt"
        urls.write_text("".join(f"{base}{p}\n" for p in PATHS))
        out = tmp_path / "warc"
        result = subprocess.run(
            [*dodarchive_cmd(), "crawl", "urls", "--urls-file", str(urls), "--out", str(out),
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "DODARCHIVE_CONTACT=archivist@example.org"],
            capture_output=True, text=True, env=subprocess_env(), check=False, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
    finally:
        seen = server.stop()
    host = base.removeprefix("http://")
    # robots.txt first, then every listed URL robots.txt allows, and the in-scope redirect;
    # never /private/page, never the other host name, never the private address.
    assert sorted(seen) == sorted(
        f"{host} {p}" for p in ["/robots.txt", "/page", "/to-other-host", "/to-private",
                                "/to-page", "/page"]
    )  # fmt: skip
    assert re.search(r"'robotstxt/forbidden': 1\b", result.stderr)
    assert re.search(r"'dodarchive/urls/redirect_out_of_scope': 2\b", result.stderr)
    archived = []
    for path in out.glob("*.warc.gz"):
        with path.open("rb") as fh:
            archived += [
                r.rec_headers.get_header("WARC-Target-URI")
                for r in ArchiveIterator(fh)
                if r.rec_type in ("response", "revisit")  # the second /page is a revisit
            ]
    assert sorted(u.removeprefix(base) for u in archived) == sorted(
        ["/robots.txt", "/page", "/page", "/to-other-host", "/to-private", "/to-page"]
    )
