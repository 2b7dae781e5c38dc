"""Extract articles from WARC files on Apache Spark (``dodarchive extract --engine spark``).

It follows Common Crawl's cc-pyspark pattern: the list of WARC paths or URLs is
parallelized with one task per file, and each task streams its file's records through
the same :func:`dodarchive.extract.record.extract_record` as the local engine
(:mod:`dodarchive.extract.spark_task`). Article lines are ``dodarchive.article.dumps``
output, ordered by (input order, record offset):

- ``out`` a file (``OUT.jsonl``): one file, byte-identical to the local engine's lines;
- ``out`` a directory (``DIR/``, or an existing directory): one partition per input,
  in input order (JSONL ``part-00000``..., or Parquet via Spark's writer).

Rejects (provenance, reason, detail) come back in the :class:`SparkSummary`, so the
caller writes the rejects file. PySpark is an optional extra, imported only here.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import types
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin, get_type_hints

from dodarchive.article import Article, dumps, json_key
from dodarchive.extract.spark_task import (
    ARTICLE,
    COUNTS,
    REJECT,
    Row,
    is_local,
    local_path,
    run_partition,
)

if TYPE_CHECKING:
    from pyspark.rdd import RDD
    from pyspark.sql import SparkSession
    from pyspark.sql.types import DataType, StructType

__all__ = [
    "Reject",
    "SparkEngineError",
    "SparkSummary",
    "article_schema",
    "build_session",
    "expand_inputs",
    "run_spark",
]

Format = Literal["jsonl", "parquet"]
WARC_SUFFIXES = (".warc", ".warc.gz")
DEFAULT_MAX_SIZE = 64 * 1024 * 1024


class SparkEngineError(Exception):
    """The Spark engine cannot run as asked (PySpark missing, bad output target...)."""


@dataclass(frozen=True)
class Reject:
    """One rejected record, or a WARC file that stops being readable: where, and why.

    ``source`` is the record's :class:`~dodarchive.article.Source` as a dict; for a
    damaged file it is ``{"warcFile", "offset"}`` (where reading stopped).
    """

    source: dict[str, Any]
    reason: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """``{"reason", "detail", "source"}``, the rejects-file object."""
        return {"reason": self.reason, "detail": self.detail, "source": self.source}

    def to_line(self) -> str:
        """The reject as one deterministic JSON line (sorted keys, UTF-8)."""
        return dumps(self.to_dict())


@dataclass(frozen=True)
class SparkSummary:
    """What a run did: counts by outcome, the rejects, and the files written."""

    inputs: int
    records: int
    articles: int
    skipped: dict[str, int]
    rejected: dict[str, int]
    rejects: tuple[Reject, ...]
    damaged: tuple[str, ...]
    output: str
    files: tuple[str, ...] = field(default=())

    def stats(self) -> dict[str, int]:
        """The counts as ``dodarchive/extract/...`` stats keys."""
        out = {
            "dodarchive/extract/inputs": self.inputs,
            "dodarchive/extract/records": self.records,
            "dodarchive/extract/articles": self.articles,
        }
        out.update({f"dodarchive/extract/skipped/{k}": v for k, v in self.skipped.items()})
        out.update({f"dodarchive/extract/rejected/{k}": v for k, v in self.rejected.items()})
        return out


def _pyspark_sql() -> types.ModuleType:
    try:
        import pyspark.sql
    except ImportError as exc:
        raise SparkEngineError(
            "the spark engine needs PySpark: pip install 'dodarchive[spark]'"
        ) from exc
    return pyspark.sql


def _is_local_master(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def build_session(master: str = "local[*]", conf: Mapping[str, str] | None = None) -> SparkSession:
    """A SparkSession for ``master`` (``local[N]`` by default, or a cluster URL).

    In local mode everything binds to 127.0.0.1, the web UI is off, and the workers run
    this interpreter. ``conf`` entries override these defaults.
    """
    sql = _pyspark_sql()
    settings = {"spark.ui.showConsoleProgress": "false", "spark.sql.shuffle.partitions": "8"}
    if _is_local_master(master):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        settings |= {
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            "spark.ui.enabled": "false",
        }
    settings |= dict(conf or {})
    builder = sql.SparkSession.builder.master(master).appName("dodarchive-extract")
    for key, value in settings.items():
        builder = builder.config(key, value)
    session: SparkSession = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def expand_inputs(inputs: Sequence[str]) -> list[str]:
    """The WARC files to read: local directories expanded (sorted), all checked to exist.

    Raises ``FileNotFoundError`` naming the first input that does not exist, and
    ``SparkEngineError`` when there is nothing to read.
    """
    found: list[str] = []
    for url in inputs:
        if is_local(url):
            path = Path(local_path(url))
            if path.is_dir():
                found += sorted(str(p) for p in path.rglob("*") if p.name.endswith(WARC_SUFFIXES))
                continue
            if not path.is_file():
                raise FileNotFoundError(f"input not found: {url}")
        else:
            try:
                import fsspec
            except ImportError as exc:
                raise SparkEngineError(
                    f"{url}: reading URLs needs fsspec: pip install 'dodarchive[spark]'"
                ) from exc
            try:
                fs, remote = fsspec.core.url_to_fs(url)
            except (ValueError, ImportError) as exc:  # unknown scheme, missing driver
                raise SparkEngineError(f"{url}: cannot read this URL: {exc}") from exc
            if not fs.isfile(remote):
                raise FileNotFoundError(f"input not found: {url}")
        found.append(url)
    if not found:
        raise SparkEngineError("no WARC files to read (looked for *.warc, *.warc.gz)")
    return found


def run_spark(
    inputs: Sequence[str],
    out: str,
    fmt: Format = "jsonl",
    *,
    master: str = "local[*]",
    spark: SparkSession | None = None,
    conf: Mapping[str, str] | None = None,
    setup: Callable[[], object] | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
) -> SparkSummary:
    """Extract every input WARC on Spark and write the articles to ``out`` as ``fmt``.

    ``inputs`` are paths, directories, ``file://`` or other fsspec URLs; one Spark task
    per WARC file. ``out`` ending in ``/`` (or an existing directory) gets partitions,
    otherwise one file written atomically (local paths only). ``spark`` reuses a
    session (left running); without it one is built for ``master`` and ``conf`` and
    stopped at the end. ``setup`` runs in every task before extraction and must be
    picklable (e.g. registers extra page classes). Missing inputs raise
    ``FileNotFoundError`` before Spark starts; bad records never stop the run.
    """
    if fmt not in ("jsonl", "parquet"):
        raise SparkEngineError(f"unknown output format {fmt!r} (jsonl or parquet)")
    urls = expand_inputs(inputs)
    partitioned = out.endswith("/") or (is_local(out) and Path(local_path(out)).is_dir())
    _check_output(out, partitioned)
    session = spark if spark is not None else build_session(master, conf)
    try:
        return _run(
            session,
            urls,
            out=out,
            fmt=fmt,
            partitioned=partitioned,
            setup=setup,
            max_size=max_size,
        )
    finally:
        if spark is None:
            session.stop()


def _check_output(out: str, partitioned: bool) -> None:
    if not is_local(out):
        if not partitioned:
            raise SparkEngineError(f"{out}: one-file output must be a local path; use DIR/")
        return
    path = Path(local_path(out))
    if partitioned and path.is_dir() and any(path.iterdir()):
        raise SparkEngineError(f"{out}: output directory exists and is not empty")
    if not partitioned and path.is_dir():
        raise SparkEngineError(f"{out}: is a directory")


def _is_article(row: Row) -> bool:
    return row[0] == ARTICLE


def _not_article(row: Row) -> bool:
    return row[0] != ARTICLE


def _payload(row: Row) -> str:
    return row[3]


def _run(
    session: SparkSession,
    urls: list[str],
    *,
    out: str,
    fmt: Format,
    partitioned: bool,
    setup: Callable[[], object] | None,
    max_size: int,
) -> SparkSummary:
    from pyspark import StorageLevel

    sc = session.sparkContext
    task = partial(run_partition, max_size=max_size, setup=setup)
    rows: RDD[Row] = sc.parallelize(list(enumerate(urls)), len(urls)).mapPartitions(task)
    rows.persist(StorageLevel.MEMORY_AND_DISK)  # extract once, then write and summarize
    try:
        meta = sorted(rows.filter(_not_article).collect())
        lines: RDD[str] = rows.filter(_is_article).map(_payload)
        files = _write(session, lines, out, fmt, partitioned)
    finally:
        rows.unpersist()
    return _summary(meta, len(urls), out, files)


def _summary(meta: list[Row], inputs: int, out: str, files: list[str]) -> SparkSummary:
    counts: Counter[str] = Counter()
    rejects: list[Reject] = []
    damaged: list[str] = []
    for tag, _index, _offset, payload in meta:
        if tag == COUNTS:
            counts.update(json.loads(payload))
        elif tag == REJECT:
            data = json.loads(payload)
            rejects.append(Reject(data["source"], data["reason"], data["detail"]))
            if set(data["source"]) == {"warcFile", "offset"}:
                damaged.append(data["source"]["warcFile"])

    def by_prefix(prefix: str) -> dict[str, int]:
        return {k[len(prefix) :]: v for k, v in sorted(counts.items()) if k.startswith(prefix)}

    return SparkSummary(
        inputs=inputs,
        records=counts["records"],
        articles=counts["articles"],
        skipped=by_prefix("skipped/"),
        rejected=by_prefix("rejected/"),
        rejects=tuple(rejects),
        damaged=tuple(damaged),
        output=out,
        files=tuple(files),
    )


def _write(
    session: SparkSession, lines: RDD[str], out: str, fmt: Format, partitioned: bool
) -> list[str]:
    if partitioned:
        target = out.rstrip("/")
        if is_local(target):
            path = Path(local_path(target))
            if path.is_dir():
                path.rmdir()  # checked empty; Spark's writers want to create it
            target = str(path.resolve())
        if fmt == "jsonl":
            lines.saveAsTextFile(target)
        else:
            _frame(session, lines).write.parquet(target)
        return _listing(out)
    path = Path(local_path(out))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")  # same folder: rename is atomic
    try:
        if fmt == "jsonl":
            with tmp.open("w", encoding="utf-8", newline="\n") as fh:
                for line in lines.toLocalIterator(prefetchPartitions=True):
                    fh.write(line + "\n")
            tmp.replace(path)
        else:
            _frame(session, lines).coalesce(1).write.parquet(str(tmp.resolve()))
            (part,) = tmp.glob("part-*.parquet")
            part.replace(path)
    finally:
        if tmp.is_dir():
            shutil.rmtree(tmp)
        tmp.unlink(missing_ok=True)
    return [str(path)]


def _listing(out: str) -> list[str]:
    if not is_local(out):
        return []
    root = Path(local_path(out))
    return sorted(str(p) for p in root.iterdir() if p.is_file() and p.name.startswith("part-"))


def _frame(session: SparkSession, lines: RDD[str]) -> Any:
    """A DataFrame of the article lines with the exact :func:`article_schema` columns."""
    return session.read.json(lines, schema=article_schema(), mode="FAILFAST")


def article_schema() -> StructType:
    """The Spark schema of an :class:`~dodarchive.article.Article`, derived from its fields.

    Strings stay strings, ints become longs, tuples arrays, nested dataclasses structs;
    ``X | None`` fields are nullable. Columns are in the dataclass's field order.
    """
    return _struct(Article)


def _struct(cls: type) -> StructType:
    from pyspark.sql.types import StructField, StructType

    hints = get_type_hints(cls)
    fields = []
    for f in dataclasses.fields(cls):
        dtype, nullable = _spark_type(hints[f.name])
        fields.append(StructField(json_key(f.name), dtype, nullable))
    return StructType(fields)


def _spark_type(hint: Any) -> tuple[DataType, bool]:
    from pyspark.sql import types as t

    origin = get_origin(hint)
    args = get_args(hint)
    if origin in (Union, types.UnionType):
        (inner,) = (a for a in args if a is not type(None))
        return _spark_type(inner)[0], True
    if origin is tuple:
        return t.ArrayType(_spark_type(args[0])[0], containsNull=False), False
    if origin is Literal or hint is str:
        return t.StringType(), False
    if hint is bool:
        return t.BooleanType(), False
    if hint is int:
        return t.LongType(), False
    if hint is float:
        return t.DoubleType(), False
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _struct(hint), False
    raise TypeError(f"no Spark type for {hint!r}")
