"""``dodarchive report``: the counts behind the charts, the page, and a real browser."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html as lxml_html

from dodarchive.report import load, render_html, write_report
from dodarchive.report.data import ReportInputError
from tests.conftest import FIXTURE_WARCS, ROOT

ARTIFACTS = Path(os.environ.get("DODARCHIVE_TEST_ARTIFACTS", ROOT / ".artifacts"))


def _article(url: str, date: str | None, template: str, **fields: object) -> dict[str, object]:
    row: dict[str, object] = {
        "url": url,
        "headline": "H",
        "pageType": fields.pop("pageType", "news-article"),
        "datePublished": date,
        "extractor": {"name": template, "version": "1"},
        "authors": [],
    }
    row.update(fields)
    return row


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def small_out(tmp_path: Path) -> Path:
    """A hand-made output folder: 4 articles, rejects, a summary, history and awards."""
    out = tmp_path / "out"
    out.mkdir()
    _write_jsonl(
        out / "articles.jsonl",
        [
            _article(
                "https://www.af.mil/News/Article-Display/Article/1/x/",
                "2016-01-16",
                "AfmilPrintArticlePage",
                authors=[{"name": "Timothy Moore"}],
                sourceOrganization="86th Airlift Wing Public Affairs",
                images=[{"url": "u"}],
            ),
            _article(
                "https://www.af.mil/News/Article-Display/Article/2/y/",
                "2016-03-02",
                "AfmilPrintArticlePage",
                authors=[{"name": "Timothy Moore"}, {"name": "Jane Roe"}],
            ),
            _article(
                "https://www.war.gov/News/Releases/Release/Article/3981590/x/",
                "2025-09-30T17:00:00-04:00",
                "DnnReleasePage",
                pageType="release",
                sourceOrganization="Department of War",
            ),
            _article("http://example.com/page", None, "trafilatura"),
        ],
    )
    (out / "summary.json").write_text(
        json.dumps({"rejected": {"not-html": 2}, "skipped": {"feed": 5, "listing": 1}}),
        encoding="utf-8",
    )
    _write_jsonl(
        out / "versions.jsonl",
        [
            {
                "articleKey": "wargov:release:1",
                "version": 1,
                "headline": "A",
                "firstSeen": "2025-01-01T00:00:00Z",
            },
            {
                "articleKey": "wargov:release:1",
                "version": 2,
                "headline": "A (updated)",
                "firstSeen": "2025-02-03T04:05:06Z",
                "captures": [{"url": "https://www.war.gov/x"}],
                "changes": {"significance": 0.4, "added": ["One.", "Two."], "removed": ["Old."]},
            },
        ],
    )
    _write_jsonl(
        out / "awards.jsonl",
        [
            {
                "datePublished": "2019-06-28",
                "agency": "NAVY",
                "amountUsd": 12_500_000,
                "contractors": [{"name": "Acme Corp."}],
            },
            {
                "datePublished": "2019-06-28",
                "agency": "ARMY",
                "amountUsd": 3_000_000,
                "contractors": [{"name": "Acme Corp."}],
            },
            {
                "datePublished": "2019-07-01",
                "agency": "NAVY",
                "amountUsd": 90_000_000,
                "contractors": [{"name": "A Inc."}, {"name": "B LLC"}],
            },
        ],
    )
    return out


def test_counts_of_a_hand_made_output_folder(small_out: Path) -> None:
    data = load(small_out)
    assert data.articles == 4
    assert data.undated == 1
    assert (data.first_date, data.last_date) == ("2016-01-16", "2025-09-30")
    assert dict(data.by_month_site) == {
        ("2016-01", "afmil"): 1,
        ("2016-03", "afmil"): 1,
        ("2025-09", "wargov"): 1,
    }
    assert dict(data.by_month_type) == {
        ("2016-01", "news-article"): 1,
        ("2016-03", "news-article"): 1,
        ("2025-09", "release"): 1,
    }
    assert dict(data.templates) == {
        "AfmilPrintArticlePage": 2,
        "DnnReleasePage": 1,
        "trafilatura": 1,
    }
    assert data.filled["AfmilPrintArticlePage"]["authors"] == 2
    assert data.filled["AfmilPrintArticlePage"]["images"] == 1
    assert data.filled["AfmilPrintArticlePage"]["sourceOrganization"] == 1
    assert data.filled["trafilatura"]["datePublished"] == 0
    assert dict(data.rejects) == {"not-html": 2}
    assert dict(data.skips) == {"feed": 5, "listing": 1}
    assert data.authors.most_common(1) == [("Timothy Moore", 2)]
    assert len(data.edits) == 1
    edit = data.edits[0]
    assert (edit.version, edit.added, edit.removed, edit.significance) == (2, 2, 1, 0.4)
    assert data.award_count == 3
    assert dict(data.dollars_by_month) == {"2019-06": 15_500_000, "2019-07": 90_000_000}
    assert dict(data.dollars_by_agency) == {"NAVY": 102_500_000, "ARMY": 3_000_000}
    # a multiple-award paragraph's combined value is credited to no single company
    assert dict(data.dollars_by_contractor) == {"Acme Corp.": 15_500_000}


def test_page_holds_every_section_with_its_table(small_out: Path) -> None:
    page = render_html(load(small_out), diff_base="diffs")
    doc = lxml_html.fromstring(page)
    assert [h.text_content() for h in doc.iter("h2")] == [
        "Coverage",
        "Quality",
        "Sources",
        "Edits",
        "Contracts",
    ]
    assert "2016-01-16 to 2025-09-30; 1 without a publication date" in doc.text_content()
    # every chart is an inline SVG, with a title and axis labels as text
    svgs = doc.xpath("//svg")
    assert len(svgs) >= 8
    text = page
    for label in (
        "Articles per month, by site",
        "month published",
        "Field fill rate per template (% of its articles)",
    ):
        assert label in text
    # the edit links to its diff page
    assert doc.xpath("//section[@id='edits']//a/@href") == ["diffs/wargov_release_1.html"]
    # the fill-rate table view states the rates
    rows = {
        r[0].text_content(): [c.text_content() for c in r]
        for r in doc.xpath("//section[@id='quality']//tbody/tr")
        if len(r) > 3
    }
    assert rows["AfmilPrintArticlePage"][:4] == ["AfmilPrintArticlePage", "2", "100%", "100%"]
    assert rows["trafilatura"][3] == "0%"


def test_page_without_history_or_awards_has_no_such_sections(tmp_path: Path) -> None:
    articles = _write_jsonl(
        tmp_path / "a.jsonl", [_article("https://www.af.mil/a", "2020-01-02", "T")]
    )
    page = render_html(load(articles))
    assert "id=edits" not in page
    assert "id=contracts" not in page


def test_report_is_deterministic(small_out: Path, tmp_path: Path) -> None:
    write_report(small_out, tmp_path / "1.html")
    write_report(small_out, tmp_path / "2.html")
    assert (tmp_path / "1.html").read_bytes() == (tmp_path / "2.html").read_bytes()


def test_report_fetches_nothing_by_construction(small_out: Path) -> None:
    doc = lxml_html.fromstring(render_html(load(small_out), diff_base="diffs"))
    for element in doc.iter():
        for attr in ("src", "href", "xlink:href", "{http://www.w3.org/1999/xlink}href", "data"):
            value = element.get(attr) or ""
            assert not value.startswith(("http:", "https:", "//")), (element.tag, attr, value)
    assert not doc.xpath("//script[@src] | //link[@rel='stylesheet'] | //img | //iframe")
    page = render_html(load(small_out))
    assert "@import" not in page
    # url() only for in-page references (matplotlib's clip paths: url(#p1a2b3c))
    assert re.findall(r"url\((?!#)", page) == []


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dodarchive", "report", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_cli_missing_input_is_one_line_exit_3(tmp_path: Path) -> None:
    proc = _cli(str(tmp_path / "nope"), "-o", str(tmp_path / "r.html"))
    assert proc.returncode == 3
    assert proc.stderr.strip().splitlines() == [
        f"dodarchive report: error: {tmp_path / 'nope'}: no such file or folder"
    ]
    assert not (tmp_path / "r.html").exists()


def test_cli_not_jsonl_is_exit_3_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "articles.jsonl"
    bad.write_text("<html>not json</html>\n", encoding="utf-8")
    proc = _cli(str(bad), "-o", str(tmp_path / "r.html"))
    assert proc.returncode == 3
    assert "not JSON Lines" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.jsonl"]


def test_cli_wrong_shape_is_exit_3(tmp_path: Path) -> None:
    rejects = _write_jsonl(tmp_path / "rejects.jsonl", [{"reason": "x", "detail": "y"}])
    proc = _cli(str(rejects), "-o", str(tmp_path / "r.html"))
    assert proc.returncode == 3
    assert "lacks headline/pageType" in proc.stderr


def test_load_of_missing_articles_in_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ReportInputError, match=r"articles\.jsonl: no such file"):
        load(tmp_path)


def test_cli_unwritable_output_is_exit_5(small_out: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    proc = _cli(str(small_out), "-o", str(blocker / "r.html"))
    assert proc.returncode == 5
    assert proc.stderr.startswith("dodarchive report: error: ")


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus: every fixture WARC extracted, as `make run` does."""
    out = tmp_path_factory.mktemp("demo")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dodarchive",
            "extract",
            str(FIXTURE_WARCS),
            "-o",
            str(out / "articles.jsonl"),
            "--rejects",
            str(out / "rejects.jsonl"),
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    (out / "summary.json").write_text(proc.stdout, encoding="utf-8")
    return out


def test_report_of_the_demo_corpus(demo_out: Path) -> None:
    data = load(demo_out)
    assert data.articles == 168  # the 10 af.mil speeches, undated, are stubs
    assert data.undated == 43
    assert (data.first_date, data.last_date) == ("2003-04-01", "2025-09-30")
    assert data.templates["AfmilPrintArticlePage"] == 117
    assert data.templates["AfmilBioPrintPage"] == 43
    assert data.skips["feed"] == 48
    assert (
        sum(n for (_, site), n in data.by_month_site.items() if site == "afmil") + data.undated
        >= 117
    )


#: Chromium's own service endpoints (updates, sign-in, network time): the browser calls them
#: at start whatever the page holds, so they are not the page's requests. Any other host,
#: googleapis fonts included, is.
BROWSER_SERVICES = frozenset(
    {
        "update.googleapis.com",
        "accounts.google.com",
        "clients2.google.com",
        "optimizationguide-pa.googleapis.com",
        "www.google.com",
        "safebrowsingohttpgateway.googleapis.com",
    }
)


def _target_host(request_head: bytes) -> str:
    """The host a proxied request asks for: ``CONNECT h:443`` or ``GET http://h/...``."""
    parts = request_head.split(b"\r\n", 1)[0].split()
    if len(parts) < 2:
        return ""
    target = parts[1].decode("latin-1")
    if parts[0] == b"CONNECT":
        return target.rsplit(":", 1)[0]
    return target.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


class _CountingProxy:
    """A TCP listener that counts every connection a browser makes through it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.connections.append(conn.recv(512))
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def proxy() -> Iterator[_CountingProxy]:
    p = _CountingProxy()
    yield p
    p.close()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.parametrize("width", [1400, 390])
def test_report_renders_offline_in_chromium(
    demo_out: Path, tmp_path: Path, proxy: _CountingProxy, width: int
) -> None:
    assert CHROMIUM, "chromium missing: `make chromium` (make test does) installs Debian's package"
    report = write_report(demo_out, tmp_path / "report.html")
    assert report.articles == 168
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"report-{width}.png"
    shot.unlink(missing_ok=True)
    base = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        # Every request the page might make goes to the counting proxy, loopback included.
        f"--proxy-server=http://127.0.0.1:{proxy.port}",
        "--proxy-bypass-list=<-loopback>",
        f"--window-size={width},2000",
    ]
    url = (tmp_path / "report.html").as_uri()
    dom = subprocess.run(
        [*base, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True
    )
    assert "Articles per month, by site" in dom.stdout
    assert dom.stdout.count("<svg") >= 6
    subprocess.run(
        [*base, f"--screenshot={shot}", url], capture_output=True, timeout=120, check=True
    )
    assert shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # A connection that never sends a request line (Chromium pre-connects to its proxy)
    # fetches nothing; every request line names its host.
    requests = [c for c in proxy.connections if c]
    page_requests = [c for c in requests if _target_host(c) not in BROWSER_SERVICES]
    assert page_requests == [], "the report page made network requests"


def test_the_browser_check_catches_a_page_that_fetches(
    tmp_path: Path, proxy: _CountingProxy
) -> None:
    """The control: a page with one remote image is caught by the same check."""
    assert CHROMIUM, "chromium missing: `make chromium` (make test does) installs Debian's package"
    page = tmp_path / "leaky.html"
    page.write_text(
        '<html><body><img src="http://report-test.example/x.png"></body></html>', encoding="utf-8"
    )
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--proxy-server=http://127.0.0.1:{proxy.port}",
            "--proxy-bypass-list=<-loopback>",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    hosts = {_target_host(c) for c in proxy.connections}
    assert "report-test.example" in hosts
