"""Re-extraction on several cores: archived pages read ahead in worker processes.

The replayed crawl stays one process that takes one request at a time, so the order, the
depths, the referrers and every output file are those of a crawl without workers. Only
the page object's work (parse, page kind, ``ArticlePage.to_item``: two thirds of a page's
CPU time) runs ahead, in ``TAZ_REEXTRACT_WORKERS`` processes, over the archive's records
in file order, which is the order a breadth-first crawl archived and replays them in. The
spider takes a result only for the very page it was made from (URL, encoding and SHA-1 of
the body after the downloader middlewares); any other page it reads itself.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.http import TextResponse
from scrapy.settings import Settings
from scrapy.signalmanager import SignalManager
from scrapy.statscollectors import MemoryStatsCollector
from warcio.archiveiterator import ArchiveIterator

from tazcrawler.archive._warc import to_response
from tazcrawler.downloadermiddlewares.charset import CharsetRepairMiddleware
from tazcrawler.pages.extracted import Extracted, extract_page

if TYPE_CHECKING:
    from concurrent.futures import Future
    from pathlib import Path

    from scrapy.http import Response

__all__ = ["AHEAD", "ExtractionAhead", "read_ahead"]

logger = logging.getLogger(__name__)

# Request meta: (key of the page, Extracted) for the response the replay answered it with.
AHEAD = "taz_extracted_ahead"

# (file number, offset, URL) of one archived response record.
Record = tuple[int, int, str]
Key = tuple[str, str, bytes]


def page_key(response: Response) -> Key | None:
    """What must be equal for a page read ahead to be the page the spider got."""
    if not isinstance(response, TextResponse):
        return None
    return (response.url, response.encoding, hashlib.sha1(response.body).digest())


def read_ahead(response: Response) -> Extracted | None:
    """The page object's answer read ahead for ``response``, or None: read it here."""
    request = response.request
    if request is None:
        return None
    found = request.meta.pop(AHEAD, None)
    if found is None:
        return None
    key, extracted = found
    return extracted if key == page_key(response) else None


class ExtractionAhead:
    """A pool of worker processes extracting archived records a window ahead of the crawl.

    Records go to the workers in chunks, in the order given (file order). Asking for a
    record waits for its chunk and sends the next ``window`` chunks; chunks more than
    ``keep`` behind are let go, so memory stays bounded whatever the archive's size. A record
    whose chunk was let go, or whose worker failed, gets None: the spider reads it itself.
    """

    def __init__(
        self,
        paths: list[Path],
        records: list[Record],
        workers: int,
        *,
        settings: dict[str, Any],
        chunk: int = 16,
        window: int = 0,
        keep: int = 128,
    ) -> None:
        self.chunks = [records[i : i + chunk] for i in range(0, len(records), chunk)]
        self.chunk_of = {(f, o): n for n, part in enumerate(self.chunks) for f, o, _ in part}
        self.window = window or 4 * workers
        # Within a level a crawl archives pages as they arrive, out of the replay's order:
        # on the generated site (600 articles, 16 requests at a time) the replay came back
        # up to 20 chunks behind the furthest one it had asked for. Kept: 128 chunks of
        # results, some 2,000 articles.
        self.keep = max(keep, self.window)
        # spawn, not fork: the crawl process runs a reactor and threads.
        self.pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_open_archives,
            initargs=([str(p) for p in paths], settings),
        )
        self.futures: dict[int, Future[dict[tuple[int, int], tuple[Key, Extracted]]]] = {}
        self.sent = 0  # chunks below this were sent or passed over
        self.failed = False
        self._advance(0)

    def get(self, file: int, offset: int) -> tuple[Key, Extracted] | None:
        number = self.chunk_of.get((file, offset))
        if number is None or self.failed:
            return None
        if number not in self.futures and number < self.sent:
            return None  # let go: the crawl came back to it late
        self._advance(number)
        try:
            results = self.futures[number].result()
        except Exception as exc:  # a worker died or raised: the crawl reads pages itself
            logger.warning("Re-extraction workers failed (%r); extracting in one process", exc)
            self.failed = True
            return None
        return results.pop((file, offset), None)

    def _advance(self, number: int) -> None:
        for old in [n for n in self.futures if n < number - self.keep]:
            self.futures.pop(old).cancel()
        # A jump ahead skips what would be let go at once.
        self.sent = max(self.sent, number - self.keep)
        last = min(number + self.window, len(self.chunks) - 1)
        while self.sent <= last:
            self.futures[self.sent] = self.pool.submit(_extract_chunk, self.chunks[self.sent])
            self.sent += 1

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


# -- in the worker processes ------------------------------------------------------------

_archives: list[Any] = []
_middlewares: list[Any] = []


def _open_archives(paths: list[str], settings: dict[str, Any]) -> None:
    _archives[:] = [open(path, "rb") for path in paths]  # noqa: SIM115  (open for the worker's life)
    # The downloader middlewares that change an archived page's body or encoding, in the
    # order the crawl applies them; any other difference makes the spider read the page.
    crawler: Any = SimpleNamespace(settings=Settings(settings))
    crawler.stats = MemoryStatsCollector(crawler)
    crawler.signals = SignalManager(crawler)
    _middlewares[:] = [
        HttpCompressionMiddleware(crawler=crawler),
        CharsetRepairMiddleware(crawler.stats),
    ]


def _extract_chunk(records: list[Record]) -> dict[tuple[int, int], tuple[Key, Extracted]]:
    results = {}
    for file, offset, url in records:
        stream = _archives[file]
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        response: Any = to_response(record, url)
        request = Request(url)
        for middleware in _middlewares:
            response = middleware.process_response(request, response)
        key = page_key(response)
        if key is None:
            continue
        try:
            results[(file, offset)] = (key, extract_page(response))
        except Exception:  # the spider reads the page itself and reports the error
            continue
    return results
