"""The test site's listings, in the real schemas, and broken variants of them.

A news sitemap (``/sitemap-google-news.xml``, Google's news extension), a sitemap index
(``/sitemap-index.xml``) naming it and a gzipped sitemap of every article and some listing
pages (``/sitemap-artikel.xml.gz``), and RSS 2.0 at taz's feed addresses (``/!p4608;rss/``,
``/rss.xml``) with a podcast, an English page and an entry off the site among the articles.
The broken ones: an HTML page where a sitemap should be, a gzip bomb and a feed larger than
any download limit. They list the sample site's articles (``content.ARTICLES``, new ones
published by ``testsite.publish`` included), newest first.
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
    from collections.abc import Callable
    from http.server import BaseHTTPRequestHandler

    from testsite.model import Article

__all__ = ["BROKEN", "LISTINGS", "NEWS_COUNT", "NOT_ARTICLES", "newest", "serve_listing"]

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
# Bytes of zeros the gzip bomb inflates to: above any download limit, 64 KB on the wire.
BOMB_SIZE = 64 << 20


def newest(count: int | None = None) -> list[Article]:
    """The site's articles, newest first (the first ``count`` of them)."""
    articles = sorted(ARTICLES.values(), key=lambda a: a.published, reverse=True)
    return articles[:count]


def _xml(root: str, namespaces: str, items: list[str]) -> bytes:
    body = "\n".join(items)
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} {namespaces}>\n{body}\n</{root}>\n'
    return text.encode("utf-8")


def news_sitemap(base: str) -> bytes:
    """The Google News sitemap of the newest articles."""
    items = [
        f"<url><loc>{escape(base + a.path)}</loc><news:news><news:publication>"
        "<news:name>taz</news:name><news:language>de</news:language></news:publication>"
        f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
        f"<news:title>{escape(a.headline)}</news:title></news:news></url>"
        for a in newest(NEWS_COUNT)
    ]
    return _xml("urlset", f'xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}"', items)


def full_sitemap(base: str) -> bytes:
    """A plain sitemap of every article (lastmod: its last change) and some listing pages."""
    items = [
        f"<url><loc>{escape(base + a.path)}</loc>"
        f"<lastmod>{(a.modified or a.published).isoformat()}</lastmod></url>"
        for a in newest()
    ]
    items += [
        f"<url><loc>{escape(base + p)}</loc><changefreq>hourly</changefreq></url>"
        for p in NOT_ARTICLES["sitemap"]
    ]
    return _xml("urlset", f'xmlns="{SITEMAP_NS}"', items)


def sitemap_index(base: str) -> bytes:
    """The index naming the news sitemap and the sitemap of every article."""
    latest = newest(1)[0]
    lastmod = (latest.modified or latest.published).isoformat()
    items = [
        f"<sitemap><loc>{escape(base + path)}</loc><lastmod>{lastmod}</lastmod></sitemap>"
        for path in ("/sitemap-google-news.xml", "/sitemap-artikel.xml.gz")
    ]
    return _xml("sitemapindex", f'xmlns="{SITEMAP_NS}"', items)


def _rss_item(title: str, link: str, published: str, description: str) -> str:
    return (
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f'<guid isPermaLink="true">{escape(link)}</guid><pubDate>{published}</pubDate>'
        f"<description>{escape(description)}</description></item>"
    )


def rss(base: str) -> bytes:
    """RSS 2.0 of the newest articles, a podcast episode, an English page and one entry
    on another site."""
    articles = newest(NEWS_COUNT)
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


_XML = "application/xml; charset=utf-8"
_RSS = "application/rss+xml; charset=utf-8"


def _document(render: Callable[[str], bytes], content_type: str) -> Callable[..., None]:
    return lambda handler, base: _send(handler, render(base), content_type)


#: The listings, by path.
LISTINGS: dict[str, Callable[[BaseHTTPRequestHandler, str], None]] = {
    "/sitemap-google-news.xml": _document(news_sitemap, _XML),
    "/sitemap-index.xml": _document(sitemap_index, _XML),
    "/sitemap-artikel.xml.gz": _document(
        lambda base: gzip.compress(full_sitemap(base), mtime=0), "application/x-gzip"
    ),
    "/!p4608;rss/": _document(rss, _RSS),
    "/rss.xml": _document(rss, _RSS),
}
#: The broken listings by path, with the reason a crawl refuses each
#: (``taz/discovery/refused/<reason>``).
BROKEN: dict[str, tuple[Callable[[BaseHTTPRequestHandler, str], None], str]] = {
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


def serve_listing(handler: BaseHTTPRequestHandler, target: str, base: str) -> bool:
    """Answer ``target`` if it is a listing or a broken one; False if not."""
    path = urlsplit(target).path
    serve = LISTINGS.get(path) or BROKEN.get(path, (None,))[0]
    if serve is None:
        return False
    serve(handler, base)
    return True
