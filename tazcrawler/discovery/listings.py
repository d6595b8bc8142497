"""Read a sitemap, a sitemap index, robots.txt or an RSS/Atom feed into what it lists.

Sitemaps are read by Scrapy's own parser (``scrapy.utils.sitemap``), gzipped ones
decompressed as ``SitemapSpider`` does (``gunzip`` with the download size limit), robots.txt
``Sitemap:`` lines by ``sitemap_urls_from_robots``, feeds by feedparser.
"""

from __future__ import annotations

import calendar
import struct
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

if TYPE_CHECKING:
    from scrapy.http import Response

__all__ = ["FEED_ROOTS", "Entry", "Listing", "Refused", "parse_w3c_date", "read_listing"]

# Root elements of RSS 2.0 / 0.9x, RSS 1.0 (RDF) and Atom documents.
FEED_ROOTS = frozenset({"rss", "RDF", "feed"})


class Refused(ValueError):
    """A document that is not a usable listing; ``reason`` is the stats key's last part."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{detail} ({reason})")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Entry:
    """One listed URL and the latest date the listing gives it (publication or change)."""

    url: str
    date: datetime | None = None


@dataclass(frozen=True)
class Listing:
    """What one document lists.

    ``kind`` is "urlset" (a sitemap), "sitemapindex", "robots" or the feed's version as
    feedparser names it ("rss20", "atom10", ...). For an index and robots.txt the entries are
    sitemaps, for the others pages. ``problem`` says what was wrong with a feed that was still
    readable (feedparser's "bozo" exception).
    """

    kind: str
    entries: list[Entry]
    problem: str | None = None

    @property
    def lists_sitemaps(self) -> bool:
        return self.kind in ("sitemapindex", "robots")


def read_listing(response: Response, max_size: int) -> Listing:
    """The listing in ``response``; raise Refused if it is none.

    ``max_size`` bounds a gzipped body once decompressed (a gzip bomb is refused).
    """
    if urlsplit(response.url).path == "/robots.txt":
        urls = sitemap_urls_from_robots(response.body, base_url=response.url)
        return Listing("robots", [Entry(url) for url in urls])
    body = _body(response, max_size)
    try:
        sitemap = _NewsSitemap(body)
    except (etree.LxmlError, StopIteration):
        raise Refused("not_xml", "not an XML document") from None
    if sitemap.type in ("urlset", "sitemapindex"):
        entries = [_sitemap_entry(d, response.url) for d in sitemap]
        return Listing(sitemap.type, [e for e in entries if e is not None])
    if sitemap.type in FEED_ROOTS:
        return _feed(body, response.url)
    raise Refused("not_a_listing", f"the root element is <{sitemap.type}>, not a sitemap or feed")


def parse_w3c_date(text: str | None) -> datetime | None:
    """A sitemap date (W3C Datetime: a date, or date and time with an offset) in UTC; a
    date without offset is taken as UTC. None if absent or not a date.

    >>> parse_w3c_date("2024-11-14T09:12:00+01:00").isoformat()
    '2024-11-14T08:12:00+00:00'
    >>> parse_w3c_date("2024-11-14").isoformat(), parse_w3c_date("gestern")
    ('2024-11-14T00:00:00+00:00', None)
    """
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class _NewsSitemap(Sitemap):
    """Scrapy's Sitemap, plus the news extension's publication date: Sitemap reads only the
    children of ``<url>``, and the date sits one level deeper (news:news/publication_date)."""

    __slots__ = ()

    def _process_sitemap_element(self, elem: etree._Element) -> dict[str, Any] | None:
        published = elem.findtext("{*}news/{*}publication_date")
        entry = super()._process_sitemap_element(elem)
        if entry is not None and published:
            entry["publication_date"] = published.strip()
        return entry


def _body(response: Response, max_size: int) -> bytes:
    if not gzip_magic_number(response):
        # A body sent with Content-Encoding: gzip was decompressed by HttpCompressionMiddleware.
        return response.body
    try:
        return gunzip(response.body, max_size=max_size)
    except _DecompressionMaxSizeExceeded:
        raise Refused(
            "too_large_decompressed", f"more than {max_size} bytes once decompressed"
        ) from None
    except (OSError, EOFError, zlib.error, struct.error) as exc:
        raise Refused("bad_gzip", f"a damaged gzip file: {exc}") from None


def _sitemap_entry(data: dict[str, Any], page_url: str) -> Entry | None:
    loc = data.get("loc")
    if not loc:
        return None
    dates = [parse_w3c_date(data.get(k)) for k in ("lastmod", "publication_date")]
    return Entry(_absolute(loc, page_url), max((d for d in dates if d), default=None))


def _absolute(url: str, page_url: str) -> str:
    # Listed URLs are absolute as the protocols require; urljoin on each of a 50,000-URL
    # sitemap's took 0.71 s, more than Scrapy's parse of it (0.40 s, bench/listings.py).
    return url if url.startswith(("https://", "http://")) else urljoin(page_url, url)


def _feed(body: bytes, page_url: str) -> Listing:
    # Bytes, never a URL or a file name: feedparser would fetch or open those itself.
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    problem = str(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    entries = []
    for item in parsed.entries:
        link = item.get("link")
        if not link:
            continue
        # "in" first: a missing updated_parsed would fall back to published_parsed, with a
        # DeprecationWarning.
        times = [item[k] for k in ("published_parsed", "updated_parsed") if k in item]
        dates = [datetime.fromtimestamp(calendar.timegm(t), UTC) for t in times if t]
        entries.append(Entry(_absolute(link, page_url), max(dates, default=None)))
    if problem and not entries:
        raise Refused("bad_feed", f"an unreadable feed: {problem}")
    return Listing(parsed.get("version") or "feed", entries, problem)
