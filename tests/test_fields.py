"""pages/fields.py and the fields every template fills by one rule (issue 21): the public
URL, the language, structured body HTML through one allow-list, documents and videos,
facts, contact blocks, stubs, and a speech's text taken from its archived PDF."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from dodarchive.article import Article, Attachment, Fact, Link, Video
from dodarchive.extract.documents import DocumentIndex
from dodarchive.extract.record import extract_page, extract_record
from dodarchive.fixtures import case_result, load_case
from dodarchive.pages import ExtractionError, PageInput
from dodarchive.pages.common import body_of
from dodarchive.pages.fields import (
    clean_html,
    declared_language,
    detect_language,
    document_name,
    pdf_paragraphs,
    public_url,
    strip_contact,
)
from dodarchive.sites import classify
from dodarchive.warc.reader import iter_records
from tests.conftest import FIXTURE_WARCS, FIXTURES
from tests.synthetic_warc import write_warc

CASES = sorted(p.parent for p in (FIXTURES / "pages").glob("*/*/inputs"))
ROOT = Path(__file__).resolve().parent.parent


def _case(name: str) -> PageInput:
    return load_case(next(c for c in CASES if c.name == name))


# --- canonicalUrl -----------------------------------------------------------------------


def _fixture_articles() -> list[dict[str, object]]:
    found = [case_result(c) for c in CASES]
    for warc in sorted(FIXTURE_WARCS.glob("*.warc.gz")):
        for rec in iter_records(warc):
            outcome = extract_record(rec)
            if outcome.article is not None:
                found.append(outcome.article.to_dict())
    return [a for a in found if "exception" not in a]


def test_canonical_urls_never_contradict_the_article_id() -> None:
    """Over every fixture article (cases and fixture WARCs): a canonical URL that names
    an article id names the article's own; every af.mil article has one."""
    articles = _fixture_articles()
    assert len(articles) > 200
    afmil = set()
    for a in articles:
        canonical = a["canonicalUrl"]
        if a["articleId"] is not None and canonical is not None:
            info = classify(str(canonical))
            assert info is not None, canonical
            assert info.article_id in (None, a["articleId"]), (a["url"], canonical)
        if "af.mil" in str(a["url"]):
            afmil.add(a["url"])
            info = classify(str(canonical))
            assert info is not None, (a["url"], canonical)
            assert info.kind == "article", (a["url"], canonical)
            assert info.article_id == a["articleId"]
            assert "//" not in str(canonical).split("://", 1)[1]
    assert len(afmil) == 160  # the 170 print views less the 10 speech stubs


def test_print_view_canonical_is_the_display_page_of_its_section() -> None:
    page = _case("141306-commentary-2012-dr-title")
    assert public_url(page, None) == "http://www.af.mil/News/Commentaries/Display/Article/141306/"
    bio = _case("104632-gorenc-current")
    assert public_url(bio, None) == (
        "http://www.af.mil/About-Us/Biographies/Display/Article/104632/"
    )


def test_dnn_og_url_counts_only_when_it_names_the_same_article() -> None:
    contract = case_result(next(c for c in CASES if c.name == "contract-4319114"))
    assert contract["canonicalUrl"] == (
        "https://www.war.gov/News/Contracts/Contract/Article/4319114/"
    )  # the page's og:url ends ".../4319114//"
    story = case_result(next(c for c in CASES if c.name == "story-reconstructed"))
    # its og:url names release 3981590: not this article; its own URL stands
    assert story["canonicalUrl"] == (
        "https://www.war.gov/News/News-Stories/Article/Article/9000001/synthetic-story/"
    )
    assert story["articleId"] == "9000001"


# --- inLanguage -------------------------------------------------------------------------


def test_language_from_the_page_before_detection() -> None:
    release = _case("release-3981590")
    assert declared_language(release) == "en-US"
    afmil = _case("643354-news-ramstein-three-images")
    assert declared_language(afmil) is None  # <html xmlns=...> only: detected
    assert extract_page(afmil).inLanguage == "en"
    header = replace(afmil, headers=(*afmil.headers, ("Content-Language", "de-de")))
    assert extract_page(header).inLanguage == "de-DE"


def test_detection_is_not_a_constant() -> None:
    spanish = (
        "La Fuerza Aérea de los Estados Unidos anunció hoy que los aviadores participarán "
        "en los ejercicios conjuntos con las fuerzas aliadas durante el mes de junio."
    )
    assert detect_language(spanish) == "es"
    assert detect_language("Air Force") == "und"
    page = _case("600890-news-org-only-video-en-dash-dateline")
    body = page.body.replace(
        b"The Warrior Games is an adaptive sports program", spanish.encode() * 3 + b" x"
    )
    edited = replace(page, body=body)
    edited.__dict__.pop("text", None)
    assert extract_page(edited).inLanguage in ("en", "es")  # mixed text: either, by the text


def test_lists_take_the_site_language_and_af_mil_never_loads_py3langid() -> None:
    """A list with no function words of any language (the Air Force Specialty Codes) is
    the site's language; foreign prose and accented lists still go to py3langid; and
    extracting every af.mil fixture page never loads py3langid's model (half a second
    of CPU and 70 MB per process)."""
    codes = "11AX Airlift Pilot\n\n11BX Bomber Pilot\n\n11EX Experimental Test Pilot " * 3
    assert detect_language(codes, "en") == "en"
    assert detect_language(codes, "es") == "es"  # the site's word, not a guess
    names = "José Peña, María Núñez, Raúl Gómez, Inés Díaz, Óscar Ruiz, Ángel Muñoz, Iván Sáenz"
    from dodarchive.pages.fields import _undetectable, _words

    assert _undetectable(codes[:1000], _words(codes[:1000]))
    assert not _undetectable(names, _words(names))  # accented letters: py3langid decides
    spanish = "La Fuerza Aérea anunció hoy que los aviadores participarán en los ejercicios."
    assert detect_language(spanish * 2, "en") == "es"
    script = (
        "import sys\n"
        "from dodarchive.api import iter_articles\n"
        f"n = sum(1 for _ in iter_articles({str(FIXTURE_WARCS / 'afmil-2016.warc.gz')!r}, "
        "dedup=False))\n"
        "langid = sys.modules.get('py3langid.langid')\n"
        "print(n, langid is not None and langid.IDENTIFIER is not None)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, env={**os.environ})  # fmt: skip
    assert run.stdout.split() == ["160", "False"], run.stderr[-2000:]


def test_english_shortcut_agrees_with_py3langid() -> None:
    """The function-word shortcut answers only where py3langid says "en" too: every
    fixture article's text, and none of six foreign sentences."""
    import py3langid

    from dodarchive.pages.fields import DETECT_CHARS, _plainly_english, _words

    texts = {
        json.loads(path.read_text())["articleBody"][:DETECT_CHARS]
        for path in FIXTURES.glob("pages/*/*/output.json")
        if "articleBody" in json.loads(path.read_text())
    }
    taken = [t for t in texts if _plainly_english(_words(t))]
    assert len(taken) > 0.7 * len(texts)
    assert len(texts) >= 40
    assert [t for t in taken if py3langid.classify(t)[0] != "en"] == []
    foreign = [
        (
            "Le secrétaire à la Défense a annoncé mardi que les forces armées des États-Unis "
            "participeront à un exercice conjoint avec leurs alliés européens de l'OTAN."
        ),
        (
            "Der Verteidigungsminister kündigte am Dienstag an, dass die Streitkräfte an einer "
            "gemeinsamen Übung mit den europäischen Verbündeten teilnehmen werden."
        ),
        (
            "O secretário de Defesa anunciou na terça-feira que as forças armadas participarão "
            "de um exercício conjunto com os aliados europeus da OTAN neste ano."
        ),
        (
            "Il segretario alla Difesa ha annunciato martedì che le forze armate parteciperanno "
            "a un'esercitazione congiunta con gli alleati europei della NATO."
        ),
        (
            "De minister van Defensie heeft dinsdag aangekondigd dat de strijdkrachten zullen "
            "deelnemen aan een gezamenlijke oefening met de Europese bondgenoten."
        ),
        (
            "La Fuerza Aérea de los Estados Unidos anunció hoy que los aviadores participarán "
            "en los ejercicios conjuntos con las fuerzas aliadas durante el mes de junio."
        ),
    ]
    assert [f for f in foreign if _plainly_english(_words(f * 3))] == []
    assert [detect_language(f * 3) for f in foreign] == ["fr", "de", "pt", "it", "nl", "es"]


# --- articleBodyHtml --------------------------------------------------------------------


def test_af_mil_body_keeps_its_links() -> None:
    a = extract_page(_case("600890-news-org-only-video-en-dash-dateline"))
    assert a.articleBodyHtml.splitlines()[-1] == (
        '<p>To view the Warrior Games page click <a href="http://www.af.mil/AboutUs/'
        'AirForceWarriorGames.aspx">here</a>.</p>'
    )
    assert a.paragraphs[-1] == "To view the Warrior Games page click here."
    assert a.videos == (
        Video(url="http://www.youtube.com/embed/YGtzTNnmK0s?rel=0", provider="youtube"),
    )
    assert a.wordCount == len(a.articleBody.split()) == 93
    assert "iframe" not in a.articleBodyHtml


def test_af_mil_lists_and_subheadings() -> None:
    a = extract_page(_case("503211-news-archive-pdf-attachments"))
    lines = a.articleBodyHtml.splitlines()
    assert lines[1:4] == [
        "<h3>Chief Master Sergeant of the Air Force Roll Call Archive</h3>",
        "<h3>2013</h3>",
        (
            '<ul><li><a href="http://www.af.mil/Portals/1/documents/rollcall/RollCallWhatAYear1.pdf">'
            "December 2013</a></li>"
        ),
    ]
    assert lines[-1].endswith("September 2013</a></li></ul>")
    assert [x.name for x in a.attachments] == [
        "December 2013",
        "November 2013",
        "October 2013",
        "September 2013",
    ]


def test_one_allow_list_for_every_template() -> None:
    from bs4 import BeautifulSoup

    html = (
        '<div><h1 style="x">Title</h1><p class="c" onclick="f()">A <a href="/doc" '
        'target="_blank">link</a> <em>em</em> <span>span</span><script>bad()</script></p>'
        "<ol><li>one</li><li>two</li></ol><blockquote><p>Quoted words.</p></blockquote>"
        "<table><tr><th>Name</th><th>Value</th></tr><tr><td>Wingspan</td><td>55 feet</td>"
        "</tr></table><style>p{}</style><iframe src='https://www.dvidshub.net/video/embed/1'"
        " title='Clip'></iframe></div>"
    )
    el = BeautifulSoup(html, "lxml").div
    assert el is not None
    body = body_of(el, "https://www.af.mil/News/")
    assert body.html.splitlines() == [
        "<h2>Title</h2>",
        '<p>A <a href="https://www.af.mil/doc">link</a> <em>em</em> span</p>',
        "<ol><li>one</li>",
        "<li>two</li></ol>",
        "<blockquote><p>Quoted words.</p></blockquote>",
        (
            "<table><tr><th>Name</th><th>Value</th></tr><tr><td>Wingspan</td><td>55 feet"
            "</td></tr></table>"
        ),
    ]
    assert body.paragraphs == ["Title", "A link em span", "one", "two", "Quoted words.",
                               "Name", "Value", "Wingspan", "55 feet"]  # fmt: skip
    assert body.videos == [
        Video("https://www.dvidshub.net/video/embed/1", "dvids", "Clip"),
    ]
    assert clean_html('<p><img src="x"><a href="javascript:x()">y</a></p>') == "<p><a>y</a></p>"


# --- people, attachments, related links ---------------------------------------------------


def test_ranks_are_apart_from_offices_in_the_outputs() -> None:
    for a in _fixture_articles():
        for person in a["authors"]:  # type: ignore[attr-defined]
            assert person["jobTitle"] not in ("Staff Sgt.", "Tech Sgt.", "Gen.", "Capt.")
            assert person["rank"] != "Tech Sgt."  # one spelling: "Tech. Sgt."
            assert "Public Affairs" not in person["name"]


def test_attachments_are_named_by_the_document() -> None:
    u = "http://x/2015%20SAPR%20Strategy%20signed.pdf"
    assert document_name(u, "click here", None, "To read the strategy, click here.") == (
        "2015 SAPR Strategy signed"
    )
    assert document_name(u, "here", "The 2015 SAPR Strategy", "") == "The 2015 SAPR Strategy"
    names = [
        att["name"]
        for a in _fixture_articles()
        for att in a["attachments"]  # type: ignore[attr-defined]
    ]
    assert names
    assert not [n for n in names if n is None or n.lower().strip(".") in ("here", "click here")]


def test_af_mil_related_items() -> None:
    a = extract_page(_case("589459-news-two-authors-no-org"))
    assert a.relatedLinks[0] == Link(
        url="http://www.af.mil/Portals/1/documents/Force%20Management/Enlisted/"
        "MemorialDaymessage.pdf?timestamp=1432232075613",
        text="2015 Memorial Day letter",
    )
    assert a.attachments == (
        Attachment(
            url=a.relatedLinks[0].url, name="2015 Memorial Day letter",
            contentType="application/pdf",
        ),
    )  # fmt: skip
    assert len(a.relatedLinks) == 3


# --- fact sheets, contact blocks ------------------------------------------------------------


def test_facts_and_contact_block() -> None:
    f = extract_page(_case("104576-factsheet-2003-amraam"))
    assert f.pageType == "fact-sheet"
    assert f.facts[:2] == (
        Fact("Primary Function", "Air-to-air tactical missile"),
        Fact("Contractor", "Hughes Aircraft Co. and Raytheon Co."),
    )
    assert not any("Point of Contact" in p for p in f.paragraphs)
    assert strip_contact(["a", "Media Contact: Jo Doe, 555-123-4567, jo@x.mil"]) == [1]
    assert strip_contact(["Point of Contact", "See our web page for more."]) == []


# --- stubs and speeches from PDFs -----------------------------------------------------------


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF (Helvetica) whose text is ``lines``, written by hand."""
    text = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(
        f"({line}) Tj T*" for line in lines
    ) + " ET"  # fmt: skip
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
        ),
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
    return out + trailer.encode() + b"%%EOF\n"


SPEECH_LINES = [
    "Thank you for the kind introduction.",
    "Our Airmen are the best in the world,",
    "and they prove it every day.",
]
PDF_URL = "http://www.af.mil/Portals/1/documents/Speeches/140220-Welsh-AFA%202014%20AWS.pdf"


def test_pdf_paragraphs() -> None:
    assert pdf_paragraphs(_pdf(SPEECH_LINES)) == [
        "Thank you for the kind introduction.",
        "Our Airmen are the best in the world, and they prove it every day.",
    ]
    assert pdf_paragraphs(b"%PDF-1.4 not really") == []


def test_speech_takes_its_text_from_the_archived_pdf(tmp_path: Path) -> None:
    speech = _case("473415-speech-pdf-attachment")
    with pytest.raises(ExtractionError) as err:
        extract_page(speech)
    assert err.value.reason == "stub"
    pdf = _pdf(SPEECH_LINES)
    a: Article = extract_page(replace(speech, documents={PDF_URL: pdf}.get))
    assert a.paragraphs == (
        "Thank you for the kind introduction.",
        "Our Airmen are the best in the world, and they prove it every day.",
    )
    assert (a.pageType, a.datePublished, a.authors[0].name) == (
        "speech",
        "2014-02-20",
        "Mark A. Welsh III",
    )
    assert a.attachments[0].url == PDF_URL
    assert a.wordCount == 20
    # the same through a WARC set and `dodarchive extract --pdf-text`
    warc = write_warc(
        tmp_path / "speech.warc.gz",
        [
            (speech.url, "2016-01-18T00:00:00Z", speech.body),
            (PDF_URL, "2016-01-18T00:00:01Z", pdf, "application/pdf"),
        ],
    )
    assert len(DocumentIndex.scan([warc])) == 1
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = tmp_path / "out.jsonl"
    for flag, count in (("--pdf-text", 1), ("", 0)):
        args = [sys.executable, "-m", "dodarchive", "extract", str(warc), "-o", str(out),
                "--workers", "1", *([flag] if flag else [])]  # fmt: skip
        proc = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stderr
        lines = out.read_text(encoding="utf-8").splitlines()
        assert len(lines) == count
        if count:
            assert json.loads(lines[0])["articleBody"].startswith("Thank you for the kind")
        else:
            rejects = (tmp_path / "out.rejects.jsonl").read_text(encoding="utf-8")
            assert '"stub"' in rejects
