"""Page classes, one per DoD page template, in the order they are tried.

``PAGE_CLASSES`` is the registry: the first class whose ``matches()`` accepts a page
handles it. Anything no class accepts goes to :mod:`dodarchive.pages.fallback` (skipped
as not an article, or extracted by trafilatura). To add a template, write one ``Page``
subclass in its own module, list it here, and save fixture cases for it
(``dodarchive fixture save``). Strict, specific templates come first.
"""

from __future__ import annotations

from dodarchive.pages.afmil import AfmilBioPrintPage, AfmilPrintArticlePage
from dodarchive.pages.base import ExtractionError, NotAnArticle, Page, PageInput
from dodarchive.pages.dnn import (
    DefenseGovSkinPage,
    DnnContractPage,
    DnnReleasePage,
    DnnSpeechPage,
    DnnStoryPage,
    DnnTranscriptPage,
)
from dodarchive.pages.legacy import LegacyNewsArticlePage, LegacyReleasePage
from dodarchive.pages.static import StaticDefenseLinkPage

__all__ = ["PAGE_CLASSES", "ExtractionError", "NotAnArticle", "Page", "PageInput", "select"]

PAGE_CLASSES: tuple[type[Page], ...] = (
    # current war.gov / defense.gov ArticleCS skin
    DnnReleasePage,
    DnnContractPage,
    DnnStoryPage,
    DnnTranscriptPage,
    DnnSpeechPage,
    # 2017-18 DefenseGOV skin
    DefenseGovSkinPage,
    # legacy ASP.NET master page, 2005-2012
    LegacyNewsArticlePage,
    LegacyReleasePage,
    # static DefenseLink, about 2000-2005
    StaticDefenseLinkPage,
    # af.mil and sibling DMA ArticleCS print views
    AfmilPrintArticlePage,
    AfmilBioPrintPage,
)


def select(page: PageInput) -> type[Page] | None:
    """The first registered page class that matches ``page``, or None."""
    return next((cls for cls in PAGE_CLASSES if cls.matches(page)), None)
