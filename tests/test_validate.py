"""``dodarchive validate`` on good and deliberately broken archives."""

from __future__ import annotations

import gzip
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from dodarchive.capture.records import Original
from dodarchive.warc.validate import validate
from tests.conftest import ROOT, dodarchive_cmd, subprocess_env
from tests.damaged_warc import damaged_copy
from tests.test_capture_records import EXCHANGE, writer

RESP_ID = "<urn:uuid:00000000-0000-4000-8000-0000000000aa>"
REQ_ID = "<urn:uuid:00000000-0000-4000-8000-0000000000bb>"
HTTP = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello"


def raw(fields: list[tuple[str, str]], block: bytes, version: str = "WARC/1.1") -> bytes:
    head = "".join(f"{k}: {v}\r\n" for k, v in fields)
    return f"{version}\r\n{head}Content-Length: {len(block)}\r\n\r\n".encode() + block + b"\r\n\r\n"


def response(rec_id: str = RESP_ID, extra: tuple[tuple[str, str], ...] = ()) -> bytes:
    fields = [
        ("WARC-Type", "response"), ("WARC-Record-ID", rec_id),
        ("WARC-Target-URI", "http://a.example/"), ("WARC-Date", "2026-01-02T03:04:05Z"),
        ("Content-Type", "application/http; msgtype=response"), *extra,
    ]  # fmt: skip
    return raw(fields, HTTP)


def request(concurrent_to: str = RESP_ID, version: str = "WARC/1.1") -> bytes:
    fields = [
        ("WARC-Type", "request"), ("WARC-Record-ID", REQ_ID),
        ("WARC-Target-URI", "http://a.example/"), ("WARC-Date", "2026-01-02T03:04:05Z"),
        ("WARC-Concurrent-To", concurrent_to),
        ("Content-Type", "application/http; msgtype=request"),
    ]  # fmt: skip
    return raw(fields, b"GET / HTTP/1.1\r\nHost: a.example\r\n\r\n", version)


def messages(tmp_path: Path, data: bytes, name: str = "t.warc") -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    return [p.message for p in validate([path]).problems]


def test_writer_output_is_valid(tmp_path: Path) -> None:
    w = writer(tmp_path)
    w.write_exchange(EXCHANGE)
    w.close()
    report = validate([tmp_path])
    assert (report.files, report.records, report.problems) == (1, 3, [])


def test_response_without_request(tmp_path: Path) -> None:
    assert messages(tmp_path, response()) == ["response has no concurrent request"]
    assert messages(tmp_path, response() + request()) == []


def test_missing_and_repeated_fields(tmp_path: Path) -> None:
    data = response(extra=(("WARC-Date", "2026-01-03T00:00:00Z"),)) + request()
    assert messages(tmp_path, data) == ["field warc-date appears 2 times"]
    no_date = raw([("WARC-Type", "response"), ("WARC-Record-ID", RESP_ID),
                   ("WARC-Target-URI", "http://a.example/")], HTTP)  # fmt: skip
    assert messages(tmp_path, no_date + request()) == ["mandatory field WARC-Date is missing"]


@pytest.mark.parametrize(
    ("date", "ok"),
    [
        ("2026-01-02T03:04:05Z", True),
        ("2026-01-02T03:04:05.123456Z", True),
        ("2026-01-02T03:04:05", False),  # no zone
        ("2026-01-02T03:04:05+00:00", False),  # an offset, not Z
        ("2026-01-02 03:04:05Z", False),
        ("2026-02-30T03:04:05Z", False),  # no such day
        ("Fri, 02 Jan 2026 03:04:05 GMT", False),  # an HTTP date
        ("yesterday", False),
    ],
)
def test_warc_date_must_be_a_utc_instant(tmp_path: Path, date: str, ok: bool) -> None:
    fields = [("WARC-Type", "response"), ("WARC-Record-ID", RESP_ID),
              ("WARC-Target-URI", "http://a.example/"), ("WARC-Date", date)]  # fmt: skip
    problem = f"WARC-Date {date!r} is not a UTC date and time (YYYY-MM-DDThh:mm:ss[.fraction]Z)"
    assert messages(tmp_path, raw(fields, HTTP) + request()) == ([] if ok else [problem])


def test_mixed_versions(tmp_path: Path) -> None:
    problems = validate([_write(tmp_path, response() + request(version="WARC/1.0"))]).problems
    where = f"{tmp_path / 't.warc'}:{len(response())}"
    assert [str(p) for p in problems] == [f"{where}: WARC/1.0 record in a WARC/1.1 file"]


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "t.warc"
    path.write_bytes(data)
    return path


def test_revisit_without_original(tmp_path: Path) -> None:
    w = writer(tmp_path)
    first = w.write_exchange(EXCHANGE)
    path = w.close()
    assert path is not None
    data = path.read_bytes()
    # keep warcinfo + the revisit pair only: the original response is gone
    w2 = writer(tmp_path / "later")
    from dodarchive.capture.records import Original

    w2.write_exchange(EXCHANGE, Original("<urn:uuid:gone>", EXCHANGE.url, first.date))
    later = w2.close()
    assert later is not None
    problems = [p.message for p in validate([later]).problems]
    assert problems == ["revisit original not found: WARC-Refers-To <urn:uuid:gone>"]
    assert data  # the first file is valid on its own
    assert validate([path]).ok


def test_digest_mismatch_is_reported(tmp_path: Path) -> None:
    w = writer(tmp_path)
    w.write_exchange(EXCHANGE)
    path = w.close()
    assert path is not None
    plain = gzip.decompress(path.read_bytes()).replace(b"<p>hi</p>", b"<p>HI</p>")
    assert messages(tmp_path, plain) == [
        "digest: block digest failed: sha1:ZNICW5BK4U54C5FE5OXYM4NF76SMM7T4",
        "digest: payload digest failed sha1:TCDHEAUSUI25VK2QXALNPILFIQFRWJHM",
    ]


def test_truncated_trailing_record(tmp_path: Path) -> None:
    w = writer(tmp_path)
    w.write_exchange(EXCHANGE)
    path = w.close()
    assert path is not None
    data = path.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[:-15])
    got = [str(p) for p in validate([cut]).problems]
    end = _second_record_end(path)
    detail = "request record has 103 of 110 body bytes"
    assert got[-1] == f"{cut}:{end}: truncated record at byte {end}: {detail}"
    plain = gzip.decompress(data)
    assert messages(tmp_path, plain[:-30])[-1].startswith("truncated record")


def _second_record_end(path: Path) -> int:
    from dodarchive.warc.scan import check_whole

    whole = check_whole(path)
    assert whole.records == 3
    data = path.read_bytes()
    return data.rfind(b"\x1f\x8b\x08")  # the last member (the request) starts here


def test_cli_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good"
    w = writer(good)
    w.write_exchange(EXCHANGE)
    w.close()
    bad = _write(tmp_path, response())
    run = [*dodarchive_cmd(), "validate"]
    ok = subprocess.run([*run, str(good)], capture_output=True, text=True, cwd=ROOT,
                        env=subprocess_env(), check=False)  # fmt: skip
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "", "1 files, 3 records, 0 problems\n")
    fail = subprocess.run([*run, str(good), str(bad)], capture_output=True, text=True, cwd=ROOT,
                          env=subprocess_env(), check=False)  # fmt: skip
    assert fail.returncode == 1
    assert fail.stdout == f"{bad}:0: response has no concurrent request\n"


def test_committed_fixture_warcs_are_valid() -> None:
    from tests.conftest import FIXTURE_WARCS

    report = validate([FIXTURE_WARCS])
    # 6 corpus WARCs + wargov-reconstructed
    assert (report.files, report.records, [str(p) for p in report.problems]) == (7, 718, [])


def test_damage_mid_file_is_reported_and_checking_goes_on(tmp_path: Path) -> None:
    kinds = {4: "garbage", 8: "blob", 11: "absurd", 14: "negative"}
    path, ranges, _ = damaged_copy(tmp_path / "damaged.warc.gz", kinds)
    report = validate([path])
    assert report.records == 16  # every record of the clean file is still checked
    got = [(p.offset, p.message.rsplit("; ", 1)[-1]) for p in report.problems]
    assert got == [
        (start, f"bytes {start}-{end} skipped, checked on from {end}") for start, end in ranges
    ]
    result = subprocess.run(
        [*dodarchive_cmd(), "validate", str(path)], capture_output=True, text=True,
        env=subprocess_env(), check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 4
    assert "Traceback" not in result.stderr
    assert result.stderr == "1 files, 16 records, 4 problems\n"


def _revisit_of_another_payload(folder: Path) -> list[Path]:
    """A revisit that names its original by id, but whose payload is not the original's."""
    w = writer(folder)
    first = w.write_exchange(EXCHANGE)
    changed = replace(EXCHANGE, body=b"<p>changed since</p>\n")
    w.write_exchange(changed, Original(first.response_id, EXCHANGE.url, first.date))
    path = w.close()
    assert path is not None
    return [path]


def _same_ids_in_two_files(folder: Path) -> list[Path]:
    """Two crawls whose record-id generator started over: every id of the second file is
    one of the first's (the writer's test ids count up from 1 in each writer)."""
    paths = []
    for name in ("a", "b"):
        w = writer(folder / name)
        w.write_exchange(EXCHANGE)
        path = w.close()
        assert path is not None
        paths.append(path)
    return paths


def _unparsable_digest(folder: Path) -> list[Path]:
    """The response's block digest lost its last character: the record's bytes are whole
    (the scan finds every record), but warcio cannot decode the digest to check it."""
    w = writer(folder)
    w.write_exchange(EXCHANGE)
    path = w.close()
    assert path is not None
    plain = gzip.decompress(path.read_bytes())
    digest = b"WARC-Block-Digest: sha1:ZNICW5BK4U54C5FE5OXYM4NF76SMM7T4\r\n"
    assert plain.count(digest) == 1  # the response's
    bad = folder / "cut-digest.warc"
    bad.write_bytes(plain.replace(digest, digest[:-3] + b"\r\n"))
    return [bad]


ID = "<urn:uuid:00000000-0000-4000-8000-{:012d}>"


@pytest.mark.parametrize(
    ("make", "records", "expected"),
    [
        (_revisit_of_another_payload, 5,
         ["{0}:1015: revisit digest differs from WARC-Refers-To " + ID.format(2)]),
        (_same_ids_in_two_files, 6,
         [f"{{1}}:{offset}: record id {ID.format(n)} used twice"
          for n, offset in ((1, 0), (2, 259), (3, 628))]),
        (_unparsable_digest, 2,
         [("{0}:336: unreadable record (binascii.Error: Incorrect padding); "
           "bytes 336-899 skipped, checked on from 899")]),
    ],
    ids=["revisit-digest-differs", "duplicate-record-id", "unreadable-record"],
)  # fmt: skip
def test_each_problem_is_found_named_and_exits_1(
    tmp_path: Path, make: Callable[[Path], list[Path]], records: int, expected: list[str]
) -> None:
    paths = make(tmp_path)
    lines = [line.format(*paths) for line in expected]
    report = validate(paths)
    assert (report.files, report.records) == (len(paths), records)
    assert [str(p) for p in report.problems] == lines
    result = subprocess.run(
        [*dodarchive_cmd(), "validate", *map(str, paths)], capture_output=True, text=True,
        cwd=ROOT, env=subprocess_env(), check=False, timeout=60,
    )  # fmt: skip
    assert (result.returncode, result.stdout.splitlines()) == (1, lines)
    assert result.stderr == f"{len(paths)} files, {records} records, {len(lines)} problems\n"
