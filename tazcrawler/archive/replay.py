"""Answers requests from WARC files instead of the network (``REPLAY_WARC``)."""

from __future__ import annotations

import codecs
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from tazcrawler.archive._warc import respond, target_uri
from tazcrawler.archive.ahead import (
    AHEAD,
    ExtractionAhead,
    reading_processes,
    start_workers,
    usable_cores,
)
from tazcrawler.archive.index import WarcIndex
from tazcrawler.downloadermiddlewares.charset import proven_utf8

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

    from tazcrawler.archive.index import Entry

__all__ = ["NotArchived", "ReplayMiddleware", "replay_losses", "report_damage"]

logger = logging.getLogger(__name__)


class NotArchived(IgnoreRequest):
    """The replayed archives hold no response for the request's URL or article."""


def report_damage(index: WarcIndex, stats: StatsCollector) -> None:
    """Count the torn records (``taz/replay/torn``) and unreadable files; log each file once."""
    for path, torn in index.torn.items():
        stats.inc_value("taz/replay/torn", len(torn))
        offset, problem = torn[0]
        logger.warning(
            "Replay: skipped %d torn records in %s (the first at offset %d: %s)",
            len(torn),
            path,
            offset,
            problem,
        )
    for path in index.unreadable:
        stats.inc_value("taz/replay/unreadable_files")
        logger.error("Replay: %s holds no readable WARC record; nothing is replayed from it", path)


def replay_losses(counts: Mapping[str, Any]) -> dict[str, int]:
    """What a replay could not answer, from its stats; empty if it answered everything.

    A re-extraction that lacks responses (``taz/replay/missing``, which includes those
    whose only copy was torn) or could not read a whole file has not extracted what the
    crawl did, so it is not healthy. A torn record that another archive holds whole loses
    nothing: it is counted (``taz/replay/torn``) and logged, not judged.

    >>> replay_losses({"taz/replay/responses": 9, "taz/replay/missing": 2})
    {'missing': 2}
    >>> replay_losses({"taz/replay/responses": 9})
    {}
    """
    names = ("missing", "unreadable_files")
    losses = {name: int(counts.get(f"taz/replay/{name}", 0)) for name in names}
    return {name: count for name, count in losses.items() if count}


class ReplayMiddleware:
    """Downloader middleware: answer every request from ``REPLAY_WARC``, never the network.

    Placed last before the downloader (like HttpCacheMiddleware), so every request,
    robots.txt and redirects included, reaches it exactly as it would go out, and every
    response passes all other middlewares as a downloaded one would (decompression,
    redirects, retries, stats). A URL the archives lack fails its request with
    :class:`NotArchived`, counted as ``taz/replay/missing``; only
    ``REPLAY_FALLBACK_TO_NETWORK`` lets it through to the network instead.
    """

    def __init__(
        self,
        index: WarcIndex,
        fallback: bool,
        stats: StatsCollector,
        ahead: ExtractionAhead | None = None,
    ) -> None:
        self.index = index
        self.fallback = fallback
        self.stats = stats
        self.ahead = ahead
        self._planned: Request | None = None  # the request whose page was planned last

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayMiddleware:
        settings = crawler.settings
        # getlist takes a list or a comma-separated string ("-s REPLAY_WARC=a.warc.gz,b.warc.gz").
        paths = settings.getlist("REPLAY_WARC")
        if not paths:
            raise NotConfigured  # no message: Scrapy would warn about every ordinary crawl
        absent = [p for p in paths if not Path(p).is_file()]
        for path in absent:
            # One line the user can act on; the files that are there are replayed.
            logger.error("Replay: no such WARC file: %s; nothing is replayed from it", path)
            crawler.stats.inc_value("taz/replay/unreadable_files")
        present = [Path(p) for p in paths if p not in absent]
        workers = reading_processes(
            settings.getint("TAZ_REEXTRACT_WORKERS"),
            sum(path.stat().st_size for path in present),
            usable_cores(),
        )
        pool = None
        if workers > 1:
            worker_settings = {
                name: settings.get(name) for name in ("DOWNLOAD_MAXSIZE", "DOWNLOAD_WARNSIZE")
            }
            # Started first: they read the index with this process, then the pages.
            pool = start_workers(present, workers, worker_settings)
        index = WarcIndex(present, pool, workers)
        logger.info("Replaying %d archived URLs from %s", len(index), ", ".join(paths))
        report_damage(index, crawler.stats)
        ahead = None
        if pool is not None and index.pages:
            ahead = ExtractionAhead(index.pages, pool, workers)
            logger.info("Extracting archived pages ahead in %d worker processes", workers)
        elif pool is not None:
            pool.shutdown()
        fallback = settings.getbool("REPLAY_FALLBACK_TO_NETWORK")
        middleware = cls(index, fallback, crawler.stats, ahead)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        if ahead is not None:
            crawler.signals.connect(middleware.request_scheduled, signal=signals.request_scheduled)
            crawler.signals.connect(middleware.request_dropped, signal=signals.request_dropped)
        return middleware

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        # The engine sends request_dropped right after this one if the scheduler refuses
        # the request (an article already queued), before any other request is scheduled.
        # Its priority is the one the scheduler hands it out by.
        entry = self.index.find(request.url)
        ahead = self.ahead
        planned = False
        if entry is not None and ahead is not None:
            planned = ahead.plan(entry.file, entry.offset, entry.url, request.priority)
        self._planned = request if planned else None

    def request_dropped(self, request: Request, spider: Spider) -> None:
        if request is self._planned and self.ahead is not None:
            self.ahead.unplan_last()
        self._planned = None

    def process_request(self, request: Request) -> Response | None:
        entry = self.index.find(request.url)
        if entry is not None:
            if self.ahead is None:
                response = self.index.read(entry)
            else:
                response = self._answer_ahead(request, entry, self.ahead)
            self.stats.inc_value("taz/replay/responses")
            if target_uri(response.url) != target_uri(request.url):
                self.stats.inc_value("taz/replay/by_article_id")
            return response
        if self.fallback:
            self.stats.inc_value("taz/replay/network_fallback")
            logger.info("Not in the replay archive, fetching from the network: %s", request.url)
            return None
        self.stats.inc_value("taz/replay/missing")
        message = f"not in the replay archive (REPLAY_WARC): {request.url}"
        logger.warning("Replay: %s", message)
        raise NotArchived(message)

    def _answer_ahead(self, request: Request, entry: Entry, ahead: ExtractionAhead) -> Response:
        # The record as a worker read it, and the page object's answer for the spider.
        answer = ahead.get(entry.file, entry.offset)
        if answer is None:
            request.meta.pop(AHEAD, None)
            return self.index.read(entry)
        stored, found = answer
        if found is None:
            request.meta.pop(AHEAD, None)
        else:
            request.meta[AHEAD] = found
            _, encoding, body = found[0]
            # The worker's CharsetRepairMiddleware decoded these bytes as UTF-8, or the
            # encoding it left would be Windows-1252.
            if body is stored.body and codecs.lookup(encoding).name == "utf-8":
                proven_utf8(body)
        return respond(stored, entry.url)

    def spider_closed(self, spider: Spider) -> None:
        if self.ahead is not None:
            self.ahead.close()
        self.index.close()
