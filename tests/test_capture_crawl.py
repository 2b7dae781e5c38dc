"""Real crawls of a loopback test server into WARCs, checked byte by byte and by the tools.

One module-scoped setup runs ``dodarchive crawl urls`` twice into the same folder: the
first run stores every exchange, the second (same unchanged pages) writes revisits.
pywb (from ``.venv-pywb``, made by ``make test``) then replays pages from those files.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import ROOT, ServerProcess, dodarchive_cmd, subprocess_env
from tests.servers import specials

PYWB_BIN = ROOT / ".venv-pywb" / "bin"
NAME = re.compile(r"^urls-\d{17}-(\d{5})-[A-Za-z0-9._-]+\.warc\.gz$")
PATHS = ["/gzip", "/chunked", "/old", "/search?q=warc&x=1", "/cookies", "/missing"]


@dataclass
class Rec:
    type: str
    uri: str
    warc: dict[str, str]
    statusline: str
    http: list[tuple[str, str]]
    block: bytes  # the record block exactly as stored (HTTP head + body)
    body: bytes  # payload as stored


def read_warc(path: Path) -> list[Rec]:
    out = []
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            head = record.http_headers
            body = record.raw_stream.read()
            raw_head = b""
            if head is not None:
                raw_head = head.to_bytes()
            out.append(
                Rec(
                    type=record.rec_type,
                    uri=record.rec_headers.get_header("WARC-Target-URI") or "",
                    warc=dict(record.rec_headers.headers),
                    statusline=f"{head.protocol} {head.statusline}" if head else "",
                    http=list(head.headers) if head else [],
                    block=raw_head + body,
                    body=body,
                )
            )
    return out


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=cwd or ROOT, env=subprocess_env(), capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


@dataclass
class Crawls:
    base: str
    out: Path
    first: Path
    second: Path


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawls]:
    server = ServerProcess.test_server("specials")
    base = server.url
    try:
        work = tmp_path_factory.mktemp("crawl")
        urls = work / "urls.txt"
        urls.write_text("# the specials\n" + "".join(f"{base}{p}\n" for p in PATHS))
        out = work / "warc"
        files = []
        for _ in range(2):
            result = run(
                *dodarchive_cmd(), "crawl", "urls", "--urls-file", str(urls), "--out", str(out),
                "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                "-s", "DODARCHIVE_CONTACT=archivist@example.org",
            )  # fmt: skip
            assert result.returncode == 0, result.stderr[-3000:]
            new = sorted(set(out.glob("*.warc.gz")) - set(files))
            assert len(new) == 1, new
            files.extend(new)
        yield Crawls(base, out, files[0], files[1])
    finally:
        server.stop()


def by(records: list[Rec], rtype: str, uri: str) -> Rec:
    found = [r for r in records if r.type == rtype and r.uri == uri]
    assert len(found) == 1, (rtype, uri, len(found))
    return found[0]


def test_files_are_named_and_finished(crawls: Crawls) -> None:
    names = sorted(p.name for p in crawls.out.iterdir())
    assert not [n for n in names if n.endswith(".open")]
    serials = [m.group(1) for n in names if (m := NAME.match(n))]
    assert serials == ["00000", "00001"]  # a second run starts a new file, never appends
    assert "dedup.sqlite3" in names


def test_every_exchange_is_archived_exactly(crawls: Crawls) -> None:
    base = crawls.base
    recs = read_warc(crawls.first)
    info = recs[0]
    assert info.type == "warcinfo"
    assert b"operator: archivist@example.org\r\n" in info.body
    assert b"software: dodarchive/" in info.body
    expected = {f"{base}/robots.txt", f"{base}/page"} | {base + p for p in PATHS}
    assert {r.uri for r in recs if r.type == "response"} == expected
    assert {r.uri for r in recs if r.type == "request"} == expected
    assert not [r for r in recs if r.type == "revisit"]

    gz = by(recs, "response", f"{base}/gzip")
    assert gz.body == specials.GZIP_BODY  # still gzip, byte for byte
    assert ("Content-Encoding", "gzip") in gz.http
    chunked = by(recs, "response", f"{base}/chunked")
    assert chunked.body == b"".join(specials.CHUNKS)
    assert "transfer-encoding" not in {k.lower() for k, _ in chunked.http}
    cookies = by(recs, "response", f"{base}/cookies")
    assert [v for k, v in cookies.http if k == "Set-Cookie"] == [v for _, v in specials.COOKIES]
    search = by(recs, "request", f"{base}/search?q=warc&x=1")
    host = base.removeprefix("http://")
    # the request head exactly as Twisted wrote it: Host comes last
    assert search.block.startswith(b"GET /search?q=warc&x=1 HTTP/1.1\r\nAccept: ")
    assert search.block.endswith(f"\r\nHost: {host}\r\n\r\n".encode())
    assert b"\r\nAccept-Encoding: gzip, deflate\r\n" in search.block
    assert by(recs, "response", f"{base}/search?q=warc&x=1").body == specials.query_body(
        "q=warc&x=1"
    )
    missing = by(recs, "response", f"{base}/missing")
    assert (missing.statusline, missing.body) == ("HTTP/1.1 404 Nothing Here", specials.MISSING)
    # header lines as sent: names' case, order, repeats (Server and Date come first)
    assert [k for k, _ in cookies.http] == [
        "Server", "Date", "Content-Type", "Set-Cookie", "Set-Cookie", "Content-Length",
    ]  # fmt: skip
    page = by(recs, "response", f"{base}/page")
    assert [k for k, _ in page.http][2:] == ["Content-Type", "ETag", "X-XSS-Protection",
                                             "Content-Length"]  # fmt: skip
    assert by(recs, "response", f"{base}/robots.txt").body == specials.ROBOTS


def test_redirect_is_its_own_record_pair(crawls: Crawls) -> None:
    recs = read_warc(crawls.first)
    old = by(recs, "response", f"{crawls.base}/old")
    assert old.statusline == "HTTP/1.1 301 Moved Permanently"
    assert ("Location", "/page") in old.http
    assert (
        by(recs, "request", f"{crawls.base}/old").warc["WARC-Concurrent-To"]
        == (old.warc["WARC-Record-ID"])
    )
    assert by(recs, "response", f"{crawls.base}/page").body == specials.PAGE


def test_record_links_and_digests_fields(crawls: Crawls) -> None:
    recs = read_warc(crawls.first)
    info_id = recs[0].warc["WARC-Record-ID"]
    for rec in recs[1:]:
        assert rec.warc["WARC-Warcinfo-ID"] == info_id
        assert rec.warc["WARC-Block-Digest"].startswith("sha1:")
        if rec.type == "response":
            assert rec.warc["WARC-IP-Address"] == "127.0.0.1"
            assert len(rec.warc["WARC-Payload-Digest"]) == len("sha1:") + 32
    pairs = [(a.type, b.type) for a, b in zip(recs[1::2], recs[2::2], strict=True)]
    assert set(pairs) == {("response", "request")}


def test_second_crawl_writes_revisits(crawls: Crawls) -> None:
    first = read_warc(crawls.first)
    second = read_warc(crawls.second)
    revisits = [r for r in second if r.type == "revisit"]
    # every non-empty payload was seen before; the 301's empty body is stored again
    assert {r.uri for r in revisits} == {f"{crawls.base}/robots.txt", f"{crawls.base}/page"} | {
        crawls.base + p for p in PATHS if p != "/old"
    }
    assert [r.uri for r in second if r.type == "response"] == [f"{crawls.base}/old"]
    for rev in revisits:
        original = by(first, "response", rev.uri)
        assert rev.warc["WARC-Refers-To"] == original.warc["WARC-Record-ID"]
        assert rev.warc["WARC-Refers-To-Target-URI"] == rev.uri
        assert rev.warc["WARC-Refers-To-Date"] == original.warc["WARC-Date"]
        assert rev.warc["WARC-Payload-Digest"] == original.warc["WARC-Payload-Digest"]
        assert rev.warc["WARC-Profile"].endswith("/1.1/revisit/identical-payload-digest")
        assert rev.body == b""


def test_warcio_check_and_validate_pass(crawls: Crawls) -> None:
    warcio = Path(sys.executable).parent / "warcio"
    result = run(str(warcio), "check", "-v", str(crawls.first), str(crawls.second))
    assert result.returncode == 0, result.stdout
    assert result.stdout.count("digest pass") == 17 + 17 - 7
    assert result.stdout.count("digest present but not checked (revisit)") == 7
    result = run(*dodarchive_cmd(), "validate", str(crawls.out))
    assert (result.returncode, result.stdout) == (0, ""), result.stdout
    assert result.stderr.strip().endswith("2 files, 34 records, 0 problems")
    # the second file alone: its revisits' originals are missing, and that is reported
    result = run(*dodarchive_cmd(), "validate", str(crawls.second))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 7
    assert all("revisit original not found" in line for line in result.stdout.splitlines())


def test_index_and_pack(crawls: Crawls, tmp_path: Path) -> None:
    cdxj = tmp_path / "all.cdxj"
    result = run(*dodarchive_cmd(), "index", str(crawls.out), "-o", str(cdxj))
    assert result.returncode == 0, result.stderr
    lines = cdxj.read_text().splitlines()
    assert len(lines) == 16  # 8 responses + 7 revisits + 1 response (the 301 again)
    assert sum('"url": "' + crawls.base + '/search?q=warc&x=1"' in line for line in lines) == 2
    wacz = tmp_path / "all.wacz"
    result = run(*dodarchive_cmd(), "pack", str(crawls.out), "-o", str(wacz))
    assert result.returncode == 0, result.stderr
    result = run(str(Path(sys.executable).parent / "wacz"), "validate", "-f", str(wacz))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation succeeded" in result.stdout


def _get(url: str) -> tuple[int, Any, bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=10) as reply:
            return reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_pywb_replays_crawled_pages(crawls: Crawls, tmp_path: Path) -> None:
    assert (PYWB_BIN / "wayback").exists(), "pywb venv missing: run `make pywb` (make test does)"
    assert run(str(PYWB_BIN / "wb-manager"), "init", "dod", cwd=tmp_path).returncode == 0
    added = run(
        str(PYWB_BIN / "wb-manager"), "add", "dod", str(crawls.first), str(crawls.second),
        cwd=tmp_path,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    # pywb's app on port 0; it prints the address it got (tests/servers/pywb_wayback.py)
    wayback = subprocess.Popen(
        [str(PYWB_BIN / "python"), "-m", "tests.servers.pywb_wayback"],
        cwd=tmp_path, env={**subprocess_env(), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        # pywb first says it has no ./config.yaml (defaults are fine), then the address
        lines = iter(wayback.stdout.readline, "")  # type: ignore[union-attr]
        address = next((x.strip() for x in lines if x.startswith("http://127.0.0.1:")), "")
        assert address, "pywb exited before it listened"
        base = f"{address}/dod"
        # id_ mode: the archived payload. The newest capture is the second crawl's revisit,
        # so pywb must follow it to the first crawl's response.
        status, headers, body = _get(f"{base}/2100id_/{crawls.base}/chunked")
        assert (status, body) == (200, b"".join(specials.CHUNKS))
        assert headers["Memento-Datetime"]
        status, headers, body = _get(f"{base}/2100id_/{crawls.base}/cookies")
        assert (status, body) == (200, specials.COOKIES_PAGE)
        # pywb undoes the stored gzip, keeping the original header as X-Archive-Orig-*
        status, headers, body = _get(f"{base}/2100id_/{crawls.base}/gzip")
        assert (status, body) == (200, specials.GZIP_PLAIN)
        assert headers["X-Archive-Orig-Content-Encoding"] == "gzip"
        status, _, body = _get(f"{base}/2100id_/{crawls.base}/search?q=warc&x=1")
        assert (status, body) == (200, specials.query_body("q=warc&x=1"))
    finally:
        wayback.kill()
        wayback.wait(timeout=10)
        if wayback.stdout is not None:
            wayback.stdout.close()


def test_crawl_through_replay_archives_original_urls(crawls: Crawls, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{crawls.base}/gzip\n{crawls.base}/old\n")
    out = tmp_path / "replayed"
    result = run(
        *dodarchive_cmd(), "crawl", "urls", "--urls-file", str(urls), "--out", str(out),
        "--replay", str(crawls.first), "-s", "DOWNLOAD_DELAY=0", "-s", "ROBOTSTXT_OBEY=False",
        "-s", "DODARCHIVE_WARC_PREFIX=replayed", "--recrawl", "--with-media",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    (path,) = out.glob("replayed-*.warc.gz")
    recs = read_warc(path)
    responses = sorted(r.uri for r in recs if r.type == "response")
    assert responses == [f"{crawls.base}/gzip", f"{crawls.base}/old", f"{crawls.base}/page"]
    assert by(recs, "response", f"{crawls.base}/gzip").body == specials.GZIP_BODY
    # what went to the replay server is not stored; the request is rebuilt for the original
    host = crawls.base.removeprefix("http://")
    assert by(recs, "request", f"{crawls.base}/gzip").block.startswith(
        f"GET /gzip HTTP/1.1\r\nHost: {host}\r\n".encode()
    )
    assert not [r for r in recs if "WARC-IP-Address" in r.warc]
    assert b"DODARCHIVE_REPLAY_URL=http://127.0.0.1:" in recs[0].body
    assert b"DODARCHIVE_WITH_MEDIA=True; DODARCHIVE_RECRAWL=True" in recs[0].body


def test_unknown_spider_is_a_clear_error() -> None:
    result = run(*dodarchive_cmd(), "crawl", "nosuchspider")
    assert result.returncode == 2
    assert "no spider 'nosuchspider'; known: " in result.stderr
    assert "urls" in result.stderr
