"""``dodarchive run`` (what ``make run`` does): the whole job offline on the sample WARCs.

The acceptance of the main job: it exits 0, its WARCs validate, and ``articles.jsonl``
holds every fixture article (the same set a direct extraction of the fixtures gives),
each line valid against ``schema/article.schema.json``.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dodarchive.extract.record import EXTRACT_TYPES, extract_record
from dodarchive.replay.server import url_keys
from dodarchive.warc.files import warc_files
from dodarchive.warc.reader import iter_records
from tests.conftest import FIXTURE_WARCS, ROOT, dodarchive_cmd, subprocess_env

RELEASE_3981590 = (
    "https://www.defense.gov/News/Releases/Release/Article/3981590/"
    "dod-announces-2024-defense-acquisition-awards/"
)


def _key(url: str) -> str:
    """Legacy ASP.NET URLs are case-insensitive; the spiders may ask in another case."""
    return url_keys(url)[-1]


def _fixture_articles() -> set[tuple[str, str]]:
    found = set()
    for path in warc_files([FIXTURE_WARCS]):
        for rec in iter_records(path, types=EXTRACT_TYPES):
            outcome = extract_record(rec)
            if outcome.article is not None:
                found.add((_key(outcome.article.url), outcome.article.headline))
    return found


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path, Path, list[dict[str, Any]]]:
    """One ``dodarchive run`` for the module: (process result, WARC dir, out dir, rows)."""
    tmp_path = tmp_path_factory.mktemp("run")
    warc_dir, out_dir = tmp_path / "warc", tmp_path / "out"
    result = subprocess.run(
        [*dodarchive_cmd(), "run", "--warc-dir", str(warc_dir), "--out-dir", str(out_dir),
         "--workers", "2"],
        cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    rows = [json.loads(line) for line in (out_dir / "articles.jsonl").read_text().splitlines()]
    return result, warc_dir, out_dir, rows


def _feed_linked_print_views() -> int:
    """af.mil print views of the fixtures whose article a fixture RSS feed links to: what
    the dma spider can discover from the feeds (the others only the urls backfill)."""
    prints, linked = set(), set()
    for rec in iter_records(FIXTURE_WARCS / "afmil-2016.warc.gz", types=("response",)):
        if "/Print.aspx" in rec.url:
            prints.add(rec.url.rsplit("Article=", 1)[1])
        elif "/RSS.ashx" in rec.url:
            for link in re.findall(rb"<link>([^<]+)</link>", rec.body):
                if m := re.search(rb"/Article/(\d+)/", link):
                    linked.add(m.group(1).decode())
    return len(prints & linked)


def _by_spider(rows: list[dict[str, Any]]) -> Counter[str]:
    """Articles per crawl that archived them (the WARC file name starts with the spider)."""
    return Counter(r["source"]["warcFile"].split("-", 1)[0] for r in rows)


def test_discovering_spiders_find_their_articles(job: Any) -> None:
    """The urls backfill fetches whatever the spiders missed, so the total hides a spider
    that stops discovering: count per spider."""
    _, _, _, rows = job
    by_spider = _by_spider(rows)
    assert _feed_linked_print_views() == 85
    assert by_spider["dma"] == 75  # every print view a feed links to, less 10 speech stubs
    # releases 13347, 13572, 14349 and news article 46641 (archive.defense.gov), and release
    # 10512 (the defenselink.mil crawl)
    assert by_spider["legacy"] == 5
    assert sum(by_spider.values()) == 168


def test_wargov_discovers_the_release_and_the_contract(job: Any) -> None:
    _, _, _, rows = job
    # /News/Releases/ and the releases RSS link release 3981590; /News/Contracts/ links
    # contract 4319114 (wargov-reconstructed.warc.gz)
    assert _by_spider(rows)["wargov"] == 2


def test_run_offline_archives_and_extracts_every_fixture_article(job: Any) -> None:
    result, warc_dir, out_dir, rows = job
    assert "Traceback" not in result.stderr

    expected = _fixture_articles()
    assert len(expected) == 168  # the 10 af.mil speeches are stubs
    assert len(rows) == 168
    assert {(_key(r["url"]), r["headline"]) for r in rows} == expected
    seed = next(r for r in rows if r["url"].endswith("newsarticle.aspx?id=46641"))
    assert seed["headline"] == "Putin Offers to Cooperate with U.S. on Missile Defense"
    assert seed["source"]["warcFile"].startswith("legacy-")  # crawled, not the fixture file

    schema = json.loads((ROOT / "schema" / "article.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for row in rows:
        validator.validate(row)
    rejects = [json.loads(x) for x in (out_dir / "articles.rejects.jsonl").read_text().splitlines()]
    assert [r["reason"] for r in rejects] == ["stub"] * 10

    out = result.stdout
    assert "validate: " in out
    assert " records, 0 problems" in out
    assert "  articles             168\n" in out
    assert "    AfmilPrintArticlePage    117\n" in out
    assert "    LegacyNewsArticlePage    1\n" in out
    assert (warc_dir / "index.cdxj").stat().st_size > 0
    names = sorted(p.name for p in warc_dir.glob("*.warc.gz"))
    assert [n.split("-", 1)[0] for n in names] == [
        "dma", "legacy", "legacy", "legacy", "urls", "wargov"
    ]  # fmt: skip
    # every spider archives what its own entry points reach; urls only the rest
    assert "    wargov                                    15 /    37  finished\n" in out
    assert "    dma                                     1492 /  2985  finished\n" in out
    assert "    urls (rest of sample)                    101 /   203  finished\n" in out
    assert "crawl urls: finished, 94 listed, 203 WARC records\n" in out
    by_spider = (
        "  articles by spider\n    dma                      75\n    legacy                   5\n"
    )
    assert by_spider + "    urls                     86\n    wargov                   2\n" in out
    wargov = sorted(warc_dir.glob("wargov-*.warc.gz"))
    got = {(r.status, r.url) for r in iter_records(wargov[0], types=frozenset({"response"}))}
    assert {
        (301, "https://www.war.gov/News/Releases/"),
        (200, "https://www.defense.gov/News/Releases/"),
        (200, "https://www.defense.gov/News/Releases/?Page=2"),
        (200, "https://www.defense.gov/News/Contracts/"),
        (200, "https://www.defense.gov/News/Contracts/Contract/Article/4319114/"),
        (200, RELEASE_3981590),
    } <= got
    assert not list(warc_dir.glob("*.open"))
    # the researcher's view: the report page and the extraction summary it reads
    assert f"  report               {out_dir / 'report.html'}\n" in out
    page = (out_dir / "report.html").read_text(encoding="utf-8")
    assert "168 articles, published 2003-04-01 to 2025-09-30; 43 without" in page
    summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["articles"] == 168


# --- exit codes ---------------------------------------------------------------------
# A sample of one WARC (the legacy pages) keeps each run to a few crawls of a few pages.


def _small_sample(tmp_path: Path) -> Path:
    sample = tmp_path / "sample"
    sample.mkdir()
    (sample / "legacy.warc.gz").write_bytes((FIXTURE_WARCS / "legacy.warc.gz").read_bytes())
    return sample


def _run_cmd(sample: Path, tmp_path: Path) -> list[str]:
    return [*dodarchive_cmd(), "run", "--sample", str(sample), "--workers", "1",
            "--warc-dir", str(tmp_path / "warc"), "--out-dir", str(tmp_path / "out")]  # fmt: skip


def test_run_exits_1_when_the_warc_folder_does_not_validate(tmp_path: Path) -> None:
    """The same run exits 0, then 1 once a WARC cut off mid-record lies in its folder."""
    sample = _small_sample(tmp_path)
    first = subprocess.run(_run_cmd(sample, tmp_path), cwd=ROOT, env=subprocess_env(),
                           capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "\nvalidate: 5 files, 77 records, 0 problems\n" in first.stdout
    assert "  problem: " not in first.stdout
    data = (FIXTURE_WARCS / "legacy.warc.gz").read_bytes()
    cut = tmp_path / "warc" / "copied-cut.warc.gz"
    cut.write_bytes(data[: 17851 + 3000])  # inside the second response record
    second = subprocess.run(_run_cmd(sample, tmp_path), cwd=ROOT, env=subprocess_env(),
                            capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert second.returncode == 1, second.stdout[-3000:] + second.stderr[-3000:]
    problems = [line for line in second.stdout.splitlines() if line.startswith("  problem: ")]
    truncated = "truncated record at byte 17851: response record has 7861 of 39333 body bytes"
    assert problems == [
        f"  problem: {cut}:17851: {truncated}",
        f"  problem: {cut}:17851: response has no concurrent request",  # cut off with it
    ]
    assert "Traceback" not in second.stderr


def _child_running(pid: int, *words: str) -> int | None:
    """A live child of ``pid`` whose command line holds ``words`` (read from /proc)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            argv = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(fields[1]) == pid and all(w.encode() in argv for w in words):
            return int(stat.parent.name)
    return None


def test_run_exits_1_when_a_crawl_dies(tmp_path: Path) -> None:
    """A crawl killed (out of memory, say) leaves no stats: the run says so, goes on
    with the other crawls, and exits 1."""
    sample = _small_sample(tmp_path)
    proc = subprocess.Popen(_run_cmd(sample, tmp_path), cwd=ROOT, env=subprocess_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while (crawl := _child_running(proc.pid, "crawl", "wargov")) is None:
            assert proc.poll() is None, "the run ended before its wargov crawl started"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        os.kill(crawl, signal.SIGKILL)
        stdout, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert proc.returncode == 1, stdout[-3000:] + stderr[-3000:]
    log = tmp_path / "out" / "crawl-01-wargov.log"
    assert f"crawl wargov: did not run (see {log}), 0 responses, 0 WARC records\n" in stdout
    assert re.search(rf"\n    wargov +0 / +0  did not run \(see {re.escape(str(log))}\)\n", stdout)
    assert "crawl dma: finished, " in stdout  # the run went on
    assert "\n  articles             5\n" in stdout
    assert "Traceback" not in stderr


def test_run_live_without_a_contact_is_refused_before_anything_starts(tmp_path: Path) -> None:
    result = subprocess.run(
        [*dodarchive_cmd(), "run", "--live", "--warc-dir", str(tmp_path / "warc"),
         "--out-dir", str(tmp_path / "out")],
        cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "dodarchive run: error: --live needs --contact (an e-mail or URL site operators can "
        "reach)\nTry 'dodarchive run --help'.\n"
    )
    assert list(tmp_path.iterdir()) == []  # no folder made, nothing crawled
