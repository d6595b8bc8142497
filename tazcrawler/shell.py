"""For ``scrapy shell``: ``article(response)``, the extracted, normalised article shown as
JSON, and ``explain(response)``, where each of its fields came from."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tazcrawler.explain import Explanation
from tazcrawler.explain import explain as explain_response
from tazcrawler.offline import extract

if TYPE_CHECKING:
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

__all__ = ["ShownArticle", "article", "explain"]


class ShownArticle(dict):  # type: ignore[type-arg]
    """The article as a plain dict that shows itself as indented JSON (non-ASCII kept)."""

    def __repr__(self) -> str:
        return json.dumps(self, ensure_ascii=False, indent=2)

    __str__ = __repr__


def article(response: Response, settings: BaseSettings | None = None) -> ShownArticle:
    """Page object plus all item pipelines on ``response``, exactly as a crawl exports it.

    In ``scrapy shell`` (this project's), ``article(response)`` or just ``article()``;
    elsewhere ``from tazcrawler.shell import article``. Raises
    :class:`tazcrawler.offline.ExtractionError` for a page that is not an article.
    """
    return ShownArticle(extract(response, settings))


def explain(response: Response) -> Explanation:
    """For each field of the page: its value, the layer and selector that gave it, and the
    layers that found nothing. In ``scrapy shell``, ``explain(response)`` or ``explain()``.
    """
    return explain_response(response)  # type: ignore[arg-type]
