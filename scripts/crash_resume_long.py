"""Longer crash/resume run: SIGKILL a replayed crawl CYCLES times, resume, check the WARCs.

    .venv/bin/python scripts/crash_resume_long.py [--cycles 20] [--seed N] [--work DIR]

The same checks as ``tests/reliability/test_crawl_crash_resume.py``, with more cycles:
each kill's ``.open`` file is recovered on the next start with nothing lost, the final
archive validates (``dodarchive validate``, ``warcio check``), every fixture page is
archived with its payload, and none is stored as a full response twice. Prints one line
per cycle and a summary; exits 1 on any problem. Offline: a replay server over the
committed fixture WARCs on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import FIXTURE_WARCS, ReplayProcess, subprocess_env  # noqa: E402
from tests.reliability.crawlkill import (  # noqa: E402
    coverage_problems,
    crawl_cmd,
    draw_kills,
    read_archive,
    recovery_problems,
    replay_set,
    run_crawl,
)


def main() -> int:
    """Run the cycles; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-size", type=int, default=400_000, help="WARC roll-over size")
    parser.add_argument("--work", type=Path, help="keep files here (default: a temp dir)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="crash-resume-"))
    work.mkdir(parents=True, exist_ok=True)
    expected = replay_set(sorted(FIXTURE_WARCS.glob("*.warc.gz")))
    urls = work / "urls.txt"
    urls.write_text("".join(f"{u}\n" for u in expected))
    out, jobdir = work / "warc", work / "job"
    server = ReplayProcess(FIXTURE_WARCS)
    problems: list[str] = []
    cut_files = 0
    started = time.monotonic()
    try:
        cmd = crawl_cmd(urls, out, jobdir, server.url, args.max_size)
        env = subprocess_env()
        snapshot: dict[str, bytes] = {}
        kills = draw_kills(args.seed, args.cycles, len(expected))
        for cycle, kill_after in enumerate([*kills, None]):
            run = run_crawl(cmd, work / f"crawl{cycle}.log", out, env, kill_after)
            found, cut = recovery_problems(snapshot, out)
            problems += [f"cycle {cycle}: {p}" for p in found]
            cut_files += cut
            if kill_after is not None and len(run.open_files) > 1:
                problems.append(f"cycle {cycle}: {len(run.open_files)} .open files at the kill")
            if kill_after is None and run.returncode != 0:
                problems.append(f"final run exited {run.returncode}")
            snapshot = run.open_files
            sizes = {k: len(v) for k, v in run.open_files.items()}
            print(
                f"cycle {cycle:2d}: kill after {kill_after}, crawled {run.crawled}, "
                f"open at kill {sizes}, previous .open recovered with a tail: {bool(cut)}"
            )
    finally:
        server.stop()
    problems += [f"left open: {p.name}" for p in out.glob("*.open")]
    check = subprocess.run(
        [sys.executable, "-m", "dodarchive", "validate", str(out)],
        capture_output=True, text=True, env=subprocess_env(), check=False,
    )  # fmt: skip
    print("dodarchive validate:", check.stderr.strip())
    problems += check.stdout.splitlines()
    warcio = Path(sys.executable).with_name("warcio")
    for path in sorted(out.glob("*.warc.gz")):
        result = subprocess.run([str(warcio), "check", str(path)], capture_output=True, check=False)
        if result.returncode:
            problems.append(f"warcio check {path.name}: {result.stdout!r}")
    arch = read_archive(out)
    problems += coverage_problems(arch, expected)
    print(f"{args.cycles} kills, {cut_files} files cut mid-record (tails kept), "
          f"{len(list(out.glob('*.warc.gz')))} WARC files, {arch.responses.total()} responses, "
          f"{arch.revisits.total()} revisits, {len(expected)} pages all archived: "
          f"{not coverage_problems(arch, expected)}; {time.monotonic() - started:.0f} s; "
          f"files in {work}")  # fmt: skip
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
