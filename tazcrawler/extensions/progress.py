"""Progress lines during a crawl and a short human summary at its end (replaces LogStats)."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.extensions.feedexport import FeedExporter
from scrapy.utils.asyncio import create_looping_call

from tazcrawler.fields import fields

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

__all__ = ["Progress", "failures", "progress_line"]

logger = logging.getLogger(__name__)

# The stats that count a failure, by the reason that follows the prefix.
FAILURE_PREFIXES = ("taz/fetch_failed/", "taz/validation/invalid/")
# Feed formats that write a row a link, not a row an article (settings.FEED_EXPORTERS).
EDGE_LIST_FORMATS = frozenset({"links", "links_parquet", "links_csv"})


def failures(stats: Mapping[str, Any]) -> dict[str, int]:
    """Failures so far by reason, e.g. ``{"fetch_failed/timeout": 2}``.

    >>> failures({"taz/fetch_failed/http_404": 3, "taz/validation/invalid/title": 1,
    ...           "taz/validation/invalid": 1, "item_scraped_count": 9})
    {'fetch_failed/http_404': 3, 'validation/invalid/title': 1}
    """
    return {
        key.removeprefix("taz/"): int(value)
        for key, value in sorted(stats.items())
        if key.startswith(FAILURE_PREFIXES) and isinstance(value, int)
    }


def progress_line(
    *,
    exported: int,
    max_articles: int,
    queued: int | None,
    depth: int | None,
    failed: int,
    rate: float,
) -> str:
    """One progress line; the time left assumes the crawl reaches ``max_articles``.

    >>> line = progress_line(exported=250, max_articles=1000, queued=40, depth=2, failed=3,
    ...                      rate=50)
    >>> print(line.replace(", ", ",\\n"))
    Progress: 250 of at most 1000 articles (25%),
    40 queued,
    depth 2,
    failed 3,
    50 articles/min,
    about 15 min left
    """
    share = f"{exported / max_articles:.0%}" if max_articles else "-"
    left = max(max_articles - exported, 0)
    if not left:
        eta = "limit reached"
    elif rate > 0:
        eta = f"about {_duration(left / rate * 60)} left"
    else:
        eta = "time left unknown"
    return (
        f"Progress: {exported} of at most {max_articles} articles ({share}), "
        f"{'?' if queued is None else queued} queued, depth {'-' if depth is None else depth}, "
        f"failed {failed}, {rate:.0f} articles/min, {eta}"
    )


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


class Progress:
    """Every ``LOGSTATS_INTERVAL`` seconds one line: articles exported of
    ``TAZ_MAX_ARTICLES``, requests queued, the depth of the last article, failures, the rate
    and the time left. When the spider closes, before Scrapy dumps its stats, a summary:
    articles, links, failures by reason, the files written and the health verdict.

    It takes the place of Scrapy's LogStats (disabled in settings.py), whose line says
    neither the queue nor how far the crawl is from its limit.
    """

    def __init__(
        self,
        stats: StatsCollector,
        *,
        interval: float,
        max_articles: int,
        queued: Callable[[], int | None],
        feeds: Callable[[], list[tuple[str, str, int]]],
        published_to: str | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stats = stats
        self.interval = interval
        self.max_articles = max_articles
        self.queued = queued
        self.feeds = feeds
        self.published_to = published_to
        self.clock = clock
        self.depth: int | None = None
        self.edges = 0
        self.task: Any = None
        self.last = (0, clock())

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        settings = crawler.settings
        interval = settings.getfloat("LOGSTATS_INTERVAL")
        if not interval:
            raise NotConfigured("LOGSTATS_INTERVAL is 0")
        assert crawler.stats is not None

        def queued() -> int | None:
            scheduler = crawler.engine.scheduler if crawler.engine else None
            return (
                len(scheduler) if scheduler is not None and hasattr(scheduler, "__len__") else None
            )

        def feeds() -> list[tuple[str, str, int]]:
            exporter = crawler.get_extension(FeedExporter)
            slots = exporter.slots if exporter else []
            return [(slot.uri, slot.format, slot.itemcount) for slot in slots]

        publish = settings.getbool("TAZ_PUBLISH_LATEST") and settings.get("TAZ_STATE_DB") != ""
        extension = cls(
            crawler.stats,
            interval=interval,
            max_articles=settings.getint("TAZ_MAX_ARTICLES"),
            queued=queued,
            feeds=feeds,
            published_to=settings.get("TAZ_OUTPUT_DIR") if publish else None,
        )
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.last = (0, self.clock())
        self.task = create_looping_call(self.log)
        self.task.start(self.interval, now=False)

    def item_scraped(self, item: Any) -> None:
        adapter = fields(item)
        self.depth = adapter.get("depth")
        # Counted as the edge lists write them: entries that link an article.
        self.edges += sum(
            1 for link in adapter.get("related") or () if fields(link).get("article_id")
        )

    def log(self) -> None:
        exported = int(self.stats.get_value("item_scraped_count", 0))
        before, then = self.last
        now = self.clock()
        self.last = (exported, now)
        rate = (exported - before) / (now - then) * 60 if now > then else 0.0
        logger.info(
            progress_line(
                exported=exported,
                max_articles=self.max_articles,
                queued=self.queued(),
                depth=self.depth,
                failed=sum(failures(self.stats.get_stats()).values()),
                rate=rate,
            )
        )

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        logger.info("%s", self.summary(reason))

    def summary(self, reason: str) -> str:
        stats = self.stats.get_stats()
        failed = failures(stats)
        lines = [
            f"Crawl {reason}: {stats.get('item_scraped_count', 0)} articles exported, "
            f"{self.edges} related links",
            "Failures: " + (", ".join(f"{k} {v}" for k, v in failed.items()) if failed else "none"),
            "Files written:",
            *(
                f"  {uri} ({self.edges} links)"
                if fmt in EDGE_LIST_FORMATS
                else f"  {uri} ({count} articles)"
                for uri, fmt, count in self.feeds()
            ),
        ]
        if self.published_to is not None and reason == "finished":
            lines.append(
                f"  and the consolidated dataset in {self.published_to}/ when the run ends"
            )
        verdict = stats.get("taz/health/verdict")
        failed_checks = [
            k.removeprefix("taz/health/failed/")
            for k in stats
            if k.startswith("taz/health/failed/")
        ]
        if verdict:
            lines.append(
                f"Health: {verdict}"
                + (f" ({', '.join(failed_checks)} failed)" if failed_checks else "")
            )
        return "\n".join(lines)
