#!/usr/bin/env python3
"""Audit two article fields over real af.mil pages: canonical URLs and body link targets.

Usage: ``python scripts/fields_audit.py [CORPUS_DIR] [--json]`` (default: the shared
corpus, ``/work/shared/corpus``; its ``INDEX.tsv`` gives each file's URL).

For every af.mil page of the corpus index (templates ``afmil-*-print``) it runs the
extractor and measures:

- **canonical**: of the pages that became articles, the share whose ``canonicalUrl`` is
  present and names the article's own id (``sites.classify(canonicalUrl).article_id ==
  articleId``, an article page, no doubled slash in its path);
- **links**: of the pages whose body (``div.da_black``, read here with lxml, apart from
  the extractor) has ``<a href>`` links to http(s) targets, the share where every such
  target is kept in the article (in ``articleBodyHtml``, ``attachments`` or
  ``relatedLinks``), over the articles; and the same share counting every page with body
  links, where a rejected page (a speech ``stub``: "View the speech here.") is not kept.

Prints one line per failing page and the two figures; ``--json`` prints them as JSON.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from dodarchive.article import Source
from dodarchive.extract.record import extract_page
from dodarchive.pages import ExtractionError, NotAnArticle, PageInput
from dodarchive.pages.common import absolute
from dodarchive.sites import classify

DEFAULT_CORPUS = Path("/work/shared/corpus")


def _pages(corpus: Path) -> list[tuple[str, Path]]:
    with (corpus / "INDEX.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [
        (row["url"], corpus / row["file"])
        for row in rows
        if row["template"].startswith("afmil-") and row["template"].endswith("-print")
    ]


def _body_links(body: bytes, url: str) -> set[str]:
    """The http(s) link targets inside the page's ``div.da_black``, made absolute."""
    soup = BeautifulSoup(body, "lxml")
    found: set[str] = set()
    for box in soup.select("div.da_black"):
        for a in box.select("a[href]"):
            target = absolute(url, str(a["href"]))
            if target and target.startswith(("http://", "https://")):
                found.add(target)
    return found


def audit(corpus: Path) -> dict[str, Any]:
    """The two figures and the failing pages."""
    articles = canonical_ok = with_links = article_links = links_ok = 0
    failures: list[str] = []
    pages = _pages(corpus)
    for url, path in pages:
        body = path.read_bytes()
        source = Source(path.name, "", 0, len(body), url, "", None)
        page = PageInput(url, 200, (("Content-Type", "text/html; charset=utf-8"),), body, source)
        links = _body_links(body, url)
        with_links += bool(links)
        try:
            article = extract_page(page)
        except (ExtractionError, NotAnArticle) as exc:
            failures.append(f"{path.name}: rejected ({exc.reason})")
            continue
        articles += 1
        article_links += bool(links)
        canonical = article.canonicalUrl
        info = classify(canonical) if canonical else None
        if (
            canonical is not None
            and info is not None
            and info.kind == "article"
            and info.article_id == article.articleId
            and "//" not in canonical.split("://", 1)[-1]
        ):
            canonical_ok += 1
        else:
            failures.append(f"{path.name}: canonicalUrl {canonical!r} for {article.articleId}")
        kept = {a.url for a in article.attachments} | {x.url for x in article.relatedLinks}
        kept |= _hrefs(article.articleBodyHtml)
        missing = [t for t in links if t not in kept]
        if links and not missing:
            links_ok += 1
        elif links:
            failures.append(f"{path.name}: link targets lost {sorted(missing)[:3]}")
    return {
        "pages": len(pages),
        "articles": articles,
        "canonical_ok": canonical_ok,
        "canonical_share": canonical_ok / articles if articles else 0.0,
        "pages_with_body_links": with_links,
        "articles_with_body_links": article_links,
        "links_kept": links_ok,
        "links_share": links_ok / article_links if article_links else 0.0,
        "links_share_all_pages": links_ok / with_links if with_links else 0.0,
        "failures": failures,
    }


def _hrefs(markup: str) -> set[str]:
    """The link targets of an article's ``articleBodyHtml``."""
    return {str(a["href"]) for a in BeautifulSoup(markup, "lxml").select("a[href]")}


def main(argv: list[str] | None = None) -> int:
    """Print the audit; exit 1 when a figure is under its target (95% and 90%)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args(argv)
    result = audit(args.corpus)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for line in result["failures"]:
            print(line)
        print(
            f"canonical URL present and consistent: {result['canonical_ok']}/"
            f"{result['articles']} af.mil articles ({result['canonical_share']:.1%})"
        )
        print(
            f"body link targets kept: {result['links_kept']}/"
            f"{result['articles_with_body_links']} articles with links in their body "
            f"({result['links_share']:.1%}); {result['links_kept']}/"
            f"{result['pages_with_body_links']} pages counting rejected stubs as lost "
            f"({result['links_share_all_pages']:.1%})"
        )
    return 0 if result["canonical_share"] >= 0.95 and result["links_share"] >= 0.90 else 1


if __name__ == "__main__":
    sys.exit(main())
