"""Two ``dodarchive crawl urls --redis`` workers sharing one frontier (real redis-server).

Every fixture URL is given to both workers; the replay server (``--replay``) serves the
fixture WARCs. The union of the workers' WARCs must hold each URL exactly once; a worker
killed with SIGKILL mid-crawl must lose nothing; and the per-host delay must hold over
both workers together.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import redis
from warcio.archiveiterator import ArchiveIterator

from dodarchive.capture.repair import recover_open_files
from dodarchive.warc.reader import iter_records
from tests.conftest import FIXTURE_WARCS, ROOT, dodarchive_cmd, subprocess_env

HOST = re.sub(r"[^A-Za-z0-9._-]", "_", socket.gethostname())
EMPTY = "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"


def fixture_urls() -> list[str]:
    """Every response URL of the fixture WARCs, in file order (one URL is there twice)."""
    return [
        r.ref.targetUri
        for f in sorted(FIXTURE_WARCS.glob("*.warc.gz"))
        for r in iter_records(f, types=("response",))
    ]


@dataclass(frozen=True)
class Rec:
    file: str
    type: str
    uri: str
    digest: str
    date: datetime


def records(paths: list[Path]) -> list[Rec]:
    out = []
    for path in paths:
        with path.open("rb") as fh:
            for r in ArchiveIterator(fh):
                h = r.rec_headers
                out.append(
                    Rec(
                        file=path.name,
                        type=r.rec_type,
                        uri=h.get_header("WARC-Target-URI") or "",
                        digest=h.get_header("WARC-Payload-Digest") or "",
                        date=datetime.fromisoformat(h.get_header("WARC-Date")),
                    )
                )
    return out


def fetched(recs: list[Rec]) -> Counter[str]:
    """How often each page (not robots.txt) was fetched: response or revisit records."""
    return Counter(
        r.uri for r in recs
        if r.type in ("response", "revisit") and not r.uri.endswith("/robots.txt")
    )  # fmt: skip


def worker(
    tmp: Path, redis_url: str, urls: Path, out: Path, *settings: str
) -> subprocess.Popen[str]:
    args = [
        *dodarchive_cmd(), "crawl", "urls", "--redis", redis_url, "--replay", str(FIXTURE_WARCS),
        "--urls-file", str(urls), "--out", str(out),
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO",
    ]  # fmt: skip
    for item in settings:
        args += ["-s", item]
    with (tmp / f"{len(list(tmp.glob('*.log')))}.log").open("w") as log:
        return subprocess.Popen(
            args, cwd=ROOT, env=subprocess_env(), stdout=log, stderr=subprocess.STDOUT, text=True
        )


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> None:
    assert proc.wait(timeout=timeout) == 0, f"worker exited {proc.returncode}"


def validate(paths: list[Path]) -> None:
    result = subprocess.run(
        [*dodarchive_cmd(), "validate", *map(str, paths)],
        cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_two_workers_fetch_every_url_exactly_once(tmp_path: Path, redis_url: str) -> None:
    listed = fixture_urls()
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(listed) + "\n")
    out = tmp_path / "warc"  # one folder, two writers
    procs = [worker(tmp_path, redis_url, urls, out, "DOWNLOAD_DELAY=0") for _ in range(2)]
    for proc in procs:
        finish(proc)
    files = sorted(out.glob("*.warc.gz"))
    workers = sorted(re.sub(r"^urls-\d{17}-\d{5}-", "", f.name) for f in files)
    assert workers == [f"{HOST}-w1.warc.gz", f"{HOST}-w2.warc.gz"]  # ids from Redis
    assert not list(out.glob("*.open"))
    recs = records(files)
    counts = fetched(recs)
    assert set(counts) == set(listed)  # none missing, none extra
    assert len(set(listed)) == 236  # the fixture WARCs hold 237 responses, one URL twice
    assert [u for u, n in counts.items() if n != 1] == []  # none fetched twice
    per_file = Counter(r.file for r in recs if r.type in ("response", "revisit"))
    assert all(n > 20 for n in per_file.values()), per_file  # both did real work
    # the shared digest index: no worker stores one payload in full twice. Over both files
    # a payload is stored in full twice only when both workers fetched it while the other's
    # claim was still pending (unsynced): by design the second writes it in full rather
    # than revisit a record that might never reach the disk (capture/redisindex.py).
    stored = [(r.file, r.digest) for r in recs if r.type == "response" and r.digest != EMPTY]
    assert [k for k, n in Counter(stored).items() if n > 1] == []
    full = Counter(digest for _, digest in stored)
    assert all(n <= 2 for n in full.values()), full
    revisited = [r.digest for r in recs if r.type == "revisit"]
    assert set(revisited) <= set(full)  # the races themselves: test_capture_redisindex.py
    validate(files)
    db = redis.Redis.from_url(redis_url)
    assert db.hlen("dodarchive:urls:leases") == 0  # every lease was released
    assert db.zcard("dodarchive:urls:requests") == 0


def test_killed_worker_loses_nothing(tmp_path: Path, redis_url: str) -> None:
    listed = fixture_urls()
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(listed) + "\n")
    common = ("DOWNLOAD_DELAY=0", "DODARCHIVE_FRONTIER_HOST_DELAY=0.02",
              "DODARCHIVE_FRONTIER_LEASE_TTL=2")  # fmt: skip
    db = redis.Redis.from_url(redis_url)
    victim = worker(tmp_path, redis_url, urls, tmp_path / "a", *common, "DODARCHIVE_WORKER_ID=a")
    survivor = worker(tmp_path, redis_url, urls, tmp_path / "b", *common, "DODARCHIVE_WORKER_ID=b")
    deadline = time.monotonic() + 60
    while True:  # kill while the victim holds leases and much is still queued
        tokens = [t.decode() for t in db.hkeys("dodarchive:urls:leases")]
        queued = db.zcard("dodarchive:urls:requests")
        written = sum(p.stat().st_size for p in (tmp_path / "a").glob("*.open"))
        if any(t.startswith("a:") for t in tokens) and queued > 30 and written > 100_000:
            break
        assert time.monotonic() < deadline, "the crawl never reached the kill point"
        assert victim.poll() is None, "the victim finished before it could be killed"
        time.sleep(0.01)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    finish(survivor)
    log = (tmp_path / "1.log").read_text()
    taken = int(re.search(r"'dodarchive/frontier/reclaimed': (\d+)", log).group(1))  # type: ignore[union-attr]
    assert taken >= 1
    assert len(recover_open_files(tmp_path / "a")) == 1  # keep the victim's whole records
    a_files = sorted((tmp_path / "a").glob("*.warc.gz"))
    b_files = sorted((tmp_path / "b").glob("*.warc.gz"))
    assert len(a_files) == len(b_files) == 1
    a, b = fetched(records(a_files)), fetched(records(b_files))
    assert set(a) | set(b) == set(listed)  # nothing lost
    assert [u for u, n in (a + b).items() if n > 1 and u not in a] == []
    # a page is in both only if the victim archived it and died before releasing it
    assert len(set(a) & set(b)) <= taken
    assert db.hlen("dodarchive:urls:leases") == 0
    validate(a_files + b_files)  # b's revisits may refer to records in a's file


def test_politeness_holds_across_workers(tmp_path: Path, redis_url: str) -> None:
    """Every send of both workers reserved its slot on the one shared per-host key.

    The check is on Redis' own record, not on send times: each reservation moves the
    host's next free slot on by the delay from at least where it was, so after n sends
    it stands at least n delays past the slot the test held. (How close the actual send
    times come to the delay is a measurement: bench/bench_politeness.py.)
    """
    listed = fixture_urls()
    by_host: dict[str, list[str]] = {}
    for url in listed:
        by_host.setdefault(urlsplit(url).hostname or "", []).append(url)
    picked = by_host["www.af.mil"][:8] + by_host["www.defense.gov"][:5]
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(picked) + "\n")
    delay = 0.4
    # Both workers should be up before the first send, or the first takes everything: hold
    # both hosts' shared slots 6 s ahead, and let each worker hold two requests at most.
    db = redis.Redis.from_url(redis_url)
    seconds, micros = db.time()
    held = (seconds + 6) * 1_000_000 + micros
    for host in ("www.af.mil", "www.defense.gov"):
        db.set(f"dodarchive:host:{host}", held, px=600_000)
    procs = [
        worker(tmp_path, redis_url, urls, tmp_path / "warc", f"DOWNLOAD_DELAY={delay}",
               "DOWNLOAD_DELAY_JITTER=0", "CONCURRENT_REQUESTS=2")
        for _ in range(2)
    ]  # fmt: skip
    for proc in procs:
        finish(proc)
    recs = [
        r for r in records(sorted((tmp_path / "warc").glob("*.warc.gz"))) if r.type == "request"
    ]
    assert {r.uri for r in recs if not r.uri.endswith("/robots.txt")} == set(picked)
    for host in ("www.af.mil", "www.defense.gov"):
        sent = [r for r in recs if urlsplit(r.uri).hostname == host]
        assert len({r.file for r in sent}) == 2, f"{host}: only one worker fetched from it"
        next_free = int(db.get(f"dodarchive:host:{host}") or 0)
        assert next_free >= held + len(sent) * int(delay * 1_000_000), (host, len(sent))
