"""read_response: the page object for a fetched response, web page or text edition."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from scrapy.http import TextResponse

from tazcrawler.pages.article import ArticlePage
from tazcrawler.pages.kind import NOT_AN_ARTICLE, page_kind
from tazcrawler.pages.parsing import response_page
from tazcrawler.pages.text_edition import TextEditionPage, is_text_edition_url

if TYPE_CHECKING:
    from scrapy.http import Response

__all__ = ["Read", "read_response"]


class Read(NamedTuple):
    """What a response is: its kind ("article", "tag", "error", ...), why it is not an
    article (empty for one), its page object (None unless it is an article), and why the
    page ends early if it does (``depth_limit``, ``unclosed``; None for a whole page)."""

    kind: str
    why: str
    page: ArticlePage | TextEditionPage | None
    truncated: str | None = None


def read_response(response: Response) -> Read:
    """The page object for a response: a gopher response is the text edition, whatever its
    bytes; any other response is read as HTML."""
    if is_text_edition_url(response.url):
        text_page = TextEditionPage.from_bytes(response.url, response.body)
        if text_page.kind != "article":
            return Read(text_page.kind, text_page.reason, None)
        return Read("article", "", text_page)
    if not isinstance(response, TextResponse):
        return Read("not_html", "page is a not_html page, not an article", None)
    parsed = response_page(response)
    kind = page_kind(response.url, parsed.selector)
    if kind != "article":
        why = f"page is a {kind} page, not an article ({NOT_AN_ARTICLE})"
        return Read(kind, why, None, parsed.truncated)
    return Read(kind, "", ArticlePage(response.url, parsed.selector), parsed.truncated)
