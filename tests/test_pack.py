"""``dodarchive pack`` when wacz fails: exit 5, one line, and no ``.wacz`` as if complete
(a previous one is kept as it was; no temporary files are left). Real wacz, real WARC
files, the real command as a subprocess."""

from __future__ import annotations

import gzip
import resource
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_WARCS, ROOT, dodarchive_cmd, subprocess_env
from tests.test_capture_records import EXCHANGE, writer

PREVIOUS = b"PK the previous package, left alone\n"


def pack(
    warc: Path, out: Path, preexec_fn: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*dodarchive_cmd(), "pack", str(warc), "-o", str(out)],
        cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=120,
        check=False, preexec_fn=preexec_fn,
    )  # fmt: skip


def http_dated_warc(folder: Path) -> Path:
    """A whole, readable WARC whose response has an HTTP-style ``WARC-Date``: dodarchive
    reads it, wacz's indexer cannot parse the date and raises."""
    w = writer(folder / "w")
    w.write_exchange(EXCHANGE)
    path = w.close()
    assert path is not None
    plain = gzip.decompress(path.read_bytes())
    date = b"WARC-Date: 2026-01-02T03:04:05.600000Z\r\n"
    assert plain.count(date) == 2  # the response's, then the request's
    bad = folder / "http-date.warc"
    bad.write_bytes(plain.replace(date, b"WARC-Date: Fri, 02 Jan 2026 03:04:05 GMT\r\n", 1))
    return bad


def file_size_limit(limit: int) -> Callable[[], None]:
    """For the child: writes past ``limit`` bytes of any file fail with EFBIG."""

    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    return preexec


@pytest.mark.parametrize("previous", [False, True], ids=["no-previous", "previous"])
def test_wacz_raising_on_a_warc_is_one_line_and_leaves_nothing(
    tmp_path: Path, previous: bool
) -> None:
    warc = http_dated_warc(tmp_path)
    out = tmp_path / "out" / "site.wacz"
    if previous:
        out.parent.mkdir()
        out.write_bytes(PREVIOUS)
    result = pack(warc, out)
    assert (result.returncode, result.stdout) == (5, "")
    assert result.stderr == (
        f"dodarchive pack: error: {out}: wacz failed (exit 1): "
        "ValueError: invalid literal for int() with base 10: ''\n"
    )
    if previous:
        assert sorted(p.name for p in out.parent.iterdir()) == ["site.wacz"]
        assert out.read_bytes() == PREVIOUS
    else:
        assert sorted(p.name for p in out.parent.iterdir()) == []  # no temporary folder


@pytest.mark.parametrize("previous", [False, True], ids=["no-previous", "previous"])
def test_a_write_failing_inside_wacz_leaves_nothing(tmp_path: Path, previous: bool) -> None:
    warc = FIXTURE_WARCS / "legacy.warc.gz"
    out = tmp_path / "site.wacz"
    if previous:
        out.write_bytes(PREVIOUS)
    # Room for the page list, not for the package (which holds a copy of the WARC).
    result = pack(warc, out, preexec_fn=file_size_limit(warc.stat().st_size // 2))
    assert (result.returncode, result.stdout) == (5, "")
    assert result.stderr == (
        f"dodarchive pack: error: {out}: wacz failed (exit 1): OSError: [Errno 27] File too large\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == (["site.wacz"] if previous else [])
    if previous:
        assert out.read_bytes() == PREVIOUS


def test_the_same_input_packs_without_the_limit(tmp_path: Path) -> None:
    """The control: the failures above come from wacz and the limit, not the input."""
    out = tmp_path / "site.wacz"
    result = pack(FIXTURE_WARCS / "legacy.warc.gz", out)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == f"{out}: 1 WARC files, 5 pages\n"
    assert out.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.wacz"]
