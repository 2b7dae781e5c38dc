"""Every saved fixture case under tests/fixtures/pages/ gives its expected output.

Comparison is field by field, so a regression names the field that broke.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dodarchive.fixtures import case_result
from tests.conftest import FIXTURES

CASES = sorted(p.parent for p in (FIXTURES / "pages").glob("*/*/inputs"))


def _expected(case: Path) -> dict[str, object]:
    if (case / "exception.json").exists():
        return {"exception": json.loads((case / "exception.json").read_text(encoding="utf-8"))}
    return json.loads((case / "output.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_case(case: Path) -> None:
    expected = _expected(case)
    got = case_result(case)
    for key in sorted(set(expected) | set(got)):
        assert got.get(key) == expected.get(key), f"field {key!r} differs in {case.name}"
