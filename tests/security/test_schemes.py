"""Only http and https are ever fetched: URL lists are checked, other handlers are off.

Before, ``file:///etc/passwd`` in a URL list was read from the local disk and archived as
a ``200`` response record.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from dodarchive import settings
from tests.conftest import ROOT, dodarchive_cmd, subprocess_env

CONTACT = "archivist@example.org"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=ROOT, env=subprocess_env(), capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


def test_a_url_list_with_a_file_url_is_refused_in_one_line(tmp_path: Path) -> None:
    local = tmp_path / "local.txt"
    local.write_text("a local file, never to be archived\n")
    urls = tmp_path / "urls.txt"
    urls.write_text(f"http://127.0.0.1:9/page\n{local.as_uri()}\n")
    out = tmp_path / "warc"
    result = run(*dodarchive_cmd(), "crawl", "urls", "--urls-file", str(urls), "--out", str(out),
                 "-s", f"DODARCHIVE_CONTACT={CONTACT}")  # fmt: skip
    assert result.returncode == 3  # an unusable input
    assert result.stderr.splitlines() == [
        (
            f"dodarchive crawl: error: {urls}: line 2: only http and https URLs can be archived, "
            f"not '{local.as_uri()}'"
        )
    ]
    assert not out.exists()


def test_a_list_with_credentials_is_refused_and_never_logged(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("http://bob:list-SECRET@127.0.0.1:9/page\n")
    out = tmp_path / "warc"
    result = run(*dodarchive_cmd(), "crawl", "urls", "--urls-file", str(urls),
                 "--out", str(out), "-s", f"DODARCHIVE_CONTACT={CONTACT}")  # fmt: skip
    assert result.returncode == 3  # an unusable input
    line = (
        f"dodarchive crawl: error: {urls}: line 1: http://<redacted>@127.0.0.1:9/page has a "
        "user name or password; give credentials as settings, not in the URL"
    )
    assert result.stderr.splitlines() == [line]
    assert "SECRET" not in result.stdout + result.stderr


def test_only_the_http_handler_is_configured() -> None:
    assert settings.DOWNLOAD_HANDLERS == {
        "http": "dodarchive.downloadhandlers.http.HttpDownloadHandler",
        "https": "dodarchive.downloadhandlers.http.HttpDownloadHandler",
        "data": None,
        "file": None,
        "ftp": None,
        "s3": None,
    }


def test_a_file_url_is_not_fetched_even_without_scope_checks(tmp_path: Path) -> None:
    local = tmp_path / "local.txt"
    local.write_text("a local file, never to be archived\n")
    out = tmp_path / "items.jsonl"
    warc = tmp_path / "warc"
    result = run(
        str(Path(sys.executable).parent / "scrapy"), "runspider",
        str(ROOT / "tests" / "crawl" / "echo_spider.py"),
        "-a", f"urls={local.as_uri()}",
        "-s", "DODARCHIVE_SCOPE_ENABLED=False", "-s", f"DODARCHIVE_WARC_DIR={warc}",
        "-s", f"DODARCHIVE_CONTACT={CONTACT}", "-o", f"{out}:jsonlines",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert out.read_text() == ""
    assert result.stderr.count("Unsupported URL scheme 'file'") == 1
    stored = []
    for path in warc.glob("*.warc.gz"):
        with path.open("rb") as fh:
            stored += [r.rec_type for r in ArchiveIterator(fh) if r.rec_type != "warcinfo"]
    assert stored == []
    assert json.dumps("never to be archived") not in result.stderr
