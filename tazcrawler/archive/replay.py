"""Answers requests from WARC files instead of the network (``REPLAY_WARC``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from warcio.archiveiterator import ArchiveIterator

from tazcrawler.archive._check import checked_records
from tazcrawler.archive._warc import respond, target_uri, to_response
from tazcrawler.archive.ahead import AHEAD, ExtractionAhead, reading_processes, usable_cores
from tazcrawler.urls import article_id

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import BinaryIO

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

__all__ = ["NotArchived", "ReplayMiddleware", "WarcIndex", "replay_losses", "report_damage"]

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
    # The text edition's answers are found for gopher requests only: one article's web
    # page and gopher menu are two records.
    parts = urlsplit(url)
    site = (parts.hostname or "").removeprefix("www.")
    return f"gopher:{site}" if parts.scheme == "gopher" else site


class WarcIndex:
    """Where each archived response is: by exact URL and by (site, article id).

    Every URL form of one article (slug, short ``/!<id>/``, ``&s=...``, no trailing slash,
    http or https, a fragment) finds the same record; an exact URL match wins, then the
    article's 2xx response (the page itself rather than the short form's redirect to it).
    With several files, the first file that has a whole copy gives it; torn copies are
    skipped (``torn``).
    """

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = [Path(p) for p in paths]
        self._files: list[BinaryIO] = [p.open("rb") for p in self.paths]
        self._by_url: dict[str, _Entry] = {}
        self._by_article: dict[tuple[str, str], _Entry] = {}
        # (file, offset, URL) of every 2xx article response, in file order.
        self.pages: list[tuple[int, int, str]] = []
        #: Per file, the torn records skipped: (offset, what is wrong).
        self.torn: dict[Path, list[tuple[int, str]]] = {}
        #: The files in which not one record could be read.
        self.unreadable: list[Path] = []
        for number, stream in enumerate(self._files):
            self._index(number, stream)

    def _index(self, number: int, stream: BinaryIO) -> None:
        path = self.paths[number]
        readable = False
        for checked in checked_records(stream):
            record = checked.record
            if checked.problem is not None:
                # A torn copy is never served: another archive's copy answers, or none.
                self.torn.setdefault(path, []).append((checked.offset, checked.problem))
                continue
            readable = True
            if record is None:
                continue
            url = target_uri(record.rec_headers.get_header("WARC-Target-URI") or "")
            if record.rec_type == "resource" and url.startswith("gopher://"):
                status = 200  # gopher has no status; the gopher handler's responses have
            elif record.rec_type != "response" or record.http_headers is None:
                continue
            else:
                status = int(record.http_headers.get_statuscode())
            entry = _Entry(number, checked.offset, url, status)
            self._by_url.setdefault(url, entry)
            ident = article_id(url)
            if ident is None:
                continue
            if status // 100 == 2 and record.rec_type == "response":
                self.pages.append((number, entry.offset, url))
            key = (_site(url), ident)
            known = self._by_article.get(key)
            if known is None or (known.status // 100 != 2 and status // 100 == 2):
                self._by_article[key] = entry
        if not readable:
            self.unreadable.append(path)

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
        index = WarcIndex(Path(p) for p in paths if p not in absent)
        logger.info("Replaying %d archived URLs from %s", len(index), ", ".join(paths))
        report_damage(index, crawler.stats)
        workers = reading_processes(
            settings.getint("TAZ_REEXTRACT_WORKERS"), len(index.pages), usable_cores()
        )
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

    def _answer_ahead(self, request: Request, entry: _Entry, ahead: ExtractionAhead) -> Response:
        # The record as a worker read it, and the page object's answer for the spider.
        answer = ahead.get(entry.file, entry.offset)
        found = None if answer is None else answer[1]
        if found is None:
            request.meta.pop(AHEAD, None)
        else:
            request.meta[AHEAD] = found
        return self.index.read(entry) if answer is None else respond(answer[0], entry.url)

    def spider_closed(self, spider: Spider) -> None:
        if self.ahead is not None:
            self.ahead.close()
        self.index.close()
