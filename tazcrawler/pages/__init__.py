"""Page objects: extraction from taz.de pages and the text edition, usable on saved files."""

from __future__ import annotations

from tazcrawler.pages.article import FIELDS, ArticlePage, NotAnArticle
from tazcrawler.pages.kind import NOT_AN_ARTICLE, page_kind
from tazcrawler.pages.parsing import ParsedPage, parse_html, response_page, response_selector
from tazcrawler.pages.response import read_response
from tazcrawler.pages.text_edition import TextEditionPage

__all__ = [
    "FIELDS",
    "NOT_AN_ARTICLE",
    "ArticlePage",
    "NotAnArticle",
    "ParsedPage",
    "TextEditionPage",
    "page_kind",
    "parse_html",
    "read_response",
    "response_page",
    "response_selector",
]
