"""``dodarchive crawl``: run one spider with the project settings, archiving into WARCs."""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dodarchive.commands.common import (
    EXIT_FAILED,
    EXIT_INPUT,
    EXIT_USAGE,
    InputPath,
    IsoDate,
    checked_warcs,
    fail,
)

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.settings import Settings

__all__ = ["REPLAY_SPEED", "check_spider_args", "crawl", "spider_arguments"]

#: Settings for crawls of the local replay server (``--replay``).
REPLAY_SPEED: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "DODARCHIVE_WAYBACK_DELAY": 0,
}


def spider_arguments(spider_cls: type[Spider]) -> list[str]:
    """The ``-a`` arguments a spider takes: the named parameters of its ``__init__``s, and
    the names in an ``extra_arguments`` class attribute (``from``: a Python keyword, read
    from ``**kwargs``)."""
    names: dict[str, None] = {}
    for klass in spider_cls.__mro__:
        names.update(dict.fromkeys(klass.__dict__.get("extra_arguments", ())))
        init = klass.__dict__.get("__init__")
        if init is None or klass.__module__.startswith("scrapy"):
            continue
        for param in inspect.signature(init).parameters.values():
            if param.name != "self" and param.kind in (
                param.POSITIONAL_OR_KEYWORD,
                param.KEYWORD_ONLY,
            ):
                names[param.name] = None
    return list(names)


def check_spider_args(spider_cls: type[Spider], kwargs: dict[str, Any]) -> None:
    """Refuse, before Scrapy starts, an argument the spider does not take or a bad value.

    The spider is built once without a crawler, so its own argument checks (dates, id
    ranges, the URL list) run here and fail as one line, not as a crawl traceback.
    """
    known = spider_arguments(spider_cls)
    name = spider_cls.name
    for key in kwargs:
        if key not in known:
            takes = ", ".join(known) or "no arguments"
            fail(EXIT_USAGE, f"spider {name} takes no argument {key!r} (it takes: {takes})")
    try:
        spider_cls(**kwargs)
    except OSError as exc:
        fail(EXIT_INPUT, f"spider {name}: {getattr(exc, 'filename', '') or ''} {exc.strerror}")
    except (ValueError, TypeError) as exc:
        fail(EXIT_USAGE, f"spider {name}: {exc}")


def _spider_help(settings: Settings) -> str:
    from scrapy.spiderloader import get_spider_loader

    loader = get_spider_loader(settings)
    lines = []
    for name in sorted(loader.list()):
        cls = loader.load(name)
        doc = (inspect.getdoc(cls) or "").split("\n", 1)[0].replace("``", "")
        args = ", ".join(spider_arguments(cls)) or "-"
        lines.append(f"  {name:<8} {doc}\n           -a {args}")
    return "Spiders (-a NAME=VALUE arguments):\n\n" + "\n".join(lines)


class _CrawlCommand(click.Command):
    """``crawl --help`` lists the spiders and their arguments, read from the spiders."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Append the spider list after the options."""
        from scrapy.settings import Settings

        settings = Settings()
        settings.setmodule("dodarchive.settings", priority="project")
        formatter.write("\n")
        for line in _spider_help(settings).splitlines():
            formatter.write(line + "\n")


def _pairs(values: tuple[str, ...], what: str) -> list[tuple[str, str]]:
    out = []
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint=what)
        out.append((name, value))
    return out


@click.command(cls=_CrawlCommand)
@click.argument("spider")
@click.option(
    "-o", "--output", "--out", "out", type=click.Path(file_okay=False, path_type=Path),
    help="WARC folder [default: warc/].",
)  # fmt: skip
@click.option("--jobdir", type=click.Path(file_okay=False), help="Scrapy JOBDIR (resumable).")
@click.option(
    "--replay",
    "replay_inputs",
    multiple=True,
    type=InputPath(),
    help="Crawl offline from these WARC files or folders (repeatable).",
)
@click.option(
    "--since", type=IsoDate(), help="Only pages published on or after DATE (spider argument)."
)
@click.option(
    "--contact", help="Operator e-mail or URL for site operators (needed for live crawls)."
)
@click.option("-a", "spider_args", multiple=True, help="Spider argument NAME=VALUE.")
@click.option("--urls-file", type=InputPath(dir_okay=False), help="URL list (urls spider).")
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
    contact: str | None,
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

    Arguments are checked before Scrapy starts (exit 2 for a bad one, 3 for an unreadable
    file). Exits 1 if the crawl could not start, ended for another reason than
    ``finished``, could not archive some exchanges (one line says how many), or gave a
    host up after it refused the crawl (bot protection: the last line names the hosts
    and the remedies).
    """
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings
    from scrapy.spiderloader import get_spider_loader

    from dodarchive.downloadermiddlewares.refusals import HOSTS_STAT, remedy_line
    from dodarchive.replay.server import ReplayIndex, ReplayServer

    settings = Settings()
    settings.setmodule("dodarchive.settings", priority="project")
    if contact:
        settings.set("DODARCHIVE_CONTACT", contact, priority="cmdline")
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
    loader = get_spider_loader(settings)
    try:
        spider_cls = loader.load(spider)
    except KeyError:
        names = ", ".join(sorted(loader.list()))
        fail(EXIT_USAGE, f"no spider {spider!r}; known: {names}")
    if spider == "urls" and kwargs.get("urls_file"):
        from dodarchive.spiders.urls import UrlListError, load_url_list

        try:  # refused before anything starts, in one line
            load_url_list(kwargs["urls_file"])
        except UrlListError as exc:
            fail(EXIT_INPUT, str(exc))
    check_spider_args(spider_cls, kwargs)
    replaying = replay_inputs or settings.get("DODARCHIVE_REPLAY_URL")
    if not replaying and not str(settings.get("DODARCHIVE_CONTACT") or "").strip():
        fail(
            EXIT_USAGE,
            "live crawls must name a contact for site operators: --contact you@example.org "
            "(or DODARCHIVE_CONTACT); use --replay WARCS for an offline crawl",
        )
    replay_paths = checked_warcs(replay_inputs) if replay_inputs else []

    server = None
    if replay_inputs:
        server = ReplayServer(ReplayIndex(replay_paths))
        server.start_background()
        settings.set("DODARCHIVE_REPLAY_URL", server.url, priority="cmdline")
        for line in server.index.damaged:
            click.echo(f"damaged WARC: {line}", err=True)
        click.echo(f"replaying {server.index.count} records at {server.url}", err=True)
    try:
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(spider_cls)
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
        sys.exit(EXIT_FAILED)
    stats = crawler.stats.get_stats() if getattr(crawler, "stats", None) else {}
    if stats_file is not None:
        stats_file.write_text(json.dumps(stats, default=str, sort_keys=True), encoding="utf-8")
    reason = stats.get("finish_reason")
    refused = stats.get(HOSTS_STAT)
    if refused:
        # One line: who refused, and the remedies (a crawl that lost hosts exits 1).
        click.echo(remedy_line(spider, str(refused)), err=True)
        sys.exit(EXIT_FAILED)
    click.echo(
        f"{spider}: {reason}; WARC records {stats.get('dodarchive/warc/records', 0)}, "
        f"revisits {stats.get('dodarchive/warc/revisits', 0)}, "
        f"files {stats.get('dodarchive/warc/files', 0)}",
        err=True,
    )
    lost = int(stats.get("dodarchive/warc/errors", 0))
    if lost:
        click.echo(f"{spider}: lost {lost} exchanges: WARC write errors (see the log)", err=True)
    if process.bootstrap_failed or reason != "finished" or lost:
        sys.exit(EXIT_FAILED)
