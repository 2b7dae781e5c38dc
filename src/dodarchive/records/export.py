"""One row per contract award: ``dodarchive extract --records awards``.

Each row is an :class:`~dodarchive.records.awards.Award` with the article's ``url``,
``datePublished`` and ``articleId`` in front. JSON Lines and Parquet keep the nested
values (contractors, places of performance...); CSV, for spreadsheets, flattens them:
lists of names joined by "; ", nested objects as JSON text. Files appear atomically.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any, Literal

from dodarchive.article import json_key
from dodarchive.extract.output import AtomicFile, MissingDependencyError
from dodarchive.records.model import Award

__all__ = ["AWARD_COLUMNS", "RECORD_FORMATS", "award_rows", "csv_row", "write_award_rows"]

RecordFormat = Literal["jsonl", "csv", "parquet"]
RECORD_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")
ARTICLE_COLUMNS = ("url", "datePublished", "articleId")
AWARD_COLUMNS: tuple[str, ...] = (
    *ARTICLE_COLUMNS,
    *(json_key(f.name) for f in fields(Award)),
)
"""Column order of an award row."""


def award_rows(articles: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One row per award of each article (articles as ``Article.to_dict()`` gives them)."""
    for article in articles:
        for award in article.get("awards") or ():
            row = {key: article.get(key) for key in ARTICLE_COLUMNS}
            row.update(award)
            yield {key: row.get(key) for key in AWARD_COLUMNS}


def csv_row(row: dict[str, Any]) -> list[str]:
    """A row for a spreadsheet: contractors as "Name (Location)" joined by "; ", lists of
    strings joined by "; ", other nested values as JSON, null as an empty cell."""
    out = []
    for key in AWARD_COLUMNS:
        value = row.get(key)
        if value is None:
            out.append("")
        elif key == "contractors":
            out.append(
                "; ".join(
                    f"{c['name']} ({c['location']})" if c.get("location") else c["name"]
                    for c in value
                )
            )
        elif isinstance(value, bool):
            out.append("true" if value else "false")
        elif isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
            out.append("; ".join(str(v) for v in value))
        elif isinstance(value, (list, dict)):
            out.append(json.dumps(value, ensure_ascii=False, sort_keys=True))
        else:
            out.append(str(value))
    return out


def write_award_rows(articles_jsonl: Path, out: Path, fmt: RecordFormat) -> int:
    """Write the award rows of the articles in ``articles_jsonl`` to ``out``; returns the
    number of rows. Raises :class:`MissingDependencyError` for Parquet without pyarrow."""

    def articles() -> Iterator[dict[str, Any]]:
        with articles_jsonl.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)

    if fmt == "parquet":
        return _write_parquet(award_rows(articles()), out)
    sink = AtomicFile(out)
    count = 0
    try:
        if fmt == "csv":
            text = io.TextIOWrapper(sink.fh, encoding="utf-8", newline="")
            writer = csv.writer(text)
            writer.writerow(AWARD_COLUMNS)
            for row in award_rows(articles()):
                writer.writerow(csv_row(row))
                count += 1
            text.flush()
            text.detach()
        else:
            for row in award_rows(articles()):
                line = json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                sink.fh.write(line.encode("utf-8") + b"\n")
                count += 1
        sink.commit()
    except BaseException:
        sink.discard()
        raise
    return count


def arrow_award_schema() -> Any:
    """The pyarrow schema of an award row."""
    import pyarrow as pa

    from dodarchive.extract.output import arrow_fields

    return pa.schema([pa.field(key, pa.string()) for key in ARTICLE_COLUMNS] + arrow_fields(Award))


def _write_parquet(rows: Iterable[dict[str, Any]], out: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a declared extra
        raise MissingDependencyError(
            "--records with a .parquet output needs pyarrow: pip install 'dodarchive[parquet]'"
        ) from exc
    data = list(rows)
    table = pa.Table.from_pylist(data, schema=arrow_award_schema())
    sink = AtomicFile(out)
    try:
        pq.write_table(table, sink.fh, compression="zstd")
        sink.commit()
    except BaseException:
        sink.discard()
        raise
    return len(data)
