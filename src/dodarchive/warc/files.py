"""Turn what a user names (files, folders, glob patterns) into the WARC files to read.

Every command that takes WARC inputs goes through :func:`warc_files`, so "a folder of
WARCs" means the same everywhere: a folder is searched recursively for ``*.warc`` and
``*.warc.gz`` files (``.open`` files still being written are not picked up), sorted by
path; a pattern such as ``crawl/*.warc.gz`` or ``crawl/**/*.warc.gz`` is expanded like a
shell would (sorted); a file is taken as given. The same file named twice is read once.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path

from dodarchive.warc.scan import InputError, check_input

__all__ = ["WARC_SUFFIXES", "warc_files"]

#: Names of the files a folder is searched for.
WARC_SUFFIXES = (".warc", ".warc.gz")


def warc_files(
    inputs: Iterable[str | Path],
    *,
    suffixes: tuple[str, ...] = WARC_SUFFIXES,
    check: bool = True,
) -> list[Path]:
    """The files named by ``inputs``, in order, each once (see the module docstring).

    With ``check`` (the default) every file must be a readable WARC and every folder or
    pattern must name at least one: :class:`~dodarchive.warc.scan.InputError` says which
    input is not, before any work starts. Without it, files are returned unread (a
    caller that reports damage itself, like ``validate``), and an empty folder or a
    pattern matching nothing adds nothing. ``suffixes`` are the names a folder or
    pattern picks up (``stats`` adds ``.jsonl`` and ``.parquet``).
    """
    found: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if _wanted(p, suffixes))
            if not files and check:
                names = " or ".join(f"*{s}" for s in suffixes)
                raise InputError(path, f"no {names} files in folder")
            found.extend(files)
        elif not path.exists() and glob.has_magic(str(raw)):
            pattern = str(raw)  # absolute or relative, as a shell takes it: not Path.glob
            matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))  # noqa: PTH207
            files = [p for p in matches if p.is_file() and p.name.endswith(suffixes)]
            if not files and check:
                raise InputError(raw, "no WARC file matches this pattern")
            found.extend(files)
        else:
            found.append(path)
    seen: set[Path] = set()
    unique: list[Path] = []
    for path in found:
        key = path.resolve()
        if key in seen:
            continue
        seen.add(key)
        if check:
            check_input(path)
        unique.append(path)
    return unique


def _wanted(path: Path, suffixes: tuple[str, ...]) -> bool:
    return path.name.endswith(suffixes) and path.is_file()
