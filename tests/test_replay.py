"""The offline replay server: exact bytes, 404s, redirects, and crawling through it."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import logging
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dodarchive.replay.server import ReplayIndex, ReplayServer
from tests.conftest import FIXTURE_WARCS, ROOT, subprocess_env
from tests.damaged_warc import LEGACY, damaged_copy

RELEASE_URL = (
    "https://www.defense.gov/News/Releases/Release/Article/3981590/"
    "dod-announces-2024-defense-acquisition-awards/"
)
GZ_BODY = b"<html><body><h1>Hello, archive</h1></body></html>\n" * 20


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _opener(follow: bool = False) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]
    if not follow:
        handlers.append(_NoRedirect())
    return urllib.request.build_opener(*handlers)


def _get(url: str, follow: bool = False) -> tuple[int, list[tuple[str, str]], bytes]:
    try:
        with _opener(follow).open(url, timeout=10) as reply:
            return reply.status, list(reply.headers.items()), reply.read()
    except urllib.error.HTTPError as err:
        return err.code, list(err.headers.items()), err.read()


def _archived(warc: Path, url: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """Status line, headers and raw payload of ``url`` in ``warc``, read by warcio itself."""
    with warc.open("rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response" and rec.rec_headers.get_header("WARC-Target-URI") == url:
                return rec.http_headers.statusline, rec.http_headers.headers, rec.raw_stream.read()
    raise KeyError(url)


@pytest.fixture(scope="module")
def special_warc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A WARC with a 301, a gzip-encoded body and two Set-Cookie headers."""
    path = tmp_path_factory.mktemp("warc") / "special.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="WARC/1.1")
        records = [
            (
                "http://www.defense.gov/News/",
                "301 Moved Permanently",
                [("Location", "https://www.war.gov/News/"), ("Content-Length", "0")],
                b"",
            ),
            (
                "https://www.war.gov/News/",
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Encoding", "gzip"),
                    ("Set-Cookie", "a=1; Path=/"),
                    ("Set-Cookie", "b=2; Path=/"),
                    ("Transfer-Encoding", "chunked"),
                ],
                gzip.compress(GZ_BODY, mtime=0),
            ),
        ]
        for url, status, headers, body in records:
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
            )
            writer.write_record(rec)
    return path


def test_serves_exact_bytes_and_headers(replay_server) -> None:
    statusline, headers, body = _archived(FIXTURE_WARCS / "wargov-2025.warc.gz", RELEASE_URL)
    status, got_headers, got_body = _get(f"{replay_server.url}/{RELEASE_URL}")
    assert (status, statusline) == (200, "200 OK")
    assert got_body == body
    assert hashlib.sha256(got_body).hexdigest() == hashlib.sha256(body).hexdigest()
    assert len(got_body) == 132308  # the corpus file's size
    assert ("Content-Type", "text/html; charset=utf-8") in got_headers
    assert ("Date", "Sun, 02 Nov 2025 00:00:00 GMT") in got_headers
    assert dict(headers)["Content-Length"] == str(len(body))


def test_legacy_urls_match_case_insensitively(replay_server) -> None:
    status, _, body = _get(
        f"{replay_server.url}/http://www.defense.gov/Releases/Release.aspx?ReleaseID=13347"
    )
    assert status == 200
    assert b"DOD Identifies Army Casualty" in body


def test_unknown_url_is_404(replay_server) -> None:
    status, _, body = _get(f"{replay_server.url}/https://www.war.gov/no/such/page/")
    assert status == 404
    assert body == b"not archived: https://www.war.gov/no/such/page/\n"
    status, _, _ = _get(f"{replay_server.url}/not-a-url")
    assert status == 404


def test_renamed_host_gets_a_synthesized_redirect(replay_factory, special_warc: Path) -> None:
    # a former name with only the current host's copy archived: 301 there, as live
    server = replay_factory(special_warc)
    status, headers, body = _get(f"{server.url}/https://dod.defense.gov/News/")
    assert (status, body) == (301, b"")
    assert ("Location", "https://www.war.gov/News/") in headers
    assert ("Dodarchive-Replay", "synthesized alias redirect") in headers


def test_current_host_reaches_copies_from_before_the_rename(replay_server) -> None:
    # the sample predates the rename: www.war.gov entry points lead to www.defense.gov
    status, headers, body = _get(f"{replay_server.url}/https://www.war.gov/News/Releases/")
    assert (status, body) == (301, b"")
    assert ("Location", "https://www.defense.gov/News/Releases/") in headers
    assert ("Dodarchive-Replay", "synthesized alias redirect") in headers
    # an af.mil path is not a war.gov path: no alias across sites
    status, _, _ = _get(f"{replay_server.url}/https://www.war.gov/About-Us/Biographies/")
    assert status == 404


def test_redirect_gzip_and_repeated_headers(replay_factory, special_warc: Path) -> None:
    server = replay_factory(special_warc)
    status, headers, body = _get(f"{server.url}/http://www.defense.gov/News/")
    assert status == 301
    assert ("Location", "https://www.war.gov/News/") in headers
    assert body == b""
    status, headers, body = _get(f"{server.url}/https://www.war.gov/News/")
    assert status == 200
    assert body == gzip.compress(GZ_BODY, mtime=0)  # still content-encoded, as stored
    assert [v for k, v in headers if k == "Set-Cookie"] == ["a=1; Path=/", "b=2; Path=/"]
    assert "Transfer-Encoding" not in dict(headers)
    assert dict(headers)["Content-Length"] == str(len(body))


def test_crawl_through_replay_keeps_original_urls(
    replay_factory, special_warc: Path, tmp_path: Path
) -> None:
    server = replay_factory(special_warc, FIXTURE_WARCS / "wargov-2025.warc.gz")
    out = tmp_path / "items.jsonl"
    urls = ["http://www.defense.gov/News/", RELEASE_URL]
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "scrapy"), "runspider",
            str(ROOT / "tests" / "crawl" / "echo_spider.py"),
            "-a", f"urls={','.join(urls)}",
            "-s", f"DODARCHIVE_REPLAY_URL={server.url}",
            "-s", f"DODARCHIVE_WARC_DIR={tmp_path / 'warc'}",
            "-o", f"{out}:jsonlines",
        ],
        cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    items = sorted((json.loads(line) for line in out.read_text().splitlines()), key=str)
    _, _, release_body = _archived(FIXTURE_WARCS / "wargov-2025.warc.gz", RELEASE_URL)
    assert items == sorted(
        [
            {
                "requested": "http://www.defense.gov/News/",
                "url": "https://www.war.gov/News/",
                "status": 200,
                "sha256": hashlib.sha256(GZ_BODY).hexdigest(),  # Scrapy decoded the gzip
                "redirects": ["http://www.defense.gov/News/"],
            },
            {
                "requested": RELEASE_URL,
                "url": RELEASE_URL,
                "status": 200,
                "sha256": hashlib.sha256(release_body).hexdigest(),
                "redirects": [],
            },
        ],
        key=str,
    )
    assert "127.0.0.1" not in out.read_text()
    # the crawl was archived under the original URLs, with no replay-server address
    (warc,) = (tmp_path / "warc").glob("echo-*.warc.gz")
    with warc.open("rb") as fh:
        records = [(r.rec_type, r.rec_headers) for r in ArchiveIterator(fh)]
    targets = sorted(h.get_header("WARC-Target-URI") for t, h in records if t == "response")
    assert targets == sorted([*urls, "https://www.war.gov/News/"])
    assert not [h for _, h in records if h.get_header("WARC-IP-Address")]


def test_damaged_warc_is_served_around_the_damage(tmp_path: Path) -> None:
    kinds = {4: "garbage", 8: "blob", 11: "absurd", 14: "negative"}
    path, ranges, _ = damaged_copy(tmp_path / "damaged.warc.gz", kinds)
    clean, damaged = ReplayIndex([LEGACY]), ReplayIndex([path])
    assert damaged.count == clean.count == 5
    assert [line.split(" skipped")[0] for line in damaged.damaged] == [
        f"{path}: bytes {start}-{end}" for start, end in ranges
    ]
    proc = subprocess.Popen(
        [sys.executable, "-m", "dodarchive", "replay", str(path), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=subprocess_env(),
        cwd=ROOT,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        url = "http://www.defense.gov/releases/release.aspx?releaseid=14349"
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(f"{base}/{url}", timeout=10) as reply:
            assert reply.status == 200
    finally:
        proc.kill()
        _, stderr = proc.communicate(timeout=10)
    assert stderr.splitlines() == [
        *(f"damaged WARC: {line}" for line in damaged.damaged),
        "serving 5 records from 1 input(s)",
    ]


def test_server_counts_and_warns_off_loopback(caplog: pytest.LogCaptureFixture) -> None:
    index = ReplayIndex([LEGACY])
    server = ReplayServer(index)
    server.start_background()
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        for target in ("http://www.defense.gov/releases/release.aspx?releaseid=14349",
                       "http://example.invalid/"):  # fmt: skip
            with contextlib.suppress(urllib.error.HTTPError):
                opener.open(f"{server.url}/{target}", timeout=10).close()
    finally:
        server.shutdown()
        server.server_close()
    assert (server.hit_count, server.miss_count, server.hits, server.misses) == (1, 1, [], [])
    assert "not a loopback" not in caplog.text
    with caplog.at_level(logging.WARNING):
        wide = ReplayServer(index, host="0.0.0.0")
        wide.server_close()
    assert "replay server bound to http://0.0.0.0:" in caplog.text
    assert "not a loopback address" in caplog.text
