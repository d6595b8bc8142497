"""page_kind: what a fetched taz.de page is, decided by its markup."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from tazcrawler.pages._dom import first, text_of
from tazcrawler.pages._shared import detected_layout, structured_data
from tazcrawler.pages._structured import ARTICLE_TYPES, ld_types
from tazcrawler.urls import url_kind

if TYPE_CHECKING:
    import parsel

__all__ = ["page_kind"]

_LISTING_KINDS = frozenset({"ressort", "tag", "author"})
_TITLE = etree.XPath("/html/head/title")
_H1 = etree.XPath("descendant::h1[1]")
_CMS_ARTICLE_ID = etree.XPath("descendant::span[@id = 'cmsArticleID'][normalize-space()][1]")
_CANONICAL = etree.XPath("/html/head/link[@rel = 'canonical']/@href")
_ERROR = re.compile(
    r"\b404\b|\b410\b|nicht gefunden|nicht mehr verfügbar|existiert nicht|not found|fehlerseite",
    re.IGNORECASE,
)
_PROFILE_TYPES = frozenset({"ProfilePage", "Person"})


def page_kind(url: str, selector: parsel.Selector) -> str:
    """What the page is: "article", "ressort", "tag", "author", "error" or "other".

    In this order: article markers (an article id in the markup with an article container
    or og:type=article, a single JSON-LD NewsArticle, or an article container on an
    og:type=article page); error markers in the title or the
    first ``h1`` ("404", "nicht gefunden"); a JSON-LD ProfilePage/Person or og:type
    profile (author); the kind of the canonical URL or og:url. The fetched ``url`` only
    breaks a tie when the markup names no kind.
    """
    root = selector.root
    data = structured_data(selector)
    og_type = (data.meta("property:og:type") or "").lower()
    has_id = bool(data.meta("itemprop:cms-article-id")) or bool(_CMS_ARTICLE_ID(root))
    _, container = detected_layout(selector)
    news = [obj for obj in data.json_ld if ld_types(obj) & ARTICLE_TYPES]
    if has_id and (container is not None or og_type == "article"):
        return "article"
    if container is not None and (og_type == "article" or news):
        return "article"
    if len(news) == 1 and og_type in ("", "article"):
        return "article"
    heading = " ".join(filter(None, (text_of(first(_TITLE(root))), text_of(first(_H1(root))))))
    if _ERROR.search(heading):
        return "error"
    types = set().union(*(ld_types(obj) for obj in data.json_ld))
    if og_type == "profile" or types & _PROFILE_TYPES:
        return "author"
    for canonical in (first(_CANONICAL(root)), data.meta("property:og:url")):
        kind = url_kind(canonical.strip()) if canonical else None
        if kind in _LISTING_KINDS:
            return kind
    kind = url_kind(url)
    return kind if kind in _LISTING_KINDS else "other"
