"""Scrapy's duplicate filter; a full disk under JOBDIR's ``requests.seen`` stops the crawl."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.dupefilters import RFPDupeFilter

from tazcrawler.diskfull import is_disk_full, stop_crawl

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler

__all__ = ["DiskFullDupeFilter"]


class DiskFullDupeFilter(RFPDupeFilter):
    """RFPDupeFilter; ENOSPC writing a fingerprint stops the crawl (``disk_full``).

    The fingerprint stays in memory, so this process still filters the request; only a
    resumed JOBDIR would not know it, and a run stopped by a full disk is rebuilt from its
    state store, not resumed from JOBDIR.
    """

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        dupefilter = super().from_crawler(crawler)
        dupefilter.crawler = crawler
        return dupefilter

    def request_seen(self, request: Request) -> bool:
        try:
            return super().request_seen(request)
        except OSError as exc:
            self._disk_full(exc)
            return False

    def close(self, reason: str) -> None:
        try:
            super().close(reason)
        except OSError as exc:
            self._disk_full(exc)

    def _disk_full(self, exc: OSError) -> None:
        if not is_disk_full(exc) or self.crawler is None:
            raise exc
        stop_crawl(self.crawler, "job_seen", exc)
