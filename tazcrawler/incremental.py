"""Spider middleware for scheduled runs: skip articles not due, rebuild a resumed run's frontier."""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.exceptions import NotConfigured

from tazcrawler.state import utc_now
from tazcrawler.urls import article_id

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from tazcrawler.extensions.run import RunManager

__all__ = ["IncrementalMiddleware"]

logger = logging.getLogger(__name__)


class IncrementalMiddleware:
    """Decide, with the state store, which related articles a run fetches.

    * A known article is requested again only when due (``TAZ_REVISIT_INTERVAL`` seconds
      since it was last checked). One that is not due is not fetched; its stored related
      links are followed instead, so unknown articles behind it are still found.
    * A resumed run starts from what the store says it already checked: those ids count
      as requested, and their related links not yet requested form the frontier. This is
      what survives a SIGKILL, where Scrapy's JOBDIR queue cannot be trusted.

    Seeds are start requests and never pass through here: they are always fetched.
    It sits after DepthMiddleware (a lower SPIDER_MIDDLEWARES order), which has already set
    the depth of the requests it sees.
    """

    def __init__(
        self, crawler: Crawler, run: RunManager, revisit_interval: float, depth_priority: int
    ) -> None:
        self.crawler = crawler
        self.run = run
        self.store = run.store
        self.revisit_interval = revisit_interval
        self.depth_priority = depth_priority

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        from tazcrawler.extensions.run import RunManager

        run = crawler.get_extension(RunManager)
        if run is None:
            raise NotConfigured("no state store (TAZ_STATE_DB is empty)")
        return cls(
            crawler,
            run,
            crawler.settings.getfloat("TAZ_REVISIT_INTERVAL"),
            crawler.settings.getint("DEPTH_PRIORITY"),
        )

    @property
    def spider(self) -> Any:
        return self.crawler.spider

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        visits = self.run.prior_visits  # empty unless the run is resumed
        if self.run.resumed:
            requested: set[str] = {v.article_id for v in visits}
            state = getattr(self.spider, "state", None)
            if self.run.resumed_from == "interrupted" and isinstance(state, dict):
                # JOBDIR's queue holds the requests still pending at the clean stop.
                requested |= set(state.get("taz_requested_ids", ()))
            self.spider.requested_ids |= requested
            self.crawler.stats.set_value("taz/run/resume/checked_before", len(visits))
        async for request in start:
            yield request
        frontier = 0
        for visit in visits:
            for request in self._related_requests(visit.article_id, visit.depth):
                frontier += 1
                yield request
        if self.run.resumed:
            self.crawler.stats.set_value("taz/run/resume/frontier", frontier)
            logger.info(
                "Resumed run %s: %d articles checked before, %d requests rebuilt",
                self.run.crawl_id,
                len(visits),
                frontier,
            )

    # Async only: Scrapy 2.19 calls only an async spider-output method (a sync one would be
    # dead code, kept by Scrapy only for middlewares that also had the _async variant).
    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for output in result:
            if isinstance(output, Request):
                for request in self._admit(output):
                    yield request
            else:
                yield output

    def _admit(self, request: Request) -> Iterator[Request]:
        """The request itself if it is due; else the due requests behind the known article."""
        target = article_id(request.url)
        if target is None or self.store.is_due(target, self.revisit_interval, utc_now()):
            yield request
            return
        depth = request.meta.get("depth", 0)
        self.crawler.stats.inc_value("taz/incremental/not_due")
        self.store.record_known(self.run.crawl_id, target, depth)
        yield from self._related_requests(target, depth)

    def _related_requests(self, source: str, depth: int) -> Iterator[Request]:
        """Requests for the stored related links of ``source`` (at ``depth``) not yet made."""
        if depth >= self.spider.params.max_depth:
            return
        known = self.store.current(source)
        if known is None:
            return
        referrer = SimpleNamespace(url=known.url, article_id=source)
        for target, url in known.related:
            request = self.spider._article_request(self._on_site(url), target, referrer=referrer)
            if request is None:
                continue
            request.meta["depth"] = depth + 1
            request.priority = -(depth + 1) * self.depth_priority
            yield from self._admit(request)

    def _on_site(self, url: str) -> str:
        # A stored URL names the host of its crawl (a mirror, the sample site's old port).
        base = urlsplit(self.spider.base_url)
        parts = urlsplit(url)
        if parts.scheme == "gopher":
            return url  # the text edition's server, not the web site's (docs/text-edition.md)
        return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
