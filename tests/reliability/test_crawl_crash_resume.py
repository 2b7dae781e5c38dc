"""SIGKILL a real crawl of the replay server at seeded random moments, resume, check WARCs.

Five kill-and-resume cycles, then a run to the end, all with the same ``--out`` and
``--jobdir``; ``scripts/crash_resume_long.py`` does the same with 20 cycles. The URL list
is every response URL of the committed fixture WARCs (236 pages on 8 hosts).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURE_WARCS, ReplayProcess, dodarchive_cmd, subprocess_env
from tests.reliability.crawlkill import (
    coverage_problems,
    crawl_cmd,
    draw_kills,
    read_archive,
    recovery_problems,
    replay_set,
    run_crawl,
)

SEED = 20261126
CYCLES = 5
NAME = re.compile(r"^urls-\d{17}-\d{5}-[A-Za-z0-9._-]+\.warc\.gz(\.tail)?$")


def host(url: str) -> str:
    return url.split("/")[2]


def test_killed_crawls_resume_into_a_complete_valid_archive(
    tmp_path: Path, replay_server: ReplayProcess
) -> None:
    expected = replay_set(sorted(FIXTURE_WARCS.glob("*.warc.gz")))
    assert len(expected) == 236
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"{u}\n" for u in expected))
    out, jobdir = tmp_path / "warc", tmp_path / "job"
    cmd = crawl_cmd(urls, out, jobdir, replay_server.url, max_size=400_000)
    env = subprocess_env()
    kills = draw_kills(SEED, CYCLES, len(expected))
    snapshot: dict[str, bytes] = {}
    cut_files = 0
    for cycle, kill_after in enumerate([*kills, None]):
        run = run_crawl(cmd, tmp_path / f"crawl{cycle}.log", out, env, kill_after)
        # This start recovered what the previous kill left open, losing nothing.
        problems, cut = recovery_problems(snapshot, out)
        assert problems == [], (cycle, problems)
        cut_files += cut
        if kill_after is None:
            log = (tmp_path / f"crawl{cycle}.log").read_text()
            assert run.returncode == 0, log[-3000:]
            assert "'finish_reason': 'finished'" in log
        else:
            assert run.returncode is None, f"cycle {cycle} ended before its kill"
            assert len(run.open_files) <= 1  # one file being written: at most one cut short
            snapshot = run.open_files
        print(f"cycle {cycle}: kill after {kill_after}, crawled {run.crawled}, cut {cut}")

    assert list(out.glob("*.open")) == []
    names = sorted(p.name for p in out.iterdir() if p.name.startswith("urls-"))
    assert all(NAME.match(n) for n in names), names
    assert cut_files == len([n for n in names if n.endswith(".tail")]) <= CYCLES
    finished = sorted(out.glob("*.warc.gz"))
    check = subprocess.run(
        [*dodarchive_cmd(), "validate", str(out)], capture_output=True, text=True,
        env=env, check=False, timeout=300,
    )  # fmt: skip
    assert (check.returncode, check.stdout) == (0, ""), check.stdout[-3000:]
    assert re.fullmatch(rf"{len(finished)} files, \d+ records, 0 problems\n", check.stderr)
    warcio = Path(sys.executable).with_name("warcio")
    for path in finished:
        result = subprocess.run([str(warcio), "check", str(path)], capture_output=True, check=False)
        assert result.returncode == 0, (path.name, result.stdout, result.stderr)

    arch = read_archive(out)
    assert coverage_problems(arch, expected) == []
    robots = sorted(u for u in arch.digests if u.endswith("/robots.txt"))
    assert set(arch.digests) - set(robots) == set(expected)
    # robots.txt once per host (Scrapy asks once per host name, whatever the scheme)
    assert sorted(map(host, robots)) == sorted({host(u) for u in expected})
    # Every page was fetched once per run; all but the first capture of each payload
    # (or of a payload another URL shares) are revisits.
    assert arch.responses.total() + arch.revisits.total() >= len(arch.digests) * 2
