"""What every sub-command shares: exit codes, one-line errors, input paths, dates.

Every command reports bad input the same way, in at most three lines and without a
traceback::

    dodarchive CMD: error: <what went wrong, and what to do>
    Try 'dodarchive CMD --help'.            (usage errors only)

Exit codes, the same for every command:

====  ==============================================================================
0     done
1     done, but what was checked or crawled failed (validation problems, lost records)
2     bad command line (unknown option, bad value, bad date)
3     an input cannot be read at all (missing, unreadable, not a WARC, no WARC in a folder)
4     done, but an input was damaged part-way (the rest was processed; see the rejects)
5     the output cannot be written (folder not writable, missing optional dependency)
130   interrupted (Ctrl-C); 143 terminated (SIGTERM). No partial output is left.
====  ==============================================================================

``crawl`` stops cleanly on Ctrl-C or SIGTERM instead (Scrapy's shutdown: its WARC files
hold whole records and ``--jobdir`` resumes it) and exits 1, as for any crawl that did
not finish.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from dodarchive.extract.output import AtomicFile

__all__ = [
    "EXIT_DAMAGED",
    "EXIT_FAILED",
    "EXIT_INPUT",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_SIGINT",
    "EXIT_SIGTERM",
    "EXIT_USAGE",
    "CommandError",
    "DodarchiveGroup",
    "InputPath",
    "IsoDate",
    "fail",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_DAMAGED = 4
EXIT_OUTPUT = 5
EXIT_SIGINT = 130
EXIT_SIGTERM = 143


class CommandError(click.ClickException):
    """A failure reported as one line, ``dodarchive CMD: error: MESSAGE``, with an exit code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.exit_code = code  # type: ignore[misc]
        ctx = click.get_current_context(silent=True)
        self.command_path = ctx.command_path if ctx is not None else "dodarchive"

    def show(self, file: Any = None) -> None:
        """Print the one line to stderr."""
        click.echo(f"{self.command_path}: error: {self.format_message()}", err=True)


def fail(code: int, message: str) -> NoReturn:
    """Stop the current command with ``message`` (one line) and exit ``code``."""
    raise CommandError(code, " ".join(message.split()))


class InputPath(click.Path):
    """A path that must exist; a missing one is an *input* error (exit 3), not usage (2)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("exists", None)
        super().__init__(exists=False, **kwargs)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Check existence and readability, then let click.Path check the kind."""
        path = os.fsdecode(value) if isinstance(value, bytes | os.PathLike) else str(value)
        if not os.path.lexists(path):
            fail(EXIT_INPUT, f"{path}: no such file or folder")
        if not os.access(path, os.R_OK):
            fail(EXIT_INPUT, f"{path}: permission denied")
        return super().convert(value, param, ctx)


class IsoDate(click.ParamType[str]):
    """A calendar date, ``YYYY-MM-DD``; anything else is a usage error naming the form.

    >>> IsoDate().convert("2025-09-30", None, None)
    '2025-09-30'
    """

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """The date as ``YYYY-MM-DD`` text, or a usage error."""
        if isinstance(value, date):
            return value.isoformat()[:10]
        try:
            return date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            self.fail(f"{value!r} is not a date: use YYYY-MM-DD (e.g. 2025-09-30)", param, ctx)


class IsoDateTime(click.ParamType[str]):
    """An ISO 8601 date or date-time (``2007-07-02`` or ``2007-07-02T14:00:00Z``).

    >>> IsoDateTime().convert("2007-07-02T14:00:00Z", None, None)
    '2007-07-02T14:00:00Z'
    """

    name = "ISO-8601"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """The text as given when it parses as ISO 8601 ('' stays ''), else a usage error."""
        text = str(value).strip()
        if not text:
            return ""
        try:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            self.fail(f"{value!r} is not an ISO 8601 date or time (e.g. 2007-07-02)", param, ctx)
        return text


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(EXIT_SIGTERM)


def _plain(text: str | None) -> str | None:
    """Help text without reStructuredText literals: ``x`` reads as x in a terminal."""
    return text.replace("``", "") if text else text


class DodarchiveGroup(click.Group):
    """The ``dodarchive`` group: every error one line, the same exit codes everywhere."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Register ``cmd`` (and its sub-commands) with help text made terminal-plain."""
        for command in [cmd, *getattr(cmd, "commands", {}).values()]:
            command.help = _plain(command.help)
            command.short_help = _plain(command.short_help)
            for param in command.params:
                if isinstance(param, click.Option):
                    param.help = _plain(param.help)
        super().add_command(cmd, name)

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> NoReturn:  # type: ignore[override]
        """Run the command line; never returns, never prints a traceback for bad input."""
        extra.pop("standalone_mode", None)
        prog_name = prog_name or "dodarchive"  # not "python -m dodarchive" in messages
        if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
            signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            rv = super().main(args, prog_name, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
            sys.exit(EXIT_USAGE)
        except click.UsageError as exc:
            path = exc.ctx.command_path if exc.ctx is not None else "dodarchive"
            click.echo(f"{path}: error: {exc.format_message()}", err=True)
            click.echo(f"Try '{path} --help'.", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt):
            click.echo("dodarchive: interrupted", err=True)
            sys.exit(EXIT_SIGINT)
        except BrokenPipeError:  # `dodarchive ... | head`: the reader left, nothing to say
            sys.stderr.close()
            sys.exit(EXIT_OK)
        except Exception as exc:
            if os.environ.get("DODARCHIVE_DEBUG"):
                raise
            name = type(exc).__name__
            click.echo(
                f"dodarchive: error: unexpected {name}: {exc} "
                "(a bug: please report it; DODARCHIVE_DEBUG=1 shows the traceback)",
                err=True,
            )
            sys.exit(EXIT_FAILED)
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)


def output_path(path: Path) -> Path:
    """Create ``path``'s parent folders; an unwritable place is an output error (exit 5)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(EXIT_OUTPUT, f"{path}: cannot create its folder ({exc.strerror or exc})")
    if path.is_dir():
        fail(EXIT_OUTPUT, f"{path}: is a folder; give a file name")
    if not os.access(path.parent, os.W_OK):
        fail(EXIT_OUTPUT, f"{path}: folder not writable")
    return path


def checked_warcs(inputs: tuple[str, ...] | list[str]) -> list[Path]:
    """The WARC files named by ``inputs`` (files, folders, glob patterns), each checked.

    A missing file, a folder or pattern without WARC files, or a file that is not a
    WARC is an input error (exit 3) naming it, before anything is written.
    """
    from dodarchive.warc.files import warc_files
    from dodarchive.warc.scan import InputError

    try:
        return warc_files(inputs)
    except InputError as exc:
        fail(EXIT_INPUT, str(exc))


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[AtomicFile]:
    """An :class:`~dodarchive.extract.output.AtomicFile` for ``path``, committed when the
    block ends and discarded if it raises; an OS error is an output error (exit 5)."""
    from dodarchive.extract.output import AtomicFile

    try:
        out = AtomicFile(path)
    except OSError as exc:
        fail(EXIT_OUTPUT, f"{path}: cannot write ({exc.strerror or exc})")
    try:
        yield out
        out.commit()
    except OSError as exc:
        out.discard()
        fail(EXIT_OUTPUT, f"{path}: cannot write ({exc.strerror or exc})")
    except BaseException:
        out.discard()
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that it appears only complete; exit 5 on failure."""
    with atomic_output(path) as out:
        out.fh.write(data)
