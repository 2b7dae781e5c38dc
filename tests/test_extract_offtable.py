"""Off-table records in a general-crawl WARC: skipped from their headers, or read through
a CDXJ index, with the on-table articles unchanged byte for byte."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import time
from pathlib import Path

from dodarchive.extract.local import Options, run_extract
from dodarchive.sites import on_table
from dodarchive.warc.cdxj import beside, index_for, load_index
from dodarchive.warc.reader import iter_records
from tests.conftest import FIXTURE_WARCS, dodarchive_cmd, subprocess_env

SOURCE = FIXTURE_WARCS / "defensegov-2018.warc.gz"
OFF_BODY = (
    b"<html><head><title>Other news</title></head><body><article><p>"
    + (b"Somebody else's story, long enough to be an article of its own. " * 40)
    + b"</p></article></body></html>"
)


def member(rec_type: str, url: str, block: bytes) -> bytes:
    """One WARC record as its own gzip member (dates and ids made from the URL)."""
    head = (
        f"WARC/1.1\r\nWARC-Type: {rec_type}\r\nWARC-Record-ID: <urn:uuid:{rec_type}-{url}>\r\n"
        f"WARC-Date: 2018-05-01T00:00:00Z\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: application/http; msgtype={rec_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    )
    return gzip.compress(head.encode() + block + b"\r\n\r\n", mtime=0)


def mixed_warc(dest: Path, source: Path = SOURCE) -> tuple[int, list[int]]:
    """The fixture WARC's records with two off-table responses (and their requests)
    after each response; returns the number of off-table responses and their offsets."""
    data = source.read_bytes()
    out = io.BytesIO()
    offsets = []
    for rec in iter_records(source, types=None):
        out.write(data[rec.ref.offset : rec.ref.offset + rec.ref.length])
        if rec.ref.recordType != "response":
            continue
        for k in range(2):
            url = f"https://news.example.org/{len(offsets)}/story-{k}.html"
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
            offsets.append(out.tell())
            out.write(member("response", url, http + OFF_BODY))
            out.write(member("request", url, b"GET /x HTTP/1.1\r\nHost: news.example.org\r\n\r\n"))
    dest.write_bytes(out.getvalue())
    return len(offsets), offsets


def extract(tmp: Path, warc: Path, tag: str, **kw: object) -> tuple[list[str], dict[str, int]]:
    out = tmp / f"{tag}.jsonl"
    summary = run_extract([warc], out, tmp / f"{tag}.rejects.jsonl", Options(**kw))  # type: ignore[arg-type]
    return out.read_text().splitlines(), dict(summary.skipped)


def test_off_table_records_are_skipped_and_on_table_output_is_unchanged(tmp_path: Path) -> None:
    warc = tmp_path / "mixed.warc.gz"
    n_off, _ = mixed_warc(warc)
    plain, plain_skips = extract(tmp_path, SOURCE, "plain", dedup=False)
    every, _ = extract(tmp_path, warc, "every", dedup=False, off_table=True)
    skip, skips = extract(tmp_path, warc, "skip", dedup=False)
    off = [line for line in every if not on_table(json.loads(line)["source"]["targetUri"])]
    assert len(off) == n_off == 4  # the off-table pages are articles...
    assert skips == {**plain_skips, "off-table": n_off}  # ...skipped, and counted
    on = [line for line in every if line not in off]
    # Offsets differ from the plain file's (off-table records sit between), nothing else.
    strip = [json.dumps({**json.loads(x), "source": None}) for x in plain]
    assert [json.dumps({**json.loads(x), "source": None}) for x in skip] == strip
    assert skip == on  # byte-identical to extracting everything, minus off-table pages


def test_index_seeks_to_on_table_records_without_reading_the_others(tmp_path: Path) -> None:
    warc = tmp_path / "mixed.warc.gz"
    n_off, offsets = mixed_warc(warc)
    skip, _ = extract(tmp_path, warc, "skip")
    cdxj = tmp_path / "mixed.warc.gz.cdxj"
    subprocess.run(
        [*dodarchive_cmd(), "index", str(warc), "-o", str(cdxj)], env=subprocess_env(), check=True
    )
    # Ruin every off-table response's bytes: a scan would report damage there; reading
    # through the index never touches them.
    data = bytearray(warc.read_bytes())
    for offset in offsets:
        data[offset + 20 : offset + 60] = b"\xff" * 40
    warc.write_bytes(bytes(data))
    os.utime(cdxj, (time.time() + 5, time.time() + 5))  # the index is newer than the WARC
    assert index_for(warc, None, {}) is not None  # found beside the WARC
    indexed, indexed_skips = extract(tmp_path, warc, "indexed")
    assert indexed == skip
    assert indexed_skips["off-table"] == n_off
    given, _ = extract(tmp_path, warc, "given", index=cdxj)
    assert given == skip
    # An index older than the WARC is not trusted: the scan finds the damage.
    os.utime(cdxj, (time.time() - 100, time.time() - 100))
    assert index_for(warc, load_index(cdxj), {}) is None
    summary = run_extract([warc], tmp_path / "s.jsonl", tmp_path / "s.rej", Options())
    assert summary.damaged == ["mixed.warc.gz"]


def test_index_found_beside_the_warc() -> None:
    names = [p.name for p in beside(Path("/x/crawl-1.warc.gz"))]
    assert names == ["crawl-1.warc.gz.cdxj", "crawl-1.cdxj", "index.cdxj"]


def test_an_index_that_is_not_cdxj_is_refused(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dodarchive.commands.extract import extract as extract_cmd

    bad = tmp_path / "bad.cdxj"
    bad.write_text("this is not an index\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        extract_cmd, [str(SOURCE), "-o", str(out), "--index", str(bad), "--workers", "1"]
    )
    assert result.exit_code == 3
    assert result.output.strip() == (
        f"dodarchive extract: error: --index: {bad}: line 1 is not CDXJ"
    )
    assert not out.exists()
