"""The taz spider's discovery callbacks: sitemaps and feeds whose articles become seeds."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import scrapy

from tazcrawler.discovery import SeedFilter, read_listing, resolve_since
from tazcrawler.discovery.listings import Refused
from tazcrawler.runs.revisit import LISTED
from tazcrawler.spiders._failures import failure_reason

if TYPE_CHECKING:
    from collections.abc import Iterator

    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

    from tazcrawler.discovery import Entry, Listing
    from tazcrawler.spiders._params import CrawlParams

__all__ = ["DiscoveryMixin"]

logger = logging.getLogger(__name__)

# Request meta of a sitemap named by an index or robots.txt: the kind of listing that named it.
_NAMED_BY = "taz_listing_named_by"
_OLDEST = datetime.min.replace(tzinfo=UTC)


class DiscoveryMixin:
    """Read ``seeds_from`` listings and request the articles they list as depth-0 seeds.

    Listings are ordinary requests of the crawl (politeness, robots.txt, the archive and
    replay apply), at depth 0 like the seeds they yield (``depth_reset``), so ``max_depth``
    counts from each discovered seed and the frontier hands them out before any related
    article. A listing that is not one is refused, counted and logged, and the crawl goes on.
    """

    crawler: Crawler
    params: CrawlParams
    settings: BaseSettings
    _seed_filter: SeedFilter | None = None

    def listing_requests(self) -> Iterator[scrapy.Request]:
        """The requests for the ``seeds_from`` listings (none without them)."""
        if not self.params.seeds_from:
            return
        since = resolve_since(self.params.since, self.params.seeds_from, self.settings)
        self._seed_filter = SeedFilter(
            self.settings.get("TAZ_BASE_URL"), since, self.params.max_discovered
        )
        if since is not None:
            self.crawler.stats.set_value("taz/discovery/since", since.isoformat())
        logger.info(
            "Discovering seeds from %d listing(s), entries %s, at most %d",
            len(self.params.seeds_from),
            f"since {since.isoformat()}" if since else "of any date",
            self.params.max_discovered,
        )
        for url in self.params.seeds_from:
            yield self._listing_request(url)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        """Read a sitemap, sitemap index, robots.txt or feed; request what it lists."""
        seeds = self._seed_filter
        if seeds is None:  # start() has not read seeds_from: a request from an old JOBDIR
            return
        max_size = response.meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE"))
        try:
            listing = read_listing(response, max_size)
            if listing.kind == "sitemapindex" and response.meta.get(_NAMED_BY) == "sitemapindex":
                raise Refused("nested_index", "a sitemap index named by a sitemap index")
        except Refused as exc:
            self._refuse(response.url, exc.reason, exc.detail)
            return
        self._inc(f"discovery/read/{listing.kind}")
        if listing.problem:
            logger.warning("Listing %s is not well-formed: %s", response.url, listing.problem)
        if listing.lists_sitemaps:
            yield from self._sitemaps(response.url, listing, seeds)
        else:
            yield from self._seeds(response.url, listing, seeds)

    def on_listing_error(self, failure: Failure) -> None:
        """A listing that could not be fetched is refused with the fetch's reason."""
        request = failure.request  # type: ignore[attr-defined]
        url = request.meta.get("redirect_urls", [request.url])[0]
        self._refuse(url, failure_reason(failure), "fetch failed")

    def _sitemaps(self, url: str, listing: Listing, seeds: SeedFilter) -> Iterator[scrapy.Request]:
        skipped: Counter[str] = Counter()
        for entry in listing.entries:
            reason = seeds.sitemap_skip_reason(entry)
            if reason is None:
                yield self._listing_request(entry.url, named_by=listing.kind)
            else:
                skipped[reason] += 1
                logger.debug("Skipped sitemap %s (named by %s): %s", entry.url, url, reason)
        for reason, count in skipped.items():
            self._inc(f"discovery/skipped_sitemaps/{reason}", count)
        logger.info(
            "Read %s (%s): %d sitemaps named, %s",
            url,
            listing.kind,
            len(listing.entries),
            _summary(skipped),
        )

    def _seeds(self, url: str, listing: Listing, seeds: SeedFilter) -> Iterator[scrapy.Request]:
        skipped: Counter[str] = Counter()
        taken = 0
        self._inc("discovery/entries", len(listing.entries))
        # Newest first: when max_discovered cuts a listing, the newest entries are kept.
        for entry in sorted(listing.entries, key=_date, reverse=True):
            reason = seeds.skip_reason(entry)
            if reason is not None:
                skipped[reason] += 1
                logger.debug("Skipped listed entry %s (in %s): %s", entry.url, url, reason)
                continue
            taken += 1
            yield self._seed_request(entry)
        self._inc("discovery/seeds", taken)
        for reason, count in skipped.items():
            self._inc(f"discovery/skipped/{reason.replace(':', '/')}", count)
        if skipped["over_limit"]:
            logger.warning(
                "Reached max_discovered (%d): %d entries of %s not taken",
                seeds.max_discovered,
                skipped["over_limit"],
                url,
            )
        logger.info(
            "Read %s (%s): %d entries, %d seeds, %s",
            url,
            listing.kind,
            len(listing.entries),
            taken,
            _summary(skipped),
        )

    def _seed_request(self, entry: Entry) -> scrapy.Request:
        request: scrapy.Request = self._article_request(entry.url)  # type: ignore[attr-defined]
        request.meta["depth_reset"] = True
        if entry.date is not None:
            request.meta[LISTED] = entry.date.isoformat()
        return request

    def _listing_request(self, url: str, named_by: str | None = None) -> scrapy.Request:
        meta: dict[str, Any] = {"depth_reset": True}
        if named_by:
            meta[_NAMED_BY] = named_by
        return scrapy.Request(
            url, callback=self.parse_listing, errback=self.on_listing_error, meta=meta
        )

    def _refuse(self, url: str, reason: str, detail: str) -> None:
        self._inc(f"discovery/refused/{reason}")
        logger.warning("Refused listing %s: %s (%s)", url, detail, reason)

    def _inc(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"taz/{key}", count)


def _date(entry: Entry) -> datetime:
    return entry.date or _OLDEST


def _summary(skipped: Counter[str]) -> str:
    if not skipped:
        return "none skipped"
    return "skipped " + ", ".join(f"{r} {n}" for r, n in sorted(skipped.items()))
