"""``dodarchive extract`` and ``dodarchive stats`` as a user runs them: a subprocess.

The inputs are the fixture WARCs and a WARC of 40 small article pages
(:func:`tests.synthetic_warc.article_page`) that the real page classes extract.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from dodarchive.pages.generic import GenericPage
from tests.conftest import FIXTURE_WARCS, ROOT, dodarchive_cmd, subprocess_env
from tests.damaged_warc import LEGACY, OFFSETS, damaged_copy
from tests.synthetic_warc import article_page, write_warc

ERROR = "dodarchive extract: error: "


def cli(
    *args: str | Path, prefix: tuple[str, ...] = (), **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, *dodarchive_cmd(), *map(str, args)],
        stdout=subprocess.PIPE, stderr=kwargs.pop("stderr", subprocess.PIPE), text=True,
        check=False, cwd=ROOT, env=subprocess_env(), timeout=120, **kwargs,
    )  # fmt: skip


def summary(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    return write_warc(
        folder / "synthetic.warc.gz",
        [
            (f"https://www.war.gov/News/Article/Article/{n}/", f"2025-01-0{1 + n % 5}T00:00:00Z",
             article_page(f"Story {n}", date=f"20{10 + n % 15}-03-01"))
            for n in range(40)
        ],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.warc.gz", None, "no such file"),
        ("empty.warc.gz", b"", "empty file"),
        ("page.html", b"<html><body>not an archive</body></html>",
         "not a WARC file (does not start with a WARC/1.x record)"),
        ("bad.warc.gz", b"\x1f\x8b\x08\x00garbage-after-gzip-magic",
         "not a WARC file (corrupt gzip header)"),
    ],
)  # fmt: skip
def test_unreadable_input_is_one_line_exit_3(
    tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    out = tmp_path / "out" / "articles.jsonl"
    result = cli("extract", FIXTURE_WARCS / "legacy.warc.gz", bad, "-o", out)
    assert result.returncode == 3
    assert result.stderr == f"{ERROR}{bad}: {reason}\n"
    assert result.stdout == ""
    assert not out.parent.exists()  # nothing written, not even the folder


def test_folder_without_warcs(tmp_path: Path) -> None:
    result = cli("extract", tmp_path, "-o", tmp_path / "a.jsonl")
    assert (result.returncode, result.stderr) == (
        3, f"{ERROR}{tmp_path}: no *.warc or *.warc.gz files in folder\n"
    )  # fmt: skip


#: Root reads any file whatever its mode, through two capabilities; run the CLI without
#: them (dropped from the bounding set, so the exec'd process never has them) and the
#: kernel checks the mode as for anyone else. CI runs as root: this must not skip there.
AS_NON_ROOT = (
    ("setpriv", "--bounding-set=-dac_override,-dac_read_search") if os.geteuid() == 0 else ()
)


def test_permission_denied(tmp_path: Path) -> None:
    locked = tmp_path / "locked.warc.gz"
    locked.write_bytes((FIXTURE_WARCS / "legacy.warc.gz").read_bytes())
    locked.chmod(0)
    result = cli("extract", locked, "-o", tmp_path / "a.jsonl", prefix=AS_NON_ROOT)
    assert (result.returncode, result.stderr) == (3, f"{ERROR}{locked}: permission denied\n")


def test_truncated_gzip_is_a_reject_and_exit_4(tmp_path: Path) -> None:
    data = (FIXTURE_WARCS / "legacy.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: 17851 + 3000])  # inside the second response record
    out = tmp_path / "a.jsonl"
    result = cli("extract", cut, "-o", out, "--workers", "2")
    assert result.returncode == 4
    assert result.stderr == ""
    s = summary(result)
    assert s["records"] == 1  # the one whole response before the cut
    assert s["rejected"] == {"warc-truncated": 1}
    assert s["damagedInputs"] == ["cut.warc.gz"]
    (reject,) = [json.loads(x) for x in (tmp_path / "a.rejects.jsonl").read_text().splitlines()]
    assert reject == {
        "reason": "warc-truncated",
        "detail": "response record has 7861 of 39333 body bytes",
        "source": {"warcFile": "cut.warc.gz", "offset": 17851},
    }
    assert out.exists()


def test_workers_1_and_2_byte_identical_and_deterministic(tmp_path: Path, synthetic: Path) -> None:
    outputs = []
    for n, workers in enumerate(("1", "2", "2")):
        out = tmp_path / f"run{n}" / "articles.jsonl"
        result = cli("extract", FIXTURE_WARCS, synthetic, "-o", out, "--workers", workers)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""  # not a terminal: no progress bar
        s = summary(result)
        assert s["records"] == 277  # 237 fixture responses + 40 synthetic
        assert s["articles"] == out.read_bytes().count(b"\n")
        outputs.append((out.read_bytes(), (out.parent / "articles.rejects.jsonl").read_bytes()))
        # nothing else: the workers' spill files (and every other temporary file) are gone
        assert sorted(p.name for p in out.parent.iterdir()) == [
            "articles.jsonl", "articles.rejects.jsonl"
        ]  # fmt: skip
    assert outputs[0] == outputs[1] == outputs[2]
    rows = [json.loads(line) for line in outputs[0][0].splitlines()]
    assert len(rows) >= 40
    order = [(r["source"]["warcFile"], r["source"]["offset"]) for r in rows]
    files = [p.name for p in sorted(FIXTURE_WARCS.glob("*.warc.gz"))] + ["synthetic.warc.gz"]
    assert order == sorted(order, key=lambda fo: (files.index(fo[0]), fo[1]))
    assert [r["headline"] for r in rows[-40:]] == [f"Story {n}" for n in range(40)]


def _big_input(tmp_path: Path, copies: int) -> Path:
    big = tmp_path / "big.warc.gz"
    chunk = (FIXTURE_WARCS / "afmil-2016.warc.gz").read_bytes()
    with big.open("wb") as fh:
        for _ in range(copies):
            fh.write(chunk)  # gzip members concatenate into one valid WARC
    return big


def _alive_in_group(pgid: int) -> list[int]:
    """Processes of group ``pgid`` that are not zombies (read from /proc)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


@pytest.mark.parametrize("previous", [False, True], ids=["no-previous", "previous"])
def test_sigkill_leaves_no_output_or_the_previous_one(
    tmp_path: Path, synthetic: Path, previous: bool
) -> None:
    out = tmp_path / "articles.jsonl"
    if previous:
        done = cli("extract", synthetic, "-o", out, "--workers", "1")
        assert done.returncode == 0
    before = out.read_bytes() if previous else None
    big = _big_input(tmp_path, 12)
    proc = subprocess.Popen(
        [*dodarchive_cmd(), "extract", str(big), "-o", str(out), "--workers", "2",
         "--all-captures"],
        cwd=ROOT, env=subprocess_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        temp: list[Path] = []
        while time.monotonic() < deadline:  # wait until it is writing the output
            temp = [p for p in tmp_path.glob(".articles.jsonl.*.tmp") if p.stat().st_size]
            if temp or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "extraction finished before it could be killed"
        assert temp, "no temporary output appeared"
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
        deadline = time.monotonic() + 30  # the workers die with their parent: wait for it
        while (alive := _alive_in_group(proc.pid)) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert alive == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # only the group we started
    if previous:
        assert out.read_bytes() == before
    else:
        assert not out.exists()
    visible = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    expected = ["articles.jsonl", "articles.rejects.jsonl"] if previous else []
    assert visible == sorted(["big.warc.gz", *expected])
    assert list(tmp_path.glob(f".articles.jsonl.{proc.pid}.*.tmp"))  # the killed run's
    # A rerun sweeps the dead run's temporary files and gives a clean run's output.
    rerun = cli("extract", synthetic, "-o", out, "--workers", "2")
    clean = cli("extract", synthetic, "-o", tmp_path / "clean" / "articles.jsonl")
    assert rerun.returncode == clean.returncode == 0
    assert out.read_bytes() == (tmp_path / "clean" / "articles.jsonl").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_parquet_cli_and_stats(tmp_path: Path, synthetic: Path) -> None:
    out = tmp_path / "articles.parquet"
    result = cli("extract", synthetic, "-o", out, "--format", "parquet", "--since", "2020-01-01")
    assert result.returncode == 0, result.stderr
    s = summary(result)
    assert (s["articles"], s["filtered"]) == (10, {"before-since": 30})
    stats = cli("stats", "--json", out, synthetic, tmp_path / "articles.rejects.jsonl")
    assert stats.returncode == 0, stats.stderr
    data = json.loads(stats.stdout)
    assert data["files"] == {"jsonl": 1, "parquet": 1, "warc": 1}
    assert data["recordTypes"] == {"response": 40}
    assert data["hosts"] == {"www.war.gov": 40}
    assert data["pageTypes"] == {"news-article": 10}
    assert data["templates"] == {f"GenericPage {GenericPage.version}": 10}
    assert data["years"] == dict.fromkeys(("2020", "2021", "2022", "2023", "2024"), 2)


def test_stats_tables_on_fixture_warcs_and_rejects(tmp_path: Path) -> None:
    rejects = tmp_path / "r.jsonl"
    rejects.write_text(
        '{"reason":"warc-truncated","detail":"x","source":{}}\n'
        '{"reason":"no-body","detail":"y","source":{}}\n{"reason":"no-body"}\n'
    )
    result = cli("stats", FIXTURE_WARCS, rejects)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "WARC records by type (718)\n  metadata       237\n  request        237\n" in text
    assert "responses by host (237)\n  www.af.mil                     217\n" in text
    assert "rejects by reason (3)\n  no-body                2\n  warc-truncated         1" in text
    bad = cli("stats", ROOT / "README.md")
    assert (bad.returncode, bad.stderr) == (
        3, f"dodarchive stats: error: {ROOT / 'README.md'}: neither a WARC nor a JSON Lines file\n"
    )  # fmt: skip


def test_rejects_path_and_page_type_filter(tmp_path: Path, synthetic: Path) -> None:
    out = tmp_path / "out" / "releases.jsonl"
    rejects = tmp_path / "elsewhere" / "rejects.jsonl"
    result = cli("extract", synthetic, "-o", out, "--rejects", rejects, "--page-type", "release")
    assert result.returncode == 0, result.stderr
    s = summary(result)
    assert (s["articles"], s["filtered"], s["rejects"]) == (0, {"page-type": 40}, str(rejects))
    assert out.read_bytes() == rejects.read_bytes() == b""


def test_progress_bar_only_on_a_terminal(tmp_path: Path, synthetic: Path) -> None:
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 160, 0, 0))
    try:
        result = cli("extract", synthetic, "-o", tmp_path / "a.jsonl", stderr=slave)
        os.close(slave)
        slave = -1
        shown = b""
        with contextlib.suppress(OSError):  # EIO once the pty is drained
            while chunk := os.read(master, 65536):
                shown += chunk
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)
    assert result.returncode == 0
    assert summary(result)["articles"] == 40
    assert b"records=40" in shown
    assert b"articles=40" in shown
    assert b"rejects=0" in shown


def test_parquet_without_pyarrow_fails_first(tmp_path: Path) -> None:
    out = tmp_path / "a.parquet"
    code = (
        "import sys; sys.modules['pyarrow'] = None; sys.modules['pyarrow.parquet'] = None\n"
        "from dodarchive.cli import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "extract", str(FIXTURE_WARCS), "-o", str(out),
         "--format", "parquet"],
        capture_output=True, text=True, check=False, cwd=ROOT, env=subprocess_env(),
    )  # fmt: skip
    assert result.returncode == 5
    assert result.stderr == (
        "dodarchive extract: error: --format parquet needs pyarrow: "
        "pip install 'dodarchive[parquet]'\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def _children(pid: int) -> list[int]:
    """Live child processes of ``pid`` (read from /proc)."""
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            kids.append(int(stat.parent.name))
    return kids


@pytest.mark.parametrize(
    ("how", "workers", "previous", "code", "line", "dedup"),
    [
        ("SIGINT", "2", False, 130, "interrupted (SIGINT); no output written", False),
        ("SIGTERM", "2", False, 143, "interrupted (SIGTERM); no output written", False),
        ("SIGINT", "1", True, 130, "interrupted (SIGINT); no output written", False),
        ("SIGTERM", "1", False, 143, "interrupted (SIGTERM); no output written", False),
        ("dead-worker", "2", False, 1,
         "a worker process died (killed, or out of memory?); no output written", False),
        ("SIGINT", "2", False, 130, "interrupted (SIGINT); no output written", True),
        ("dead-worker", "2", False, 1,
         "a worker process died (killed, or out of memory?); no output written", True),
    ],
    ids=["SIGINT", "SIGTERM", "SIGINT-one-process-previous", "SIGTERM-one-process",
         "dead-worker", "SIGINT-dedup", "dead-worker-dedup"],
)  # fmt: skip
def test_signals_and_a_dead_worker_stop_cleanly(
    tmp_path: Path, how: str, workers: str, previous: bool, code: int, line: str, dedup: bool
) -> None:
    """Stopped while writing: the exit code and one line, and no output as if complete
    (a previous run's output is left as it was). ``--workers 1`` is the one-pass path:
    records are extracted in the main process as they are read. With dedup, the workers
    spill article lines to files of their own, which go too."""
    out = tmp_path / "articles.jsonl"
    if previous:
        out.write_bytes(b"the previous run's complete output\n")
    big = _big_input(tmp_path, 40)  # long enough that no idle machine finishes first
    proc = subprocess.Popen(
        [*dodarchive_cmd(), "extract", str(big), "-o", str(out), "--workers", workers,
         *([] if dedup else ["--all-captures"])],
        cwd=ROOT, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        temp: list[Path] = []
        # results are being written (with dedup, by the workers: to their spill files)
        written = ".articles.jsonl.*.spill-*.tmp" if dedup else ".articles.jsonl.*.tmp"
        while time.monotonic() < deadline:
            temp = [p for p in tmp_path.glob(written) if p.stat().st_size]
            if temp or proc.poll() is not None:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "extraction finished before it could be stopped"
        assert temp, "no temporary output appeared"
        if how == "dead-worker":
            workers_alive = _children(proc.pid)
            assert len(workers_alive) >= 2, workers_alive  # two workers (and perhaps a helper)
            os.kill(max(workers_alive), signal.SIGKILL)
        else:
            os.kill(proc.pid, getattr(signal, how))
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # only the group we started
    assert (proc.returncode, stdout, stderr) == (code, "", ERROR + line + "\n")
    left = ["articles.jsonl", "big.warc.gz"] if previous else ["big.warc.gz"]
    assert sorted(p.name for p in tmp_path.iterdir()) == left  # nothing new, no temp file
    if previous:
        assert out.read_bytes() == b"the previous run's complete output\n"
    deadline = time.monotonic() + 10
    while _alive_in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)  # killed workers may take a moment to be reaped
    assert _alive_in_group(proc.pid) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{warc}"], "-o {warc} would overwrite the input {warc}"),
        (["-o", "{link}"], "-o {link} would overwrite the input {warc}"),
        (["-o", "{folder}/new.warc.gz"],
         "-o {folder}/new.warc.gz would overwrite the input {folder}"),
        (["-o", "{out}", "--rejects", "{warc}"],
         "--rejects {warc} would overwrite the input {warc}"),
        (["-o", "{out}", "--rejects", "{out}"], "--rejects and -o are the same file ({out})"),
        (["-o", "{out}", "--rejects", "{hard}"], "--rejects and -o are the same file ({out})"),
    ],
    ids=["output-is-input", "symlink", "in-input-folder", "rejects-is-input", "same", "hardlink"],
)  # fmt: skip
def test_output_never_overwrites_an_input_or_the_other_output(
    tmp_path: Path, synthetic: Path, args: list[str], message: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    warc = folder / "synthetic.warc.gz"
    warc.write_bytes(synthetic.read_bytes())
    (tmp_path / "link.warc.gz").symlink_to(warc)
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")
    (tmp_path / "hard.jsonl").hardlink_to(out)
    names = {"warc": warc, "link": tmp_path / "link.warc.gz", "folder": folder, "out": out,
             "hard": tmp_path / "hard.jsonl"}  # fmt: skip
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = cli("extract", folder, *(a.format(**names) for a in args))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ERROR + message.format(**names) + "\n"
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(("umask", "mode"), [(0o027, 0o640), (0o002, 0o664)])
def test_outputs_respect_the_umask(tmp_path: Path, synthetic: Path, umask: int, mode: int) -> None:
    out = tmp_path / "articles.jsonl"
    result = cli("extract", synthetic, "-o", out, preexec_fn=lambda: os.umask(umask))
    assert result.returncode == 0, result.stderr
    for path in (out, tmp_path / "articles.rejects.jsonl"):
        assert path.stat().st_mode & 0o777 == mode


def test_damage_mid_file_loses_only_the_damaged_bytes(tmp_path: Path) -> None:
    kinds = {4: "garbage", 8: "blob", 11: "absurd", 14: "negative"}
    path, ranges, offsets = damaged_copy(tmp_path / "damaged.warc.gz", kinds)
    clean = cli("extract", LEGACY, "-o", tmp_path / "clean.jsonl")
    result = cli("extract", path, "-o", tmp_path / "out.jsonl", "--workers", "2")
    assert (clean.returncode, result.returncode) == (0, 4), result.stderr
    s = summary(result)
    assert (s["articles"], s["records"]) == (summary(clean)["articles"], summary(clean)["records"])
    assert s["rejected"] == {"warc-corrupt": 3, "warc-truncated": 1}
    assert s["damagedInputs"] == ["damaged.warc.gz"]
    got = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    want = [json.loads(line) for line in (tmp_path / "clean.jsonl").read_text().splitlines()]
    assert [a["headline"] for a in got] == [a["headline"] for a in want]
    by_offset = dict(zip(OFFSETS, offsets, strict=True))
    assert [a["source"]["offset"] for a in got] == [
        by_offset[a["source"]["offset"]] for a in want
    ]  # every article after the damage, at its new offset
    rejects = [
        json.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_text().splitlines()
    ]
    assert [(r["source"]["offset"], r["detail"].rsplit("; ", 1)[1]) for r in rejects] == [
        (start, f"bytes {start}-{end} skipped, read on from {end}") for start, end in ranges
    ]


def test_extractor_generic_forces_the_generic_page_class(tmp_path: Path) -> None:
    warc = FIXTURE_WARCS / "legacy.warc.gz"
    runs = {}
    for extractor in ("auto", "generic"):
        out = tmp_path / f"{extractor}.jsonl"
        result = cli("extract", warc, "-o", out, "--workers", "1", "--extractor", extractor)
        assert result.returncode == 0, result.stderr
        runs[extractor] = [json.loads(line) for line in out.read_text().splitlines()]
    assert {a["extractor"]["name"] for a in runs["generic"]} == {"GenericPage"}
    assert "GenericPage" not in {a["extractor"]["name"] for a in runs["auto"]}
    fields = ("url", "headline", "datePublished", "releaseNumber", "articleBody")
    assert [[a[f] for f in fields] for a in runs["generic"]] == [
        [a[f] for f in fields] for a in runs["auto"]
    ]


@pytest.mark.parametrize(
    ("workers", "flags"),
    [("1", []), ("2", []), ("2", ["--all-captures"])],
    ids=["one-process", "workers-spill", "workers-all-captures"],
)
def test_a_full_disk_is_one_line_exit_5_and_nothing_written(
    tmp_path: Path, workers: str, flags: list[str]
) -> None:
    """Writes that fail (here: past RLIMIT_FSIZE, EFBIG, as a full disk fails with
    ENOSPC) stop the run with exit 5 and one line, wherever they happen: the main
    process's output and spill, or a worker's spill file. No output, no temp file."""
    import resource

    out = tmp_path / "out" / "articles.jsonl"
    out.parent.mkdir()
    limit = 64 * 1024  # the fixture articles are ~3 MB of lines; no file may pass 64 KB

    def small_files() -> None:  # pragma: no cover - runs in the child before exec
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [*dodarchive_cmd(), "extract", str(FIXTURE_WARCS), "-o", str(out),
         "--workers", workers, *flags],
        capture_output=True, text=True, check=False, cwd=ROOT, env=subprocess_env(),
        timeout=120, preexec_fn=small_files,
    )  # fmt: skip
    assert result.returncode == 5, result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(ERROR)
    assert line.endswith(": cannot write (File too large); no output written")
    assert sorted(p.name for p in out.parent.iterdir()) == []
