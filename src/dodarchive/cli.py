"""The ``dodarchive`` command: a thin switchboard over the library's modules."""

from __future__ import annotations

import click

from dodarchive import __version__
from dodarchive.commands.extract import extract
from dodarchive.commands.replay import replay
from dodarchive.commands.run import run
from dodarchive.commands.stats import stats


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dodarchive")
def main() -> None:
    """Archive DoD press pages into WARC files and extract clean Article JSON."""


main.add_command(extract)
main.add_command(replay)
main.add_command(run)
main.add_command(stats)
