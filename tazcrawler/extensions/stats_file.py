"""Writes the crawl's stats as JSON next to its output, for schedulers and tests to read."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from tazcrawler.extensions import output_path
from tazcrawler.runs.dataset import write_json

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class StatsFile:
    """On close, write all stats to ``TAZ_STATS_FILE`` (default ``<TAZ_OUTPUT_DIR>/stats.json``)."""

    def __init__(self, path: Path, stats: StatsCollector) -> None:
        self.path = path
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFile:
        settings = crawler.settings
        path = output_path(settings, "TAZ_STATS_FILE", "stats.json")
        if path is None:
            raise NotConfigured("TAZ_STATS_FILE is empty")
        extension = cls(path, crawler.stats)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats: dict[str, Any] = {**self.stats.get_stats(), "finish_reason": reason}
        # Atomically: a scheduler may read the file of the run before while this one ends.
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_json(self.path, stats, sort_keys=True)
        except OSError as exc:
            # Scrapy's own stats dump in the log still has them; one line says why not here.
            logger.error("Cannot write the stats to %s: %s", self.path, exc.strerror)
