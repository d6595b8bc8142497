"""Scrapy's scheduler, made exactly breadth first: level by level, each article once."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

from tazcrawler.diskfull.scheduler import DiskFullScheduler
from tazcrawler.frontier.dupefilter import continues, request_key

if TYPE_CHECKING:
    from collections.abc import Collection
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from twisted.internet.defer import Deferred

__all__ = ["BreadthFirstScheduler"]

logger = logging.getLogger(__name__)


class BreadthFirstScheduler(DiskFullScheduler):
    """Hand out requests level by level, each article once, at most ``max_articles`` of them.

    Scrapy's breadth-first recipe (``DEPTH_PRIORITY = 1`` and FIFO queues) orders what is
    queued, but a deeper request may still go out while a shallower page is downloading or
    being parsed; that page's links then find their articles already claimed at a longer
    distance. A crawl whose known articles the state store answers at once (a re-run, a
    resumed run) hits this nearly always. So a request of depth d goes out only when no
    request of a smaller depth is in progress and, while start requests are still coming,
    when it is no deeper than the deepest of them so far (a resumed run's frontier comes as
    start requests, shallowest first). Every article then gets its shortest distance from
    the seeds, as an uninterrupted crawl gives it. The price is that each level waits for
    its slowest page: one wait per level, a few per crawl.

    Requests are ordered by ``priority`` and held back by ``meta["depth"]``, so the two must
    agree: settings.py keeps the retry and redirect priority adjustments at 0.

    An article is handed out once, by its shallowest request (``ArticleDupeFilter`` lets a
    shallower request in after a deeper one), and at most ``max_articles`` articles are:
    the cap counts what is requested, seeds included, in the order of their depth.

    A full disk under JOBDIR stops the crawl as in DiskFullScheduler.
    """

    def __init__(self, *args: Any, max_articles: int = sys.maxsize, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_articles = max_articles
        self.handed_out: set[str] = set()
        self._start_depth = 0
        self._cap_logged = False
        self._seeds_over_cap = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scheduler = super().from_crawler(crawler)
        scheduler.max_articles = crawler.settings.getint("TAZ_MAX_ARTICLES")
        return scheduler

    def enqueue_request(self, request: Request) -> bool:
        if request.meta.get("is_start_request"):
            self._start_depth = max(self._start_depth, request.meta.get("depth", 0))
        return super().enqueue_request(request)

    def next_request(self) -> Request | None:
        while True:
            head = self._peek()
            if head is None or not self._may_go(head):
                return None
            request = super().next_request()
            if request is None:
                return None
            key = request_key(request)
            if key is None or continues(request):
                return request
            if key in self.handed_out:
                # Scheduled again by a shorter path after this one: that one went out first.
                self._inc("taz/related/already_requested")
                continue
            if len(self.handed_out) >= self.max_articles:
                self._over_cap(request)
                continue
            self.handed_out.add(key)
            return request

    def _peek(self) -> Request | None:
        # The same queue Scheduler.next_request pops from: memory first, then disk.
        if len(self.mqs):
            return self.mqs.peek()
        if self.dqs is not None and len(self.dqs):
            return self.dqs.peek()
        return None

    def _may_go(self, request: Request) -> bool:
        depth = request.meta.get("depth", 0)
        engine = self.crawler.engine if self.crawler is not None else None
        if engine is None:
            return True
        if (
            _start_open(engine)
            and not request.meta.get("is_start_request")
            and depth > self._start_depth
        ):
            return False
        return all(r.meta.get("depth", 0) >= depth for r in _in_progress(engine))

    def _over_cap(self, request: Request) -> None:
        # Depth 0: a seed, given or discovered in a sitemap or feed.
        seed = not request.meta.get("depth")
        self._inc("taz/seeds/beyond_max_articles" if seed else "taz/related/beyond_max_articles")
        self._seeds_over_cap += bool(seed)
        if not self._cap_logged:
            self._cap_logged = True
            logger.info(
                "Reached max_articles (%d): further articles are not requested, first %s",
                self.max_articles,
                request.url,
            )

    def close(self, reason: str) -> Deferred[None] | None:
        if self._seeds_over_cap:
            logger.warning(
                "Not requested: %d seeds beyond max_articles=%d",
                self._seeds_over_cap,
                self.max_articles,
            )
        return super().close(reason)

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)


# Scrapy has no public view of the two things the scheduler must know: the requests taken
# from it and not yet finished (downloaded and parsed, their links scheduled), and whether
# the spider's start requests are still coming. The engine keeps both to decide when the
# spider is idle; read them here, and nowhere else (tests/frontier/ pins the names).
def _in_progress(engine: Any) -> Collection[Request]:
    slot = getattr(engine, "_slot", None)
    return slot.inprogress if slot is not None else ()


def _start_open(engine: Any) -> bool:
    return getattr(engine, "_start", None) is not None
