"""Run the contract-awards parser over the 300 plain-text announcements of the corpus.

Prints the award count, the share of awards with an amount, contract numbers and a
contractor location, and (with ``--list``) every award where one of them is missing, so
failures can be read and fixed. Usage::

    PYTHONPATH=src python scripts/awards_audit.py [--list] [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dodarchive.records.awards import parse_awards

DEFAULT = Path("/work/shared/corpus/contracts-text-2014-2019")


def paragraphs_of(path: Path) -> list[str]:
    """The non-empty lines of a corpus file: one paragraph per line."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return [line.strip() for line in text.splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    """Print the audit; exit 0."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--list", action="store_true", help="list awards with missing fields")
    args = ap.parse_args(argv)
    files = sorted(args.corpus.glob("*.txt"))
    n = amount = numbers = located = agency = corrections = small = 0
    notes: list[str] = []
    missing: list[str] = []
    for path in files:
        result = parse_awards(paragraphs_of(path))
        notes.extend(f"{path.name}: {note}" for note in result.notes)
        for award in result.awards:
            n += 1
            corrections += award.isCorrection
            small += award.smallBusiness
            agency += award.agency is not None
            has_amount = award.amountUsd is not None
            has_numbers = bool(award.contractNumbers)
            has_loc = all(c.location for c in award.contractors)
            amount += has_amount
            numbers += has_numbers
            located += has_loc
            gaps = [
                name
                for name, ok in (
                    ("amount", has_amount),
                    ("numbers", has_numbers),
                    ("location", has_loc),
                )
                if not ok
            ]
            if gaps:
                missing.append(f"{path.name} [{','.join(gaps)}] {award.text[:160]}")
    print(f"files: {len(files)}")
    print(f"awards: {n}")
    print(f"with amount: {amount} ({amount / n:.1%})")
    print(f"with contract numbers: {numbers} ({numbers / n:.1%})")
    print(f"all contractors located: {located} ({located / n:.1%})")
    print(f"under an agency heading: {agency} ({agency / n:.1%})")
    print(f"corrections: {corrections}; small business: {small}")
    print(f"unparsed paragraphs (notes): {len(notes)}")
    if args.list:
        for line in notes:
            print("NOTE", line)
        for line in missing:
            print("MISSING", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
