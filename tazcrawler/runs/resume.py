"""Spider middleware: a resumed run starts again from the articles it had checked."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import Request

from tazcrawler.runs.revisit import RESUMED, on_site
from tazcrawler.runs.store import store_opener

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from tazcrawler.runs.store import StateStore

__all__ = ["ResumeMiddleware"]

logger = logging.getLogger(__name__)


class ResumeMiddleware:
    """Rebuild a resumed run's frontier from the state store, after a kill or a clean stop.

    After the seeds, every article the run checked before comes again, shallowest first, as
    a start request at the depth it was checked at. ``RevisitMiddleware`` answers each from
    the store and the spider follows its stored links, so what the earlier attempts had
    queued is found again at the same distance from the seeds: Scrapy's JOBDIR queue, which
    a kill leaves inconsistent, is not needed.
    """

    def __init__(
        self,
        open_store: Callable[[], StateStore],
        stats: StatsCollector,
        *,
        resumed: bool,
        crawl_id: str,
        base_url: str,
        depth_priority: int,
    ) -> None:
        self.open_store = open_store
        self.stats = stats
        self.resumed = resumed
        self.crawl_id = crawl_id
        self.base_url = base_url
        self.depth_priority = depth_priority

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        assert crawler.stats is not None
        return cls(
            store_opener(settings),
            crawler.stats,
            resumed=bool(settings.get("TAZ_RUN_RESUMED")),
            crawl_id=settings.get("TAZ_CRAWL_ID"),
            base_url=settings.get("TAZ_BASE_URL"),
            depth_priority=settings.getint("DEPTH_PRIORITY"),
        )

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for request in start:
            yield request
        if not self.resumed:
            return
        store = self.open_store()
        try:
            visits = store.visits(self.crawl_id)  # shallowest first
            self.stats.set_value("taz/run/resume/checked_before", len(visits))
            logger.info(
                "Resumed run %s: %d articles checked before, followed again from the store",
                self.crawl_id,
                len(visits),
            )
            for visit in visits:
                known = store.current(visit.article_id)
                if known is None:
                    continue
                yield Request(
                    on_site(known.url, self.base_url),
                    meta={"depth": visit.depth, RESUMED: True},
                    priority=-visit.depth * self.depth_priority,
                )
        finally:
            store.close()
