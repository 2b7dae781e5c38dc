#!/usr/bin/env python3
"""Build RECONSTRUCTED fixture cases for templates the corpus has no page of.

No real war.gov News Story, Transcript or Speech page, and no static DefenseLink
transcript (about 2003), survives in the corpus (see ../shared/corpus/README.md, which
describes them). To test their page classes we build pages here:

- DNN story / transcript / speech: the REAL war.gov release DOM of case
  ``dnn-release/release-3981590`` with its ``content-type``, ``cont-type`` label,
  presenter/byline and body replaced by ours, following the README's description;
- static DefenseLink transcript: a small iso-8859-1 page of ours with the README's
  comment markers.

The text is SYNTHETIC (made-up names such as "Jane Q. Example"), not a DoD publication.
Every page says RECONSTRUCTED in an HTML comment, and every case folder has a
``meta.json`` with ``"reconstructed": true`` and how it was made. Then the current
output is written for hand-checking, as ``dodarchive fixture save`` does.

Usage::

    python scripts/reconstruct_template_pages.py          # print what would change
    python scripts/reconstruct_template_pages.py --write  # then write it

An existing case is never replaced unseen: the unified diff of its golden file (and a
note when its inputs change) is printed first, and only ``--write`` writes.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

from dodarchive.article import Source
from dodarchive.fixtures import golden_diff, page_result, write_case_input, write_golden, write_json
from dodarchive.pages import PageInput

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "pages"
RELEASE = PAGES / "dnn-release" / "release-3981590" / "inputs" / "HttpResponse-body.html"
NOTE = "<!-- RECONSTRUCTED by dodarchive (scripts/reconstruct_template_pages.py): {what} -->"

STORY_BODY = """
<p>WASHINGTON, Dec. 2, 2024 &#8212; This is a synthetic news story made for testing the
story page class; its names are made up.</p>
<figure class="media-inline-image"><a href="https://media.defense.gov/example/2024/12/02/hires.jpg">
<img src="https://media.defense.gov/example/2024/12/02/screen.jpg" alt="Two officials talk."></a>
<figcaption>Two officials talk at the Pentagon, Dec. 2, 2024. DOD photo by Sample Photographer
</figcaption></figure>
<p>The story mentions the United States Department of Defense in prose, which must stay.</p>
<p>&#8220;Quotes keep their curly marks,&#8221; Example said. &#8220;And apostrophes: it's fine.&#8221;</p>
<p>Stay Connected</p>
<p>The last paragraph of the synthetic story ends here.</p>
"""
RELATED = (
    '<div class="related"><div class="item"><a href="/News/Releases/Release/Article/3981590/">'
    "DOD Announces 2024 Defense Acquisition Awards</a></div></div>"
)
TRANSCRIPT_BODY = """
<p>STAFF: Good afternoon. Our speakers today are Mr. Example and General Sample.</p>
<p>MR. EXAMPLE: Thank you. This transcript is synthetic, made for testing.</p>
<p>Q: A question from the press?</p>
<p>GEN. SAMPLE: An answer, with a dash &#8212; and a quote &#8220;like this.&#8221;</p>
"""
SPEECH_BODY = """
<p>Thank you all for being here. This speech is synthetic, made for testing.</p>
<p>We honor the people who serve, and the families who serve with them.</p>
<p>Thank you.</p>
"""

STATIC_PAGE = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<!-- RECONSTRUCTED by dodarchive (scripts/reconstruct_template_pages.py): a synthetic static
DefenseLink transcript built from the corpus README's description; not a capture. -->
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<meta name="category" content="Transcripts">
<meta name="subcategory" content="Briefings">
<title>DefenseLink Transcript: Synthetic Briefing</title>
</head><body>
<table><tr><td class="nav">Home | News | Transcripts</td></tr>
<tr><td>
<h2><!-- headline -->Synthetic Briefing on Template Testing<!-- /headline --></h2>
<p class="presenter"><!-- ddi-presenter -->Presenter: Assistant Secretary Jane Q. Example<!-- /ddi-presenter --></p>
<p class="date"><!-- publish-date -->Thursday, April 24, 2003 - 1:30 p.m. EDT<!-- publish-date --></p>
<!-- main-content -->
<p>MS. EXAMPLE: Good afternoon. This briefing is synthetic; caf\u00e9 and \u00a7 are iso-8859-1.</p>
<p>Q: A question?</p>
<p>MS. EXAMPLE: An answer.</p>
<!-- /main-content -->
<p class="last-updated">Updated <!-- last-updated -->24 Apr 2003<!-- /last-updated --></p>
</td></tr></table>
</body></html>
"""


def _source(name: str, url: str, body: bytes, date: str) -> Source:
    return Source(
        warcFile=f"reconstructed/{name}.html",
        recordId="",
        offset=0,
        length=len(body),
        targetUri=url,
        warcDate=date,
        payloadDigest=None,
    )


def _dnn(
    kind: int, label: str, href: str, header: str, body: str, title: str, related: str = ""
) -> str:
    page = RELEASE.read_text(encoding="utf-8")
    page = re.sub(
        r'(<h1 class="maintitle">)\s*DOD Announces 2024 Defense Acquisition Awards',
        lambda m: m.group(1) + title,
        page,
        count=1,
    )
    page = page.replace("content-type-9", f"content-type-{kind}", 1)
    page = page.replace(
        '<a class="content-type-text" href="/News/Releases/"><span>Release</span></a>',
        f'<a class="content-type-text" href="{href}"><span>{label}</span></a>',
        1,
    )
    page = re.sub(
        r'<div class="presenterinfoType[^"]*">\s*Immediate Release\s*</div>',
        header,
        page,
        count=1,
    )
    start = page.index('<div class="body">') + len('<div class="body">')
    end = page.index("</div>", start)
    what = f"the real war.gov release DOM (3981590) with a synthetic {label} body; not a capture."
    close = end + len("</div>")
    page = page[:start] + NOTE.format(what=what) + body + "</div>" + related + page[close:]
    head = page.index(">") + 1
    return page[:head] + "\n" + NOTE.format(what=what) + page[head:]


WRITE = False  # set by --write


def make(template: str, name: str, url: str, html: bytes, how: str, ctype: str, date: str) -> None:
    """Show what one reconstructed case folder would change; write it under --write."""
    case = PAGES / template / name
    page = PageInput(
        url=url,
        status=200,
        headers=(("Content-Type", ctype),),
        body=html,
        source=_source(name, url, html, date),
    )
    result = page_result(page)
    rel = case.relative_to(ROOT)
    if case.exists():
        body = case / "inputs" / "HttpResponse-body.html"
        if not body.exists() or body.read_bytes() != html:
            print(f"{rel}: inputs/HttpResponse-body.html changes")
        print(golden_diff(case, result) or f"{rel}: golden unchanged\n", end="")
        if not WRITE:
            return
        shutil.rmtree(case)
    write_case_input(case, page)
    write_json(case / "meta.json", {"reconstructed": True, "how": how})
    write_golden(case, result)
    print(f"{rel}: written")


def main() -> None:
    """Build all reconstructed cases (existing ones only with --write)."""
    global WRITE  # noqa: PLW0603 - one flag for the whole run
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="replace existing cases")
    WRITE = parser.parse_args().write
    how = (
        "scripts/reconstruct_template_pages.py: the real war.gov release DOM of "
        "dnn-release/release-3981590 with content type, label, header and body replaced "
        "by synthetic ones following ../shared/corpus/README.md; made-up names and text"
    )
    utf8 = "text/html; charset=utf-8"
    base = "https://www.war.gov/News"
    story_header = '<div class="byline">By Jane Q. Example, DOD News</div>'
    make(
        "dnn-story",
        "story-reconstructed",
        f"{base}/News-Stories/Article/Article/9000001/synthetic-story/",
        _dnn(
            1,
            "News",
            "/News/News-Stories/",
            story_header,
            STORY_BODY,
            "Synthetic Story for Template Tests",
            RELATED,
        ).encode(),
        how,
        utf8,
        "2025-11-02T00:00:00Z",
    )
    make(
        "dnn-transcript",
        "transcript-reconstructed",
        f"{base}/Transcripts/Transcript/Article/9000002/synthetic-briefing/",
        _dnn(
            10,
            "Transcript",
            "/News/Transcripts/",
            '<div class="presenterinfo">Presenters: Assistant to the Secretary Jane Q. '
            "Example; Army Gen. John Sample</div>",
            TRANSCRIPT_BODY,
            "Synthetic Press Briefing",
        ).encode(),
        how,
        utf8,
        "2025-11-02T00:00:00Z",
    )
    make(
        "dnn-speech",
        "speech-reconstructed",
        f"{base}/Speeches/Speech/Article/9000003/synthetic-remarks/",
        _dnn(
            11,
            "Speech",
            "/News/Speeches/",
            '<div class="presenterinfo">As Delivered by Secretary of War Jane Q. Example</div>',
            SPEECH_BODY,
            "Synthetic Remarks at a Ceremony",
        ).encode(),
        how,
        utf8,
        "2025-11-02T00:00:00Z",
    )
    make(
        "static-defenselink",
        "transcript-2003-reconstructed",
        "http://www.defenselink.mil/transcripts/2003/tr20030424-0000.html",
        STATIC_PAGE.encode("iso-8859-1"),
        "scripts/reconstruct_template_pages.py: a synthetic page of ours with the comment "
        "markers ../shared/corpus/README.md describes; iso-8859-1; made-up names and text",
        "text/html; charset=iso-8859-1",
        "2003-04-25T00:00:00Z",
    )


if __name__ == "__main__":
    main()
