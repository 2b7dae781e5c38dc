#!/usr/bin/env python3
"""Build ``tests/fixtures/wayback/legacy-cdx.warc.gz``: the web archive, offline.

Usage::

    python scripts/build_wayback_fixture.py [--corpus ../shared/corpus] [--out FILE]

What a wayback crawl of the ``legacy`` spider (``-a source=wayback -a from=2007 -a
to=2012``, ``DODARCHIVE_WAYBACK_CDX_LIMIT=2``) asks the archive, answered so the replay
server can serve it:

- **CDX answers, reconstructed.** Every query the spider makes
  (:func:`dodarchive.wayback.cdx_queries`, and the resume-key follow-ups) gets a JSON
  answer computed from the corpus's legacy captures: a row per capture whose original URL
  lies under the query's prefix, paged by the limit with resume keys as the CDX API does.
  Digests are the real sha1 base32 of the bodies. Two rows are ours alone: a later
  capture of release 13347 with the same digest (a crawl must fetch it once) and a
  monthly listing (a crawl must not fetch listings from the archive).
- **Captures, real bodies.** The four legacy releases are byte-exact ``id_`` captures
  (the corpus's ``url`` column is the archive URL, with its real timestamp); their HTTP
  headers are reconstructed (Content-Type, Memento-Datetime, Content-Length).

Every response has a ``metadata`` record saying which parts are reconstructed. Record ids
(uuid5) and dates are derived from the content, never random: rebuilding gives the same
bytes.
"""

from __future__ import annotations

import argparse
import base64
import csv
import email.utils
import hashlib
import io
import json
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dodarchive.sites import table  # noqa: E402
from dodarchive.wayback import capture_url, cdx_queries, cdx_url  # noqa: E402

NAMESPACE = uuid.UUID("0b6f3e0a-7a43-4a0e-9a55-3c1b1d2f9e11")
#: The crawl the fixture answers (the test runs exactly this).
SINCE, UNTIL, LIMIT = "2007", "2012", 2
#: WARC-Date of every record: the day this fixture was made (a stated constant).
FETCHED = "2026-12-02T00:00:00Z"
FIELDS = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]


@dataclass(frozen=True)
class Row:
    """One CDX row, and the capture body when the fixture serves it."""

    timestamp: str
    original: str
    digest: str
    length: int
    body: bytes | None
    note: str


def surt(url: str) -> str:
    """The CDX ``urlkey`` of ``url``: host reversed without ``www``, ``)``, path?query.

    >>> surt("http://www.defense.gov/Releases/Release.aspx?ReleaseID=1")
    'gov,defense)/releases/release.aspx?releaseid=1'
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    key = ",".join(reversed(host.split("."))) + ")" + parts.path.lower()
    return key + ("?" + parts.query.lower() if parts.query else "")


def sha1_b32(body: bytes) -> str:
    """The CDX digest of ``body``."""
    return base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def corpus_rows(corpus: Path) -> list[Row]:
    """The legacy captures of the corpus, plus the two rows that exist only here."""
    rows = []
    with (corpus / "INDEX.tsv").open(encoding="utf-8") as fh:
        for entry in csv.DictReader(fh, delimiter="\t"):
            if not entry["file"].startswith("legacy/") or "/excerpts/" in entry["file"]:
                continue
            archived = entry["url"]
            stamp, _, original = archived.split("/web/", 1)[1].partition("id_/")
            body = (corpus / entry["file"]).read_bytes()
            note = f"capture body: corpus file {entry['file']} (byte-exact id_ capture)"
            rows.append(Row(stamp, original, sha1_b32(body), len(body), body, note))
    first = min(rows, key=lambda r: r.original)
    later = f"{int(first.timestamp[:4]) + 1}{first.timestamp[4:]}"
    rows.append(
        Row(later, first.original, first.digest, first.length, None,
            "reconstructed row: a later capture with the same digest")
    )  # fmt: skip
    rows.append(
        Row("20080115000000", "http://www.defense.gov/news/articles.aspx?m=1&y=2008",
            "LISTINGXXXXXXXXXXXXXXXXXXXXXXXXX", 1000, None,
            "reconstructed row: a monthly listing (not fetched from the archive)")
    )  # fmt: skip
    return sorted(rows, key=lambda r: (surt(r.original), r.timestamp))


def answers(rows: list[Row]) -> dict[str, bytes]:
    """Every CDX query URL of the crawl → its JSON answer."""
    out: dict[str, bytes] = {}
    for first in cdx_queries([table().sites["legacy"]], since=SINCE, until=UNTIL, limit=LIMIT):
        prefix = dict(p.split("=", 1) for p in urlsplit(first).query.split("&"))["url"]
        from urllib.parse import unquote

        prefix = unquote(prefix).lower()
        match = [
            r for r in rows
            if surt_prefix(r.original).startswith(prefix) and SINCE <= r.timestamp[:4] <= UNTIL
        ]  # fmt: skip
        url = first
        for start in range(0, max(len(match), 1), LIMIT):
            page = match[start : start + LIMIT]
            body: list[list[str]] = [FIELDS] if page else []
            body += [
                [surt(r.original), r.timestamp, r.original, "text/html", "200", r.digest,
                 str(r.length)]
                for r in page
            ]  # fmt: skip
            rest = match[start + LIMIT :]
            resume = f"{surt(rest[0].original)} {rest[0].timestamp}" if rest else None
            if resume:
                body += [[], [resume]]
            out[url] = json.dumps(body).encode("utf-8") + b"\n"
            if resume:
                url = cdx_url(prefix, since=SINCE, until=UNTIL, limit=LIMIT, resume_key=resume)
    return out


def surt_prefix(url: str) -> str:
    """``host/path?query`` of ``url``, lower-case, without ``www.``: what a query matches."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host + parts.path.lower() + ("?" + parts.query.lower() if parts.query else "")


def _id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, '|'.join(parts))}>"


def _http_date(stamp: str) -> str:
    dt = datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return email.utils.format_datetime(dt, usegmt=True)


def write(out: io.BufferedIOBase, cdx: dict[str, bytes], rows: list[Row]) -> None:
    """The fixture WARC: warcinfo, then response + metadata per URL, in a stable order."""
    writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
    info = writer.create_warcinfo_record(
        "legacy-cdx.warc.gz",
        {
            "software": "dodarchive fixture builder (scripts/build_wayback_fixture.py)",
            "format": "WARC File Format 1.1",
            "description": "The web archive, offline, for a wayback crawl of the legacy "
            "spider: reconstructed CDX answers, real capture bodies (see the script).",
        },
    )
    info_id = _id("warcinfo")
    info.rec_headers.replace_header("WARC-Record-ID", info_id)
    info.rec_headers.replace_header("WARC-Date", FETCHED)
    writer.write_record(info)
    items: list[tuple[str, bytes, list[tuple[str, str]], str]] = [
        (url, body, [("Content-Type", "text/plain")],
         "reconstructed: CDX answer computed from the corpus's legacy captures")
        for url, body in sorted(cdx.items())
    ]  # fmt: skip
    for row in rows:
        if row.body is None:
            continue
        headers = [("Content-Type", "text/html; charset=utf-8"),
                   ("Memento-Datetime", _http_date(row.timestamp))]  # fmt: skip
        note = f"reconstructed HTTP headers; {row.note}"
        items.append((capture_url(row.timestamp, row.original), row.body, headers, note))
    for url, body, headers, note in items:
        resp_id, meta_id = _id(url, "response"), _id(url, "metadata")
        common = {"WARC-Date": FETCHED, "WARC-Warcinfo-ID": info_id}
        http = StatusAndHeaders(
            "200 OK", [*headers, ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
        )
        resp = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
            warc_headers_dict={**common, "WARC-Record-ID": resp_id},
        )  # fmt: skip
        fields = f"reconstructed: yes\r\nnotes: {note}\r\n".encode()
        meta = writer.create_warc_record(
            url, "metadata", payload=io.BytesIO(fields), length=len(fields),
            warc_content_type="application/warc-fields",
            warc_headers_dict={**common, "WARC-Record-ID": meta_id, "WARC-Refers-To": resp_id},
        )  # fmt: skip
        writer.write_record(resp)
        writer.write_record(meta)


def main(argv: list[str] | None = None) -> int:
    """Build the fixture; prints its path and the number of CDX answers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent.parent / "shared" / "corpus")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "tests" / "fixtures" / "wayback" / "legacy-cdx.warc.gz"
    )
    args = parser.parse_args(argv)
    rows = corpus_rows(args.corpus)
    cdx = answers(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("wb") as fh:
        write(fh, cdx, rows)
    print(f"{args.out}: {len(cdx)} CDX answers, {sum(r.body is not None for r in rows)} captures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
