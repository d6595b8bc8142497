"""One frontier for several workers: scrapy-redis's scheduler on leased, breadth-first queues."""

from __future__ import annotations

import functools
import logging
import os
import socket
import sys
import time
from typing import TYPE_CHECKING, Any

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis import connection
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from tazcrawler.frontier.dupefilter import continues, request_key
from tazcrawler.frontier.redis_dupefilter import RedisArticleDupeFilter
from tazcrawler.frontier.redis_queue import LeasedPriorityQueue
from tazcrawler.frontier.scheduler import _in_progress, _start_open

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

__all__ = ["FrontierUnavailable", "RedisFrontierScheduler", "connect", "crawl_key"]

logger = logging.getLogger(__name__)


class FrontierUnavailable(RuntimeError):
    """REDIS_URL names no Redis that answers; the message is the one line to show."""


def crawl_key(settings: BaseSettings) -> str:
    """``tazcrawler:<crawl id>``: what every key of the crawl's frontier starts with."""
    return f"{settings.get('TAZ_REDIS_PREFIX') or 'tazcrawler'}:{settings.get('TAZ_CRAWL_ID')}"


def connect(settings: BaseSettings) -> Any:
    """scrapy-redis's client for REDIS_URL, checked; FrontierUnavailable if it does not answer."""
    server = connection.from_settings(settings)
    try:
        server.ping()
    except redis.RedisError as exc:
        raise FrontierUnavailable(f"REDIS_URL {settings.get('REDIS_URL')}: {exc}") from exc
    return server


class RedisFrontierScheduler(Scheduler):  # type: ignore[misc]  # scrapy-redis is untyped
    """scrapy-redis's Scheduler with :class:`LeasedPriorityQueue` and
    :class:`RedisArticleDupeFilter` under the crawl's key, so that every worker started with
    the same ``TAZ_CRAWL_ID`` and ``REDIS_URL`` shares one frontier.

    What it adds to scrapy-redis's:

    * leases: each request this worker popped is acknowledged when the engine is done with
      it (downloaded, parsed, its links queued), and renewed while it is not; the engine's
      set of requests in progress tells which (the view ``BreadthFirstScheduler`` reads);
    * seeds: every worker's ``start()`` feeds the shared queue, where the dupefilter keeps
      one of each; while a worker is still feeding seeds, no deeper request goes out;
    * closing: a worker stays open (``DontCloseSpider``) while anything is left anywhere,
      queued or leased by another worker, and asks the shared queue again every
      ``poll_interval`` seconds, rather than on Scrapy's 5-second heartbeat;
    * ``SCHEDULER_PERSIST`` False clears the frontier when the last worker finds it drained;
      True keeps it (the articles handed out stay known to a later run with the same id).
    """

    def __init__(
        self,
        server: Any,
        *,
        worker: str = "",
        poll_interval: float = 0.2,
        lease_seconds: float = 60.0,
        max_articles: int = sys.maxsize,
        **kwargs: Any,
    ) -> None:
        super().__init__(server, **kwargs)
        self.worker = worker or f"{socket.gethostname()}-{os.getpid()}"
        self.poll_interval = poll_interval
        self.lease_seconds = lease_seconds
        self.max_articles = max_articles
        self.crawler: Crawler | None = None
        self.leases: dict[bytes, Request] = {}
        self._seeding = True
        self._loop: task.LoopingCall | None = None
        self._renewed = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        key = crawl_key(settings).replace("%", "%%")
        server = connect(settings)
        lease_seconds = settings.getfloat("TAZ_LEASE_SECONDS")
        max_articles = settings.getint("TAZ_MAX_ARTICLES")
        queue = functools.partial(
            LeasedPriorityQueue,
            lease_seconds=lease_seconds,
            max_articles=max_articles,
            handed_key=f"{key}:handed",
        )
        scheduler = cls(
            server,
            worker=settings.get("TAZ_WORKER") or "",
            lease_seconds=lease_seconds,
            max_articles=max_articles,
            persist=settings.getbool("SCHEDULER_PERSIST"),
            flush_on_start=settings.getbool("SCHEDULER_FLUSH_ON_START"),
            queue_key=f"{key}:requests",
            queue_cls=queue,
            dupefilter=RedisArticleDupeFilter(
                server, f"{key}:dupefilter", settings.getbool("DUPEFILTER_DEBUG")
            ),
            serializer=None,
        )
        scheduler.crawler = crawler
        scheduler.stats = crawler.stats
        crawler.signals.connect(scheduler._on_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Spider) -> None:
        super().open(spider)
        self.queue.renew([], self.worker)  # seeding: no deeper request until our seeds are in
        self._loop = task.LoopingCall(self._tick)
        self._loop.start(self.poll_interval, now=False)

    def close(self, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if reason == "finished":
            self._settle()
            self.queue.ack(list(self.leases))
        else:
            # Stopped (a signal, a full disk ...): what the engine had in hand may be cut
            # short, so it goes back to the queue, for the other workers or a restart.
            self.queue.release(list(self.leases))
        self.leases.clear()
        self.queue.done_seeding(self.worker)
        if not self.persist and self.queue.pending() == 0:
            self.flush()

    def has_pending_requests(self) -> bool:
        return len(self) > 0

    def enqueue_request(self, request: Request) -> bool:
        # scrapy-redis's, with a new article's dupefilter check and push in one step (see
        # LeasedPriorityQueue.push_unseen), and without its stats call's spider argument,
        # which Scrapy deprecated.
        key = request_key(request)
        if request.dont_filter or key is None or continues(request):
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.queue.push(request)
        elif not self.queue.push_unseen(request, key, self.df.articles_key):
            self.df.log(request, self.spider)
            return False
        self._inc("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        self._settle()
        popped = self.queue.lease()
        if popped.already:
            self._inc("taz/related/already_requested", popped.already)
        if popped.beyond:
            self._inc("taz/related/beyond_max_articles", popped.beyond)
        if popped.request is None:
            return None
        request: Request = popped.request
        self.leases[popped.entry] = request
        self._inc("scheduler/dequeued/redis")
        return request

    def _settle(self) -> None:
        """Acknowledge the leases the engine is done with."""
        engine = self._engine()
        slot = getattr(engine, "_slot", None)
        if not self.leases or slot is None or slot.closing:
            # Closing: a request that left the engine now may have been cut short.
            return
        running = set(map(id, _in_progress(engine)))
        done = [entry for entry, request in self.leases.items() if id(request) not in running]
        if done:
            self.queue.ack(done)
            for entry in done:
                del self.leases[entry]

    def _tick(self) -> None:
        engine = self._engine()
        self._settle()
        seeding = engine is not None and _start_open(engine)
        if self._seeding and not seeding:
            self._seeding = False
            self.queue.done_seeding(self.worker)
        # Renewed a few times a lease, so a slow download keeps its request.
        now = time.monotonic()
        if now - self._renewed >= self.lease_seconds / 4:
            self._renewed = now
            self.queue.renew(list(self.leases), self.worker if self._seeding else "")
        if engine is not None and getattr(engine, "_slot", None) is not None:
            # Another worker may have queued requests, or its lease expired (a pop puts it
            # back): ask the queue again now, not at Scrapy's 5-second heartbeat.
            engine._slot.nextcall.schedule()

    def _on_idle(self, spider: Spider) -> None:
        self._settle()
        if self.queue.pending():
            raise DontCloseSpider

    def _engine(self) -> Any:
        return self.crawler.engine if self.crawler is not None else None

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)
