"""The ``dodarchive`` command: a thin switchboard over the library's modules."""

from __future__ import annotations

import click

from dodarchive import __version__
from dodarchive.commands.classify import classify
from dodarchive.commands.common import DodarchiveGroup
from dodarchive.commands.crawl import crawl
from dodarchive.commands.extract import extract
from dodarchive.commands.fixture import fixture
from dodarchive.commands.history import history
from dodarchive.commands.index import index
from dodarchive.commands.normalize_text import normalize_text
from dodarchive.commands.pack import pack
from dodarchive.commands.replay import replay
from dodarchive.commands.report import report
from dodarchive.commands.run import run
from dodarchive.commands.schema import schema
from dodarchive.commands.stats import stats
from dodarchive.commands.validate import validate


@click.group(cls=DodarchiveGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dodarchive")
def main() -> None:
    """Archive DoD press pages into WARC files and extract clean Article JSON.

    Exit codes, the same for every command: 0 done; 1 done but what was checked or
    crawled failed; 2 bad command line; 3 an input cannot be read; 4 an input was
    damaged part-way; 5 the output cannot be written; 130/143 interrupted.
    """


main.add_command(classify)
main.add_command(crawl)
main.add_command(extract)
main.add_command(fixture)
main.add_command(history)
main.add_command(index)
main.add_command(normalize_text)
main.add_command(pack)
main.add_command(replay)
main.add_command(report)
main.add_command(run)
main.add_command(schema)
main.add_command(stats)
main.add_command(validate)
