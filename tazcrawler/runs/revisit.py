"""Downloader middleware: an article not due for a visit is answered from the state store."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

from scrapy import signals
from scrapy.http import TextResponse

from tazcrawler.runs.clock import parse_utc, utc_now
from tazcrawler.runs.store import store_opener
from tazcrawler.urls import article_id

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

    from tazcrawler.runs.store import ArticleState, StateStore

__all__ = [
    "KNOWN",
    "LISTED",
    "RESUMED",
    "KnownArticle",
    "RevisitMiddleware",
    "on_site",
    "read_known",
]

logger = logging.getLogger(__name__)

# The flag of a response made from the state store, not downloaded.
KNOWN = "known"
# Request meta: the request re-enters an article a resumed run had checked before.
RESUMED = "taz_resumed"
# Request meta: the date (ISO 8601) a sitemap or feed gives a discovered article. Later than
# the article's last check, it says the article changed since: it is due.
LISTED = "taz_listed"


class KnownArticle(NamedTuple):
    """What the store knows of an article the run does not fetch: enough to go on from it."""

    article_id: str
    url: str
    related: list[tuple[str, str]]  # (url, article id), in the order of the page


def read_known(response: Response) -> KnownArticle | None:
    """The known article a response carries, or None if it was downloaded."""
    if KNOWN not in response.flags:
        return None
    data = json.loads(response.body)
    return KnownArticle(data["article_id"], data["url"], [(u, i) for u, i in data["related"]])


def on_site(url: str, base_url: str) -> str:
    """``url`` on the crawl's host: a stored URL names the host of its crawl (a mirror, the
    sample site on another port), the article path is what counts."""
    base = urlsplit(base_url)
    parts = urlsplit(url)
    if parts.scheme == "gopher":
        return url  # the text edition's server, not the web site's (docs/text-edition.md)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))


def _listed_since_checked(listed: str | None, store: StateStore, url: str) -> bool:
    # The store is asked only for a discovered seed: other requests carry no listed date.
    if not listed:
        return False
    known = store.current(url)
    return known is not None and parse_utc(listed) > parse_utc(known.last_seen)


class RevisitMiddleware:
    """Answer requests for articles the run does not fetch again, from the state store.

    Not fetched: an article this run has checked already (a resumed run's earlier attempt
    did), and a known article that is not due (checked less than ``TAZ_REVISIT_INTERVAL``
    seconds ago; given seeds are always due, seeds from a sitemap or feed when it dates them
    later than their last check). The answer is a response flagged ``known`` that
    carries the article's stored related links: the spider follows them as it follows a
    fetched page's, through the scheduler, so the walk over known articles is breadth first
    and iterative like the crawl itself, whatever the size of the store.
    """

    def __init__(
        self,
        open_store: Callable[[], StateStore],
        stats: StatsCollector,
        *,
        crawl_id: str,
        revisit_interval: float,
        base_url: str,
    ) -> None:
        self.open_store = open_store
        self.stats = stats
        self.crawl_id = crawl_id
        self.revisit_interval = revisit_interval
        self.base_url = base_url
        self.store: StateStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        assert crawler.stats is not None
        middleware = cls(
            store_opener(settings),
            crawler.stats,
            crawl_id=settings.get("TAZ_CRAWL_ID"),
            revisit_interval=settings.getfloat("TAZ_REVISIT_INTERVAL"),
            base_url=settings.get("TAZ_BASE_URL"),
        )
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self) -> None:
        self.store = self.open_store()

    def spider_closed(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def process_request(self, request: Request) -> Response | None:
        target = article_id(request.url)
        store = self.store
        if target is None or store is None:
            return None
        meta = request.meta
        standing = store.standing(self.crawl_id, target, self.revisit_interval, utc_now())
        if standing == "checked":
            self.stats.inc_value("taz/incremental/checked_before")
        elif (
            standing == "due"
            or (meta.get("is_start_request") and not meta.get(RESUMED))
            or _listed_since_checked(meta.get(LISTED), store, target)
        ):
            return None
        else:
            self.stats.inc_value("taz/incremental/not_due")
            store.record_known(self.crawl_id, target, meta.get("depth", 0))
        known = store.current(target)
        if known is None:
            return None
        return self._known_response(request, known)

    def _known_response(self, request: Request, known: ArticleState) -> TextResponse:
        data: dict[str, Any] = {
            "article_id": known.article_id,
            "url": on_site(known.url, self.base_url),
            "related": [(on_site(url, self.base_url), i) for i, url in known.related],
        }
        return TextResponse(
            url=request.url,
            body=json.dumps(data).encode("utf-8"),
            encoding="utf-8",
            request=request,
            flags=[KNOWN],
        )
