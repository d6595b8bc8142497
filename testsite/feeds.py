"""The test site's listings, in the real schemas, and broken variants of them.

A news sitemap (``/sitemap-google-news.xml``, Google's news extension), a sitemap index
(``/sitemap-index.xml``) naming it and a gzipped sitemap of every article and some listing
pages (``/sitemap-artikel.xml.gz``), and RSS 2.0 at taz's feed addresses (``/!p4608;rss/``,
``/rss.xml``) with a podcast, an English page and an entry off the site among the articles.
The broken ones: plain text and an HTML page where a sitemap should be, a gzip bomb and a
feed larger than any download limit. A site's ``Listings`` list its articles newest first:
the sample site's (``content.ARTICLES``, ``SAMPLE``) or a generated one's
(``GeneratedSite.listings``), new ones published by ``testsite.publish`` included.
"""

from __future__ import annotations

import functools
import gzip
from email.utils import format_datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from testsite.content import ARTICLES, AUTHORS, OFFSITE_URL, TAGS
from testsite.faults import HUGE_SIZE

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from http.server import BaseHTTPRequestHandler

    from testsite.model import Article

__all__ = [
    "BROKEN",
    "LISTINGS",
    "NEWS_COUNT",
    "NOT_ARTICLES",
    "SAMPLE",
    "Listings",
    "full_sitemap",
    "newest",
    "news_sitemap",
    "rss",
    "sitemap_index",
]

# The news sitemap and the feed list this many of the newest articles (taz's, about two days').
NEWS_COUNT = 10
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
# Listed, but not articles: what a crawl skips as related links are skipped.
RESSORT_PATH = "/Politik/!p4615/"
PODCAST_PATH = "/Podcast/Bundestalk-Folge-17/"
ENGLISH_PATH = "/taz-in-English/!p5150/"
NOT_ARTICLES = {
    "sitemap": (RESSORT_PATH, TAGS["5200001"].path, AUTHORS["90001"].path),
    "feed": (PODCAST_PATH, ENGLISH_PATH),
}
_XML = "application/xml; charset=utf-8"
_RSS = "application/rss+xml; charset=utf-8"
# Bytes of zeros the gzip bomb inflates to: above any download limit, 64 KB on the wire.
BOMB_SIZE = 64 << 20


def newest(count: int | None = None) -> list[Article]:
    """The sample site's articles, newest first (the first ``count`` of them)."""
    articles = sorted(ARTICLES.values(), key=lambda a: a.published, reverse=True)
    return articles[:count]


def _xml(root: str, namespaces: str, items: list[str]) -> bytes:
    body = "\n".join(items)
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} {namespaces}>\n{body}\n</{root}>\n'
    return text.encode("utf-8")


def _rss_item(title: str, link: str, published: str, description: str) -> str:
    return (
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f'<guid isPermaLink="true">{escape(link)}</guid><pubDate>{published}</pubDate>'
        f"<description>{escape(description)}</description></item>"
    )


class Listings:
    """The listings of one site. ``newest(count)`` gives the site's articles newest first
    (all of them for None); the news sitemap and the feed list the first ``news_count``."""

    def __init__(
        self, newest: Callable[[int | None], Sequence[Article]], news_count: int = NEWS_COUNT
    ) -> None:
        self.newest = newest
        self.news_count = news_count

    def news_sitemap(self, base: str) -> bytes:
        """The Google News sitemap of the newest articles."""
        items = [
            f"<url><loc>{escape(base + a.path)}</loc><news:news><news:publication>"
            "<news:name>taz</news:name><news:language>de</news:language></news:publication>"
            f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
            f"<news:title>{escape(a.headline)}</news:title></news:news></url>"
            for a in self.newest(self.news_count)
        ]
        return _xml("urlset", f'xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}"', items)

    def full_sitemap(self, base: str) -> bytes:
        """A plain sitemap of every article (lastmod: its last change) and some listing pages."""
        items = [
            f"<url><loc>{escape(base + a.path)}</loc>"
            f"<lastmod>{(a.modified or a.published).isoformat()}</lastmod></url>"
            for a in self.newest(None)
        ]
        items += [
            f"<url><loc>{escape(base + p)}</loc><changefreq>hourly</changefreq></url>"
            for p in NOT_ARTICLES["sitemap"]
        ]
        return _xml("urlset", f'xmlns="{SITEMAP_NS}"', items)

    def sitemap_index(self, base: str) -> bytes:
        """The index naming the news sitemap and the sitemap of every article."""
        latest = self.newest(1)[0]
        lastmod = (latest.modified or latest.published).isoformat()
        items = [
            f"<sitemap><loc>{escape(base + path)}</loc><lastmod>{lastmod}</lastmod></sitemap>"
            for path in ("/sitemap-google-news.xml", "/sitemap-artikel.xml.gz")
        ]
        return _xml("sitemapindex", f'xmlns="{SITEMAP_NS}"', items)

    def rss(self, base: str) -> bytes:
        """RSS 2.0 of the newest articles, a podcast episode, an English page and one entry
        on another site."""
        articles = self.newest(self.news_count)
        when = format_datetime(articles[0].published)
        items = [
            _rss_item(a.headline, base + a.path, format_datetime(a.published), a.teaser)
            for a in articles
        ]
        items += [
            _rss_item("Bundestalk: Folge 17", base + PODCAST_PATH, when, "Der politische Podcast."),
            _rss_item("taz in English", base + ENGLISH_PATH, when, "Articles in English."),
            _rss_item("Anderswo", OFFSITE_URL, when, "Ein Eintrag auf einer anderen Seite."),
        ]
        channel = (
            "<channel><title>taz.de - taz.de</title>"
            f"<link>{escape(base)}/</link><description>Die Nachrichten der taz</description>"
            f'<language>de</language><atom:link href="{escape(base)}/rss.xml" rel="self" '
            f'type="application/rss+xml"/><lastBuildDate>{when}</lastBuildDate>'
            + "".join(items)
            + "</channel>"
        )
        return _xml("rss", 'version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"', [channel])

    def serve(self, handler: BaseHTTPRequestHandler, target: str, base: str) -> bool:
        """Answer ``target`` if it is a listing or a broken one; False if not."""
        path = urlsplit(target).path
        if path in BROKEN:
            BROKEN[path][0](handler, base)
            return True
        render = {
            "/sitemap-google-news.xml": (self.news_sitemap, _XML),
            "/sitemap-index.xml": (self.sitemap_index, _XML),
            "/sitemap-artikel.xml.gz": (self._gzipped_full_sitemap, "application/x-gzip"),
            "/!p4608;rss/": (self.rss, _RSS),
            "/rss.xml": (self.rss, _RSS),
        }.get(path)
        if render is None:
            return False
        _send(handler, render[0](base), render[1])
        return True

    def _gzipped_full_sitemap(self, base: str) -> bytes:
        return gzip.compress(self.full_sitemap(base), mtime=0)


@functools.cache
def _gzip_bomb() -> bytes:
    member = gzip.compress(b"\0" * (8 << 20), compresslevel=9)
    return member * (BOMB_SIZE // (8 << 20))


def _send(handler: BaseHTTPRequestHandler, body: bytes, content_type: str) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _serve_huge_feed(handler: BaseHTTPRequestHandler, base: str) -> None:
    # No Content-Length, on a connection closed after it: only counting tells the size.
    handler.close_connection = True
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml; charset=utf-8")
    handler.send_header("Connection", "close")
    handler.end_headers()
    item = _rss_item("Noch ein Eintrag", f"{base}/Eintrag/!1000001/", "", "x" * 4000).encode()
    try:
        handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
        for _ in range(HUGE_SIZE // len(item) + 1):
            handler.wfile.write(item)
    except OSError:
        return  # the client gave up, as it should


def _document(render: Callable[[str], bytes], content_type: str) -> Callable[..., None]:
    return lambda handler, base: _send(handler, render(base), content_type)


#: The broken listings by path, with the reason a crawl refuses each
#: (``taz/discovery/refused/<reason>``).
BROKEN: dict[str, tuple[Callable[[BaseHTTPRequestHandler, str], None], str]] = {
    "/sitemap-wartung.xml": (
        _document(lambda base: b"Wartungsarbeiten bis 6 Uhr.\n", "text/plain"),
        "not_xml",
    ),
    "/sitemap-kaputt.xml": (
        _document(lambda base: b"<!DOCTYPE html><html><body>Wartung</body></html>", "text/html"),
        "not_a_listing",
    ),
    "/sitemap-bombe.xml.gz": (
        _document(lambda base: _gzip_bomb(), "application/x-gzip"),
        "too_large_decompressed",
    ),
    "/rss-riesig.xml": (_serve_huge_feed, "too_large"),
}


#: The sample site's listings; ``news_sitemap(base)`` and the others are its.
SAMPLE = Listings(newest)
#: The listings' paths, on every site.
LISTINGS = (
    "/sitemap-google-news.xml",
    "/sitemap-index.xml",
    "/sitemap-artikel.xml.gz",
    "/!p4608;rss/",
    "/rss.xml",
)
news_sitemap = SAMPLE.news_sitemap
full_sitemap = SAMPLE.full_sitemap
sitemap_index = SAMPLE.sitemap_index
rss = SAMPLE.rss
