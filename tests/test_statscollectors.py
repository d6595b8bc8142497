"""The project's stats collector keeps Scrapy's stats as Scrapy's own does."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from tazcrawler.offline import project_settings
from tazcrawler.spiders.taz import TazSpider
from tazcrawler.statscollectors import PlainStatsCollector

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector


def test_every_crawl_of_the_project_uses_it() -> None:
    # As Crawler builds its stats collector; the whole settings would need a reactor.
    crawler = get_crawler(TazSpider, {"STATS_CLASS": project_settings()["STATS_CLASS"]})
    assert type(crawler.stats) is PlainStatsCollector


def use(stats: StatsCollector) -> dict[str, object]:
    stats.open_spider()
    stats.inc_value("taz/a")
    stats.inc_value("taz/a", 4)
    stats.inc_value("taz/b", start=10)
    stats.set_value("taz/c", "x")
    stats.max_value("taz/max", 3)
    stats.max_value("taz/max", 7)
    stats.max_value("taz/max", 5)
    stats.min_value("taz/min", 3)
    stats.min_value("taz/min", 1)
    assert stats.get_value("taz/missing", 42) == 42
    found = dict(stats.get_stats())
    stats.clear_stats()
    assert stats.get_stats() == {}
    stats.set_stats(found)
    return dict(stats.get_stats())


def test_it_counts_as_scrapys_own() -> None:
    crawler = get_crawler(TazSpider)
    ours = use(PlainStatsCollector(crawler))
    assert ours == use(MemoryStatsCollector(crawler))
    assert ours == {"taz/a": 5, "taz/b": 11, "taz/c": "x", "taz/max": 7, "taz/min": 1}


def test_a_spider_argument_is_taken_without_a_warning() -> None:
    crawler = get_crawler(TazSpider)
    stats = PlainStatsCollector(crawler)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        stats.inc_value("taz/a", spider=crawler.spider)
    assert stats.get_value("taz/a") == 1
