"""Scrapy's SpiderState; a full disk under JOBDIR's ``spider.state`` is one line, no traceback."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.extensions.spiderstate import SpiderState

from tazcrawler.diskfull import is_disk_full, stop_crawl

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

__all__ = ["DiskFullSpiderState"]


class DiskFullSpiderState(SpiderState):
    """SpiderState; ENOSPC saving the state removes the torn file and counts ``disk_full``.

    A torn pickle would make the next start fail on load; without the file a resumed run
    starts with an empty state, and its state store knows what was done.
    """

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = super().from_crawler(crawler)
        extension.crawler = crawler
        return extension

    def spider_closed(self, spider: Spider) -> None:
        try:
            super().spider_closed(spider)
        except OSError as exc:
            if not is_disk_full(exc) or self.crawler is None:
                raise
            Path(self.statefn).unlink(missing_ok=True)
            stop_crawl(self.crawler, "job_state", exc)
