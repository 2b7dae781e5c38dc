"""DOWNLOAD_MAXSIZE and the decompression-bomb cap, in a real crawl and in extraction.

A loopback server (``tests/servers/limits.py``) sends a 3 MB body with and without a
declared length, and a 10 MB gzip body that inflates to 10 GiB. Peak memory of each
subprocess is measured with ``getrusage`` in a small wrapper process.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from dodarchive.capture.records import payload_digest
from tests.conftest import ROOT, ServerProcess, dodarchive_cmd, subprocess_env
from tests.servers.limits import BOMB, BOMB_INFLATED, PAGE

# Runs argv[1:] and prints the child's peak RSS (KiB) as the last stderr line.
PEAK = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(r.returncode)"
)


def peak_run(*args: str) -> tuple[subprocess.CompletedProcess[str], int]:
    result = subprocess.run(
        [sys.executable, "-c", PEAK, *args], capture_output=True, text=True, cwd=ROOT,
        env=subprocess_env(), check=False, timeout=300,
    )  # fmt: skip
    *rest, last = result.stderr.rstrip("\n").split("\n")
    result.stderr = "\n".join(rest)
    return result, int(last) // 1024


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = ServerProcess.test_server("limits")
    try:
        yield server.url
    finally:
        server.stop()


def crawl(base: str, work: Path, *settings: str) -> tuple[str, Path, int]:
    urls = work / "urls.txt"
    urls.write_text("".join(f"{base}{p}\n" for p in ("/page", "/declared", "/streamed", "/bomb")))
    out = work / "warc"
    args = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "DODARCHIVE_CONTACT=archivist@example.org"]  # fmt: skip
    for setting in settings:
        args += ["-s", setting]
    cmd = [*dodarchive_cmd(), "crawl", "urls", "--urls-file", str(urls), "--out", str(out)]
    result, peak_mb = peak_run(*cmd, *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr, out, peak_mb


def stat(log: str, key: str) -> int | None:
    match = re.search(rf"'{re.escape(key)}': (\d+)", log)
    return int(match.group(1)) if match else None


def archived(out: Path) -> dict[str, bytes]:
    got = {}
    for path in out.glob("*.warc.gz"):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    got[uri.rsplit("/", 1)[1]] = record.raw_stream.read()
    return got


def test_download_maxsize_cancels_declared_and_streamed_bodies(base: str, tmp_path: Path) -> None:
    log, out, _ = crawl(base, tmp_path, "DOWNLOAD_MAXSIZE=1000000")
    assert stat(log, "dodarchive/limits/download_maxsize") == 3  # declared, streamed, bomb
    assert "Expected to receive 3000000 bytes which is larger than download max size" in log
    assert re.search(r"Received \d+ bytes which is larger than download max size \(1000000\) "
                     rf"in request <GET {base}/streamed>", log)  # fmt: skip
    assert sorted(archived(out)) == ["page", "robots.txt"]  # nothing partial was stored
    assert archived(out)["page"] == PAGE


def test_gzip_bomb_is_archived_compressed_refused_and_rejected(base: str, tmp_path: Path) -> None:
    assert (len(BOMB) // 1_000_000, BOMB_INFLATED) == (10, 10 * 2**30)
    log, out, crawl_mb = crawl(base, tmp_path)  # the default DOWNLOAD_MAXSIZE, 64 MiB
    assert stat(log, "dodarchive/limits/decompressed_maxsize") == 1
    assert re.search(r"Ignored response <200 \S+/bomb> because its body \(10441620 B "
                     r"compressed, \d+ B decompressed so far\) exceeded DOWNLOAD_MAXSIZE "
                     r"\(67108864 B\) during decompression", log)  # fmt: skip
    stored = archived(out)
    assert sorted(stored) == ["bomb", "declared", "page", "robots.txt", "streamed"]
    assert payload_digest(stored["bomb"]) == payload_digest(BOMB)  # as received: compressed
    # dodarchive validate checks digests over the stored bytes. (`warcio check` is not
    # used here: it inflates gzip bodies to check them, 10 GiB for this one.)
    check = subprocess.run([*dodarchive_cmd(), "validate", str(out)], capture_output=True,
                           text=True, env=subprocess_env(), check=False)  # fmt: skip
    assert (check.returncode, check.stdout) == (0, ""), check.stdout
    assert crawl_mb < 300, crawl_mb  # body 10 MB + at most 64 MiB inflated, not 10 GiB

    articles = tmp_path / "articles.jsonl"  # the pages are on loopback: --off-table
    result, extract_mb = peak_run(*dodarchive_cmd(), "extract", str(out), "-o", str(articles),
                                  "--workers", "1", "--off-table")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rejected"] == {"too-large": 3}  # 3 MB pages: fallback cap
    rejects = [
        json.loads(s) for s in articles.with_suffix(".rejects.jsonl").read_text().splitlines()
    ]
    bomb = [r for r in rejects if r["source"]["targetUri"].endswith("/bomb")]
    assert [(r["reason"], r["detail"]) for r in bomb] == [
        ("too-large", "decoded body exceeds 67108864 bytes")
    ]
    assert extract_mb < 300, extract_mb
