"""read_response: the page object for a fetched response, web page or text edition."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.http import TextResponse

from tazcrawler.pages.article import ArticlePage
from tazcrawler.pages.kind import page_kind
from tazcrawler.pages.parsing import response_selector
from tazcrawler.pages.text_edition import TextEditionPage, is_text_edition_url

if TYPE_CHECKING:
    from scrapy.http import Response

__all__ = ["read_response"]


def read_response(response: Response) -> tuple[str, str, ArticlePage | TextEditionPage | None]:
    """(kind, why, page): the page's kind ("article", "tag", "error", ...), why it is not
    an article (empty for one), and its page object (None unless it is an article).

    A gopher response is the text edition, whatever its bytes; any other response is read
    as HTML.
    """
    if is_text_edition_url(response.url):
        text_page = TextEditionPage.from_bytes(response.url, response.body)
        if text_page.kind != "article":
            return text_page.kind, text_page.reason, None
        return "article", "", text_page
    if not isinstance(response, TextResponse):
        return "not_html", "page is a not_html page, not an article", None
    selector = response_selector(response)
    kind = page_kind(response.url, selector)
    if kind != "article":
        return kind, f"page is a {kind} page, not an article", None
    return kind, "", ArticlePage(response.url, selector)
