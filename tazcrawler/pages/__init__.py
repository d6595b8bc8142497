"""Page objects: extraction from taz.de pages, usable on saved files without Scrapy."""

from __future__ import annotations

from tazcrawler.pages.article import FIELDS, ArticlePage, NotAnArticle
from tazcrawler.pages.kind import NOT_AN_ARTICLE, page_kind
from tazcrawler.pages.parsing import parse_html, response_selector

__all__ = [
    "FIELDS",
    "NOT_AN_ARTICLE",
    "ArticlePage",
    "NotAnArticle",
    "page_kind",
    "parse_html",
    "response_selector",
]
