"""The main job, end to end: crawl → WARC → validate + index → extract → summary.

Offline (the default) it replays the bundled sample WARCs on loopback and crawls them
with the real spiders through the real WARC writer; ``live=True`` crawls the real sites
with the same spiders. Each crawl runs as its own ``dodarchive crawl`` process (a Twisted
reactor runs once per process); validation, indexing and extraction run in-process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dodarchive.downloadermiddlewares.archived import archived_urls
from dodarchive.downloadermiddlewares.refusals import HOSTS_STAT
from dodarchive.sites import classify, url_key
from dodarchive.warc.files import warc_files
from dodarchive.warc.reader import iter_records

__all__ = ["CrawlStep", "JobReport", "live_plan", "run_job", "sample_plan"]

#: The sample run's legacy ids (kind, ids, host): the four releases (one from the
#: DefenseLink years) and the seed's (reconstructed) article.
SAMPLE_LEGACY = (
    ("release", "13347,13572,14349", "www.defense.gov"),
    ("release", "10512", "www.defenselink.mil"),
    ("newsarticle", "46641", "www.defense.gov"),
)


@dataclass(frozen=True)
class CrawlStep:
    """One ``dodarchive crawl`` of the job: a spider and its ``-a`` arguments."""

    spider: str
    args: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        """A short name for logs, e.g. ``legacy release www.defenselink.mil``."""
        shown = ("kind", "host", "source")
        return " ".join([self.spider, *(v for k, v in self.args if k in shown)])


@dataclass
class JobReport:
    """What a run did; ``ok`` is False when a crawl failed or the WARCs are invalid."""

    crawls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    warc_files: int = 0
    warc_records: int = 0
    problems: list[str] = field(default_factory=list)
    cdxj_lines: int = 0
    articles_by_type: Counter[str] = field(default_factory=Counter)
    articles_by_template: Counter[str] = field(default_factory=Counter)
    articles_by_spider: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    report_path: Path | None = None
    seconds: float = 0.0

    @property
    def refused(self) -> list[str]:
        """Hosts that crawls gave up after refusals (bot protection), in crawl order."""
        hosts: dict[str, None] = {}
        for _, stats in self.crawls:
            hosts.update(dict.fromkeys(str(stats.get(HOSTS_STAT) or "").split()))
        return list(hosts)

    @property
    def ok(self) -> bool:
        """True when every crawl finished, no host refused, and the WARCs validate."""
        return (
            not self.problems
            and not self.refused
            and all(s.get("finish_reason") == "finished" for _, s in self.crawls)
        )


def _responses(paths: list[Path]) -> list[str]:
    urls = []
    for path in paths:
        for rec in iter_records(path, types=frozenset({"response"}), max_body=0):
            urls.append(rec.url)
    return urls


def sample_plan(sample: list[Path]) -> list[CrawlStep]:
    """The spiders' crawls of the sample: war.gov listings, every af.mil feed, legacy ids.

    The wargov crawl starts from the table's own entry points (www.war.gov); the sample
    predates the rename, and the replay server redirects them to its www.defense.gov
    copies (:mod:`dodarchive.replay.server`, "synthesized alias redirects").
    """
    feeds = sorted(
        url
        for url in _responses(sample)
        if (info := classify(url)) is not None and info.kind == "feed" and info.site == "afmil"
    )
    steps = [CrawlStep("wargov"), CrawlStep("dma", (("entries", " ".join(feeds)),))]
    for kind, ids, host in SAMPLE_LEGACY:
        steps.append(CrawlStep("legacy", (("kind", kind), ("ids", ids), ("host", host))))
    return steps


#: The months of the legacy ASP.NET monthly news listings (``/news/articles.aspx``).
LEGACY_MONTHS = ("2005-01", "2015-12")


def live_plan(since: str | None, source: str = "live") -> list[CrawlStep]:
    """The live crawls: war.gov, the DMA sites and the legacy archive, from the table.

    ``source="live"``: every current war.gov section, every DMA site, and the legacy
    monthly listings from ``LEGACY_MONTHS`` (from ``since``'s month on; none if ``since``
    is later). ``source="wayback"``: the same spiders asking the web archive (CDX
    discovery, ``from`` = ``since``'s year).

    >>> [s.label for s in live_plan("2010-03-04")]
    ['wargov', 'dma', 'legacy']
    >>> live_plan("2010-03-04")[2].args
    (('since', '2010-03-04'), ('months', '2010-03:2015-12'))
    >>> [s.args for s in live_plan(None, "wayback")][2]
    (('source', 'wayback'),)
    >>> len(live_plan("2020-01-01"))
    2
    """
    args: tuple[tuple[str, str], ...] = (("since", since),) if since else ()
    if source == "wayback":
        args = (*args, ("source", "wayback"))
        if since:
            args = (*args, ("from", since[:4]))
        return [CrawlStep(name, args) for name in ("wargov", "dma", "legacy")]
    steps = [CrawlStep("wargov", args), CrawlStep("dma", args)]
    first, last = LEGACY_MONTHS
    if since:
        first = max(first, since[:7])
    if first <= last:
        steps.append(CrawlStep("legacy", (*args, ("months", f"{first}:{last}"))))
    return steps


def _crawl(
    step: CrawlStep,
    *,
    warc_dir: Path,
    log_dir: Path,
    replay: list[Path],
    extra: list[str],
    n: int,
    jobdir: Path | None = None,
    live: bool = False,
) -> dict[str, Any]:
    """Run one crawl as a subprocess; its final stats (or why it did not run).

    Offline, all its output goes to ``crawl-NN-SPIDER.log``. Live, Scrapy logs there
    (``LOG_FILE``) and stderr stays the terminal's, for the crawl's status line and its
    last line; with ``jobdir`` each crawl keeps its state in ``jobdir/NN-SPIDER``, so the
    same command resumes.
    """
    stats_file = log_dir / f"crawl-{n:02d}-{step.spider}.stats.json"
    stats_file.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "dodarchive", "crawl", step.spider, "--out", str(warc_dir)]
    cmd += ["--stats-file", str(stats_file), "-s", "LOG_LEVEL=WARNING", *extra]
    for path in replay:
        cmd += ["--replay", str(path)]
    for key, value in step.args:
        cmd += ["-a", f"{key}={value}"]
    if jobdir is not None:
        cmd += ["--jobdir", str(jobdir / f"{n:02d}-{step.spider}")]
    log = log_dir / f"crawl-{n:02d}-{step.spider}.log"
    if live:
        log.unlink(missing_ok=True)
        cmd += ["-s", f"LOG_FILE={log}"]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=False)
    else:
        with log.open("w", encoding="utf-8") as fh:
            subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, check=False)
    if not stats_file.exists():
        return {"finish_reason": f"did not run (see {log})"}
    stats: dict[str, Any] = json.loads(stats_file.read_text(encoding="utf-8"))
    return stats


def run_job(
    *,
    warc_dir: Path,
    out_dir: Path,
    sample: Path | None,
    live: bool = False,
    since: str | None = None,
    contact: str = "",
    workers: int | None = None,
    echo: Any = print,
    jobdir: Path | None = None,
    source: str = "live",
) -> JobReport:
    """Run the whole job; ``echo`` receives one progress line per step.

    ``jobdir`` makes every crawl resumable (see :func:`_crawl`); ``source`` is the live
    plan's source (``live`` or ``wayback``, :func:`live_plan`).
    """
    from dodarchive.extract.local import Options, run_extract
    from dodarchive.warc.validate import validate

    started = time.monotonic()
    report = JobReport()
    warc_dir.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    replay = [] if live or sample is None else warc_files([sample], check=False)
    extra = ["-s", f"DODARCHIVE_CONTACT={contact}"] if contact else []
    steps = live_plan(since, source) if live else sample_plan(replay)

    for n, step in enumerate(steps, 1):
        if live:
            echo(
                f"crawl {step.label}: started (log: {out_dir / f'crawl-{n:02d}-{step.spider}.log'})"
            )
        stats = _crawl(
            step, warc_dir=warc_dir, log_dir=out_dir, replay=replay, extra=extra, n=n,
            jobdir=jobdir, live=live,
        )  # fmt: skip
        report.crawls.append((step.label, stats))
        echo(
            f"crawl {step.label}: {stats.get('finish_reason')}, "
            f"{stats.get('response_received_count', 0)} responses, "
            f"{stats.get('dodarchive/warc/records', 0)} WARC records"
        )
    if not live:
        # Pages no listing or feed links to (biographies, pages of other dates): the urls
        # spider archives the rest of the sample, so the run covers every sample page.
        have = archived_urls(warc_dir)
        rest = sorted(u for u in _responses(replay) if url_key(u) not in have)
        if rest:
            urls_file = out_dir / "sample-rest.urls"
            urls_file.write_text("\n".join(rest) + "\n", encoding="utf-8")
            step = CrawlStep("urls", (("urls_file", str(urls_file)),))
            n = len(steps) + 1
            stats = _crawl(
                step, warc_dir=warc_dir, log_dir=out_dir, replay=replay, extra=extra, n=n
            )
            report.crawls.append(("urls (rest of sample)", stats))
            echo(
                f"crawl urls: {stats.get('finish_reason')}, {len(rest)} listed, "
                f"{stats.get('dodarchive/warc/records', 0)} WARC records"
            )

    result = validate([warc_dir])
    report.warc_files, report.warc_records = result.files, result.records
    report.problems = [str(p) for p in result.problems]
    echo(
        f"validate: {result.files} files, {result.records} records, {len(result.problems)} problems"
    )

    from cdxj_indexer.main import CDXJIndexer

    cdxj = warc_dir / "index.cdxj"
    paths = [str(p) for p in warc_files([warc_dir], check=False)]
    CDXJIndexer(output=str(cdxj), inputs=paths, sort=True).process_all()
    report.cdxj_lines = sum(1 for _ in cdxj.open(encoding="utf-8"))
    echo(f"index: {cdxj} ({report.cdxj_lines} lines)")

    articles = out_dir / "articles.jsonl"
    options = Options(workers=workers or os.cpu_count() or 1)
    rejects = articles.with_name("articles.rejects.jsonl")  # extract's default name
    summary = run_extract(warc_files([warc_dir]), articles, rejects, options)
    report.articles = summary.articles
    report.skipped, report.rejected = summary.skipped, summary.rejected
    with articles.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            report.articles_by_type[row["pageType"]] += 1
            report.articles_by_template[row["extractor"]["name"]] += 1
            # WARC files are named SPIDER-TIMESTAMP-...: the crawl that archived the page
            report.articles_by_spider[str(row["source"]["warcFile"]).split("-", 1)[0]] += 1
    echo(f"extract: {summary.articles} articles into {articles}")
    (out_dir / "summary.json").write_text(summary.to_json() + "\n", encoding="utf-8")
    report.report_path = _report(out_dir, echo)
    report.seconds = time.monotonic() - started
    return report


def _report(out_dir: Path, echo: Any) -> Path | None:
    """Write ``out_dir/report.html``; without matplotlib say so and go on (None)."""
    from dodarchive.report import MissingDependencyError, write_report

    path = out_dir / "report.html"
    try:
        write_report(out_dir, path)
    except MissingDependencyError as exc:
        echo(f"report: skipped ({exc})")
        return None
    echo(f"report: {path}")
    return path


def render(report: JobReport) -> str:
    """The run's summary, as printed at the end of ``make run``."""
    responses = sum(int(s.get("response_received_count", 0)) for _, s in report.crawls)
    written = sum(int(s.get("dodarchive/warc/records", 0)) for _, s in report.crawls)
    lines = [
        "",
        "summary",
        f"  pages crawled        {responses} responses in {len(report.crawls)} crawls",
        (
            f"  records written      {written} (WARC folder: {report.warc_files} files, "
            f"{report.warc_records} records, {len(report.problems)} problems)"
        ),
        f"  articles             {report.articles}",
    ]
    lines.append("  by crawl                               responses / WARC records")
    for label, stats in report.crawls:
        lines.append(
            f"    {label:<38} {int(stats.get('response_received_count', 0)):>5} / "
            f"{int(stats.get('dodarchive/warc/records', 0)):>5}  {stats.get('finish_reason')}"
        )
    for name, counter in (
        ("articles by spider", report.articles_by_spider),
        ("by page type", report.articles_by_type),
        ("by template", report.articles_by_template),
        ("skipped", report.skipped),
        ("rejects by reason", report.rejected),
    ):
        lines.append(f"  {name}")
        lines += [f"    {k:<24} {v}" for k, v in sorted(counter.items())] or ["    (none)"]
    lines += [f"  problem: {p}" for p in report.problems[:20]]
    if report.refused:
        lines.append(
            f"  refused by           {' '.join(report.refused)} (bot protection; see "
            "docs/crawling.md: -a source=wayback, a lower rate, the contact setting)"
        )
    if report.report_path is not None:
        lines.append(f"  report               {report.report_path}")
    lines.append(f"  time taken           {report.seconds:.1f} s")
    return "\n".join(lines)
