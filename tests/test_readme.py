"""The README's command lines are real: each parses against the CLI, and the offline ones run.

Every ``dodarchive ...`` line in a ``sh`` block is parsed by the real click command (an
unknown command or option fails here). Those that work offline (extract, stats, index,
pack, validate, schema, normalize-text) are run verbatim, in README order, in a sandbox
whose ``warc/`` holds fixture WARCs. Crawl lines are covered by the crawl tests, which
run the same spiders and options through the replay server, and ``make run``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest

from dodarchive.cli import main
from tests.conftest import FIXTURE_WARCS, ROOT, dodarchive_cmd, subprocess_env

README = (ROOT / "README.md").read_text(encoding="utf-8")
RUN_OFFLINE = {"extract", "stats", "index", "pack", "validate", "schema", "normalize-text"}


def _shell_lines() -> list[str]:
    lines: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        joined = block.replace("\\\n", " ")
        lines += [ln.strip() for ln in joined.splitlines() if ln.strip().startswith("dodarchive ")]
    return lines


def _argv(line: str) -> list[str]:
    argv = shlex.split(line, comments=True)
    return argv[:-1] if argv[-1] == "&" else argv  # a worker started in the background


COMMANDS = [_argv(line) for line in _shell_lines()]


def test_readme_fences_are_balanced() -> None:
    assert README.count("```") % 2 == 0


def test_readme_shows_the_main_commands() -> None:
    shown = {argv[1] for argv in COMMANDS}
    assert {"crawl", "extract", "stats", "index", "pack", "validate"} <= shown


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    (tmp_path / "warc").mkdir()
    for name in ("legacy.warc.gz", "wargov-2025.warc.gz"):
        shutil.copy(FIXTURE_WARCS / name, tmp_path / "warc" / name)
    shutil.copy(FIXTURE_WARCS / "legacy.warc.gz", tmp_path / "a.warc.gz")
    shutil.copy(FIXTURE_WARCS / "wargov-2025.warc.gz", tmp_path / "b.warc.gz")
    for name in ("seeds.txt", "urls.txt"):
        (tmp_path / name).write_text("https://www.war.gov/\n")
    (tmp_path / "tests" / "fixtures").mkdir(parents=True)
    (tmp_path / "tests" / "fixtures" / "warc").symlink_to(FIXTURE_WARCS)
    return tmp_path


def _parse(argv: list[str]) -> None:
    group_ctx = main.make_context("dodarchive", [], resilient_parsing=True)
    command = main.get_command(group_ctx, argv[1])
    assert command is not None, f"README shows an unknown command: {argv[1]}"
    command.make_context(argv[1], argv[2:], parent=group_ctx)


def test_every_readme_command_line_parses(sandbox: Path) -> None:
    cwd = Path.cwd()
    os.chdir(sandbox)
    try:
        for argv in COMMANDS:
            try:
                _parse(argv)
            except click.ClickException as exc:
                pytest.fail(
                    f"README line {shlex.join(argv)!r} does not parse: {exc.format_message()}"
                )
    finally:
        os.chdir(cwd)


def test_offline_readme_commands_run(sandbox: Path) -> None:
    ran = []
    for argv in COMMANDS:
        if argv[1] not in RUN_OFFLINE:
            continue
        result = subprocess.run(
            [*dodarchive_cmd(), *argv[1:]],
            cwd=sandbox, env=subprocess_env(), capture_output=True, text=True, timeout=300,
            check=False,
        )  # fmt: skip
        assert result.returncode == 0, f"{shlex.join(argv)}: {result.stderr[-2000:]}"
        assert "Traceback" not in result.stderr
        ran.append(argv[1])
    assert ran.count("extract") >= 5
    assert {"stats", "index", "pack", "validate"} <= set(ran)
    assert (sandbox / "out" / "articles.jsonl").stat().st_size > 0
    assert (sandbox / "out" / "articles.parquet").stat().st_size > 0
