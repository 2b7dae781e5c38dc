#!/usr/bin/env python3
"""Build the article-history fixture WARC from real corpus pages, several captures each.

Usage::

    python scripts/build_history_warcs.py [--corpus ../shared/corpus] [--out tests/fixtures/history]

Writes ``history.warc.gz``: ``response`` records (and one ``conversion`` record) whose
record ids derive from the capture's name and whose dates are fixed below, so
rebuilding gives the same bytes. Each capture says what it tests:

- ``release-*``: the war.gov release 3981590 (real page): the original capture on
  www.defense.gov; a capture a week later on www.war.gov where only page chrome changed
  (a new ``__VIEWSTATE`` value, an HTML comment, a script); a capture a week after that
  with a body edit (163,000 becomes 165,000, and an editor's note is added).
- ``legacy-13347-*``: the legacy release 13347 (a real Wayback ``id_`` capture): fetched
  from web.archive.org (WARC-Date in 2026, archive timestamp 2010-11-29), and direct
  captures under defenselink.mil and archive.defense.gov URL forms (case, tracking
  parameter).
- ``legacy-10512``: another legacy casualty release (real), a different article with
  the same kind of headline ("DoD Identifies Army Casualty").
- ``afmil-643354-*``: an af.mil article's print view (real) and its Article-Display
  address. The corpus has no Article-Display page of af.mil, so the print view's own
  bytes are archived under the Article-Display URL: this capture tests identity only.
- ``putin-*``: the seed's text capture (a ``conversion`` record under the defenselink
  URL) and the reconstructed HTML of the same news article under defense.gov.
"""

from __future__ import annotations

import argparse
import io
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
NAMESPACE = uuid.UUID("0b3c8a52-1f2e-4d7a-9a55-6e1d2c3b4a5f")
RELEASE = "/News/Releases/Release/Article/3981590/dod-announces-2024-defense-acquisition-awards/"
LEGACY = "releases/release.aspx?releaseid=13347"


@dataclass(frozen=True)
class Capture:
    """One record to write: name (for the record id), URL, WARC-Date, body, kind."""

    name: str
    url: str
    date: str
    body: bytes
    kind: str = "response"
    content_type: str = "text/html; charset=utf-8"


def chrome_only(page: bytes) -> bytes:
    """The page with only chrome changed: view state, a comment, a script."""
    page, count = re.subn(rb'(id="__VIEWSTATE" value=")[^"]*', rb"\1QUJDREVGR0hJSktMTU5PUA==", page)
    assert count == 1, "no __VIEWSTATE"
    page = page.replace(b"</head>", b"<script>window.dataLayer=[{'v':2}];</script></head>", 1)
    return page.replace(b"<body", b"<!-- served by web02 at 2025-11-09 --><body", 1)


def body_edit(page: bytes) -> bytes:
    """The page with an edited body: a changed number and an added editor's note."""
    old = b"comprised of nearly 163,000 civilian"
    assert page.count(old) == 1
    page = page.replace(old, b"comprised of nearly 165,000 civilian")
    marker = b"<p>The Defense Acquisition Workforce is comprised"
    note = (
        b"<p>Editor's note: This release was updated on Nov. 14, 2025, to correct the size "
        b"of the workforce.</p>\n"
    )
    assert page.count(marker) == 1
    return page.replace(marker, note + marker)


def captures(corpus: Path) -> list[Capture]:
    """Every capture of the fixture, in file order."""
    release = (corpus / "wargov-2025" / "release-3981590.html").read_bytes()
    legacy = (corpus / "legacy" / "dod-release-163-10-gelig.html").read_bytes()
    sellen = (corpus / "legacy" / "dod-release-175-07-sellen.html").read_bytes()
    afmil = (corpus / "afmil-2016" / "print-643354.html").read_bytes()
    putin_html = (ROOT / "tests/fixtures/reconstructed/newsarticle-putin-2007.html").read_bytes()
    seed = (ROOT / "tests/fixtures/seed/000_3799e5ddaccbd4d4.txt").read_bytes()
    legacy_type = "text/html; charset=iso-8859-1"
    return [
        Capture("release-original", "https://www.defense.gov" + RELEASE,
                "2025-11-02T00:00:00Z", release),
        Capture("release-chrome", "https://www.war.gov" + RELEASE,
                "2025-11-09T00:00:00Z", chrome_only(release)),
        Capture("release-edit", "https://www.war.gov" + RELEASE,
                "2025-11-16T00:00:00Z", body_edit(chrome_only(release))),
        Capture("legacy-13347-wayback",
                f"https://web.archive.org/web/20101129102522id_/http://www.defense.gov/{LEGACY}",
                "2026-01-05T00:00:00Z", legacy, content_type=legacy_type),
        Capture("legacy-13347-defenselink",
                "http://www.defenselink.mil/Releases/Release.aspx?ReleaseID=13347",
                "2010-12-15T00:00:00Z", legacy, content_type=legacy_type),
        Capture("legacy-13347-archive",
                "https://archive.defense.gov/Releases/Release.aspx?releaseid=13347&utm_source=rss",
                "2016-03-01T00:00:00Z", legacy, content_type=legacy_type),
        Capture("legacy-10512",
                "http://www.defenselink.mil/Releases/Release.aspx?ReleaseID=10512",
                "2008-01-09T12:27:41Z", sellen, content_type=legacy_type),
        Capture("afmil-643354-print",
                "http://www.af.mil/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId=850&Article=643354",
                "2016-01-18T08:49:18Z", afmil),
        Capture("afmil-643354-display",
                "https://www.af.mil/News/Article-Display/Article/643354/prepping-aircraft-for-paint-jobs-in-depth-inspections/",
                "2016-02-01T00:00:00Z", afmil),
        Capture("putin-text", "http://www.defenselink.mil/news/newsarticle.aspx?id=46641",
                "2007-07-03T00:00:00Z", seed, kind="conversion", content_type="text/plain"),
        Capture("putin-html", "http://www.defense.gov/news/newsarticle.aspx?id=46641",
                "2010-11-29T10:25:22Z", putin_html),
    ]  # fmt: skip


def write(records: list[Capture], out: io.BufferedIOBase) -> None:
    """Write ``records`` as one gzip WARC/1.1 with deterministic ids and dates."""
    writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
    for cap in records:
        record_id = f"<urn:uuid:{uuid.uuid5(NAMESPACE, cap.name)}>"
        headers = {"WARC-Date": cap.date, "WARC-Record-ID": record_id}
        if cap.kind == "conversion":
            rec = writer.create_warc_record(
                cap.url, "conversion", payload=io.BytesIO(cap.body), length=len(cap.body),
                warc_content_type=cap.content_type, warc_headers_dict=headers,
            )  # fmt: skip
        else:
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", cap.content_type), ("Content-Length", str(len(cap.body)))],
                protocol="HTTP/1.1",
            )
            rec = writer.create_warc_record(
                cap.url, "response", payload=io.BytesIO(cap.body), length=len(cap.body),
                http_headers=http, warc_headers_dict=headers,
            )  # fmt: skip
        writer.write_record(rec)


def main() -> None:
    """Build ``OUT/history.warc.gz``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "history")
    ns = parser.parse_args()
    ns.out.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write(captures(ns.corpus), buffer)
    (ns.out / "history.warc.gz").write_bytes(buffer.getvalue())
    print(ns.out / "history.warc.gz")


if __name__ == "__main__":
    main()
