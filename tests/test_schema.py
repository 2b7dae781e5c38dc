"""The JSON Schema: generated from the dataclasses, committed, and every output valid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from dodarchive.article import Article, dumps
from dodarchive.cli import main
from dodarchive.pages.textcapture import normalize_file
from dodarchive.schema import article_schema, field_docs, schema_json
from tests.conftest import FIXTURES, ROOT

COMMITTED = ROOT / "schema" / "article.schema.json"
OUTPUTS = sorted((FIXTURES / "pages").glob("*/*/output.json"))


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_json(), (
        "run: dodarchive schema -o schema/article.schema.json"
    )


def test_schema_command_writes_the_same(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["schema"])
    assert out.exit_code == 0
    assert out.output == schema_json()
    target = tmp_path / "s.json"
    assert CliRunner().invoke(main, ["schema", "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == schema_json()


def test_descriptions_are_the_field_docstrings() -> None:
    schema = article_schema()
    docs = field_docs(Article)
    assert schema["properties"]["headline"]["description"] == docs["headline"]
    assert docs["headline"] == "The title as the page shows it, whitespace collapsed. Never empty."
    assert schema["$defs"]["Image"]["properties"]["creditText"]["description"].startswith(
        "The credit, e.g."
    )
    assert set(schema["required"]) == set(schema["properties"])
    assert all(p["description"] for p in schema["properties"].values())


def test_page_types_and_guarantees_are_in_the_schema() -> None:
    schema = article_schema()
    assert schema["properties"]["pageType"]["enum"][0] == "news-article"
    rules = {
        r["if"]["properties"]["extractor"]["properties"]["name"]["const"]: r["then"]
        for r in schema["allOf"]
    }
    assert rules["LegacyReleasePage"]["required"] == [
        "datePublished",
        "releaseNumber",
        "articleId",
        "sourceOrganization",
    ]
    assert rules["LegacyNewsArticlePage"]["properties"]["authors"] == {
        "type": "array",
        "minItems": 1,
    }
    assert "trafilatura" not in rules


@pytest.mark.parametrize("path", OUTPUTS, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_every_fixture_output_is_valid(path: Path) -> None:
    _validator().validate(json.loads(path.read_text(encoding="utf-8")))


def test_seed_output_is_valid() -> None:
    _validator().validate(
        json.loads(dumps(normalize_file(FIXTURES / "seed" / "000_3799e5ddaccbd4d4.txt")))
    )


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"releaseNumber": None}, ["releaseNumber"]),
        ({"headline": ""}, ["headline"]),
        ({"paragraphs": []}, ["paragraphs"]),
        ({"pageType": "blog"}, ["pageType"]),
        ({"extra": 1}, []),
    ],
)
def test_schema_rejects_broken_articles(change: dict[str, Any], path: list[str]) -> None:
    case = FIXTURES / "pages" / "legacy-release" / "release-163-10" / "output.json"
    article = json.loads(case.read_text(encoding="utf-8")) | change
    errors = list(_validator().iter_errors(article))
    assert errors
    assert any(list(e.absolute_path) == path for e in errors) or not path
