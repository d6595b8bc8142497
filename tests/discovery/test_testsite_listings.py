"""The test site's listings are in the real schemas: the published XSDs, and feedparser."""

from __future__ import annotations

import gzip
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.request import urlopen

import feedparser
import pytest
from lxml import etree

from testsite.feeds import BROKEN, NEWS_COUNT, NOT_ARTICLES, newest
from testsite.generate import NEWS_COUNT as GENERATED_NEWS_COUNT
from testsite.generate import GeneratedSite
from testsite.server import serve

if TYPE_CHECKING:
    from collections.abc import Iterator

SCHEMAS = Path(__file__).resolve().parent.parent / "fixtures" / "schemas"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def _schema(imports: dict[str, str]) -> etree.XMLSchema:
    # The sitemap schemas take other namespaces' elements with processContents="strict": the
    # news extension is checked against its own schema, imported beside the core one.
    lines = "".join(
        f'<xsd:import namespace="{ns}" schemaLocation="{(SCHEMAS / name).as_uri()}"/>'
        for ns, name in imports.items()
    )
    driver = f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">{lines}</xsd:schema>'
    return etree.XMLSchema(etree.fromstring(driver.encode()))


URLSET = _schema({SITEMAP_NS: "sitemap.xsd", NEWS_NS: "sitemap-news.xsd"})
INDEX = _schema({SITEMAP_NS: "siteindex.xsd"})


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve() as url:
        yield url


def _get(url: str) -> bytes:
    with urlopen(url, timeout=10) as response:
        return response.read()


def _valid(schema: etree.XMLSchema, body: bytes) -> etree._Element:
    document = etree.fromstring(body)
    assert schema.validate(document), schema.error_log.last_error
    return document


def test_the_news_sitemap_is_valid_and_dates_the_newest_articles(base: str) -> None:
    document = _valid(URLSET, _get(f"{base}/sitemap-google-news.xml"))
    ns = {"s": SITEMAP_NS, "n": NEWS_NS}
    locs = document.xpath("/s:urlset/s:url/s:loc/text()", namespaces=ns)
    dates = document.xpath("//n:news/n:publication_date/text()", namespaces=ns)
    articles = newest(NEWS_COUNT)
    assert locs == [f"{base}{a.path}" for a in articles]
    assert dates == [a.published.isoformat() for a in articles]


def test_the_sitemap_index_and_the_gzipped_sitemap_it_names_are_valid(base: str) -> None:
    index = _valid(INDEX, _get(f"{base}/sitemap-index.xml"))
    named = index.xpath("//s:sitemap/s:loc/text()", namespaces={"s": SITEMAP_NS})
    assert named == [f"{base}/sitemap-google-news.xml", f"{base}/sitemap-artikel.xml.gz"]
    sitemap = _valid(URLSET, gzip.decompress(_get(named[1])))
    locs = sitemap.xpath("//s:loc/text()", namespaces={"s": SITEMAP_NS})
    expected = [f"{base}{a.path}" for a in newest()]
    assert locs == expected + [f"{base}{p}" for p in NOT_ARTICLES["sitemap"]]


def test_an_invalid_sitemap_fails_the_schema() -> None:
    # The check above could not pass a sitemap that breaks the schema.
    bad = (
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}"><url><loc>https://taz.de/!1/</loc>'
        "<news:news><news:publication_date>gestern</news:publication_date></news:news>"
        "</url></urlset>"
    )
    assert not URLSET.validate(etree.fromstring(bad.encode()))


@pytest.mark.parametrize("path", ["/!p4608;rss/", "/rss.xml"])
def test_the_rss_feed_is_well_formed_rss_2(base: str, path: str) -> None:
    feed = feedparser.parse(_get(f"{base}{path}"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    links = [entry.link for entry in feed.entries]
    assert links[:NEWS_COUNT] == [f"{base}{a.path}" for a in newest(NEWS_COUNT)]
    assert all(entry.published_parsed for entry in feed.entries)
    assert len(links) == NEWS_COUNT + len(NOT_ARTICLES["feed"]) + 1  # and one off the site


def test_the_broken_listings_are_served(base: str) -> None:
    assert set(BROKEN) == {
        "/sitemap-wartung.xml",
        "/sitemap-kaputt.xml",
        "/sitemap-bombe.xml.gz",
        "/rss-riesig.xml",
    }
    assert _get(f"{base}/sitemap-wartung.xml").startswith(b"Wartungsarbeiten")
    assert _get(f"{base}/sitemap-kaputt.xml").startswith(b"<!DOCTYPE html>")
    bomb = _get(f"{base}/sitemap-bombe.xml.gz")
    assert len(bomb) < 1 << 20  # small on the wire, 64 MiB once inflated
    assert len(gzip.decompress(bomb)) == 64 << 20


def test_a_generated_site_lists_hundreds_of_its_newest_articles_in_the_schemas() -> None:
    site = GeneratedSite(2000)
    with serve(site=site.route, listings=site.listings) as base:
        document = _valid(URLSET, _get(f"{base}/sitemap-google-news.xml"))
        feed = feedparser.parse(_get(f"{base}/rss.xml"))
        index = _valid(INDEX, _get(f"{base}/sitemap-index.xml"))
    ns = {"s": SITEMAP_NS, "n": NEWS_NS}
    locs = document.xpath("/s:urlset/s:url/s:loc/text()", namespaces=ns)
    dates = [
        datetime.fromisoformat(d)
        for d in document.xpath("//n:news/n:publication_date/text()", namespaces=ns)
    ]
    assert len(locs) == len(set(locs)) == GENERATED_NEWS_COUNT == 250
    assert dates == sorted(dates, reverse=True)
    # Exactly the newest: no article of the site is newer than the oldest one listed.
    newest_ids = {loc.rstrip("/").rsplit("!", 1)[1] for loc in locs}
    unlisted = (site.article(i) for i in range(site.articles))
    assert max(a.published for a in unlisted if a.article_id not in newest_ids) <= dates[-1]
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.link for e in feed.entries][:GENERATED_NEWS_COUNT] == locs
    lastmod = index.xpath("//s:sitemap/s:lastmod/text()", namespaces=ns)[0]
    assert datetime.fromisoformat(lastmod) >= dates[0]
