"""``dodarchive crawl``: run one spider with the project settings, archiving into WARCs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

__all__ = ["REPLAY_SPEED", "crawl"]

#: Settings for crawls of the local replay server (``--replay``).
REPLAY_SPEED: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "DODARCHIVE_WAYBACK_DELAY": 0,
}


def _pairs(values: tuple[str, ...], what: str) -> list[tuple[str, str]]:
    out = []
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint=what)
        out.append((name, value))
    return out


@click.command()
@click.argument("spider")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="WARC folder.")
@click.option("--jobdir", type=click.Path(file_okay=False), help="Scrapy JOBDIR (resumable).")
@click.option(
    "--replay",
    "replay_inputs",
    multiple=True,
    type=click.Path(exists=True),
    help="Crawl offline from these WARC files or folders (repeatable).",
)
@click.option("--since", help="Only pages published on or after DATE (spider argument).")
@click.option("-a", "spider_args", multiple=True, help="Spider argument NAME=VALUE.")
@click.option(
    "--urls-file", type=click.Path(exists=True, dir_okay=False), help="URL list (urls spider)."
)
@click.option("--recrawl", is_flag=True, help="Fetch pages again even if archived before.")
@click.option("--with-media", is_flag=True, help="Also archive images and attachments.")
@click.option("-s", "set_settings", multiple=True, help="Scrapy setting NAME=VALUE.")
@click.option(
    "--stats-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the crawl's final Scrapy stats here as JSON.",
)
@click.option(
    "--redis",
    "redis_url",
    metavar="redis://HOST:PORT/DB",
    help="Be one of N workers sharing this Redis frontier (pip install 'dodarchive[redis]').",
)
def crawl(
    *,
    spider: str,
    out: Path | None,
    jobdir: str | None,
    replay_inputs: tuple[str, ...],
    since: str | None,
    spider_args: tuple[str, ...],
    urls_file: str | None,
    recrawl: bool,
    with_media: bool,
    set_settings: tuple[str, ...],
    stats_file: Path | None,
    redis_url: str | None,
) -> None:
    """Crawl with SPIDER (e.g. ``urls``, ``wargov``), writing WARCs to ``warc/`` or --out.

    With --redis, this process is one worker of a crawl shared through Redis: one request
    queue and dupefilter (scrapy-redis), one digest index, one per-host delay; it writes
    its own WARC files (``...-HOST-wN.warc.gz``). See docs/scale-out.md.

    Exits 1 if the crawl could not start or ended for another reason than ``finished``,
    or if a host was given up after refusing it (bot protection): then the last line
    names the hosts and the remedies.
    """
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from dodarchive.downloadermiddlewares.refusals import HOSTS_STAT, remedy_line
    from dodarchive.replay.server import ReplayIndex, ReplayServer

    settings = Settings()
    settings.setmodule("dodarchive.settings", priority="project")
    if out is not None:
        settings.set("DODARCHIVE_WARC_DIR", str(out), priority="cmdline")
    if jobdir:
        settings.set("JOBDIR", jobdir, priority="cmdline")
    if recrawl:
        settings.set("DODARCHIVE_RECRAWL", True, priority="cmdline")
    if with_media:
        settings.set("DODARCHIVE_WITH_MEDIA", True, priority="cmdline")
    if replay_inputs:
        # Replay is local: politeness delays protect live hosts, not our own loopback server.
        # Explicit -s values still win (cmdline priority).
        for name, value in REPLAY_SPEED.items():
            settings.set(name, value, priority="project")
    for name, value in _pairs(set_settings, "-s"):
        settings.set(name, value, priority="cmdline")
    if redis_url:
        if jobdir:
            raise click.BadParameter("the Redis frontier is the job state", param_hint="--jobdir")
        try:
            from dodarchive.frontier.setup import frontier_settings

            worker = frontier_settings(settings, redis_url, spider)
        except ImportError as exc:
            raise click.ClickException(
                f"--redis needs the redis extra (pip install 'dodarchive[redis]'): {exc}"
            ) from None
        except Exception as exc:  # connection errors of any kind: one line
            raise click.ClickException(f"cannot use the Redis frontier: {exc}") from None
        job = settings.get("DODARCHIVE_FRONTIER_JOB")
        click.echo(f"frontier worker {worker} of job {job}", err=True)  # no URL: passwords
    kwargs: dict[str, Any] = dict(_pairs(spider_args, "-a"))
    if since:
        kwargs["since"] = since
    if urls_file:
        kwargs["urls_file"] = urls_file
    if spider == "urls" and kwargs.get("urls_file"):
        from dodarchive.spiders.urls import UrlListError, load_url_list

        try:  # refused before anything starts, in one line
            load_url_list(kwargs["urls_file"])
        except UrlListError as exc:
            raise click.ClickException(str(exc)) from None

    server = None
    if replay_inputs:
        server = ReplayServer(ReplayIndex(list(replay_inputs)))
        server.start_background()
        settings.set("DODARCHIVE_REPLAY_URL", server.url, priority="cmdline")
        click.echo(f"replaying {server.index.count} records at {server.url}", err=True)
    try:
        process = CrawlerProcess(settings)
        try:
            crawler = process.create_crawler(spider)
        except KeyError:
            names = ", ".join(sorted(process.spider_loader.list()))
            raise click.BadParameter(f"no spider {spider!r}; known: {names}") from None
        failed: list[str] = []
        started = process.crawl(crawler, **kwargs)
        started.addErrback(lambda failure: failed.append(failure.getErrorMessage()))
        process.start()
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
    if failed:  # the spider or a component refused to start: its one-line reason
        click.echo(f"{spider}: could not run: {failed[0]}", err=True)
        sys.exit(1)
    stats = crawler.stats.get_stats() if crawler.stats else {}
    if stats_file is not None:
        stats_file.write_text(json.dumps(stats, default=str, sort_keys=True), encoding="utf-8")
    reason = stats.get("finish_reason")
    refused = stats.get(HOSTS_STAT)
    if refused:
        # One line: who refused, and the remedies (a crawl that lost hosts exits 1).
        click.echo(remedy_line(spider, str(refused)), err=True)
        sys.exit(1)
    click.echo(
        f"{spider}: {reason}; WARC records {stats.get('dodarchive/warc/records', 0)}, "
        f"revisits {stats.get('dodarchive/warc/revisits', 0)}, "
        f"files {stats.get('dodarchive/warc/files', 0)}",
        err=True,
    )
    if process.bootstrap_failed or reason != "finished":
        sys.exit(1)
