"""Kill ``dodarchive crawl`` at seeded random moments, resume it, and check the archive.

Used by ``tests/reliability/test_crawl_crash_resume.py`` (a few cycles) and
``scripts/crash_resume_long.py`` (many). A cycle starts ``dodarchive crawl urls`` with
``--jobdir`` against a running replay server and kills it, either from outside once
the crawl has logged a seeded random number of downloaded responses (``Crawled (...)``
lines: the kill lands wherever the crawl happens to be), or from inside at the
writer's own progress (:mod:`.killpoint`: half-way through, or right after, a seeded
record), so a test can be sure some kills cut a record. The ``.open`` file the kill
leaves is snapshotted; the next start must turn it into a finished file plus, if it
was cut, a ``.tail``, together equal to the snapshot.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from dodarchive.capture.records import payload_digest
from dodarchive.capture.repair import PAIRED
from dodarchive.warc.reader import iter_records
from dodarchive.warc.scan import check_whole
from tests.reliability.killpoint import MODES

CRAWLED = b"] DEBUG: Crawled ("
KILLPOINT = Path(__file__).with_name("killpoint.py")


def replay_set(warcs: Iterable[Path]) -> dict[str, set[str]]:
    """URL → payload digests of the archived responses the replay server can serve."""
    out: dict[str, set[str]] = {}
    for path in warcs:
        for rec in iter_records(path, types=("response",)):
            out.setdefault(rec.ref.targetUri, set()).add(payload_digest(rec.body))
    return out


@dataclass(frozen=True)
class KillPoint:
    """Kill the crawl at the writer's ``record``-th record: half-way through it
    (``mid-record``) or right after it (``after-record``)."""

    record: int
    mode: str


def crawl_cmd(
    urls_file: Path, out: Path, jobdir: Path, replay_url: str, max_size: int,
    kill: KillPoint | None = None,
) -> list[str]:  # fmt: skip
    """The crawl as a user would run it, fast (no delays) and with DEBUG logging; with
    ``kill``, run through :mod:`.killpoint` so it kills itself there."""
    if kill is None:
        program = [sys.executable, "-m", "dodarchive"]
    else:
        program = [sys.executable, str(KILLPOINT), str(kill.record), kill.mode]
    return [
        *program, "crawl", "urls", "--urls-file", str(urls_file),
        "--out", str(out), "--jobdir", str(jobdir),
        "-s", f"DODARCHIVE_REPLAY_URL={replay_url}", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s", f"DODARCHIVE_WARC_MAX_SIZE={max_size}", "-s", "LOG_LEVEL=DEBUG",
    ]  # fmt: skip


@dataclass
class Run:
    """One crawl process: killed (``returncode`` None) or finished."""

    returncode: int | None
    crawled: int
    open_files: dict[str, bytes] = field(default_factory=dict)  # at the kill


def run_crawl(
    cmd: list[str], log: Path, out: Path, env: dict[str, str], kill_after: int | None,
    timeout: float = 300,
) -> Run:  # fmt: skip
    """Run ``cmd``; SIGKILL it once ``kill_after`` responses are logged (None: let it end).

    A run that SIGKILLs itself (:mod:`.killpoint`) counts as killed too.
    """
    with log.open("wb") as err:
        proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, start_new_session=True
        )
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            crawled = log.read_bytes().count(CRAWLED)
            if kill_after is not None and crawled >= kill_after:
                os.killpg(proc.pid, signal.SIGKILL)  # the group we started, nothing else
                proc.wait(timeout=30)
                snapshot = {p.name: p.read_bytes() for p in out.glob("*.open")}
                return Run(None, crawled, snapshot)
            if proc.poll() is not None:
                crawled = log.read_bytes().count(CRAWLED)
                if proc.returncode == -signal.SIGKILL:
                    snapshot = {p.name: p.read_bytes() for p in out.glob("*.open")}
                    return Run(None, crawled, snapshot)
                return Run(proc.returncode, crawled)
            time.sleep(0.01)
        raise TimeoutError(f"crawl did not end in {timeout} s: {log.read_text()[-2000:]}")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


def recovery_problems(snapshot: dict[str, bytes], out: Path) -> tuple[list[str], int]:
    """Check what a restart made of the ``.open`` files of a kill; also count cut files.

    Each must be gone, replaced by its finished file (whole records only) and, if it was
    cut, a ``.tail``: finished bytes + tail bytes == the snapshot, byte for byte.
    """
    problems = []
    cut = 0
    for name, data in snapshot.items():
        final = out / name.removesuffix(".open")
        tail = final.with_name(final.name + ".tail")
        kept = final.read_bytes() if final.exists() else b""
        rest = tail.read_bytes() if tail.exists() else b""
        cut += tail.exists()
        if (out / name).exists():
            problems.append(f"{name} was not recovered")
        if kept + rest != data:
            problems.append(f"{name}: finished {len(kept)} + tail {len(rest)} != {len(data)}")
        if final.exists() and check_whole(final).problem:
            problems.append(f"{final.name}: {check_whole(final).problem}")
        if not final.exists() and data and not tail.exists():
            problems.append(f"{name} disappeared")
    return problems, cut


@dataclass
class Archive:
    """What the WARC files of a crawl folder hold."""

    responses: Counter[str]
    revisits: Counter[str]
    digests: dict[str, set[str]]  # URL -> payload digests of its responses and revisits


def read_archive(out: Path) -> Archive:
    """Every response and revisit record in ``out/*.warc.gz``."""
    arch = Archive(Counter(), Counter(), {})
    for path in sorted(out.glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type not in ("response", "revisit"):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                kind = arch.responses if record.rec_type == "response" else arch.revisits
                kind[uri] += 1
                digest = record.rec_headers.get_header("WARC-Payload-Digest")
                arch.digests.setdefault(uri, set()).add(digest)
    return arch


def coverage_problems(arch: Archive, expected: dict[str, set[str]]) -> list[str]:
    """Every replayed URL archived with its payload; none stored in full twice.

    A URL may hold only revisits when its payload was stored under another URL; that
    the original exists is ``dodarchive validate``'s check.
    """
    problems = [f"{u} never archived" for u in sorted(expected) if u not in arch.digests]
    problems += [
        f"{u} archived with another payload: {sorted(arch.digests[u] - want)}"
        for u, want in sorted(expected.items())
        if u in arch.digests and not arch.digests[u] <= want
    ]
    twice = [(u, n) for u, n in arch.responses.items() if n > 1]
    problems += [f"{u} stored as a full response {n} times" for u, n in twice]
    return problems


def draw_kills(seed: int, cycles: int, pages: int) -> list[int]:
    """Seeded kill points: after 1..pages logged responses, spread over the crawl."""
    rng = random.Random(seed)
    return [rng.randint(1, pages) for _ in range(cycles)]


def draw_kill_points(seed: int, cycles: int, pages: int) -> list[KillPoint]:
    """Seeded :class:`KillPoint` s over a crawl's ~2 records per page, at least one of
    them ``mid-record`` (the first, if the draw had none)."""
    rng = random.Random(seed)
    points = [KillPoint(rng.randint(1, 2 * pages), rng.choice(MODES)) for _ in range(cycles)]
    if cycles and all(p.mode != "mid-record" for p in points):
        points[0] = KillPoint(points[0].record, "mid-record")
    return points


def expected_cut(snapshot: dict[str, bytes], kill: KillPoint, scratch: Path) -> bool:
    """Whether recovering the ``.open`` file of ``snapshot`` must leave a ``.tail``: always
    after a ``mid-record`` kill; after an ``after-record`` kill when the last whole record
    is a response or revisit without its request."""
    if kill.mode == "mid-record":
        return True
    (data,) = snapshot.values()
    scratch.write_bytes(data)
    return check_whole(scratch).last_type in PAIRED
