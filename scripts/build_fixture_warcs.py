#!/usr/bin/env python3
"""Build the committed fixture WARCs from the real DoD corpus (and our labelled reconstructions).

Usage::

    python scripts/build_fixture_warcs.py [--corpus ../shared/corpus] [--out tests/fixtures/warc]

Every page becomes a ``request`` + ``response`` record pair plus a ``metadata`` record that
names the corpus file, its fidelity, origin and sha256. Record ids and dates are derived
from the file, never random, so rebuilding gives the same bytes
(``tests/test_fixture_warcs.py`` proves it by rebuilding from the committed WARCs).

Fetch dates (``WARC-Date``) come from INDEX.tsv's ``fetched_at``. Where it is empty the
folder default below is used; each default says where it comes from.
"""

from __future__ import annotations

import argparse
import csv
import email.utils
import hashlib
import io
import re
import sys
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
RECONSTRUCTED_DIR = ROOT / "tests" / "fixtures" / "reconstructed"
NAMESPACE = uuid.UUID("6f0d3c1e-5f55-4e53-9d7a-64f0d2a1c0de")

#: Default fetch date per corpus folder when INDEX.tsv gives none, with the reason.
DEFAULT_DATES: dict[str, tuple[str, str]] = {
    "wargov-2025": ("2025-11-02T00:00:00Z", "INDEX notes: captured 2025-11-02"),
    "defensegov-2018": ("2018-04-29T00:00:00Z", "INDEX notes: saved ~2018, commit 2018-04-29"),
    "defensegov-2020": ("2020-11-01T00:00:00Z", "README: home page, about Nov 2020"),
    "dma-listings": (
        "2020-01-15T00:00:00Z",
        "unknown; stated default (one file is named 2020_0_15)",
    ),
}
#: Two captures of one URL must not share a date; this one is known to be older.
DATE_OVERRIDES: dict[str, tuple[str, str]] = {
    "dma-listings/dod_issuances.html": (
        "2019-06-01T00:00:00Z",
        "unknown; stated default, older capture",
    ),
}

#: Which output WARC each corpus folder goes to.
GROUPS = {
    "afmil-2016": "afmil-2016",
    "wargov-2025": "wargov-2025",
    "defensegov-2018": "defensegov-2018",
    "defensegov-2020": "defensegov-2020",
    "legacy": "legacy",
    "dma-listings": "dma-listings",
}
#: Corpus folders that hold no whole pages, with the reason (any other folder missing
#: from GROUPS is an error: a new kind of page must be placed on purpose).
NOT_PAGES = {
    "contracts-text-2014-2019": "plain text of contract announcements: no HTML, no URL",
}


@dataclass(frozen=True)
class Entry:
    """One page to archive, with everything its provenance record says."""

    file: str
    url: str
    date: str  # WARC-Date, ISO 8601 UTC
    template: str
    fidelity: str
    origin: str
    notes: str
    content_type: str
    body: bytes
    reconstructed: bool
    group: str
    archive_url: str = ""
    date_source: str = "INDEX.tsv fetched_at"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def parse_date(value: str) -> str | None:
    """Normalise an INDEX ``fetched_at`` (HTTP date, 14-digit, or YYYY-MM-DD) to ISO UTC."""
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d{14}", value):
        dt = datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        dt = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    else:
        dt = email.utils.parsedate_to_datetime(value).astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def declared_charset(body: bytes) -> str | None:
    """The charset the document itself declares (meta or XML declaration), if any."""
    head = body[:4096]
    m = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", head, re.I)
    if m is None:
        m = re.search(rb"<\?xml[^>]+encoding=[\"']([A-Za-z0-9_-]+)", head, re.I)
    return m.group(1).decode("ascii").lower() if m else None


def content_type_for(path: str, body: bytes) -> str:
    """``Content-Type`` for the HTTP envelope: the media type plus the declared charset.

    Pages that declare no charset are served as UTF-8, which every such corpus file is
    (checked: they decode as UTF-8); the build fails if one does not.
    """
    charset = declared_charset(body)
    if charset is None:
        body.decode("utf-8")  # raises for a file that is not UTF-8
        charset = "utf-8"
    media = "text/xml" if path.endswith(".xml") else "text/html"
    return f"{media}; charset={charset}"


def entries_from_corpus(corpus: Path) -> list[Entry]:
    """Every whole page in ``corpus/INDEX.tsv`` (excerpts are left out: not whole pages)."""
    entries = []
    with (corpus / "INDEX.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            rel = row["file"]
            folder = rel.split("/", 1)[0]
            if "/excerpts/" in rel or folder in NOT_PAGES:
                continue
            if folder not in GROUPS:
                raise SystemExit(f"{rel}: corpus folder {folder}/ has no fixture WARC (GROUPS)")
            body = (corpus / rel).read_bytes()
            if hashlib.sha256(body).hexdigest() != row["sha256"]:
                raise SystemExit(f"{rel}: sha256 differs from INDEX.tsv")
            url, archive_url = row["url"], ""
            m = re.match(r"original URL: (\S+?);", row["notes"])
            if m:  # legacy: the url column is the web archive's raw capture
                url, archive_url = m.group(1), row["url"]
            date_source = "INDEX.tsv fetched_at"
            date = parse_date(row["fetched_at"])
            if rel in DATE_OVERRIDES:
                date, date_source = DATE_OVERRIDES[rel]
            elif date is None:
                date, date_source = DEFAULT_DATES[folder]
            entries.append(
                Entry(
                    file=rel,
                    url=url,
                    date=date,
                    template=row["template"],
                    fidelity=row["fidelity"],
                    origin=row["origin"] or f"not given in INDEX.tsv (corpus folder {folder}/)",
                    notes=row["notes"],
                    content_type=content_type_for(rel, body),
                    body=body,
                    reconstructed=False,
                    group=GROUPS[folder],
                    archive_url=archive_url,
                    date_source=date_source,
                )
            )
    return entries + entries_from_reconstructed()


def entries_from_reconstructed() -> list[Entry]:
    """Our reconstructed pages, listed in ``tests/fixtures/reconstructed/MANIFEST.tsv``."""
    manifest = RECONSTRUCTED_DIR / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    entries = []
    with manifest.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            body = (RECONSTRUCTED_DIR / row["file"]).read_bytes()
            entries.append(
                Entry(
                    file="reconstructed/" + row["file"],
                    url=row["url"],
                    date=row["date"],
                    template=row["template"],
                    fidelity="reconstructed",
                    origin=row["origin"],
                    notes=row["notes"],
                    content_type=row.get("content_type") or content_type_for(row["file"], body),
                    body=body,
                    reconstructed=True,
                    group=row["group"],
                    date_source="stated in MANIFEST.tsv",
                )
            )
    return entries


def _record_id(entry: Entry, kind: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, f'{entry.group}|{entry.file}|{kind}')}>"


def _http_date(iso: str) -> str:
    dt = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return email.utils.format_datetime(dt, usegmt=True)


def write_warc(entries: Iterable[Entry], out: io.BufferedIOBase | io.BytesIO, group: str) -> None:
    """Write ``entries`` (in the given order) as one gzip WARC/1.1 to ``out``."""
    entries = list(entries)
    writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
    info_date = min(e.date for e in entries)
    info_id = f"<urn:uuid:{uuid.uuid5(NAMESPACE, f'{group}|warcinfo')}>"
    info = writer.create_warcinfo_record(
        f"{group}.warc.gz",
        {
            "software": "dodarchive fixture builder (scripts/build_fixture_warcs.py)",
            "format": "WARC File Format 1.1",
            "description": "Test fixtures built from real DoD pages (shared corpus); "
            "see tests/fixtures/warc/README.md. Records marked reconstructed are ours.",
            "isPartOf": f"dodarchive-fixtures-{group}",
        },
    )
    info.rec_headers.replace_header("WARC-Record-ID", info_id)
    info.rec_headers.replace_header("WARC-Date", info_date)
    writer.write_record(info)
    for entry in entries:
        parts = urlsplit(entry.url)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        kinds = ("request", "response", "metadata")
        req_id, resp_id, meta_id = (_record_id(entry, k) for k in kinds)
        common = {"WARC-Date": entry.date, "WARC-Warcinfo-ID": info_id}
        resp_headers = StatusAndHeaders(
            "200 OK",
            [
                ("Content-Type", entry.content_type),
                ("Content-Length", str(len(entry.body))),
                ("Date", _http_date(entry.date)),
            ],
            protocol="HTTP/1.1",
        )
        resp = writer.create_warc_record(
            entry.url,
            "response",
            payload=io.BytesIO(entry.body),
            length=len(entry.body),
            http_headers=resp_headers,
            warc_headers_dict={**common, "WARC-Record-ID": resp_id, "WARC-Concurrent-To": req_id},
        )
        req_headers = StatusAndHeaders(
            f"GET {path} HTTP/1.1",
            [
                ("Host", parts.netloc),
                ("User-Agent", "dodarchive-fixture-builder"),
                ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
                ("Accept-Encoding", "gzip, deflate"),
            ],
            is_http_request=True,
        )
        req = writer.create_warc_record(
            entry.url,
            "request",
            http_headers=req_headers,
            warc_headers_dict={**common, "WARC-Record-ID": req_id, "WARC-Concurrent-To": resp_id},
        )
        fields = [
            ("fixture-file", entry.file),
            ("fidelity", entry.fidelity),
            ("reconstructed", "yes" if entry.reconstructed else "no"),
            ("template", entry.template),
            ("origin", entry.origin),
            ("sha256", entry.sha256),
            ("date-source", entry.date_source),
        ]
        if entry.archive_url:
            fields.append(("archive-url", entry.archive_url))
        if entry.notes:
            fields.append(("notes", entry.notes))
        meta_body = "".join(f"{k}: {_one_line(v)}\r\n" for k, v in fields).encode("utf-8")
        meta = writer.create_warc_record(
            entry.url,
            "metadata",
            payload=io.BytesIO(meta_body),
            length=len(meta_body),
            warc_content_type="application/warc-fields",
            warc_headers_dict={**common, "WARC-Record-ID": meta_id, "WARC-Refers-To": resp_id},
        )
        writer.write_record(resp)
        writer.write_record(req)
        writer.write_record(meta)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def build(entries: list[Entry], out_dir: Path) -> list[Path]:
    """Write one ``GROUP.warc.gz`` per group, entries sorted by file name; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for group in sorted({e.group for e in entries}):
        members = sorted((e for e in entries if e.group == group), key=lambda e: e.file)
        path = out_dir / f"{group}.warc.gz"
        buf = io.BytesIO()
        write_warc(members, buf, group)
        path.write_bytes(buf.getvalue())
        written.append(path)
    return written


def entries_from_warc(path: Path) -> list[Entry]:
    """Recover the entries a fixture WARC was built from (response + its metadata record)."""
    from warcio.archiveiterator import ArchiveIterator

    group = path.name.removesuffix(".warc.gz")
    responses: dict[str, tuple[str, str, str, bytes]] = {}
    metas: dict[str, dict[str, str]] = {}
    with path.open("rb") as fh:
        for rec in ArchiveIterator(fh):
            rid = rec.rec_headers.get_header("WARC-Record-ID")
            if rec.rec_type == "response":
                responses[rid] = (
                    rec.rec_headers.get_header("WARC-Target-URI"),
                    rec.rec_headers.get_header("WARC-Date"),
                    rec.http_headers.get_header("Content-Type"),
                    rec.raw_stream.read(),
                )
            elif rec.rec_type == "metadata":
                text = rec.raw_stream.read().decode("utf-8")
                fields = dict(line.split(": ", 1) for line in text.split("\r\n") if line)
                metas[rec.rec_headers.get_header("WARC-Refers-To")] = fields
    entries = []
    for rid, (url, date, ctype, body) in responses.items():
        f = metas[rid]
        entries.append(
            Entry(
                file=f["fixture-file"],
                url=url,
                date=date,
                template=f["template"],
                fidelity=f["fidelity"],
                origin=f["origin"],
                notes=f.get("notes", ""),
                content_type=ctype,
                body=body,
                reconstructed=f["reconstructed"] == "yes",
                group=group,
                archive_url=f.get("archive-url", ""),
                date_source=f["date-source"],
            )
        )
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "warc")
    args = parser.parse_args(argv)
    entries = entries_from_corpus(args.corpus)
    for path in build(entries, args.out):
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{sum(1 for e in entries if e.group == path.name.removesuffix('.warc.gz'))} pages, "
            f"{path.stat().st_size} bytes"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
