"""What the spider reads from one response: its page kind, the article, the skipped links."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from scrapy.http import TextResponse

from tazcrawler.pages.article import ArticlePage, NotAnArticle
from tazcrawler.pages.kind import page_kind
from tazcrawler.pages.parsing import response_selector

if TYPE_CHECKING:
    from scrapy.http import Response

    from tazcrawler.items import Article

__all__ = ["Extracted", "extract_page"]


class Extracted(NamedTuple):
    """The page object's answer for one response, before provenance and pipelines."""

    kind: str
    # None when the page is not an article (kind) or not readable as one (error).
    item: Article | None = None
    error: str = ""
    # (url, reason) of the related entries that are not followed, in the order of the page.
    skipped_related: tuple[tuple[str, str], ...] = ()


def extract_page(response: Response) -> Extracted:
    """Parse ``response`` once and read it as the spider does; never raises NotAnArticle.

    The one function the spider and the re-extraction workers (tazcrawler/archive/ahead.py)
    both call, so that an article extracted ahead in a worker is the spider's own.
    """
    selector = response_selector(response) if isinstance(response, TextResponse) else None
    kind = page_kind(response.url, selector) if selector is not None else "not_html"
    if kind != "article":
        return Extracted(kind)
    page = ArticlePage(response.url, selector)
    try:
        item = page.to_item()
    except NotAnArticle as exc:
        return Extracted(kind, error=str(exc))
    return Extracted(kind, item, skipped_related=tuple(page.skipped_related()))
