"""What the spider reads from one response: its page kind, the article, the skipped links."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from tazcrawler.pages.article import NotAnArticle
from tazcrawler.pages.response import read_response
from tazcrawler.provenance import body_sha256

if TYPE_CHECKING:
    from scrapy.http import Response

    from tazcrawler.items import Article

__all__ = ["Extracted", "extract_page"]


class Extracted(NamedTuple):
    """The page object's answer for one response, before provenance and pipelines."""

    kind: str
    # Why the page gives no article: not an article page (kind), or not readable as one.
    why: str = ""
    item: Article | None = None
    # Why the page ends early (``depth_limit``, ``unclosed``); None for a whole page.
    truncated: str | None = None
    # (url, reason) of the related entries that are not followed, in the order of the page.
    skipped_related: tuple[tuple[str, str], ...] = ()
    # The article's ``response_sha256``: taken here, so that re-extraction workers take it.
    body_sha256: str = ""


def extract_page(response: Response) -> Extracted:
    """Parse ``response`` once and read it as the spider does; never raises NotAnArticle.

    The one function the spider and the re-extraction workers (tazcrawler/archive/ahead.py)
    both call, so that an article extracted ahead in a worker is the spider's own.
    """
    kind, why, page, truncated = read_response(response)
    if page is None:
        return Extracted(kind, why, truncated=truncated)
    try:
        item = page.to_item()
    except NotAnArticle as exc:
        return Extracted(kind, str(exc), truncated=truncated)
    skipped = tuple(page.skipped_related())
    return Extracted(kind, "", item, truncated, skipped, body_sha256(response.body))
