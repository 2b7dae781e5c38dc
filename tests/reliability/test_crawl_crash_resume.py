"""SIGKILL a real crawl of the replay server at seeded random moments, resume, check WARCs.

Five kill-and-resume cycles, then a run to the end, all with the same ``--out`` and
``--jobdir``. Each kill comes from the writer's own progress (half-way through or right
after a seeded record, :mod:`tests.reliability.killpoint`), so the test knows which
kills cut a record and checks each left a tail; ``scripts/crash_resume_long.py`` kills
20 times at logged responses instead, wherever the crawl happens to be. The URL list
is every response URL of the committed fixture WARCs (236 pages on 8 hosts).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURE_WARCS, ReplayProcess, dodarchive_cmd, subprocess_env
from tests.reliability.crawlkill import (
    KillPoint,
    coverage_problems,
    crawl_cmd,
    draw_kill_points,
    expected_cut,
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
    env = subprocess_env()
    kills = draw_kill_points(SEED, CYCLES, len(expected))
    assert sum(k.mode == "mid-record" for k in kills) >= 1
    snapshot: dict[str, bytes] = {}
    cut_files = must_cut = 0
    previous: KillPoint | None = None
    for cycle, kill in enumerate([*kills, None]):
        cmd = crawl_cmd(urls, out, jobdir, replay_server.url, max_size=400_000, kill=kill)
        run = run_crawl(cmd, tmp_path / f"crawl{cycle}.log", out, env, None)
        # This start recovered what the previous kill left open, losing nothing, and cut
        # off a tail exactly when the kill had left part of an exchange.
        problems, cut = recovery_problems(snapshot, out)
        assert problems == [], (cycle, problems)
        if previous is not None:
            wanted = expected_cut(snapshot, previous, tmp_path / "snapshot.warc.gz")
            assert cut == wanted, (cycle, previous)
            must_cut += wanted
        cut_files += cut
        if kill is None:
            log = (tmp_path / f"crawl{cycle}.log").read_text()
            assert run.returncode == 0, log[-3000:]
            assert "'finish_reason': 'finished'" in log
        else:
            assert run.returncode is None, f"cycle {cycle} ended before its kill"
            assert len(run.open_files) == 1  # killed while writing its one file
            snapshot = run.open_files
        previous = kill
        print(f"cycle {cycle}: kill at {kill}, crawled {run.crawled}, cut {cut}")

    assert list(out.glob("*.open")) == []
    names = sorted(p.name for p in out.iterdir() if p.name.startswith("urls-"))
    assert all(NAME.match(n) for n in names), names
    # Every mid-record kill left a tail (at least one drawn), and nothing else did.
    assert 1 <= sum(k.mode == "mid-record" for k in kills) <= must_cut == cut_files
    assert cut_files == len([n for n in names if n.endswith(".tail")])
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
