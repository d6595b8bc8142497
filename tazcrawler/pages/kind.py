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

__all__ = ["NOT_AN_ARTICLE", "page_kind"]

# What every page that page_kind does not call an article lacks: the article markers are
# asked first, so a page of any other kind has none of them.
NOT_AN_ARTICLE = "no article id in the markup, no article container, no JSON-LD article"

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
# An article type named in a JSON-LD script, found in its text without parsing it: a block
# that does not parse must not turn an article into "other".
_LD_ARTICLE_TYPE = re.compile(
    r'"@type"\s*:\s*\[?\s*"(?:[^"]*[/:])?(?:' + "|".join(sorted(ARTICLE_TYPES)) + ')"'
)


def page_kind(url: str, selector: parsel.Selector) -> str:
    """What the page is: "article", "ressort", "tag", "author", "error" or "other".

    In this order: article markers (an article id in the markup; an article container on a
    page whose og:type is "article" or absent, or that names a JSON-LD article type; one
    JSON-LD article type on a page whose og:type is "article" or absent). JSON-LD types are
    read from the scripts' text, not parsed, so a block that does not parse changes nothing;
    error markers in the title or the first ``h1`` ("404", "nicht gefunden"); a JSON-LD
    ProfilePage/Person or og:type profile (author); the kind of the canonical URL or
    og:url. The fetched ``url`` only breaks a tie when the markup names no kind.
    """
    root = selector.root
    data = structured_data(selector)
    og_type = (data.meta("property:og:type") or "").lower()
    if data.meta("itemprop:cms-article-id") or _CMS_ARTICLE_ID(root):
        return "article"
    _, container = detected_layout(selector)
    named = sum(len(_LD_ARTICLE_TYPE.findall(text)) for text in data.json_ld_texts)
    if container is not None and (og_type in ("", "article") or named):
        return "article"
    if named == 1 and og_type in ("", "article"):
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
