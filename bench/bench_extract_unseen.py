"""Extraction on pages never seen: ``dodarchive extract`` against trafilatura, whole
processes, each page once.

    .venv/bin/python bench/bench_extract_unseen.py [--rounds 5]

Why not the repeated WARC of bench_extract_cli.py: trafilatura (and htmldate under it)
caches per string with ``lru_cache``, so on the second copy of a page it is about 2.5x
faster than on the first (32 vs 13 ms per af.mil page, measured in-process). A WARC of
repeats measures that cache, not the pages a researcher has never extracted. Here every
page is in the WARC once, and every run is a fresh process.

Inputs, from the status-200 HTML responses of ``tests/fixtures/warc/`` (each once):

- ``mix``: all of them (af.mil-heavy: 170 af.mil print views of 189);
- ``afmil``: the af.mil print views;
- ``dnn-legacy``: the defense.gov / war.gov pages (DNN articles, listings, legacy ASP.NET).

For each input, ``dodarchive extract IN -o OUT --workers 1`` and
``bench/trafilatura_warc.py IN`` (reading with warcio, ``bare_extraction(body, url=,
with_metadata=True)`` per page) run one after the other, alternating, ``--rounds``
times; the figure is the median CPU seconds (user + system) of each, so other load on a
shared machine counts less than in wall time. Start-up is part of a whole process; it is
also measured alone (a WARC holding only a warcinfo record) and the ratio without it
shown, which is where a long run tends. Per page, the DNN and legacy pages are also
timed in one process (best of 10 for dodarchive, trafilatura's first call for it), since
start-up dominates a WARC of a dozen pages. Rewrites the "Extraction on unseen pages"
section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import compileall
import io
import statistics
import sys
import time
import warnings
from pathlib import Path

from benchlib import (
    BIN,
    FIXTURE_WARCS,
    ROOT,
    WORK,
    fixture_records,
    machine,
    run_measured,
    write_section,
)

PEER = ROOT / "bench" / "trafilatura_warc.py"
_DNN_HOSTS = ("defense.gov", "war.gov", "defenselink.mil")


def empty_warc(dest: Path) -> Path:
    """A WARC holding one warcinfo record: what start-up alone costs."""
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(writer.create_warcinfo_record("empty.warc.gz", {"software": "bench"}))
    dest.write_bytes(buf.getvalue())
    return dest


def cpu_of(cmd: list[str]) -> float:
    """CPU seconds of one whole run of ``cmd`` (exits non-zero: the benchmark stops)."""
    result = run_measured(cmd, interval=0.5)
    if result.returncode not in (0, 4):
        sys.exit(f"{cmd[:3]} failed ({result.returncode}): {result.stderr[-1500:]}")
    return result.cpu_seconds


def ours(path: Path) -> list[str]:
    """The ``dodarchive extract`` command line."""
    out = WORK / f"unseen-{path.stem}.jsonl"
    return [str(BIN / "dodarchive"), "extract", str(path), "-o", str(out), "--workers", "1"]


def peer(path: Path) -> list[str]:
    """The trafilatura command line."""
    return [sys.executable, str(PEER), str(path)]


def per_page(urls: set[str]) -> list[tuple[str, float, float]]:
    """(url, dodarchive ms best of 10, trafilatura ms first call) for the pages ``urls``."""
    import trafilatura

    from dodarchive.extract.record import extract_record
    from dodarchive.warc.reader import iter_records

    recs = [
        rec
        for path in sorted(FIXTURE_WARCS.glob("*.warc.gz"))
        for rec in iter_records(path, types=("response",))
        if rec.url in urls and rec.status == 200
    ]
    for rec in recs:  # warm: imports, compiled patterns, models
        extract_record(rec)
    trafilatura.bare_extraction(b"<html><body><p>warm up</p></body></html>", url="http://x/")
    rows = []
    warnings.simplefilter("ignore")
    for rec in recs:
        best = min(_cpu(lambda rec=rec: extract_record(rec)) for _ in range(10))
        first = _cpu(
            lambda rec=rec: trafilatura.bare_extraction(rec.body, url=rec.url, with_metadata=True)
        )
        rows.append((rec.url, best * 1000, first * 1000))
    return rows


def _cpu(call: object) -> float:
    started = time.process_time()
    call()  # type: ignore[operator]
    return time.process_time() - started


def main() -> None:
    """Run the rounds and rewrite the section of RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    everything = fixture_records()
    dnn = [(u, m) for u, m in everything if any(h in u for h in _DNN_HOSTS)]
    inputs = {
        "mix": everything,
        "afmil": [(u, m) for u, m in everything if "af.mil" in u],
        "dnn-legacy": dnn,
    }
    header = machine()
    # Byte-compile the package as `pip install` does (an editable install under
    # PYTHONDONTWRITEBYTECODE would recompile it in every run; trafilatura's is compiled).
    import dodarchive

    compileall.compile_dir(Path(dodarchive.__file__).parent, quiet=1)
    empty = empty_warc(WORK / "unseen-empty.warc.gz")
    start: dict[str, list[float]] = {"ours": [], "peer": []}
    for _ in range(args.rounds):
        start["ours"].append(cpu_of(ours(empty)))
        start["peer"].append(cpu_of(peer(empty)))
    s_ours, s_peer = statistics.median(start["ours"]), statistics.median(start["peer"])
    rows = []
    for name, recs in inputs.items():
        path = WORK / f"unseen-{name}.warc.gz"
        path.write_bytes(b"".join(m for _, m in recs))
        a, b = [], []
        for _ in range(args.rounds):
            a.append(cpu_of(ours(path)))
            b.append(cpu_of(peer(path)))
        ca, cb = statistics.median(a), statistics.median(b)
        rows.append(
            f"| {name} | {len(recs)} | {ca:.2f} | {cb:.2f} | **{cb / ca:.2f}x** | "
            f"{(cb - s_peer) / max(ca - s_ours, 1e-9):.2f}x |"
        )
        print(rows[-1], flush=True)
    pages = per_page({u for u, _ in dnn})
    page_rows = [f"| {url} | {a:.1f} | {b:.1f} | {b / a:.1f}x |" for url, a, b in pages]
    ratios = sorted(b / a for _, a, b in pages)
    body = f"""
Command: `.venv/bin/python bench/bench_extract_unseen.py --rounds {args.rounds}`
Machine: {header}.
Method: every page once per WARC, every run a fresh process (see the script's docstring
for why repeats flatter trafilatura); `dodarchive extract IN -o OUT --workers 1` and
`bench/trafilatura_warc.py IN` alternate, {args.rounds} rounds; median CPU seconds
(user + system, so the machine's other load counts less); the package byte-compiled
first, as `pip install` leaves it. Start-up alone (a WARC with
only a warcinfo record): dodarchive {s_ours:.2f} CPU s, trafilatura {s_peer:.2f} CPU s.

| input | pages | dodarchive CPU s | trafilatura CPU s | ratio | ratio less start-up |
|---|---|---|---|---|---|
{chr(10).join(rows)}

DNN and legacy pages one by one, in one process (dodarchive `extract_record`, best of
10; trafilatura's first call on the page, as on an unseen page):

| page | dodarchive ms | trafilatura ms | ratio |
|---|---|---|---|
{chr(10).join(page_rows)}

Median per-page ratio on these {len(ratios)} pages: **{statistics.median(ratios):.1f}x**.
"""
    write_section("Extraction on unseen pages", body)


if __name__ == "__main__":
    main()
