"""``dodarchive report``: a self-contained HTML page of the corpus, its gaps and its edits.

:mod:`dodarchive.report.data` counts the corpus files; :mod:`dodarchive.report.render`
draws the counts with matplotlib (SVG, inlined) next to their tables. The page makes no
network request.
"""

from __future__ import annotations

from pathlib import Path

from dodarchive.report.data import ReportData, ReportInputError, load
from dodarchive.report.render import MissingDependencyError, render_html

__all__ = [
    "MissingDependencyError",
    "ReportData",
    "ReportInputError",
    "load",
    "render_html",
    "write_report",
]


def write_report(
    inputs: Path,
    output: Path,
    *,
    history: Path | None = None,
    awards: Path | None = None,
    diff_base: str | None = None,
) -> ReportData:
    """Count ``inputs`` and write the report to ``output`` atomically; returns the counts.

    The file appears only when complete (a temporary file in the same folder, renamed).
    Raises :class:`ReportInputError` for unreadable inputs, :class:`MissingDependencyError`
    without matplotlib, and :class:`OSError` when ``output`` cannot be written.
    """
    from dodarchive.extract.output import AtomicFile

    data = load(inputs, history=history, awards=awards)
    page = render_html(data, diff_base=diff_base)
    output.parent.mkdir(parents=True, exist_ok=True)
    out = AtomicFile(output)
    try:
        out.fh.write(page.encode("utf-8"))
        out.commit()
    except BaseException:
        out.discard()
        raise
    return data
