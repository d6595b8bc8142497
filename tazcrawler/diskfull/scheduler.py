"""Scrapy's scheduler, keeping a request in memory when JOBDIR's disk queue meets a full disk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.core.scheduler import Scheduler

from tazcrawler.diskfull import is_disk_full, stop_crawl

if TYPE_CHECKING:
    from scrapy import Request
    from twisted.internet.defer import Deferred

__all__ = ["DiskFullScheduler"]


class DiskFullScheduler(Scheduler):
    """Scrapy's scheduler; ENOSPC in the disk queue stops the crawl (``disk_full``).

    Scrapy catches only ValueError (an unpicklable request) around the disk queue's push;
    ENOSPC went up into the engine, which then hung. The request goes to the memory queue
    instead, so nothing of this process's crawl is dropped while it closes.
    """

    def _dqpush(self, request: Request) -> bool:
        try:
            return super()._dqpush(request)
        except OSError as exc:
            if not is_disk_full(exc) or self.crawler is None:
                raise
            stop_crawl(self.crawler, "job_queue", exc)
            return False

    def close(self, reason: str) -> Deferred[None] | None:
        # Saving the queue's state at close (active.json) meets the same full disk.
        try:
            return super().close(reason)
        except OSError as exc:
            if not is_disk_full(exc) or self.crawler is None:
                raise
            stop_crawl(self.crawler, "job_queue", exc)
            return self.df.close(reason)
