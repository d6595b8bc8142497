"""The taz spider: from seed articles along "Mehr zum Thema", breadth first, within limits."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError

from tazcrawler import __version__
from tazcrawler.pages import ArticlePage, page_kind
from tazcrawler.provenance import new_crawl_id, with_provenance
from tazcrawler.spiders._params import CrawlParams
from tazcrawler.urls import article_id

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

    from tazcrawler.items import Article

logger = logging.getLogger(__name__)


class TazSpider(scrapy.Spider):
    """Crawl taz.de articles from seeds along their related-articles block.

    Arguments: ``seed`` (comma-separated article URLs) or ``seeds_file``, ``max_depth``,
    ``max_articles``; see :class:`~tazcrawler.spiders._params.CrawlParams`.
    """

    name = "taz"

    def __init__(self, *args: Any, params: CrawlParams, crawl_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params = params
        self.crawl_id = crawl_id
        # Article ids already requested, whatever URL form named them: the id is the identity.
        self.requested_ids: set[str] = set()

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        contact = settings.get("TAZ_CONTACT")
        if contact:
            settings.set("USER_AGENT", f"tazcrawler/{__version__} (+{contact})", priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> TazSpider:
        spider_args = {k: v for k, v in kwargs.items() if not k.startswith("_")}
        params = CrawlParams.from_arguments(spider_args, crawler.settings)
        settings = crawler.settings
        crawl_id = settings.get("TAZ_CRAWL_ID") or new_crawl_id()
        spider = super().from_crawler(crawler, *args, params=params, crawl_id=crawl_id, **kwargs)
        # Read by the FEEDS URIs ("%(output_dir)s/articles.jsonl").
        spider.output_dir = settings.get("TAZ_OUTPUT_DIR").rstrip("/")
        spider.base_url = settings.get("TAZ_BASE_URL")
        spider.allowed_domains = [urlsplit(spider.base_url).hostname]
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for seed in self.params.seeds:
            # CrawlParams accepted only article URLs, so every seed has an id.
            request = self._article_request(seed, article_id(seed) or "", referrer=None)
            if request is not None:
                yield request

    def parse_article(self, response: scrapy.http.Response) -> Iterator[Any]:
        """Extract the article and request its related articles."""
        kind = (
            page_kind(response.url, response.selector)
            if isinstance(response, TextResponse)
            else "not_html"
        )
        if kind != "article":
            # After a redirect, name the article URL that led here, not only where it ended.
            first_url = response.meta.get("redirect_urls", [response.url])[0]
            why = f"page is a {kind} page, not an article"
            if first_url != response.url:
                why += f" (redirected to {response.url})"
            self._skip(f"pages/not_article/{kind}", first_url, why)
            return
        page = ArticlePage(response.url, response.selector)
        meta = response.meta
        item = with_provenance(
            page.to_item(),
            response.body,
            crawl_id=self.crawl_id,
            depth=meta.get("depth", 0),
            referrer=meta.get("referrer"),
            referrer_id=meta.get("referrer_id"),
        )
        # Pipelines may change the item once it is yielded; the links to follow are read first.
        related = [(link.url, link.article_id) for link in item.related]
        self.crawler.stats.inc_value("taz/articles/extracted")
        yield item
        for url, reason in page.skipped_related():
            self._skip(
                f"related/skipped/{reason.replace(':', '/')}", url, f"related entry: {reason}"
            )
        if item.depth >= self.params.max_depth:
            self.crawler.stats.inc_value("taz/related/beyond_max_depth", len(related))
            return
        for url, target in related:
            request = self._article_request(url, target, referrer=item)
            if request is not None:
                yield request

    def _article_request(
        self, url: str, target: str, referrer: Article | None
    ) -> scrapy.Request | None:
        if target in self.requested_ids:
            self.crawler.stats.inc_value("taz/related/already_requested")
            return None
        if len(self.requested_ids) >= self.params.max_articles:
            self.crawler.stats.inc_value("taz/related/beyond_max_articles")
            return None
        self.requested_ids.add(target)
        meta = {"referrer": referrer.url, "referrer_id": referrer.article_id} if referrer else {}
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error, meta=meta)

    def on_error(self, failure: Failure) -> None:
        """Count and log a failed article request; the crawl goes on."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        elif failure.check(TimeoutError, TCPTimedOutError):
            reason = "timeout"
        elif failure.check(DNSLookupError):
            reason = "dns_lookup"
        else:
            reason = failure.type.__name__ if failure.type else "unknown"
        self.crawler.stats.inc_value(f"taz/fetch_failed/{reason}")
        logger.warning("Skipped %s: fetch failed (%s)", request.url, reason)

    def _skip(self, key: str, url: str, why: str) -> None:
        self.crawler.stats.inc_value(f"taz/{key}")
        logger.info("Skipped %s: %s", url, why)
