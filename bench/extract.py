"""The crawl's extraction for the benchmark: page object and every item pipeline, built once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse

from tazcrawler.items import as_record
from tazcrawler.offline import build_pipelines, project_settings
from tazcrawler.pages import ArticlePage, page_kind, response_selector
from tazcrawler.provenance import body_sha256, with_provenance

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

__all__ = ["Extractor"]

_HEADERS = {"Content-Type": "text/html; charset=utf-8"}


class Extractor:
    """``extractor(body, url)``: the exported article dict, or None for a non-article page.

    The same steps as the spider's ``parse_article`` and the pipelines after it, with the
    pipelines built once, as a crawl builds them. Pipelines that need a running crawl's
    extensions (a state store) are left out, as they are in a crawl without one.
    """

    def __init__(self, settings: BaseSettings | None = None) -> None:
        self.settings = settings or project_settings()
        self.pipelines = build_pipelines(self.settings)

    def forget(self) -> None:
        """Forget the articles seen: the benchmark extracts the same pages again and again."""
        for pipeline in self.pipelines:
            seen = getattr(pipeline, "seen", None)
            if isinstance(seen, set):
                seen.clear()

    def __call__(self, body: bytes, url: str) -> dict[str, Any] | None:
        response = HtmlResponse(url=url, body=body, headers=_HEADERS)
        selector = response_selector(response)  # as the spider parses a page
        if page_kind(url, selector) != "article":
            return None
        item = with_provenance(
            ArticlePage(url, selector).to_item(),
            body_sha256(body),
            crawl_id=self.settings.get("TAZ_CRAWL_ID"),
        )
        try:
            for pipeline in self.pipelines:
                item = pipeline.process_item(item)
        except DropItem:
            return None
        return as_record(item)
