#!/usr/bin/env python3
"""Write tests/fixtures/warc/README.md: every fixture page with its origin and fidelity."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARC_DIR = ROOT / "tests" / "fixtures" / "warc"

HEADER = """# Fixture WARCs

Built from the real DoD pages in `../shared/corpus/` by `scripts/build_fixture_warcs.py`
(`make fixtures`), and committed so tests never need `../shared` or the network.
Regenerate this list with `python scripts/fixture_readme.py`.

Each page is a `response` record (`HTTP/1.1 200 OK`, `Content-Type` with the charset the
page declares; UTF-8 where it declares none, which every such file is), a `request`
record linked by `WARC-Concurrent-To`, and a `metadata` record (`WARC-Refers-To` the
response) naming the corpus file, fidelity, origin, sha256 and where the date came from.
Record ids are UUID5s of the file name, and dates come from `INDEX.tsv`; so the build is
deterministic, and `tests/test_fixture_warcs.py` rebuilds every file and compares bytes.

Fetch dates: `INDEX.tsv`'s `fetched_at` where given. Otherwise the stated defaults:
wargov-2025 2025-11-02 (INDEX notes: captured then), defensegov-2018 2018-04-29 (INDEX
notes: commit date), defensegov-2020 2020-11-01 (README: about Nov 2020), dma-listings
2020-01-15 (unknown), and 2019-06-01 for the older of the two `esd.whs.mil` captures.

Fidelity, as INDEX.tsv gives it: **raw** (server body), **browser DOM** (post-script DOM
dump: real structure, not the server's bytes), **re-serialized** (BeautifulSoup
prettify), and **reconstructed**: pages we built ourselves. One is the seed's legacy
`newsarticle.aspx` article. Its text is the seed capture; its chrome is the real 2010
defense.gov master page of `legacy/dod-release-163-10-gelig.html`; the markup in
`lblArticleContent` is ours (`scripts/reconstruct_seed_page.py`), and the `id=46641` in
its URL is an assumed placeholder. The other four (`wargov-reconstructed.warc.gz`) are
war.gov/defense.gov entry pages the corpus lacks, written by hand for the `wargov` crawl
test: two pages of the releases listing, the contracts listing and the releases RSS
feed. Their markup copies the real 2018 listing and the real af.mil feeds; the articles
they link, with titles and dates, are real. Every such page, its MANIFEST row and its
WARC metadata record say `reconstructed`.

The two `legacy/excerpts/` files are not included: they are retyped fragments, not pages.

"""


def main() -> None:
    spec = importlib.util.spec_from_file_location("b", ROOT / "scripts" / "build_fixture_warcs.py")
    assert spec
    assert spec.loader
    builder = importlib.util.module_from_spec(spec)
    sys.modules["b"] = builder
    spec.loader.exec_module(builder)
    lines = [HEADER]
    for warc in sorted(WARC_DIR.glob("*.warc.gz")):
        entries = sorted(builder.entries_from_warc(warc), key=lambda e: e.file)
        lines.append(f"## `{warc.name}` ({len(entries)} pages)\n")
        lines.append("| file | URL | WARC-Date | template | fidelity | origin |")
        lines.append("|---|---|---|---|---|---|")
        for e in entries:
            origin = e.origin.replace("|", "\\|")
            lines.append(
                f"| `{e.file}` | {e.url} | {e.date} | {e.template} | {e.fidelity} | {origin} |"
            )
        lines.append("")
    (WARC_DIR / "README.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
