"""Extract articles from WARC files on Apache Spark (``dodarchive extract --engine spark``).

It follows Common Crawl's cc-pyspark pattern: the list of WARC paths or URLs is
parallelized with one task per file, and each task reads its file with the local
engine's own :func:`dodarchive.extract.local.read_file` (:mod:`dodarchive.extract.
spark_task`): the same off-table skips from WARC headers, CDXJ index, filters and
damage handling, then :func:`dodarchive.extract.record.extract_record`. Article lines
are ``dodarchive.article.dumps`` output, ordered by (input order, record offset):

- ``out`` a file (``OUT.jsonl``): one file, byte-identical to the local engine's lines;
- ``out`` a directory (``DIR/``, or an existing directory): one partition per input,
  in input order (JSONL ``part-00000``..., or Parquet via Spark's writer).

Rejects (provenance, reason, detail) go to a rejects file, as on the local engine, and
the run's counts come back as the local engine's
:class:`~dodarchive.extract.summary.Summary`. PySpark is an optional extra, imported only
here.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dodarchive.extract.local import Options
from dodarchive.extract.output import JsonlWriter, arrow_schema
from dodarchive.extract.spark_task import (
    Item,
    Row,
    article_line,
    is_local,
    keyed,
    local_path,
    run_partition,
    version_lines,
)
from dodarchive.extract.summary import Result, Summary
from dodarchive.history.output import version_schema
from dodarchive.warc.cdxj import Index, load_index
from dodarchive.warc.files import warc_files

if TYPE_CHECKING:
    from pyspark.rdd import RDD
    from pyspark.sql import SparkSession
    from pyspark.sql.types import DataType, StructType

__all__ = [
    "SparkEngineError",
    "article_schema",
    "build_session",
    "expand_inputs",
    "run_spark",
    "spark_type",
]

Format = Literal["jsonl", "parquet"]
#: What to write: every capture, one record per article (``extract``'s default), or
#: one line per version (``history``).
Mode = Literal["captures", "articles", "history"]


class SparkEngineError(Exception):
    """The Spark engine cannot run as asked (PySpark missing, bad output target...)."""


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
    """The WARC files to read: local paths, folders and patterns expanded by
    :func:`dodarchive.warc.files.warc_files` (so checked as the local engine checks
    them), other URLs checked to exist through fsspec.

    Raises :class:`~dodarchive.warc.scan.InputError` for a local input that is not a
    readable WARC (or a folder without any), ``FileNotFoundError`` naming a URL that
    does not exist, and ``SparkEngineError`` for a URL that cannot be read at all.
    """
    found: list[str] = []
    for url in inputs:
        if is_local(url):
            found += [str(p) for p in warc_files([local_path(url)])]
            continue
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
    rejects: str | Path | None = None,
    mode: Mode = "captures",
    changed_only: bool = False,
    options: Options | None = None,
) -> Summary:
    """Extract every input WARC on Spark and write the articles to ``out`` as ``fmt``.

    ``mode`` ``captures`` writes every capture (``extract --all-captures``);
    ``articles`` one record per article, grouped by ``articleKey`` (``extract``'s
    default); ``history`` one line per version (``dodarchive history``, with
    ``changed_only``). Either way the lines, in order, are the local engine's bytes.

    ``options`` are the local engine's :class:`~dodarchive.extract.local.Options`, of
    which Spark uses what decides the results: ``off_table`` (by default off-table
    records are skipped from their WARC headers, counted as ``off-table``), ``index``
    (a CDXJ index, else one found beside each local WARC), ``since``,
    ``page_types`` and ``extractor``; ``mode`` decides deduplication, and the workers
    are Spark's. Without ``options``, the local engine's defaults.

    ``inputs`` are paths, directories, patterns, ``file://`` or other fsspec URLs; one
    Spark task per WARC file. ``out`` ending in ``/`` (or an existing directory) gets
    partitions, otherwise one file written atomically (local paths only). ``rejects``
    (a local path) gets the rejects file, atomically, as on the local engine; without
    it rejects are only counted. ``spark``
    reuses a session (left running); without it one is built for ``master`` and
    ``conf`` and stopped at the end. ``setup`` runs in every task before extraction and
    must be picklable (e.g. registers extra page classes). Unreadable inputs raise
    (see :func:`expand_inputs`), as does an index that cannot be read
    (``SparkEngineError``), before Spark starts; bad records never stop the run.
    The returned :class:`~dodarchive.extract.summary.Summary` is the local engine's type.
    """
    if fmt not in ("jsonl", "parquet"):
        raise SparkEngineError(f"unknown output format {fmt!r} (jsonl or parquet)")
    started = time.monotonic()
    options = options if options is not None else Options()
    if options.documents is not None:
        raise SparkEngineError("archived PDFs (--pdf-text) are read by the local engine only")
    urls = expand_inputs(inputs)
    items = _items(urls, _load_index(options.index))
    task_options = replace(options, workers=1, dedup=mode != "captures", history=None, index=None)
    partitioned = out.endswith("/") or (is_local(out) and Path(local_path(out)).is_dir())
    _check_output(out, partitioned)
    session = spark if spark is not None else build_session(master, conf)
    try:
        summary = _run(
            session,
            items,
            out=out,
            fmt=fmt,
            partitioned=partitioned,
            setup=setup,
            options=task_options,
            rejects=rejects,
            mode=mode,
            changed_only=changed_only,
        )
    finally:
        if spark is None:
            session.stop()
    summary.seconds = time.monotonic() - started
    return summary


def _load_index(path: Path | None) -> Index | None:
    if path is None:
        return None
    try:
        return load_index(path)
    except (OSError, ValueError) as exc:
        raise SparkEngineError(f"--index: {exc}") from exc


def _items(urls: list[str], given: Index | None) -> list[Item]:
    """Each input with its index position and, when an index was given, the part of it
    for that input: its entries keyed by the file's absolute path (none listed: an empty
    index, so the task does not look beside the file either, as the local engine)."""
    items: list[Item] = []
    for position, url in enumerate(urls):
        part = None
        if given is not None:
            files = {}
            if is_local(url):  # a remote copy is newer than any index: its records are read
                path = Path(local_path(url))
                entries = given.entries(path)
                files = {} if entries is None else {str(path.resolve()): entries}
            part = Index(given.path, files)
        items.append((position, url, part))
    return items


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
    return row.is_article


def _not_article(row: Row) -> bool:
    return not row.is_article


def _line(row: Row) -> str:
    assert row.result is not None
    return row.result.line


def _run(
    session: SparkSession,
    items: list[Item],
    *,
    out: str,
    fmt: Format,
    partitioned: bool,
    setup: Callable[[], object] | None,
    options: Options,
    rejects: str | Path | None,
    mode: Mode = "captures",
    changed_only: bool = False,
) -> Summary:
    from pyspark import StorageLevel

    sc = session.sparkContext
    task = partial(run_partition, options=options, setup=setup)
    rows: RDD[Row] = sc.parallelize(items, len(items)).mapPartitions(task)
    rows.persist(StorageLevel.MEMORY_AND_DISK)  # extract once, then write and summarize
    summary = Summary(engine="spark", inputs=len(items), output=out)
    try:
        meta = sorted(rows.filter(_not_article).collect(), key=Row.order)
        for row in meta:
            if row.summary is not None:
                summary.merge(row.summary)
        if rejects is not None:  # committed before the output, as the local engine does
            summary.rejects = str(rejects)
            _write_rejects(Path(rejects), [row.result for row in meta if row.result])
        if mode == "captures":
            lines: RDD[str] = rows.filter(_is_article).map(_line)
            summary.files = _write(session, lines, out, fmt, partitioned)
        else:
            groups = rows.filter(_is_article).map(keyed).groupByKey()
            if mode == "articles":
                ordered: RDD[tuple[Any, str]] = groups.map(article_line)
            else:
                ordered = groups.flatMap(partial(version_lines, changed_only=changed_only))
            ordered.persist(StorageLevel.MEMORY_AND_DISK)
            try:
                summary.articles = groups.count()
                summary.duplicates = summary.captures - summary.articles
                if mode == "history":
                    summary.versions = ordered.count()
                lines = ordered.sortByKey().values()
                schema = version_schema() if mode == "history" else None
                summary.files = _write(session, lines, out, fmt, partitioned, schema=schema)
            finally:
                ordered.unpersist()
    finally:
        rows.unpersist()
    return summary


def _write_rejects(path: Path, results: list[Result]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = JsonlWriter(path)
    try:
        for result in results:
            writer.write(result.line)
        writer.commit()
    except BaseException:
        writer.discard()
        raise


def _write(
    session: SparkSession,
    lines: RDD[str],
    out: str,
    fmt: Format,
    partitioned: bool,
    *,
    schema: Any = None,
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
            _frame(session, lines, schema).write.parquet(target)
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
            _frame(session, lines, schema).coalesce(1).write.parquet(str(tmp.resolve()))
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


def _frame(session: SparkSession, lines: RDD[str], arrow: Any = None) -> Any:
    """A DataFrame of the lines with the exact :func:`article_schema` columns (or those
    of the Arrow schema ``arrow``, e.g. the history's)."""
    schema = article_schema() if arrow is None else _spark_schema(arrow)
    return session.read.json(lines, schema=schema, mode="FAILFAST")


def _spark_schema(arrow: Any) -> StructType:
    from pyspark.sql.types import StructField, StructType

    return StructType([StructField(f.name, spark_type(f.type), f.nullable) for f in arrow])


def article_schema() -> StructType:
    """The Spark schema of an :class:`~dodarchive.article.Article`: the Parquet output's
    Arrow schema (:func:`dodarchive.extract.output.arrow_schema`) in Spark's types, so
    both engines write the same columns.
    """

    return _spark_schema(arrow_schema())


def spark_type(arrow: Any) -> DataType:
    """The Spark type of an Arrow type (strings, integers, booleans, floats, lists, structs).

    >>> import pyarrow as pa
    >>> spark_type(pa.list_(pa.struct([pa.field("n", pa.int64(), nullable=False)])))
    ArrayType(StructType([StructField('n', LongType(), False)]), True)
    """
    import pyarrow as pa
    from pyspark.sql import types as t

    if pa.types.is_list(arrow):
        item = arrow.value_field
        return t.ArrayType(spark_type(item.type), containsNull=item.nullable)
    if pa.types.is_struct(arrow):
        fields = [arrow.field(i) for i in range(arrow.num_fields)]
        return t.StructType([t.StructField(f.name, spark_type(f.type), f.nullable) for f in fields])
    simple: list[tuple[Callable[[Any], bool], Callable[[], DataType]]] = [
        (pa.types.is_string, t.StringType),
        (pa.types.is_integer, t.LongType),
        (pa.types.is_boolean, t.BooleanType),
        (pa.types.is_floating, t.DoubleType),
    ]
    for test, spark in simple:
        if test(arrow):
            return spark()
    raise TypeError(f"no Spark type for Arrow {arrow}")
