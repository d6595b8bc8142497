"""The taz spider: from seed articles along "Mehr zum Thema", breadth first, within limits."""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy import signals
from scrapy.settings import SETTINGS_PRIORITIES

from tazcrawler import __version__
from tazcrawler.archive.ahead import read_ahead
from tazcrawler.pages._related import MAX_RELATED
from tazcrawler.pages.extracted import extract_page
from tazcrawler.pages.text_edition import is_text_edition_url
from tazcrawler.provenance import new_crawl_id, with_provenance
from tazcrawler.runs.revisit import read_known
from tazcrawler.spiders._discovery import DiscoveryMixin
from tazcrawler.spiders._failures import failure_reason
from tazcrawler.spiders._params import ARGUMENT_PRIORITY, CrawlParams
from tazcrawler.spiders._truncated import WHY, truncated_pages
from tazcrawler.urls import article_id, is_private_address, is_reserved_name, site_domain

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure


logger = logging.getLogger(__name__)


def _reaches_operators(settings: BaseSettings, base_url: str) -> bool:
    """Whether the crawl's requests reach a public site, whose operators a contact is for:
    not a replay (REPLAY_WARC answers every request), not a local site or a reserved name."""
    if settings.getlist("REPLAY_WARC"):
        return False
    return not (is_private_address(base_url) or is_reserved_name(base_url))


class TazSpider(DiscoveryMixin, scrapy.Spider):
    """Crawl taz.de articles from seeds along their related-articles block.

    Arguments: ``seed`` (comma-separated article URLs) or ``seeds_file``, ``seeds_from``
    (sitemaps and feeds, docs/discovery.md), ``since``, ``max_depth``, ``max_articles``,
    ``max_discovered``; see :class:`~tazcrawler.spiders._params.CrawlParams`.
    """

    name = "taz"
    allowed_domains: list[str]
    truncated_pages: str  # TAZ_TRUNCATED_PAGES: "flag" or "refuse"

    def __init__(self, *args: Any, params: CrawlParams, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params = params
        # The shallowest depth each article was scheduled at by this process. The
        # dupefilter keeps the same table, but it is the scheduler's, out of the spider's
        # reach, and with shared workers asking it is the Redis call this saves.
        self._scheduled: dict[str, int] = {}

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        contact = settings.get("TAZ_CONTACT")
        if contact:
            settings.set("USER_AGENT", f"tazcrawler/{__version__} (+{contact})", priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> TazSpider:
        spider_args = {k: v for k, v in kwargs.items() if not k.startswith("_")}
        settings = crawler.settings
        params = CrawlParams.from_arguments(spider_args, settings)
        # The arguments become settings: the scheduler, the run manager and the archive read
        # them there, as they read every other setting. (A crawler made by Scrapy's test
        # helper get_crawler has frozen its settings already; the spider itself reads params.)
        if not settings.frozen:
            for name, value in params.as_settings().items():
                settings.set(name, value, priority=ARGUMENT_PRIORITY)
            if not settings.get("TAZ_CRAWL_ID"):
                # With a state store, the run manager may resume another run's id instead.
                settings.set("TAZ_CRAWL_ID", new_crawl_id(), priority="spider")
            _no_authors_floor_for_the_text_edition(settings, params.seeds)
        spider = super().from_crawler(crawler, *args, params=params, **kwargs)
        crawler.signals.connect(spider._on_scheduled, signal=signals.request_scheduled)
        base_url = settings.get("TAZ_BASE_URL")
        spider.allowed_domains = [site_domain(base_url)]
        spider.truncated_pages = truncated_pages(settings)
        if not settings.get("TAZ_CONTACT") and _reaches_operators(settings, base_url):
            logger.warning(
                "TAZ_CONTACT is not set: the User-Agent names no contact for the site's "
                "operators; please run with -s TAZ_CONTACT=<URL or e-mail address>"
            )
        return spider

    @property
    def crawl_id(self) -> str | None:
        """The crawl id every record carries (``TAZ_CRAWL_ID``, set before the crawl starts)."""
        return self.settings.get("TAZ_CRAWL_ID") or None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for seed in self.params.seeds:
            yield self._article_request(seed)
        for request in self.listing_requests():
            yield request

    def parse(self, response: scrapy.http.Response, **kwargs: Any) -> Iterator[Any]:
        """Requests made by other components (a resumed run's) land here: as an article."""
        return self.parse_article(response)

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
        known = read_known(response)
        if known is not None:
            # Not fetched again: the state store's copy of its related links is followed.
            yield from self._follow(response, known.related, known.url, known.article_id)
            return
        # Re-extraction with workers has read the page ahead (tazcrawler/archive/ahead.py).
        extracted = read_ahead(response)
        if extracted is None:
            extracted = extract_page(response)
        else:
            self.crawler.stats.inc_value("taz/reextract/read_ahead")
        kind, why, article = extracted.kind, extracted.why, extracted.item
        truncated = extracted.truncated
        if truncated is not None:
            self.crawler.stats.inc_value(f"taz/pages/truncated/{truncated}")
            logger.warning("Page %s ends early (%s): %s", response.url, truncated, WHY[truncated])
        if kind != "article":
            # After a redirect, name the article URL that led here, not only where it ended.
            first_url = response.meta.get("redirect_urls", [response.url])[0]
            if first_url != response.url:
                why += f" (redirected to {response.url})"
            self._skip(f"pages/not_article/{kind}", first_url, why)
            return
        if article is None:
            self._skip("pages/not_article/unreadable", response.url, why)
            return
        if truncated is not None:
            if self.truncated_pages == "refuse":
                self._skip(
                    "pages/refused/truncated", response.url, f"page ends early ({truncated})"
                )
                return
            article.truncated = truncated
        meta = response.meta
        item = with_provenance(
            article,
            extracted.body_sha256,
            crawl_id=self.crawl_id,
            depth=meta.get("depth", 0),
            referrer=meta.get("referrer"),
            referrer_id=meta.get("referrer_id"),
        )
        # Pipelines may change the item once it is yielded; the links to follow are read first.
        related = [
            (link.url, link.article_id) for link in item.related if link.url and link.article_id
        ]
        self.crawler.stats.inc_value("taz/articles/extracted")
        yield item
        over_limit = 0
        # A block may repeat one link 500 times: each entry is counted, each (reason, URL)
        # logged once per page. Not once per crawl: that set would grow with the crawl.
        for (url, reason), count in Counter(extracted.skipped_related).items():
            if reason == "over_limit":
                over_limit += count  # thousands of them: counted each, logged once below
                continue
            self.crawler.stats.inc_value(f"taz/related/skipped/{reason.replace(':', '/')}", count)
            # The page that held them, so that thousands of one entry lead to their source.
            logger.info(
                "Skipped %d related %s of %s: %s (%s)",
                count,
                "entry" if count == 1 else "entries",
                response.url,
                reason,
                url,
            )
        if over_limit:
            self.crawler.stats.inc_value("taz/related/skipped/over_limit", over_limit)
            logger.warning(
                "Skipped %d related entries of %s: more than %d in one block",
                over_limit,
                response.url,
                MAX_RELATED,
            )
        yield from self._follow(response, related, item.url, item.article_id or "")

    def _follow(
        self,
        response: scrapy.http.Response,
        related: list[tuple[str, str]],
        referrer: str,
        referrer_id: str,
    ) -> Iterator[scrapy.Request]:
        # The one place depth is cut. Duplicates and max_articles are the scheduler's: it
        # sees every request in breadth-first order (tazcrawler/frontier/). Only a link to
        # an article this process scheduled at the same depth or shallower is dropped here:
        # the dupefilter would drop it too, but after Scrapy's spider middlewares and the
        # request_scheduled handlers. Three of four links on the generated site are such;
        # not requesting them cut the lean crawl's CPU a page by a tenth (BENCHMARKS.md).
        depth = response.meta.get("depth", 0)
        if depth >= self.params.max_depth:
            self.crawler.stats.inc_value("taz/related/beyond_max_depth", len(related))
            return
        already = 0
        for url, ident in related:
            known = self._scheduled.get(ident)
            if known is not None and known <= depth + 1:
                already += 1
                continue
            yield self._article_request(url, referrer=referrer, referrer_id=referrer_id)
        if already:
            self.crawler.stats.inc_value("taz/related/already_requested", already)

    def _on_scheduled(self, request: scrapy.Request) -> None:
        # After the spider middlewares: a request one of them dropped is not remembered.
        key = article_id(request.url)
        if key is not None:
            depth = request.meta.get("depth", 0)
            if depth < self._scheduled.get(key, depth + 1):
                self._scheduled[key] = depth

    def _article_request(
        self, url: str, referrer: str | None = None, referrer_id: str | None = None
    ) -> scrapy.Request:
        meta = {"referrer": referrer, "referrer_id": referrer_id} if referrer else {}
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


def _no_authors_floor_for_the_text_edition(settings: BaseSettings, seeds: tuple[str, ...]) -> None:
    # The text edition names no authors: with only gopher seeds the crawl stays in it, and the
    # default authors floor would call every such run unhealthy. A floor the user set stays.
    if not seeds or not all(is_text_edition_url(seed) for seed in seeds):
        return
    if (settings.getpriority("TAZ_HEALTH_MIN_COVERAGE") or 0) > SETTINGS_PRIORITIES["project"]:
        return
    floors = settings.getdict("TAZ_HEALTH_MIN_COVERAGE")
    if "authors" in floors:
        del floors["authors"]
        settings.set("TAZ_HEALTH_MIN_COVERAGE", floors, priority="spider")
