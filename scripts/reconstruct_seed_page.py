#!/usr/bin/env python3
"""Reconstruct the seed's legacy ``newsarticle.aspx`` page on the real 2010 defense.gov chrome.

No raw HTML of an AFPS ``newsarticle.aspx`` page survives (see ../shared/seed/README.md).
This script takes the byte-exact 2010 master-page chrome of a legacy release from the
corpus (``legacy/dod-release-163-10-gelig.html``), keeps everything outside the
``lblArticleContent`` span, and puts the seed's text inside it in a news-article layout.
The article markup is OURS, not the site's; the page says so in a comment, and its
MANIFEST row and WARC metadata record say ``reconstructed``.

Usage::

    python scripts/reconstruct_seed_page.py [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed" / "000_3799e5ddaccbd4d4.txt"
OUT = ROOT / "tests" / "fixtures" / "reconstructed" / "newsarticle-putin-2007.html"
CHROME = "legacy/dod-release-163-10-gelig.html"
URL = "http://www.defense.gov/news/newsarticle.aspx?id=46641"

HEADLINE = "Putin Offers to Cooperate with U.S. on Missile Defense"
CAPTION = (
    "President George W. Bush and President Vladimir Putin meet with the press, prior to "
    "the Russian leader's departure, July 2, 2007, from Kennebunkport, Maine."
)
CREDIT = "White House photo by Eric Draper"


def seed_paragraphs() -> list[str]:
    """The seed's article paragraphs, verbatim, in order (boilerplate and caption lines out)."""
    text = SEED.read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.split("\n\n")]
    start = next(i for i, ln in enumerate(lines) if ln.startswith("WASHINGTON, July 2, 2007"))
    end = lines.index("Contact Author")
    out = []
    for ln in lines[start:end]:
        if ln.startswith(("Click photo for screen-resolution image", "(Click photo")):
            continue
        out.append(ln)
    return out


def article_html() -> str:
    """Our news-article markup for the ``lblArticleContent`` span (CRLF, like the chrome)."""
    paras = seed_paragraphs()
    esc = html.escape
    body = [f"<p>{esc(paras[0], quote=False)}</p>"]
    body.append(
        '<table class="photo" align="right" width="200" cellpadding="3" cellspacing="0" '
        'border="0"><tr><td>'
        '<a href="/news/NewsArticleImages/2007-07/hires_070702-O-0000D-001.jpg">'
        '<img src="/news/NewsArticleImages/2007-07/070702-O-0000D-001.jpg" width="200" '
        'alt="Click photo for screen-resolution image" border="0" /></a></td></tr>'
        f'<tr><td class="photocaption">{esc(CAPTION, quote=False)} {esc(CREDIT)}</td></tr>'
        '<tr><td class="photocaption"><a href="/news/NewsArticleImages/2007-07/'
        'hires_070702-O-0000D-001.jpg">(Click photo for screen-resolution image)</a>;'
        "high-resolution image available.</td></tr></table>"
    )
    body += [f"<p>{esc(p, quote=False)}</p>" for p in paras[1:]]
    parts = [
        '<span id="ctl00_ContentPlaceHolder_Body_lblArticleContent">',
        (
            "<!-- RECONSTRUCTED by dodarchive (scripts/reconstruct_seed_page.py): the text is the "
            "seed capture ../shared/seed/000_3799e5ddaccbd4d4.txt, the markup inside this span is "
            "ours; the chrome around it is the real 2010 defense.gov master page. -->"
        ),
        "<!-- item-header -->",
        (
            '<div class="sectiontitle"><a href="/news/"><img src="/news/images/dodnews_header.gif" '
            'alt="DoD News" border="0" /></a></div>'
        ),
        (
            '<div class="addthis_toolbox"><a class="addthis_button" '
            'href="http://www.addthis.com/bookmark.php">Bookmark and Share</a></div>'
        ),
        '<div class="sectionsubtitle">News Article</div>',
        "<!-- /item-header -->",
        "<!-- CONTENT START -->",
        f'<p class="articletitle">{esc(HEADLINE, quote=False)}</p>',
        '<p class="byline">By John J. Kruzel<br />American Forces Press Service</p>',
        "<!-- main-body -->",
        *body,
        "<!-- /main-content -->",
        (
            '<div class="articlefooter"><a href="/landing/comment.aspx?author=Kruzel">'
            "Contact Author</a></div>"
        ),
        '<div class="relatedsites"><strong>Related Sites:</strong></div>',
        "<!-- /main-body -->",
        "<!-- CONTENT END -->",
        "</span>",
    ]
    return "\r\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    chrome = (args.corpus / CHROME).read_text(encoding="utf-8")
    start = chrome.index('<span id="ctl00_ContentPlaceHolder_Body_lblArticleContent">')
    end = chrome.index("</span>", chrome.index("<!-- CONTENT END -->")) + len("</span>")
    page = chrome[:start] + article_html() + chrome[end:]
    page = re.sub(
        r"<title>Defense\.gov News Release: [^<]*</title>",
        f"<title>Defense.gov News Article: {HEADLINE}</title>",
        page,
        count=1,
    )
    page = page.replace("http://www.defense.gov/Releases/Release.aspx?ReleaseID=13347", URL)
    page = page.replace('<meta name="last modified" content="3/2/2010">', "")
    doctype_end = page.index(">") + 1
    page = (
        page[:doctype_end]
        + "\r\n<!-- RECONSTRUCTED page, not a capture: see the comment in lblArticleContent. -->"
        + page[doctype_end:]
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(page.encode("utf-8"))
    print(f"wrote {OUT.relative_to(ROOT)} ({len(page)} chars)")


if __name__ == "__main__":
    main()
