"""Page objects: extraction from taz.de pages, usable on saved files without Scrapy."""

from __future__ import annotations

from tazcrawler.pages.article import ArticlePage, NotAnArticle
from tazcrawler.pages.kind import page_kind
from tazcrawler.pages.parsing import ParsedPage, parse_html, response_page, response_selector

__all__ = [
    "ArticlePage",
    "NotAnArticle",
    "ParsedPage",
    "page_kind",
    "parse_html",
    "response_page",
    "response_selector",
]
