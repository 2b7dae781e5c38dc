"""Real crawls (``scrapy crawl`` subprocesses) through the replay server on loopback.

The replay server runs in this process, so its hit and miss lists are an exact,
independent record of every URL the crawl fetched. The expected URL sets are computed
here from the fixture feeds with a regex and the issue's ModuleId table, not with the
spider's code.

When the WARC writer (issue 3) lands, ``run_crawl`` gains ``--out``: then also assert
that the set of ``WARC-Target-URI``s of the written response records equals ``hits``
(plus the 404s, which are archived too), and ``warcio check`` passes.
"""

from __future__ import annotations

import io
import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dodarchive.replay.server import ReplayIndex, ReplayServer
from dodarchive.warc.reader import iter_records
from tests.conftest import FIXTURE_WARCS, ROOT, subprocess_env
from tests.reliability.crawlkill import recovery_problems

AFMIL_WARC = FIXTURE_WARCS / "afmil-2016.warc.gz"
PRINT = "http://www.af.mil/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId={}&Article={}"
#: The issue's table: section tabid -> print-view ModuleId (features, 273, has none).
MODULE_OF_TABID = {223: 850, 271: 1042, 225: 858, 224: 854, 268: 1032}
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "LOG_LEVEL": "WARNING",
}
EXTENSIONS = json.dumps(
    {"tests.crawl.statsfile.StatsFile": 0, "dodarchive.extensions.jobdir.JobDirGuard": 0}
)


@pytest.fixture
def server_over() -> Iterator[Any]:
    """Start in-process replay servers over chosen WARCs; stopped at the end."""
    started: list[ReplayServer] = []

    def start(*warcs: Path) -> ReplayServer:
        server = ReplayServer(ReplayIndex(list(warcs)), keep_urls=True)
        server.start_background()
        started.append(server)
        return server

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def crawl_cmd(spider: str, server: ReplayServer, stats: Path, args: dict[str, str],
              settings: dict[str, str]) -> list[str]:  # fmt: skip
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in args.items():
        cmd += ["-a", f"{key}={value}"]
    merged = {
        **FAST,
        "DODARCHIVE_REPLAY_URL": server.url,
        "EXTENSIONS": EXTENSIONS,
        "DODARCHIVE_TEST_STATS": str(stats),
        # Each test's WARCs (and the incremental skip's memory) stay in its own folder.
        "DODARCHIVE_WARC_DIR": str(stats.parent / "warc"),
        **settings,
    }
    for key, value in merged.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd


def crawl_env() -> dict[str, str]:
    env = subprocess_env()
    env["PYTHONPATH"] = str(ROOT)
    env.pop("DODARCHIVE_CONTACT", None)
    return env


def run_crawl(spider: str, server: ReplayServer, tmp: Path, args: dict[str, str],
              settings: dict[str, str] | None = None) -> dict[str, Any]:  # fmt: skip
    """Run a crawl to the end; return its final stats."""
    stats = tmp / f"stats-{time.monotonic_ns()}.json"
    proc = subprocess.run(
        crawl_cmd(spider, server, stats, args, settings or {}),
        cwd=ROOT, env=crawl_env(), capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    result: dict[str, Any] = json.loads(stats.read_text(encoding="utf-8"))
    return result


def archived(tmp: Path) -> tuple[list[Path], set[str]]:
    """The WARCs a test crawl wrote, after checking they validate, and the URLs they hold."""
    from dodarchive.warc.validate import validate

    warcs = sorted((tmp / "warc").glob("*.warc.gz"))
    assert warcs, "the crawl wrote no WARC"
    report = validate(warcs)
    assert [str(p) for p in report.problems] == []
    urls = {r.url for w in warcs for r in iter_records(w, max_body=0)}  # responses, revisits
    return warcs, urls


def feeds() -> dict[str, bytes]:
    """Fixture af.mil feed URL -> body."""
    return {r.url: r.body for r in iter_records(AFMIL_WARC) if "RSS.ashx" in r.url}


def expected_from(feed_bodies: list[bytes]) -> tuple[set[str], set[str]]:
    """(display pages, print views) an af.mil crawl of these feeds must request."""
    displays, prints = set(), set()
    for body in feed_bodies:
        for item in re.findall(rb"<item>(.*?)</item>", body, flags=re.S):
            link = re.search(rb"<link>\s*([^<\s]+)\s*</link>", item)
            assert link is not None
            url = link.group(1).decode()
            displays.add(url)
            m = re.search(r"/tabid/(\d+)/Article/(\d+)/", url)
            assert m is not None, url
            if int(m.group(1)) in MODULE_OF_TABID:
                prints.add(PRINT.format(MODULE_OF_TABID[int(m.group(1))], m.group(2)))
    return displays, prints


def fixture_print_views() -> set[str]:
    return {r.url for r in iter_records(AFMIL_WARC) if "Print.aspx" in r.url}


def test_dma_crawl_of_afmil_feeds_fetches_every_reachable_print_view(
    server_over: Any, tmp_path: Path
) -> None:
    all_feeds = feeds()
    assert len(all_feeds) == 47
    server = server_over(*sorted(FIXTURE_WARCS.glob("*.warc.gz")))
    stats = run_crawl("dma", server, tmp_path, {"entries": " ".join(all_feeds)})

    displays, prints = expected_from(list(all_feeds.values()))
    assert (len(displays), len(prints)) == (732, 712)
    reachable = prints & fixture_print_views()
    assert len(reachable) == 85  # of the 170 fixture print views, 85 are linked from feeds

    # exactly these were served from the archive (200): the feeds and the 85 print views
    assert sorted(server.hits) == sorted({*all_feeds, *reachable})
    # and exactly these were asked for: feeds, every display page and print view, robots.txt
    requested = server.hits + server.misses
    assert len(requested) == len(set(requested))  # nothing fetched twice
    assert set(requested) == {
        *all_feeds, *displays, *prints, "http://www.af.mil/robots.txt"
    }  # fmt: skip
    assert len(requested) == 47 + 732 + 712 + 1
    assert {urlsplit(u).hostname for u in requested} == {"www.af.mil"}
    assert stats.get("dodarchive/scope/offsite") is None
    assert stats["dodarchive/spider/no_print_view"] == 20  # the Features feed's items
    assert stats["dodarchive/spider/xml_repaired"] == 1
    assert stats.get("item_scraped_count") is None  # spiders never extract
    # every exchange is in the WARCs (200s, 404s, robots.txt), and nothing else
    warcs, urls = archived(tmp_path)
    assert urls == set(requested)
    assert [w.name.split("-", 1)[0] for w in warcs] == ["dma"]


def _redirect_warc(path: Path) -> list[str]:
    """A feed whose two articles redirect off the table (a host and a loopback address)."""
    feed = "http://www.af.mil/DesktopModules/ArticleCS/RSS.ashx?ContentType=1&Site=1&max=20"
    a = "http://www.af.mil/News/ArticleDisplay/tabid/223/Article/1/a.aspx"
    b = "http://www.af.mil/News/ArticleDisplay/tabid/223/Article/2/b.aspx"
    c = "http://www.af.mil/News/ArticleDisplay/tabid/223/Article/3/c.aspx"
    items = "".join(f"<item><title>t</title><link>{u}</link></item>" for u in (a, b, c))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()
    records = [
        (feed, "200 OK", [("Content-Type", "text/xml; charset=utf-8")], body),
        (a, "301 Moved Permanently", [("Location", "https://evil.example/a")], b""),
        (b, "302 Found", [("Location", "http://127.0.0.1:9/b")], b""),
        (c, "301 Moved Permanently", [("Location", PRINT.format(850, 3))], b""),
    ]
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="WARC/1.1")
        for url, status, headers, payload in records:
            http = StatusAndHeaders(status, [*headers, ("Content-Length", str(len(payload)))],
                                    protocol="HTTP/1.1")  # fmt: skip
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(payload),
                    length=len(payload),
                    http_headers=http,
                )
            )
    return [feed, a, b, c]


def test_redirects_off_the_table_are_never_followed(server_over: Any, tmp_path: Path) -> None:
    feed, a, b, c = _redirect_warc(tmp_path / "redirects.warc.gz")
    server = server_over(tmp_path / "redirects.warc.gz")
    stats = run_crawl("dma", server, tmp_path, {"entries": feed})
    requested = set(server.hits + server.misses)
    assert requested == {
        feed, a, b, c, "http://www.af.mil/robots.txt",
        PRINT.format(850, 1), PRINT.format(850, 2), PRINT.format(850, 3),
    }  # fmt: skip
    assert stats["dodarchive/scope/offsite"] == 2  # evil.example and 127.0.0.1
    assert stats["downloader/response_status_count/301"] == 2
    assert stats["downloader/response_status_count/302"] == 1


def three_feeds() -> tuple[dict[str, bytes], set[str]]:
    """Three af.mil category feeds, and every URL a crawl of them fetches: the feeds, the
    display and print pages they list, and robots.txt."""
    chosen = {u: b for u, b in feeds().items() if re.search(r"Category=75[123]&", u)}
    displays, prints = expected_from(list(chosen.values()))
    return chosen, {*chosen, *displays, *prints, "http://www.af.mil/robots.txt"}


def start_and_wait(server: ReplayServer, cmd: list[str], requests: int = 40) -> Any:
    """Start the crawl ``cmd`` and return its process once ``server`` has seen
    ``requests`` requests; fails if the crawl ends first."""
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while len(server.hits) + len(server.misses) < requests and time.monotonic() < deadline:
        assert proc.poll() is None, "the crawl ended before it could be interrupted"
        time.sleep(0.05)
    return proc


def test_sigkill_then_resume_with_the_same_jobdir_fetches_every_page(
    server_over: Any, tmp_path: Path
) -> None:
    """Killed mid-way with SIGKILL, then resumed: together the runs fetch every page."""
    chosen, everything = three_feeds()
    assert len(chosen) == 3
    assert len(everything) == 3 + 60 + 60 + 1
    server = server_over(AFMIL_WARC)
    jobdir = tmp_path / "job"
    slow = {"JOBDIR": str(jobdir), "CONCURRENT_REQUESTS": "1", "DOWNLOAD_DELAY": "0.005"}
    args = {"entries": " ".join(chosen)}

    proc = start_and_wait(server, crawl_cmd("dma", server, tmp_path / "killed.json", args, slow))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    # what the kill left being written: the one file of this crawl, still .open
    snapshot = {p.name: p.read_bytes() for p in (tmp_path / "warc").glob("*.open")}
    assert len(snapshot) == 1
    first = set(server.hits + server.misses)
    assert 40 <= len(first) < len(everything)  # really cut short
    assert (jobdir / "dodarchive.running").exists()  # and it knows it was not closed cleanly

    stats = run_crawl("dma", server, tmp_path, args, {"JOBDIR": str(jobdir)})
    assert stats["dodarchive/jobdir/recovered"] == 1
    assert stats["finish_reason"] == "finished"
    assert set(server.hits + server.misses) == everything
    assert not (jobdir / "dodarchive.running").exists()
    # The killed run's .open file was closed at its last whole record on the resume (the
    # cut tail, if any, kept as .tail); together the files hold every page and validate.
    problems, cut = recovery_problems(snapshot, tmp_path / "warc")
    assert problems == []  # finished file + tail (if cut) == the killed run's bytes
    assert not list((tmp_path / "warc").glob("*.open"))
    assert len(list((tmp_path / "warc").glob("*.tail"))) == cut
    warcs, urls = archived(tmp_path)
    assert len(warcs) == 2
    assert urls == everything


RELEASES = "https://www.defense.gov/News/Releases/"
CONTRACTS = "https://www.defense.gov/News/Contracts/"
RELEASES_RSS = (
    "https://www.defense.gov/DesktopModules/ArticleCS/RSS.ashx?ContentType=9&Site=945&max=20"
)
RELEASE = (
    "https://www.defense.gov/News/Releases/Release/Article/3981590/"
    "dod-announces-2024-defense-acquisition-awards/"
)
CONTRACT = "https://www.defense.gov/News/Contracts/Contract/Article/4319114/"
OLD_RELEASE = (
    "https://www.defense.gov/Newsroom/Releases/Release/Article/2411098/general-officer-assignments/"
)


@pytest.mark.parametrize(
    ("since", "articles"),
    [(None, {RELEASE, CONTRACT, OLD_RELEASE}), ("2024-12-01", {RELEASE, CONTRACT})],
)
def test_wargov_crawl_pages_listings_and_stops_at_since(
    server_over: Any, tmp_path: Path, since: str | None, articles: set[str]
) -> None:
    """Listings (paged) and the feed of the reconstructed entry pages; since stops paging."""
    server = server_over(*sorted(FIXTURE_WARCS.glob("*.warc.gz")))
    args = {"entries": f"{RELEASES_RSS} {RELEASES} {CONTRACTS}"}
    if since:
        args["since"] = since
    stats = run_crawl("wargov", server, tmp_path, args)
    requested = server.hits + server.misses
    assert len(requested) == len(set(requested))
    assert set(requested) == {
        RELEASES_RSS, RELEASES, f"{RELEASES}?Page=2", CONTRACTS,
        "https://www.defense.gov/robots.txt", *articles,
    }  # fmt: skip
    # the two fixture articles are served; the 2020 release is not in the fixtures
    assert set(server.hits) == {RELEASES_RSS, RELEASES, f"{RELEASES}?Page=2", CONTRACTS,
                                RELEASE, CONTRACT}  # fmt: skip
    assert stats.get("dodarchive/spider/older_than_since") == (1 if since else None)


def test_incremental_crawl_skips_print_views_already_in_the_out_folder(
    server_over: Any, tmp_path: Path
) -> None:
    """With the fixture WARC in the out folder, its print views are not fetched again;
    the feeds (listings change) and everything not archived are."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier.warc.gz").write_bytes(AFMIL_WARC.read_bytes())
    chosen = {u: b for u, b in feeds().items() if "Category=761,790,763,764&" in u}
    displays, prints = expected_from(list(chosen.values()))
    archived = prints & fixture_print_views()
    assert (len(chosen), len(displays), len(archived)) == (1, 20, 12)
    server = server_over(AFMIL_WARC)
    stats = run_crawl("dma", server, tmp_path, {"entries": " ".join(chosen)},
                      {"DODARCHIVE_WARC_DIR": str(out)})  # fmt: skip
    requested = server.hits + server.misses
    assert set(requested) == {*chosen, *displays, *(prints - archived),
                              "http://www.af.mil/robots.txt"}  # fmt: skip
    assert stats["dodarchive/incremental/skipped"] == 12
    assert stats["dodarchive/incremental/known"] == 217  # every 200 response of the WARC


def test_ctrl_c_then_resume_continues_from_the_saved_queue(
    server_over: Any, tmp_path: Path
) -> None:
    """A clean stop (SIGINT) keeps Scrapy's queue: the resumed run fetches only the rest
    (plus the entry feeds, which are always read again, and robots.txt)."""
    chosen, everything = three_feeds()
    server = server_over(AFMIL_WARC)
    jobdir = tmp_path / "job"
    slow = {"JOBDIR": str(jobdir), "CONCURRENT_REQUESTS": "1", "DOWNLOAD_DELAY": "0.02"}
    args = {"entries": " ".join(chosen)}
    proc = start_and_wait(server, crawl_cmd("dma", server, tmp_path / "stopped.json", args, slow))
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0
    stopped = json.loads((tmp_path / "stopped.json").read_text(encoding="utf-8"))
    assert stopped["finish_reason"] == "shutdown"
    first = server.hits + server.misses
    assert len(first) < len(everything)
    assert not (jobdir / "dodarchive.running").exists()  # a clean close

    server.hits.clear()
    server.misses.clear()
    stats = run_crawl("dma", server, tmp_path, args, {"JOBDIR": str(jobdir)})
    assert stats.get("dodarchive/jobdir/recovered") is None
    second = server.hits + server.misses
    assert set(first) | set(second) == everything
    # nothing fetched twice across the two runs, except the entry feeds and robots.txt
    assert set(first) & set(second) <= {*chosen, "http://www.af.mil/robots.txt"}


def test_legacy_wayback_crawl_follows_the_archive_redirect(
    server_over: Any, tmp_path: Path
) -> None:
    """source=wayback asks web.archive.org for the raw capture; the archive's redirect to
    the nearest timestamp stays in scope because its original URL is on the table."""
    original = "http://www.defenselink.mil/Releases/Release.aspx?ReleaseID=10512"
    asked = f"https://web.archive.org/web/2008id_/{original}"
    exact = f"https://web.archive.org/web/20080109122741id_/{original}"
    page = next(r for r in iter_records(FIXTURE_WARCS / "legacy.warc.gz") if r.url == original)
    warc = tmp_path / "wayback.warc.gz"
    with warc.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="WARC/1.1")
        for url, status, headers, payload in [
            (asked, "302 Found", [("Location", exact)], b""),
            (exact, "200 OK", [("Content-Type", "text/html; charset=utf-8")], page.body),
        ]:
            http = StatusAndHeaders(status, [*headers, ("Content-Length", str(len(payload)))],
                                    protocol="HTTP/1.1")  # fmt: skip
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(payload),
                    length=len(payload),
                    http_headers=http,
                )
            )
    server = server_over(warc)
    args = {"ids": "10512", "kind": "release", "source": "wayback", "timestamp": "2008",
            "host": "www.defenselink.mil"}  # fmt: skip
    stats = run_crawl("legacy", server, tmp_path, args)
    assert server.hits == [asked, exact]
    assert server.misses == ["https://web.archive.org/robots.txt"]
    assert stats.get("dodarchive/scope/offsite") is None
    # The WARC keeps the archive URLs it fetched, and a metadata record for each names
    # the original URL.
    warcs, urls = archived(tmp_path)
    assert urls == {asked, exact, "https://web.archive.org/robots.txt"}
    records = [r for w in warcs for r in iter_records(w, types=None)]
    responses = {r.ref.recordId: r.url for r in records if r.ref.recordType == "response"}
    notes = {
        responses[r.warc_header("WARC-Refers-To") or ""]: r.body.decode()
        for r in records
        if r.ref.recordType == "metadata"
    }
    assert notes == {asked: f"original-url: {original}\r\n", exact: f"original-url: {original}\r\n"}
