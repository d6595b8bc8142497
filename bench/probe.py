"""A Scrapy extension for the benchmark: samples the frontier and RSS during a crawl."""

from __future__ import annotations

import json
import resource
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["FrontierProbe"]


def _rss_bytes() -> int:
    # /proc gives the current RSS; ru_maxrss only the peak.
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


class FrontierProbe:
    """Every ``BENCH_PROBE_INTERVAL`` s: queued requests and RSS; JSON to ``BENCH_PROBE_FILE``."""

    def __init__(self, crawler: Crawler, path: str, interval: float) -> None:
        self.crawler = crawler
        self.path = path
        self.interval = interval
        self.samples: list[tuple[float, int, int, int]] = []
        self.loop = task.LoopingCall(self.sample)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierProbe:
        path = crawler.settings.get("BENCH_PROBE_FILE")
        if not path:
            raise NotConfigured
        probe = cls(crawler, path, crawler.settings.getfloat("BENCH_PROBE_INTERVAL", 0.5))
        crawler.signals.connect(probe.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(probe.spider_closed, signal=signals.spider_closed)
        return probe

    def spider_opened(self, spider: object) -> None:
        self.loop.start(self.interval, now=True)

    def sample(self) -> None:
        scheduler = self.crawler.engine.scheduler if self.crawler.engine else None
        queued = len(scheduler) if scheduler is not None else 0
        stats = self.crawler.stats
        done = stats.get_value("response_received_count", 0) if stats else 0
        self.samples.append((self.loop.clock.seconds(), queued, done, _rss_bytes()))

    def spider_closed(self, spider: object) -> None:
        if self.loop.running:
            self.loop.stop()
        self.sample()
        with open(self.path, "w") as out:
            json.dump({"samples": self.samples}, out)
