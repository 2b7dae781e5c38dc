"""Shared pieces of the extractor fuzz tests: seed records, the never-raise contract,
and the example budget (``DODARCHIVE_FUZZ_SCALE`` multiplies it for long runs)."""

from __future__ import annotations

import os
from dataclasses import replace
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, settings

from dodarchive.extract.record import Outcome, extract_record
from dodarchive.fixtures import load_case
from dodarchive.pages import PAGE_CLASSES, PageInput
from dodarchive.warc.reader import ArchivedResponse, RecordRef
from tests.conftest import FIXTURES

PAGES = FIXTURES / "pages"

#: Multiplier of every fuzz test's example count (scripts/fuzz_long.py sets it).
SCALE = float(os.environ.get("DODARCHIVE_FUZZ_SCALE", "1"))
GUARANTEES = {cls.__name__: cls.guarantees for cls in PAGE_CLASSES}
#: The catch-all reject; any occurrence is a page-class bug to fix.
CRASH = "extractor-crash"


def fuzz(examples: int) -> settings:
    """Hypothesis settings for ``examples`` cases (times SCALE), no deadline."""
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        derandomize=SCALE == 1,  # CI runs are reproducible; long runs explore
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


@cache
def seed_records() -> tuple[ArchivedResponse, ...]:
    """One saved fixture case per template (two af.mil print views), as WARC records:
    real pages of every template, each giving an article unmutated."""
    cases: list[Path] = []
    for folder in sorted(PAGES.iterdir()):
        if folder.name != "non-article":
            cases += sorted(folder.iterdir())[: 2 if folder.name == "afmil-print" else 1]
    return tuple(_record(load_case(case)) for case in cases)


def _record(page: PageInput) -> ArchivedResponse:
    src = page.source
    ref = RecordRef(
        warcFile=src.warcFile,
        recordId=src.recordId,
        offset=src.offset,
        length=src.length,
        targetUri=page.url,
        warcDate=src.warcDate,
        payloadDigest=src.payloadDigest,
        recordType="response",
    )
    return ArchivedResponse(ref, page.status, "OK", "HTTP/1.1", page.headers, page.body)


@cache
def baseline(index: int) -> Outcome:
    """The unmutated outcome of seed record ``index``."""
    return extract_record(seed_records()[index])


def with_body(
    rec: ArchivedResponse, body: bytes, headers: tuple[tuple[str, str], ...] | None = None
) -> ArchivedResponse:
    """``rec`` with another payload (and optionally other HTTP headers)."""
    return replace(rec, body=body, http_headers=rec.http_headers if headers is None else headers)


def html_record(body: bytes, url: str, ctype: str = "text/html; charset=utf-8") -> ArchivedResponse:
    """A synthetic 200 response record for ``url``."""
    ref = RecordRef(
        warcFile="fuzz.warc.gz",
        recordId="<urn:uuid:00000000-0000-0000-0000-000000000000>",
        offset=0,
        length=len(body),
        targetUri=url,
        warcDate="2020-01-02T00:00:00Z",
        payloadDigest=None,
        recordType="response",
    )
    return ArchivedResponse(ref, 200, "OK", "HTTP/1.1", (("Content-Type", ctype),), body)


def check_contract(rec: ArchivedResponse) -> Outcome:
    """Extract ``rec`` and assert the contract: no exception escapes, a reject has a
    specific reason (never the catch-all), and an article is whole."""
    outcome = extract_record(rec)  # must not raise
    assert outcome.kind in ("article", "skipped", "rejected")
    if outcome.kind == "rejected":
        assert outcome.reason, outcome
        assert outcome.reason != CRASH, outcome.detail
    elif outcome.kind == "skipped":
        assert outcome.reason, outcome
    else:
        assert_whole(outcome)
    return outcome


def assert_whole(outcome: Outcome) -> None:
    """An article has a headline, paragraphs, a matching body and its guaranteed fields."""
    art = outcome.article
    assert art is not None
    assert art.headline.strip()
    assert art.paragraphs
    assert all(p.strip() for p in art.paragraphs)
    assert art.articleBody == "\n\n".join(art.paragraphs)
    assert "\ufffd" not in art.articleBody + art.headline
    for name in GUARANTEES.get(art.extractor.name, ()):
        assert getattr(art, name), f"{art.extractor.name} lacks guaranteed {name}"
