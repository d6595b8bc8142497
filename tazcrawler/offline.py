"""Extraction without a crawl: page object plus all item pipelines on one response."""

from __future__ import annotations

import logging
import os
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import build_from_crawler, load_object

from tazcrawler.items import as_record
from tazcrawler.pages import NOT_AN_ARTICLE, NotAnArticle, TextEditionPage, read_response
from tazcrawler.pages.text_edition import is_text_edition_url
from tazcrawler.provenance import body_sha256, with_provenance
from tazcrawler.spiders._truncated import truncated_pages
from tazcrawler.statscollectors import PlainStatsCollector

if TYPE_CHECKING:
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

    from tazcrawler.items import Article

__all__ = [
    "ExtractionError",
    "build_pipelines",
    "extract",
    "extract_html",
    "extract_text",
    "project_settings",
]

logger = logging.getLogger(__name__)


class ExtractionError(Exception):
    """The page gave no article: not an article page, or an item pipeline dropped it."""


def extract(response: Response, settings: BaseSettings | None = None) -> dict[str, Any]:
    """The normalised article of ``response`` as a dict, exactly as a crawl would export it."""
    settings = settings or project_settings()
    # Read as the spider reads it, so that offline extraction is the crawl's.
    kind, why, page, truncated = read_response(response)
    if page is None:
        if is_text_edition_url(response.url):  # a gopher error item, a menu of another shape
            raise ExtractionError(
                f"{response.url} is not an article page (page kind: {kind}): {why}"
            )
        reason = NOT_AN_ARTICLE if kind != "not_html" else "not an HTML response"
        raise ExtractionError(
            f"{response.url} is not an article page (page kind: {kind}; {reason})"
        )
    try:
        item = page.to_item()
    except NotAnArticle as exc:
        raise ExtractionError(str(exc)) from exc
    if truncated is not None:
        if truncated_pages(settings) == "refuse":
            raise ExtractionError(f"{response.url}: page ends early ({truncated})")
        item.truncated = truncated
    return _through_pipelines(item, response.body, settings)


def extract_text(body: bytes, url: str, settings: BaseSettings | None = None) -> dict[str, Any]:
    """:func:`extract` on a saved text edition (a gopher menu or a proxy's rendering)
    fetched from ``url`` (a file URL when unknown). The text names no id: unless ``url``
    does, the record's ``article_id`` is null instead of the article being dropped."""
    settings = (settings or project_settings()).copy()
    settings.set("TAZ_REQUIRE_ARTICLE_ID", False, priority="cmdline")
    try:
        item = TextEditionPage.from_bytes(url, body).to_item()
    except NotAnArticle as exc:
        raise ExtractionError(str(exc)) from exc
    return _through_pipelines(item, body, settings)


def _through_pipelines(item: Article, body: bytes, settings: BaseSettings) -> dict[str, Any]:
    item = with_provenance(item, body_sha256(body), crawl_id=settings.get("TAZ_CRAWL_ID"))
    for pipeline in build_pipelines(settings):
        try:
            item = pipeline.process_item(item)
        except DropItem as exc:
            raise ExtractionError(
                f"{item.url}: dropped by {type(pipeline).__name__}: {exc}"
            ) from exc
    return as_record(item)


def extract_html(body: bytes, url: str, settings: BaseSettings | None = None) -> dict[str, Any]:
    """:func:`extract` on saved page bytes, fetched from ``url``."""
    return extract(HtmlResponse(url=url, body=body), settings)


def project_settings() -> Settings:
    """The project's settings, found without a scrapy.cfg so that this works from any folder."""
    settings = Settings()
    settings.setmodule(
        os.environ.get("SCRAPY_SETTINGS_MODULE", "tazcrawler.settings"), priority="project"
    )
    return settings


def build_pipelines(settings: BaseSettings) -> list[Any]:
    """The configured item pipelines, in order, built and opened as a crawl builds them."""
    # Scrapy's pipeline manager is built for a running engine (Deferreds, signals); one item
    # through the configured pipelines, in order, needs only what from_crawler reads.
    # Add-ons are not applied offline: no run, no state store, no versioning.
    crawler: Any = SimpleNamespace(settings=settings, stats=None)
    crawler.stats = PlainStatsCollector(crawler)
    built = []
    order = settings.get_component_priority_dict_with_base("ITEM_PIPELINES")
    for path in build_component_list(order):
        # As Scrapy's pipeline manager does: a pipeline with nothing to do here raises
        # NotConfigured and is left out.
        try:
            built.append(build_from_crawler(load_object(path), crawler))
        except NotConfigured:
            continue
    for pipeline in built:
        if hasattr(pipeline, "open_spider"):
            pipeline.open_spider()
    return built
