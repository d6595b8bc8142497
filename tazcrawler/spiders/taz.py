"""The taz spider: from seed articles along "Mehr zum Thema", breadth first, within limits."""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.http import TextResponse

from tazcrawler import __version__
from tazcrawler.pages import (
    NOT_AN_ARTICLE,
    ArticlePage,
    NotAnArticle,
    page_kind,
    response_selector,
)
from tazcrawler.pages._related import MAX_RELATED
from tazcrawler.provenance import new_crawl_id, with_provenance
from tazcrawler.spiders._failures import failure_reason
from tazcrawler.spiders._params import CrawlParams
from tazcrawler.urls import article_id, is_private_address, site_domain

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
        spider.allowed_domains = [site_domain(spider.base_url)]
        if not settings.get("TAZ_CONTACT") and not is_private_address(spider.base_url):
            logger.warning(
                "TAZ_CONTACT is not set: the User-Agent names no contact for the site's "
                "operators; please run with -s TAZ_CONTACT=<URL or e-mail address>"
            )
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for seed in self.params.seeds:
            # CrawlParams accepted only article URLs, so every seed has an id.
            request = self._article_request(seed, article_id(seed) or "", referrer=None)
            if request is not None:
                yield request

    def parse_article(self, response: scrapy.http.Response) -> Iterator[Any]:
        """Extract the article and request its related articles.

        Contracts for ``scrapy check taz``, which replays the bundled sample archive
        (tazcrawler/commands/check.py): the seed article, its fields, its three related
        articles (a tag page in its block is skipped).

        @url http://taz-sample.test/Streit-um-das-Vorkaufsrecht/!1000001/
        @returns items 1 1
        @returns requests 3 3
        @scrapes article_id url title paragraphs authors published related
        @filled article_id url title teaser paragraphs authors published tags related
        """
        selector = response_selector(response) if isinstance(response, TextResponse) else None
        kind = page_kind(response.url, selector) if selector is not None else "not_html"
        if kind != "article":
            # After a redirect, name the article URL that led here, not only where it ended.
            first_url = response.meta.get("redirect_urls", [response.url])[0]
            why = f"page is a {kind} page, not an article"
            if kind != "not_html":
                why += f" ({NOT_AN_ARTICLE})"
            if first_url != response.url:
                why += f" (redirected to {response.url})"
            self._skip(f"pages/not_article/{kind}", first_url, why)
            return
        page = ArticlePage(response.url, selector)
        try:
            extracted = page.to_item()
        except NotAnArticle as exc:
            self._skip("pages/not_article/unreadable", response.url, str(exc))
            return
        meta = response.meta
        item = with_provenance(
            extracted,
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
        over_limit = 0
        # A block may repeat one link 500 times: each entry is counted, each (reason, URL)
        # logged once per page. Not once per crawl: that set would grow with the crawl.
        for (url, reason), count in Counter(page.skipped_related()).items():
            if reason == "over_limit":
                over_limit += count  # thousands of them: counted each, logged once below
                continue
            key = f"related/skipped/{reason.replace(':', '/')}"
            self._skip(key, url, f"related entry: {reason}", count)
        if over_limit:
            self.crawler.stats.inc_value("taz/related/skipped/over_limit", over_limit)
            logger.warning(
                "Skipped %d related entries of %s: more than %d in one block",
                over_limit,
                response.url,
                MAX_RELATED,
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
        reason = failure_reason(failure)
        self.crawler.stats.inc_value(f"taz/fetch_failed/{reason}")
        # After redirects, name the article URL the crawl asked for.
        url = request.meta.get("redirect_urls", [request.url])[0]
        logger.warning("Skipped %s: fetch failed (%s)", url, reason)

    def _skip(self, key: str, url: str, why: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"taz/{key}", count)
        logger.info("Skipped %s: %s", url, why)
