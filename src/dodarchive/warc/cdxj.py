"""Read a CDXJ index (``dodarchive index``, ``make run``'s ``index.cdxj``) to seek into WARCs.

Extraction of a general-crawl WARC, where few records are on the site table, need not
read the WARC at all to find them: the index lists every response and revisit record's
URL, offset and length. :func:`load_index` groups its lines by WARC file;
:func:`index_for` finds the entries of one input (an index named with ``--index``, or one
found beside the WARC: ``NAME.cdxj``, ``NAME.warc.gz.cdxj`` or ``index.cdxj`` in its
folder), and refuses an index older than the WARC (it may not list every record).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Entry", "Index", "beside", "index_for", "load_index"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One indexed record: where it starts, how long it is, and its URL."""

    offset: int
    length: int
    url: str


@dataclass(frozen=True, slots=True)
class Index:
    """The entries of one CDXJ file by the WARC ``filename`` each line names, in file
    order, and where the index is (relative file names are taken from there)."""

    path: Path
    files: dict[str, list[Entry]]

    def entries(self, warc: Path) -> list[Entry] | None:
        """The entries of ``warc`` sorted by offset, or None when the index names no such
        file. A name matches as written (absolute, or relative to the index's folder or
        the working folder) or, failing that, by its last path part."""
        want = warc.resolve()
        by_name: list[Entry] | None = None
        for name, entries in self.files.items():
            named = Path(name)
            candidates = [named] if named.is_absolute() else [self.path.parent / named, named]
            if any(c.resolve() == want for c in candidates):
                return sorted(entries, key=lambda e: e.offset)
            if named.name == warc.name:
                by_name = entries
        return sorted(by_name, key=lambda e: e.offset) if by_name is not None else None


def load_index(path: Path) -> Index:
    """Parse the CDXJ file ``path`` (``SURT TIMESTAMP {json}`` lines). Lines without an
    offset, length or filename are left out; raises ``OSError`` when it cannot be read
    and ``ValueError`` (naming the line) when a line is not CDXJ."""
    files: dict[str, list[Entry]] = {}
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            parts = line.split(" ", 2)
            if len(parts) < 3:
                if line.strip():
                    raise ValueError(f"{path}: line {number} is not CDXJ")
                continue
            try:
                fields = json.loads(parts[2])
                entry = Entry(int(fields["offset"]), int(fields["length"]), fields["url"])
                name = str(fields["filename"])
            except (KeyError, TypeError, ValueError):
                if not parts[2].lstrip().startswith("{"):
                    raise ValueError(f"{path}: line {number} is not CDXJ") from None
                continue
            files.setdefault(name, []).append(entry)
    return Index(path, files)


def beside(warc: Path) -> list[Path]:
    """Where an index of ``warc`` may be found beside it, in the order they are tried:
    ``NAME.warc.gz.cdxj``, ``NAME.cdxj``, then ``index.cdxj`` in the same folder."""
    stem = warc.name.removesuffix(".gz").removesuffix(".warc")
    return [warc.with_name(warc.name + ".cdxj"), warc.with_name(stem + ".cdxj"),
            warc.with_name("index.cdxj")]  # fmt: skip


def index_for(
    warc: Path, given: Index | None, cache: dict[Path, Index | None]
) -> list[Entry] | None:
    """The index entries of ``warc``: from ``given`` (``--index``) or the first index
    beside it that lists it; None when there is none, or when the index is older than the
    WARC (written before the WARC was last changed, it may miss records). ``cache``
    keeps indexes loaded for other inputs; one that cannot be read counts as absent."""
    if given is not None:
        found = [given]
    else:
        found = []
        for path in beside(warc):
            if path not in cache:
                try:
                    cache[path] = load_index(path) if path.is_file() else None
                except (OSError, ValueError):
                    cache[path] = None
            index = cache[path]
            if index is not None:
                found.append(index)
    for index in found:
        entries = index.entries(warc)
        if entries is None:
            continue
        try:
            if index.path.stat().st_mtime < warc.stat().st_mtime:
                return None
        except OSError:
            return None
        return entries
    return None
