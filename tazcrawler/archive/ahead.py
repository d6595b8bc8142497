"""Re-extraction on several cores: archived pages read ahead in worker processes.

The replayed crawl stays one process that takes one request at a time, so the order, the
depths, the referrers and every output file are those of a crawl without workers. Only
the page object's work (parse, page kind, ``ArticlePage.to_item``: two thirds of a page's
CPU time) runs ahead, in ``TAZ_REEXTRACT_WORKERS`` processes, page by page as the replay
schedules their requests, which is the order it will ask for them in. A worker hands
back the record as stored, which the replay answers the request with, and the page
object's answer, which the spider takes only for the very page it was made from (URL,
encoding and body after the downloader middlewares); any other page it reads itself.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import wait
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.http import TextResponse
from scrapy.settings import Settings
from scrapy.signalmanager import SignalManager

from tazcrawler.archive._warc import Archived, read_archived, respond
from tazcrawler.downloadermiddlewares.charset import CharsetRepairMiddleware
from tazcrawler.pages._text import count_words, counted_elsewhere
from tazcrawler.pages.extracted import Extracted, extract_page
from tazcrawler.statscollectors import PlainStatsCollector

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future
    from pathlib import Path

    from scrapy.http import Response

__all__ = [
    "AHEAD",
    "ExtractionAhead",
    "read_ahead",
    "reading_processes",
    "start_workers",
    "usable_cores",
]

logger = logging.getLogger(__name__)

# Request meta: (key of the page, Extracted, words) for the response the replay answered it
# with; words: ``count_words`` of the article's paragraphs, as the worker counted them.
AHEAD = "taz_extracted_ahead"

# (file number, offset, URL) of one archived response record.
Record = tuple[int, int, str]
Key = tuple[str, str, bytes]
# The record as stored, and (its page's key, the page object's answer, words) for a page.
Ahead = tuple[Key, Extracted, int]
Answer = tuple[Archived, Ahead | None]
Results = dict[tuple[int, int], Answer]


# Smaller archives are read in the replay process alone. Starting two workers (spawn,
# imports, opening the archives) made a 9-page replay 1.5 to 2.5 s slower; on 2,970 pages
# they saved some 8 ms a page (BENCHMARKS.md, seventh round): even at about 300 pages,
# 7 MB of the generated site's archive (23 KB a page with its request and redirects).
# Bytes, not pages, since the workers also read the index, before the pages are known, and
# what they save grows with the bytes a page object parses.
MIN_BYTES_AHEAD = 8 << 20


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def reading_processes(setting: int, size: int, cores: int) -> int:
    """How many processes read archives of ``size`` bytes ahead; 1: the replay reads them.

    ``setting`` (``TAZ_REEXTRACT_WORKERS``) is taken as it is, but 0 means one per core,
    for archives large enough to pay for starting them.

    >>> MB = 1 << 20
    >>> reading_processes(0, 200 * MB, 2), reading_processes(0, MB, 2), reading_processes(3, MB, 2)
    (2, 1, 3)
    """
    if setting > 0:
        return setting
    return cores if size >= MIN_BYTES_AHEAD else 1


def start_workers(paths: list[Path], workers: int, settings: dict[str, Any]) -> ProcessPoolExecutor:
    """``workers`` processes that have the archives at ``paths`` open, and the downloader
    middlewares of ``settings`` (``DOWNLOAD_MAXSIZE``, ``DOWNLOAD_WARNSIZE``)."""
    # spawn, not fork: the crawl process runs a reactor and threads.
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_open_archives,
        initargs=([str(p) for p in paths], settings),
    )


def page_key(response: Response) -> Key | None:
    """What must be equal for a page read ahead to be the page the spider got."""
    if not isinstance(response, TextResponse):
        return None
    # The body itself, not a digest: comparing it is a memcmp, or nothing where it is the
    # very bytes the worker sent. A SHA-1 of the generated site's 146 KB pages took 100 us,
    # in the replay's busy main thread.
    return (response.url, response.encoding, response.body)


def read_ahead(response: Response) -> Extracted | None:
    """The page object's answer read ahead for ``response``, or None: read it here."""
    request = response.request
    if request is None:
        return None
    found: Ahead | None = request.meta.pop(AHEAD, None)
    if found is None:
        return None
    key, extracted, words = found
    if key != page_key(response):
        return None
    if extracted.item is not None:
        # The text pipeline counts the words again after normalising, as in one process,
        # where that count is a lookup; 3% of the replay's main thread here (py-spy).
        counted_elsewhere(extracted.item.paragraphs, words)
    return extracted


class ExtractionAhead:
    """A pool of worker processes extracting archived pages in the order the replay asks.

    The replay's scheduler hands requests out by priority (the depth: a level after the one
    before it), first in first out within one, so each page is planned (``plan``) when its
    request is scheduled, and sent to the workers in that order, at most ``window`` pages
    ahead of the replay, ``chunk`` pages a task once the window is full. Asking for a page
    (``get``) waits for its result; a page planned but not asked for within ``4 * window``
    pages after it was sent is let go, so memory stays bounded whatever the archive's size.
    A page not sent, let go, or whose worker failed gets None: the spider reads it itself.

    Neither file order nor scheduling order is the replay's: a crawl archives a level's
    pages as they arrive, 16 at a time, and a redirect's target is scheduled at its depth
    after deeper pages. On a 10,000-article archive a window in file order came too late
    for 22% of the pages (BENCHMARKS.md, seventh round).
    """

    def __init__(
        self,
        pages: list[Record],
        pool: Executor,
        workers: int,
        *,
        chunk: int = 8,
        window: int = 0,
    ) -> None:
        self.pages = frozenset((file, offset) for file, offset, _ in pages)
        self.chunk = chunk
        self.window = window or 32 * workers
        # Priority -> the pages planned at it, in order; the last one planned.
        self.planned: dict[int, deque[Record]] = {}
        self._last = 0
        self._sent_priority = 0  # of the page sent last
        self.waiting: set[tuple[int, int]] = set()  # planned or sent, not asked for yet
        # Asked for: most requests for them are duplicates that the scheduler drops, but
        # only after they were planned (a few thousand pages' worth of work, else).
        self.asked_for: set[tuple[int, int]] = set()
        # Page -> (pages asked for when it was sent, its chunk's result), oldest first.
        self.sent: dict[tuple[int, int], tuple[int, Future[Results]]] = {}
        self.asked = 0
        self.failed = False
        self.pool = pool  # (``start_workers``) shut down with this

    def plan(self, file: int, offset: int, url: str, priority: int) -> bool:
        """Read the page at ``(file, offset)`` ahead, requested at ``priority``; False if it
        is no page or already planned."""
        key = (file, offset)
        if self.failed or key not in self.pages or key in self.waiting or key in self.asked_for:
            return False
        self.planned.setdefault(priority, deque()).append((file, offset, url))
        self._last = priority
        self.waiting.add(key)
        # Now, not at the next ``get``: that is often this very page's turn.
        self._send()
        return True

    def unplan_last(self) -> None:
        """Forget the page planned last: the scheduler dropped its request (a duplicate)."""
        planned = self.planned.get(self._last)
        if planned:
            file, offset, _ = planned.pop()
            self.waiting.discard((file, offset))
            if not planned:
                del self.planned[self._last]
        # Already sent: its result is let go with the others never asked for.

    def get(self, file: int, offset: int) -> Answer | None:
        key = (file, offset)
        self.asked += 1
        self.asked_for.add(key)
        self.waiting.discard(key)  # not sent yet: the spider reads it; skipped when its turn comes
        found = self.sent.pop(key, None)
        self._send()
        if found is None or self.failed:
            return None
        try:
            results = found[1].result()
        except Exception as exc:  # a worker died or raised: the crawl reads pages itself
            logger.warning("Re-extraction workers failed (%r); extracting in one process", exc)
            self.failed = True
            return None
        return results.pop(key, None)

    def _send(self) -> None:
        # Sent long ago and never asked for: its request was dropped after all.
        while self.sent:
            key, (asked, future) = next(iter(self.sent.items()))
            if asked >= self.asked - 4 * self.window:
                break
            del self.sent[key]
            self.waiting.discard(key)
            future.cancel()
        # A task goes out once the window has room for a whole chunk; else each page asked
        # for would free one place and send one page: on a 9,897-article replay every task
        # held one page, and each costs the replay's main process a wake-up of the pool's
        # threads and a message (the replay's bottleneck with two workers).
        step = min(self.chunk, self.window)
        while len(self.sent) < self.window and self.planned and not self.failed:
            room = self.window - len(self.sent)
            # A page planned at a higher priority than the last one sent (a redirect's
            # target, scheduled late at its depth) is asked for before those in flight: it
            # goes out at once, in a task of its own if need be.
            if room < step and max(self.planned) <= self._sent_priority:
                return
            part: list[Record] = []
            while len(part) < min(step, room) and self.planned:
                first = max(self.planned)
                planned = self.planned[first]
                record = planned.popleft()
                if not planned:
                    del self.planned[first]
                if record[:2] in self.waiting:
                    part.append(record)
                    self._sent_priority = first
            if not part:
                return
            future = self.pool.submit(_extract_chunk, part)
            for file, offset, _ in part:
                self.sent[(file, offset)] = (self.asked, future)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


# -- in the worker processes ------------------------------------------------------------

_archives: list[Any] = []
_middlewares: list[Any] = []


def _open_archives(paths: list[str], settings: dict[str, Any]) -> None:
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()
    _archives[:] = [open(path, "rb") for path in paths]  # noqa: SIM115  (open for the worker's life)
    # The downloader middlewares that change an archived page's body or encoding, in the
    # order the crawl applies them; any other difference makes the spider read the page.
    crawler: Any = SimpleNamespace(settings=Settings(settings))
    crawler.stats = PlainStatsCollector(crawler)
    crawler.signals = SignalManager(crawler)
    _middlewares[:] = [
        HttpCompressionMiddleware(crawler=crawler),
        CharsetRepairMiddleware(crawler.stats),
    ]


def _exit_with(sentinel: int) -> None:
    # A worker waits for tasks on a pipe that it holds open itself, so it outlived a replay
    # killed with SIGKILL (two orphans sleeping for good, tested). multiprocessing's parent
    # sentinel is readable once the parent is gone, even before this worker started.
    wait([sentinel])
    os._exit(1)


def _extract_chunk(records: list[Record]) -> Results:
    results = {}
    for file, offset, url in records:
        stored = read_archived(_archives[file], offset)
        results[(file, offset)] = (stored, _extracted(stored, url))
    return results


def _extracted(stored: Archived, url: str) -> Ahead | None:
    response: Any = respond(stored, url)
    request = Request(url)
    try:
        for middleware in _middlewares:
            response = middleware.process_response(request, response)
        key = page_key(response)
        if key is None:
            return None
        extracted = extract_page(response)
        item = extracted.item
        # A lookup after the page object's own count (tazcrawler/pages/_text.py).
        return key, extracted, 0 if item is None else count_words(item.paragraphs)
    except Exception:  # the spider reads the page itself and reports the error
        return None
