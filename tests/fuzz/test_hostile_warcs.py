"""Hostile WARCs: huge header lines and bodies read in bounded memory, with one-line
findings; warcio's own warnings never reach stderr."""

from __future__ import annotations

import gzip
import json
import logging
import sys
from pathlib import Path

import pytest

from dodarchive.warc.reader import HEADER_LIMIT, iter_records_resync
from tests.conftest import dodarchive_cmd
from tests.damaged_warc import LEGACY
from tests.hostile_warc import header_line_warc, http_header_line_warc, huge_body_warc
from tests.security.test_size_limits import peak_run

LINE = 60_000_000  # a 60 MB header line, ~60 KB compressed


@pytest.mark.parametrize("build", [header_line_warc, http_header_line_warc])
def test_huge_header_line_is_damage_in_bounded_memory(tmp_path: Path, build: object) -> None:
    path = build(tmp_path / "hostile.warc.gz", LINE)  # type: ignore[operator]
    out = tmp_path / "out.jsonl"
    result, mb = peak_run(*dodarchive_cmd(), "extract", str(path), "-o", str(out),
                          "--workers", "1")  # fmt: skip
    assert result.returncode == 4, result.stderr
    # The interpreter and dodarchive take ~70 MB, and the good record after the hostile
    # one loads py3langid's model (~100 MB) to detect its language; the 200 MB line is
    # never held (before the fix this run took ~460 MB).
    assert mb < 200, mb
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout)
    assert (summary["records"], summary["rejected"]) == (1, {"warc-corrupt": 1})
    lines = out.with_suffix(".rejects.jsonl").read_text().splitlines()
    (reject,) = [json.loads(line) for line in lines]
    assert reject["detail"].startswith(f"header lines over {HEADER_LIMIT} bytes; bytes 0-")
    result, mb = peak_run(*dodarchive_cmd(), "validate", str(path))
    assert result.returncode == 1
    assert mb < 110, mb
    assert result.stderr == "1 files, 2 records, 1 problems"  # peak_run drops the last \\n


def test_warcio_warnings_are_one_logged_line_not_stderr(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    raw = gzip.decompress(LEGACY.read_bytes())
    length = raw.index(b"Content-Length: ") + len(b"Content-Length: ")
    end = raw.index(b"\r\n", length)
    size = int(raw[length:end])
    path = tmp_path / "short-length.warc"  # the warcinfo claims 10 bytes less than it has
    path.write_bytes(raw[:length] + str(size - 10).encode() + raw[end:])
    with caplog.at_level(logging.WARNING):
        records = list(iter_records_resync(path, types=None, max_body=0))
    assert len(records) == 16  # all read: the stray bytes are skipped
    assert capfd.readouterr().err == ""
    (warning,) = [r.getMessage() for r in caplog.records]
    assert warning.startswith("stray bytes after the WARC record at byte 0 (wrong Content-Length?)")
    assert "\n" not in warning


def test_incremental_skip_reads_headers_only(tmp_path: Path) -> None:
    folder = tmp_path / "warc"
    huge_body_warc(folder / "big.warc.gz", 200 * 2**20)  # ~1 MB on disk
    code = (
        "import sys; from pathlib import Path; "
        "from dodarchive.downloadermiddlewares.archived import archived_urls; "
        "print(len(archived_urls(Path(sys.argv[1]))))"
    )
    result, mb = peak_run(sys.executable, "-c", code, str(folder))
    assert (result.returncode, result.stdout) == (0, "2\n"), result.stderr
    assert mb < 110, mb  # the 200 MiB body is streamed past, never held
