"""Answers requests from WARC files instead of the network (``REPLAY_WARC``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from warcio.archiveiterator import ArchiveIterator

from tazcrawler.archive._warc import target_uri, to_response
from tazcrawler.archive.ahead import AHEAD, ExtractionAhead
from tazcrawler.urls import article_id

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import BinaryIO

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

__all__ = ["NotArchived", "ReplayMiddleware", "WarcIndex"]

logger = logging.getLogger(__name__)


class NotArchived(IgnoreRequest):
    """The replayed archives hold no response for the request's URL or article."""


@dataclass(frozen=True)
class _Entry:
    file: int
    offset: int
    url: str
    status: int


def _site(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


class WarcIndex:
    """Where each archived response is: by exact URL and by (site, article id).

    Every URL form of one article (slug, short ``/!<id>/``, ``&s=...``, no trailing slash,
    http or https, a fragment) finds the same record; an exact URL match wins, then the
    article's 2xx response (the page itself rather than the short form's redirect to it).
    With several files, the first file that has an answer gives it.
    """

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = [Path(p) for p in paths]
        self._files: list[BinaryIO] = [p.open("rb") for p in self.paths]
        self._by_url: dict[str, _Entry] = {}
        self._by_article: dict[tuple[str, str], _Entry] = {}
        # (file, offset, URL) of every 2xx article response, in file order.
        self.pages: list[tuple[int, int, str]] = []
        for number, stream in enumerate(self._files):
            iterator = ArchiveIterator(stream)
            for record in iterator:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                url = target_uri(record.rec_headers.get_header("WARC-Target-URI"))
                status = int(record.http_headers.get_statuscode())
                entry = _Entry(number, iterator.get_record_offset(), url, status)
                self._by_url.setdefault(url, entry)
                ident = article_id(url)
                if ident is None:
                    continue
                if status // 100 == 2:
                    self.pages.append((number, entry.offset, url))
                key = (_site(url), ident)
                known = self._by_article.get(key)
                if known is None or (known.status // 100 != 2 and status // 100 == 2):
                    self._by_article[key] = entry

    def __len__(self) -> int:
        return len(self._by_url)

    def find(self, url: str) -> _Entry | None:
        url = target_uri(url)
        entry = self._by_url.get(url)
        ident = article_id(url)
        if entry is None and ident is not None:
            entry = self._by_article.get((_site(url), ident))
        return entry

    def response(self, url: str) -> Response | None:
        """The archived response for ``url``, or None if the archives have none."""
        entry = self.find(url)
        return None if entry is None else self.read(entry)

    def read(self, entry: _Entry) -> Response:
        """The archived response at ``entry``."""
        stream = self._files[entry.file]
        stream.seek(entry.offset)
        record = next(iter(ArchiveIterator(stream)))
        # Found by article id under another URL form: the page is the one archived there.
        return to_response(record, entry.url)

    def close(self) -> None:
        for stream in self._files:
            stream.close()


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

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayMiddleware:
        settings = crawler.settings
        # getlist takes a list or a comma-separated string ("-s REPLAY_WARC=a.warc.gz,b.warc.gz").
        paths = settings.getlist("REPLAY_WARC")
        if not paths:
            raise NotConfigured  # no message: Scrapy would warn about every ordinary crawl
        index = WarcIndex(Path(p) for p in paths)
        logger.info("Replaying %d archived URLs from %s", len(index), ", ".join(paths))
        workers = settings.getint("TAZ_REEXTRACT_WORKERS")
        ahead = None
        if workers > 1 and index.pages:
            worker_settings = {
                name: settings.get(name) for name in ("DOWNLOAD_MAXSIZE", "DOWNLOAD_WARNSIZE")
            }
            ahead = ExtractionAhead(index.paths, index.pages, workers, settings=worker_settings)
            logger.info("Extracting archived pages ahead in %d worker processes", workers)
        fallback = settings.getbool("REPLAY_FALLBACK_TO_NETWORK")
        middleware = cls(index, fallback, crawler.stats, ahead)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> Response | None:
        entry = self.index.find(request.url)
        if entry is not None:
            response = self.index.read(entry)
            self.stats.inc_value("taz/replay/responses")
            if self.ahead is not None:
                found = self.ahead.get(entry.file, entry.offset)
                if found is None:
                    request.meta.pop(AHEAD, None)
                else:
                    request.meta[AHEAD] = found
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

    def spider_closed(self, spider: Spider) -> None:
        if self.ahead is not None:
            self.ahead.close()
        self.index.close()
