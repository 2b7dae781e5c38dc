"""``dodarchive run``: the main job, offline on the bundled sample or live with ``--live``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dodarchive.commands.common import InputPath, IsoDate


def sample_dir() -> Path:
    """The sample WARCs shipped inside the package (``dodarchive/data/sample``)."""
    from importlib.resources import files

    return Path(str(files("dodarchive") / "data" / "sample"))


@click.command()
@click.option(
    "--sample",
    type=InputPath(file_okay=False, path_type=Path),
    default=None,
    help="Folder of sample WARC files replayed offline [default: the sample in the package].",
)
@click.option("--live", is_flag=True, help="Crawl the real sites instead of the sample.")
@click.option("--contact", default="", help="Operator e-mail or URL (required with --live).")
@click.option("--since", type=IsoDate(), help="With --live: only pages published on or after DATE.")
@click.option(
    "--warc-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("warc"),
    show_default=True, help="Where crawls write WARC files.",
)  # fmt: skip
@click.option(
    "-o", "--output", "--out-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"), show_default=True,
    help="Folder for articles.jsonl, articles.rejects.jsonl, report.html and crawl logs.",
)  # fmt: skip
@click.option("--workers", type=int, help="Extraction worker processes (default: one per core).")
@click.option(
    "--jobdir", type=click.Path(file_okay=False, path_type=Path),
    help="With --live: keep each crawl's state here; the same command resumes.",
)  # fmt: skip
@click.option(
    "--source", type=click.Choice(["live", "wayback"]), default="live", show_default=True,
    help="With --live: ask the sites, or the web archive (CDX discovery, id_ captures).",
)  # fmt: skip
def run(
    *,
    sample: Path | None,
    live: bool,
    contact: str,
    since: str | None,
    warc_dir: Path,
    out_dir: Path,
    workers: int | None,
    jobdir: Path | None,
    source: str,
) -> None:
    """Crawl → WARC → validate + index → extract, then print a summary.

    Offline by default: the sample WARCs are replayed on 127.0.0.1 and crawled by the
    real spiders through the real WARC writer. With --live the plan is war.gov, the DMA
    sites and the legacy monthly listings (or all three from the web archive with
    --source wayback); on a terminal each crawl shows a status line (pages, records,
    refusals, section), and --jobdir makes an interrupted run resumable. Exits 1 if a
    crawl failed or the WARCs do not validate.
    """
    from dodarchive.mainjob import render, run_job

    if live and not contact:
        raise click.UsageError("--live needs --contact (an e-mail or URL site operators can reach)")
    if not live and (jobdir is not None or source != "live"):
        raise click.UsageError("--jobdir and --source are for --live runs")
    report = run_job(
        warc_dir=warc_dir,
        out_dir=out_dir,
        sample=None if live else (sample or sample_dir()),
        live=live,
        since=since,
        contact=contact,
        workers=workers,
        echo=click.echo,
        jobdir=jobdir,
        source=source,
    )
    click.echo(render(report))
    if not report.ok:
        sys.exit(1)
