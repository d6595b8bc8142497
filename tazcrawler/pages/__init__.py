"""Page objects: extraction from taz.de pages and the text edition, usable on saved files."""

from __future__ import annotations

from tazcrawler.pages.article import ArticlePage, NotAnArticle
from tazcrawler.pages.kind import page_kind
from tazcrawler.pages.parsing import ParsedPage, parse_html, response_page, response_selector
from tazcrawler.pages.response import read_response
from tazcrawler.pages.text_edition import TextEditionPage

__all__ = [
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
