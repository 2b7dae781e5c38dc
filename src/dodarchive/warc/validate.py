"""Check WARC files: warcio's digest check plus the structure archives rely on.

Problems found, one :class:`Problem` each:

- a block or payload digest that does not match (warcio's check);
- a mandatory field (``WARC-Record-ID``, ``WARC-Type``, ``WARC-Date``, ``Content-Length``;
  ``WARC-Target-URI`` for HTTP records, ``WARC-Profile`` for revisits) missing or repeated,
  and any other ``WARC-*`` field repeated (``WARC-Concurrent-To`` may repeat);
- a ``WARC-Date`` that is not a UTC instant in the standard's form (replay tools and
  ``wacz`` cannot place such a record in time);
- more than one WARC version in a file; a record id used twice;
- a response or revisit with no request linked by ``WARC-Concurrent-To``;
- a revisit whose original (``WARC-Refers-To``, else target URI and date) is not among
  the files checked, or has another payload digest;
- a truncated or damaged record, or a damaged stretch of a file: checking resumes at the
  next gzip member (or line) that starts a WARC record, and the problem names the bytes
  skipped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from dodarchive.warc.files import warc_files
from dodarchive.warc.reader import Window, archive_iterator, find_next_record
from dodarchive.warc.scan import Damage, whole_stretches

__all__ = ["Problem", "Report", "validate"]

MANDATORY = ("WARC-Record-ID", "WARC-Type", "WARC-Date", "Content-Length")
HTTP_TYPES = frozenset({"request", "response", "revisit"})
REPEATABLE = frozenset({"warc-concurrent-to"})


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, located by file and record offset."""

    path: str
    offset: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.offset}" if self.offset is not None else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class _Rec:
    path: str
    offset: int
    rec_id: str
    rec_type: str
    uri: str
    date: str
    digest: str
    concurrent: tuple[str, ...]
    refers_to: str
    refers_uri: str
    refers_date: str


@dataclass
class Report:
    """Everything :func:`validate` found: ``ok`` when ``problems`` is empty."""

    files: int = 0
    records: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


def _field_problems(headers: Sequence[tuple[str, str]], rec_type: str) -> list[str]:
    counts = Counter(name.lower() for name, _ in headers)
    required = list(MANDATORY)
    if rec_type in HTTP_TYPES:
        required.append("WARC-Target-URI")
    if rec_type == "revisit":
        required.append("WARC-Profile")
    out = [f"mandatory field {name} is missing" for name in required if not counts[name.lower()]]
    out += [
        f"WARC-Date {value!r} is not a UTC date and time (YYYY-MM-DDThh:mm:ss[.fraction]Z)"
        for name, value in headers
        if name.lower() == "warc-date" and not _is_warc_date(value)
    ]
    out += [
        f"field {name} appears {n} times"
        for name, n in sorted(counts.items())
        if n > 1 and (name.startswith("warc-") or name == "content-length")
        if name not in REPEATABLE
    ]
    return out


_WARC_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z")


def _is_warc_date(value: str) -> bool:
    """``value`` is a WARC-Date as WARC/1.1 (section 5.4) writes it: a real UTC instant in
    W3C-ISO8601 form, ``2016-09-19T17:20:24Z``, with an optional fraction of a second.

    >>> [_is_warc_date(v) for v in ("2016-09-19T17:20:24Z", "2016-09-19T17:20:24.123456Z")]
    [True, True]
    >>> [_is_warc_date(v) for v in ("2016-09-19T17:20:24+00:00", "2016-13-19T17:20:24Z", "")]
    [False, False, False]
    """
    if not _WARC_DATE.fullmatch(value):
        return False
    try:
        datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return False
    return True


def _read_file(path: Path, report: Report, records: list[_Rec]) -> None:
    """Check every whole record of ``path``, and report each damaged stretch once.

    Records are read with warcio (digests checked) stretch by stretch, between the damage
    :func:`~dodarchive.warc.scan.whole_stretches` finds. A truncated stretch is read too,
    for its records' links only (a cut request still pairs with its response); a record
    there whose headers lack a mandatory field is reported as that field, not as damage.
    """
    label = str(path)
    stretches, damage = whole_stretches(path)
    size = path.stat().st_size
    versions: set[str] = set()
    found: list[Problem] = []
    with path.open("rb") as fh:
        for item in damage:
            fields: list[Problem] = []
            if item.reason == "warc-truncated":  # records, if cut ones: keep their links
                end = item.end if item.end >= 0 else size
                span = (item.offset, end)
                fields, count = _damaged_stretch(fh, label, span, versions=versions,
                                                 records=records)  # fmt: skip
                if not item.detail.startswith("WARC headers cut short"):
                    fields = []
                report.records += count if fields else 0
            found.extend(fields or [_damage_problem(label, item)])
        first = len(report.problems)
        for start, end in stretches:
            _whole_stretch(path, fh, (start, end), versions=versions, report=report,
                           records=records)  # fmt: skip
    report.problems[first:first] = found  # the file's damage first, as before


def _damage_problem(label: str, item: Damage) -> Problem:
    what = "truncated" if item.reason == "warc-truncated" else "corrupt"
    detail = item.detail.replace(", read on from ", ", checked on from ")
    return Problem(label, item.offset, f"{what} record at byte {item.offset}: {detail}")


def _whole_stretch(
    path: Path, fh: IO[bytes], span: tuple[int, int], *, versions: set[str],
    report: Report, records: list[_Rec],
) -> None:  # fmt: skip
    label = str(path)
    stretches = [span]
    while stretches:
        start, end = stretches.pop()
        it = archive_iterator(Window(fh, start, end), check_digests=True)
        try:
            for record in it:
                offset = it.get_record_offset()
                _drain(record)
                it.read_to_end(record)
                report.records += 1
                _check_record(label, offset, record, versions=versions, report=report, out=records)
        except Exception as exc:  # a finding; checking goes on at the next record
            message = f"unreadable record ({_exception_name(exc)}: {exc})"
            resume = find_next_record(path, it.offset + 1)
            if resume is not None and resume < end:
                message += f"; bytes {it.offset}-{resume} skipped, checked on from {resume}"
                stretches.append((resume, end))
            report.problems.append(Problem(label, it.offset, message))


def _exception_name(exc: Exception) -> str:
    """``ValueError``, or ``binascii.Error`` for one that is not a builtin (its bare name,
    ``Error``, says nothing).

    >>> import binascii
    >>> _exception_name(binascii.Error()), _exception_name(ValueError())
    ('binascii.Error', 'ValueError')
    """
    kind = type(exc)
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )


def _damaged_stretch(
    fh: IO[bytes],
    label: str,
    span: tuple[int, int],
    *,
    versions: set[str],
    records: list[_Rec],
) -> tuple[list[Problem], int]:
    """The mandatory-field problems of the records warcio can parse in a damaged stretch
    (their links are kept), and how many it parsed; no problems means the damage itself
    is what to report."""
    scratch = Report()
    parsed: list[_Rec] = []
    it = archive_iterator(Window(fh, *span), check_digests=True)
    try:
        for record in it:
            offset = it.get_record_offset()
            _drain(record)
            it.read_to_end(record)
            scratch.records += 1
            _check_record(label, offset, record, versions=set(versions), report=scratch,
                          out=parsed)  # fmt: skip
    except Exception:  # noqa: S110 - damage: what it holds is reported as such
        pass
    records.extend(parsed)
    fields = [p for p in scratch.problems if p.message.startswith("mandatory field")]
    return fields, scratch.records


def _drain(record: Any) -> None:
    stream = record.raw_stream
    while stream.read(1 << 20):
        pass


def _check_record(
    label: str, offset: int, record: Any, *, versions: set[str], report: Report, out: list[_Rec]
) -> None:
    headers = record.rec_headers
    version = headers.protocol or ""
    if versions and version not in versions:
        report.problems.append(
            Problem(label, offset, f"{version} record in a {sorted(versions)[0]} file")
        )
    versions.add(version)
    for message in _field_problems(headers.headers, record.rec_type):
        report.problems.append(Problem(label, offset, message))
    checker = getattr(record, "digest_checker", None)
    if checker is not None and checker.passed is False:
        for message in checker.problems:
            report.problems.append(Problem(label, offset, f"digest: {message}"))
    get = headers.get_header
    out.append(
        _Rec(
            path=label,
            offset=offset,
            rec_id=get("WARC-Record-ID") or "",
            rec_type=record.rec_type,
            uri=get("WARC-Target-URI") or "",
            date=get("WARC-Date") or "",
            digest=get("WARC-Payload-Digest") or "",
            concurrent=tuple(v for k, v in headers.headers if k.lower() == "warc-concurrent-to"),
            refers_to=get("WARC-Refers-To") or "",
            refers_uri=get("WARC-Refers-To-Target-URI") or "",
            refers_date=get("WARC-Refers-To-Date") or "",
        )
    )


def _link_problems(records: list[_Rec]) -> list[Problem]:
    problems: list[Problem] = []
    by_id: dict[str, _Rec] = {}
    for rec in records:
        if rec.rec_id in by_id:
            problems.append(Problem(rec.path, rec.offset, f"record id {rec.rec_id} used twice"))
        by_id.setdefault(rec.rec_id, rec)
    requests = {r.rec_id for r in records if r.rec_type == "request"}
    linked = {c for r in records if r.rec_type == "request" for c in r.concurrent}
    by_capture = {(r.uri, r.date): r for r in records if r.rec_type == "response"}
    for rec in records:
        if rec.rec_type not in ("response", "revisit"):
            continue
        if rec.rec_id not in linked and not requests.intersection(rec.concurrent):
            problems.append(
                Problem(rec.path, rec.offset, f"{rec.rec_type} has no concurrent request")
            )
        if rec.rec_type == "revisit":
            problems.extend(_revisit_problems(rec, by_id, by_capture))
    return problems


def _revisit_problems(
    rec: _Rec, by_id: dict[str, _Rec], by_capture: dict[tuple[str, str], _Rec]
) -> list[Problem]:
    if rec.refers_to:
        original = by_id.get(rec.refers_to)
        target = f"WARC-Refers-To {rec.refers_to}"
    else:
        original = by_capture.get((rec.refers_uri, rec.refers_date))
        target = f"{rec.refers_uri} at {rec.refers_date}"
    if original is None or original.rec_type != "response":
        return [Problem(rec.path, rec.offset, f"revisit original not found: {target}")]
    if rec.digest and original.digest != rec.digest:
        return [Problem(rec.path, rec.offset, f"revisit digest differs from {target}")]
    return []


def validate(inputs: Iterable[str | Path]) -> Report:
    """Check every WARC file in ``inputs`` (files or folders), links checked across all."""
    report = Report()
    records: list[_Rec] = []
    for path in warc_files(inputs, check=False):
        report.files += 1
        _read_file(path, report, records)
    report.problems.extend(_link_problems(records))
    return report
