"""Shared helpers for the benchmarks: inputs built from the fixture WARCs, process-tree
peak memory, machine description, and rewriting one section of ``bench/RESULTS.md``."""

from __future__ import annotations

import os
import platform
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURE_WARCS = ROOT / "tests" / "fixtures" / "warc"
RESULTS = ROOT / "bench" / "RESULTS.md"
WORK = Path(os.environ.get("DODARCHIVE_BENCH_DIR", "/tmp/dodarchive-bench"))
BIN = Path(sys.executable).parent


def machine() -> str:
    """Cores, Python, date and the load average now (the machine may be shared)."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores (`nproc`), CPython {platform.python_version()}, "
        f"{platform.machine()}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
        f"load average (1, 5, 15 min) at start: {load}"
    )


def fixture_records() -> list[tuple[str, bytes]]:
    """(url, gzip member) of each status-200 HTML response of the fixture WARCs (one
    record per member), in file and offset order."""
    from dodarchive.warc.reader import iter_records

    records = []
    for path in sorted(FIXTURE_WARCS.glob("*.warc.gz")):
        data = path.read_bytes()
        for rec in iter_records(path, types=("response",)):
            if rec.status == 200 and rec.content_type in ("text/html", "application/xhtml+xml"):
                records.append((rec.url, data[rec.ref.offset : rec.ref.offset + rec.ref.length]))
    return records


def fixture_members() -> list[bytes]:
    """The gzip members of :func:`fixture_records`."""
    return [member for _, member in fixture_records()]


def repeat_fixtures(dest: Path, min_bytes: int) -> Path:
    """``dest``: every fixture WARC concatenated, again and again, to ``min_bytes``.

    Gzip members concatenate into a valid WARC; the records repeat, so with dedup the
    output stays small while every record is still read and extracted.
    """
    if dest.exists() and dest.stat().st_size >= min_bytes:
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    chunk = b"".join(p.read_bytes() for p in sorted(FIXTURE_WARCS.glob("*.warc.gz")))
    tmp = dest.with_suffix(".part")
    with tmp.open("wb") as fh:
        written = 0
        while written < min_bytes:
            fh.write(chunk)
            written += len(chunk)
    tmp.rename(dest)
    return dest


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    out, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
        out += frontier
    return out


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    """Proportional set size: pages shared by forked workers are counted once in a sum."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return _rss(pid)
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
    return int(match.group(1)) * 1024 if match else _rss(pid)


@dataclass
class Measured:
    """A finished command: exit code, output, wall seconds, peak RSS (MB)."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_tree_mb: float  # largest PSS sum over the process and all its descendants
    peak_process_mb: float  # largest RSS of a single process
    cpu_seconds: float  # user + system time of the process and its (waited-for) workers


def run_measured(cmd: list[str], interval: float | None = 0.05) -> Measured:
    """Run ``cmd``, polling the memory of it and its children (workers) from /proc: the
    largest single-process RSS, and the largest PSS sum over the tree (shared pages of
    forked workers counted once; an RSS sum would count them once per process).

    ``interval=None``: no polling (memory reported as 0). Reading ``smaps`` of every
    process 20 times a second takes CPU from the very cores a two-worker run needs,
    so timings that compare worker counts are taken without it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out_path, err_path = WORK / "cmd.stdout", WORK / "cmd.stderr"
    WORK.mkdir(parents=True, exist_ok=True)
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        tree = single = 0
        if interval is None:
            proc.wait()
        else:
            while proc.poll() is None:
                pids = _tree(proc.pid)
                tree = max(tree, sum(_pss(pid) for pid in pids))
                single = max(single, *(_rss(pid) for pid in pids))
                time.sleep(interval)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(
        proc.returncode, out_path.read_text(), err_path.read_text(), seconds,
        tree / 2**20, single / 2**20, cpu,
    )  # fmt: skip


def write_section(title: str, body: str) -> None:
    """Replace (or append) the ``## title`` section of bench/RESULTS.md."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    section = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    RESULTS.write_text(text)
    print(section)
