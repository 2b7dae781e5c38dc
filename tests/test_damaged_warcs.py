"""``dodarchive index`` and ``crawl --replay`` over a WARC with damage mid-file: every
whole record is used, each damaged stretch is one line, and nothing crashes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import dodarchive_cmd, subprocess_env
from tests.damaged_warc import LEGACY, OFFSETS, damaged_copy

KINDS = {4: "garbage", 8: "blob", 11: "absurd", 14: "negative"}


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*dodarchive_cmd(), *map(str, args)], capture_output=True, text=True,
        env=subprocess_env(), check=False, timeout=120,
    )  # fmt: skip


def test_index_skips_damage_and_indexes_every_whole_record(tmp_path: Path) -> None:
    path, ranges, offsets = damaged_copy(tmp_path / "damaged.warc.gz", KINDS)
    clean = run("index", LEGACY, "-o", tmp_path / "clean.cdxj")
    result = run("index", path, "-o", tmp_path / "damaged.cdxj")
    assert (clean.returncode, result.returncode) == (0, 4), result.stderr  # damaged part-way
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert [line.split(": ", 4)[:4] for line in lines[:-1]] == [
        ["dodarchive index", "damaged WARC", str(path), f"byte {start}"] for start, _ in ranges
    ]
    moved = dict(zip(OFFSETS, offsets, strict=True))

    def entries(cdxj: Path) -> list[tuple[str, int]]:
        out = []
        for line in cdxj.read_text().splitlines():
            fields = json.loads(line.split(" ", 2)[2])
            out.append((fields["url"], int(fields["offset"])))
        return out

    want = [(url, moved[offset]) for url, offset in entries(tmp_path / "clean.cdxj")]
    assert entries(tmp_path / "damaged.cdxj") == want
    assert lines[-1] == f"{tmp_path / 'damaged.cdxj'}: {len(want)} lines from 1 WARC files"


def test_crawl_replay_from_a_damaged_warc(tmp_path: Path) -> None:
    path, ranges, _ = damaged_copy(tmp_path / "damaged.warc.gz", KINDS)
    url = "http://www.defense.gov/releases/release.aspx?releaseid=14349"
    urls = tmp_path / "urls.txt"
    urls.write_text(url + "\n")
    out = tmp_path / "warc"
    result = run(
        "crawl", "urls", "--urls-file", urls, "--out", out, "--replay", path,
        "-s", "ROBOTSTXT_OBEY=False", "-s", "DODARCHIVE_WARC_PREFIX=replayed",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    damaged = [line for line in result.stderr.splitlines() if line.startswith("damaged WARC: ")]
    assert [line.split(" skipped")[0] for line in damaged] == [
        f"damaged WARC: {path}: bytes {start}-{end}" for start, end in ranges
    ]
    assert "replaying 5 records at http://127.0.0.1:" in result.stderr
    assert "urls: finished; WARC records 3," in result.stderr
