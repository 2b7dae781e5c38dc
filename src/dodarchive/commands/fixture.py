"""``dodarchive fixture save|rerun [--write]``: make, re-check and regenerate saved-response
fixture cases."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dodarchive.commands.common import InputPath
from dodarchive.fixtures import case_diff, case_result, save_case, write_result
from dodarchive.warc.reader import WarcReadError


@click.group()
def fixture() -> None:
    """Fixture cases: folders of a saved response and its expected Article."""


@fixture.command()
@click.argument("warc", type=InputPath(dir_okay=False, path_type=Path))
@click.argument("offset", type=int)
@click.option(
    "-o",
    "--output",
    "--dest",
    "dest",
    type=click.Path(file_okay=False, path_type=Path),
    help="Case folder (default: tests/fixtures/pages/<template>/<record-slug>).",
)
@click.option(
    "--force", is_flag=True, help="Overwrite an existing case (after printing the golden's diff)."
)
def save(warc: Path, offset: int, dest: Path | None, force: bool) -> None:
    """Save the response record at OFFSET of WARC as a fixture case.

    Writes inputs/ and the current output.json (or exception.json) for hand-checking;
    prints the case folder. When the case exists, first prints the unified diff its golden
    file would get; without --force nothing is written and the exit code is 1.
    """
    try:
        existing, diff = case_diff(warc, offset, dest)
        if existing.exists():
            click.echo(diff or f"{existing}: golden unchanged", nl=not diff)
        case = save_case(warc, offset, dest, force=force)
    except WarcReadError as exc:
        msg = f"{warc}: no readable WARC record at offset {offset}"
        raise click.ClickException(msg) from exc
    except (ValueError, FileExistsError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(str(case))


@fixture.command()
@click.argument("case", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--write",
    is_flag=True,
    help="Also write it as CASE's golden file (output.json or exception.json).",
)
def rerun(case: Path, write: bool) -> None:
    """Print CASE's current output as the golden files hold it (to diff by hand)."""
    result = write_result(case) if write else case_result(case)
    click.echo(json.dumps(result, ensure_ascii=False, sort_keys=True, indent=2))
