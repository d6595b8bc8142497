"""Duplicate requests by article id, whatever URL names the article."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tazcrawler.diskfull.dupefilter import DiskFullDupeFilter
from tazcrawler.urls import article_id

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.utils.request import RequestFingerprinterProtocol

__all__ = ["ArticleDupeFilter", "continues", "request_key"]


def request_key(request: Request) -> str | None:
    """The article a request is for (None: not an article URL)."""
    return article_id(request.url)


def continues(request: Request) -> bool:
    """True for a retry, or a redirect within one article (``/!id/`` to ``/Slug/!id/``): it
    goes on with a request already handed out, it is not another request for the article."""
    if request.meta.get("retry_times"):
        return True
    urls: list[str] = request.meta.get("redirect_urls") or []
    return bool(urls) and article_id(urls[0]) == request_key(request)


class ArticleDupeFilter(DiskFullDupeFilter):
    """A request for an article already scheduled at the same depth or shallower is a duplicate.

    ``/Slug/!id/``, ``/!id/`` and ``&s=`` forms name one article. A request that reaches an
    article by a shorter path than the one scheduled before is not a duplicate: the scheduler
    hands out the shallower one first and drops the other (``BreadthFirstScheduler``), so the
    article is fetched once, at its shortest distance from the seeds. Other URLs are filtered
    by Scrapy's request fingerprint, as RFPDupeFilter does (and DiskFullDupeFilter, which
    stops the crawl when JOBDIR's file of them meets a full disk).
    """

    def __init__(
        self,
        path: str | None = None,
        debug: bool = False,
        *,
        fingerprinter: RequestFingerprinterProtocol | None = None,
    ) -> None:
        super().__init__(path, debug, fingerprinter=fingerprinter)
        # The shallowest depth each article was scheduled at (some 100 bytes an article).
        self.depths: dict[str, int] = {}

    def request_seen(self, request: Request) -> bool:
        key = request_key(request)
        if key is None:
            return super().request_seen(request)
        if continues(request):
            return False
        depth = request.meta.get("depth", 0)
        known = self.depths.get(key)
        if known is not None and known <= depth:
            return True
        self.depths[key] = depth
        return False

    def log(self, request: Request, spider: Spider) -> None:
        super().log(request, spider)
        if request_key(request) is not None:
            spider.crawler.stats.inc_value("taz/related/already_requested")
