"""Listings read into entries: sitemaps, indexes, robots.txt, RSS and Atom; and refusals."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse

from tazcrawler.discovery import Entry, Refused, SeedFilter, read_listing
from testsite.feeds import full_sitemap, news_sitemap, rss, sitemap_index

BASE = "https://taz.de"
LIMIT = 10 * 1024 * 1024


def xml(url: str, body: bytes) -> XmlResponse:
    return XmlResponse(url, body=body)


def test_a_news_sitemap_gives_each_article_its_publication_date() -> None:
    listing = read_listing(xml(f"{BASE}/sitemap-google-news.xml", news_sitemap(BASE)), LIMIT)
    assert listing.kind == "urlset"
    first = listing.entries[0]
    assert first == Entry(
        f"{BASE}/Streit-um-das-Vorkaufsrecht/!1000001/",
        datetime(2024, 11, 14, 8, 12, tzinfo=UTC),
    )


def test_a_sitemap_entry_is_dated_by_the_later_of_lastmod_and_publication_date() -> None:
    body = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        b"<url><loc>/A/!1000001/</loc><lastmod>2026-11-30T10:00:00+01:00</lastmod>"
        b"<news:news><news:publication_date>2026-11-29</news:publication_date></news:news></url>"
        b"<url><loc>https://taz.de/B/!1000002/</loc><lastmod>bald</lastmod></url></urlset>"
    )
    entries = read_listing(xml(f"{BASE}/s.xml", body), LIMIT).entries
    # A relative loc is resolved against the sitemap; an unreadable date is no date.
    assert entries == [
        Entry(f"{BASE}/A/!1000001/", datetime(2026, 11, 30, 9, 0, tzinfo=UTC)),
        Entry(f"{BASE}/B/!1000002/", None),
    ]


def test_a_gzipped_sitemap_is_read_and_a_gzip_bomb_refused() -> None:
    plain = full_sitemap(BASE)
    gzipped = Response(f"{BASE}/sitemap-artikel.xml.gz", body=gzip.compress(plain))
    assert (
        read_listing(gzipped, LIMIT).entries == read_listing(xml(BASE + "/x", plain), LIMIT).entries
    )
    bomb = Response(f"{BASE}/b.xml.gz", body=gzip.compress(b"\0" * (LIMIT + 1)))
    with pytest.raises(Refused) as refused:
        read_listing(bomb, LIMIT)
    assert refused.value.reason == "too_large_decompressed"


def test_an_index_and_robots_txt_name_sitemaps() -> None:
    index = read_listing(xml(f"{BASE}/sitemap-index.xml", sitemap_index(BASE)), LIMIT)
    assert index.lists_sitemaps
    assert [e.url for e in index.entries] == [
        f"{BASE}/sitemap-google-news.xml",
        f"{BASE}/sitemap-artikel.xml.gz",
    ]
    robots = TextResponse(
        f"{BASE}/robots.txt",
        body=b"User-agent: *\nDisallow: /x/\nSitemap: https://taz.de/sitemap-index.xml\n"
        b"sitemap: /sitemap-google-news.xml\n",
    )
    listing = read_listing(robots, LIMIT)
    assert listing.kind == "robots"
    assert [e.url for e in listing.entries] == [
        f"{BASE}/sitemap-index.xml",
        f"{BASE}/sitemap-google-news.xml",
    ]


def test_rss_and_atom_entries_carry_their_dates() -> None:
    listing = read_listing(xml(f"{BASE}/rss.xml", rss(BASE)), LIMIT)
    assert listing.kind == "rss20"
    assert listing.problem is None
    assert listing.entries[0].date == datetime(2024, 11, 14, 8, 12, tzinfo=UTC)
    atom = (
        b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        b"<title>t</title><id>urn:x</id><updated>2026-11-30T12:00:00Z</updated>"
        b'<entry><title>A</title><id>urn:a</id><link href="https://taz.de/A/!1000003/"/>'
        b"<published>2026-11-30T08:00:00+01:00</published>"
        b"<updated>2026-11-30T12:00:00Z</updated></entry></feed>"
    )
    entries = read_listing(xml(f"{BASE}/atom.xml", atom), LIMIT).entries
    assert entries == [Entry(f"{BASE}/A/!1000003/", datetime(2026, 11, 30, 12, tzinfo=UTC))]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<!DOCTYPE html><html><body>Wartung</body></html>", "not_a_listing"),
        (b"", "not_xml"),
        (b"\x1f\x8b\x08 not really gzip", "bad_gzip"),
        (b"<rss version='2.0'><channel><item><title>kaputt", "bad_feed"),
    ],
)
def test_what_is_no_listing_is_refused_with_a_reason(body: bytes, reason: str) -> None:
    with pytest.raises(Refused) as refused:
        read_listing(HtmlResponse(f"{BASE}/sitemap.xml", body=body), LIMIT)
    assert refused.value.reason == reason


def test_the_seed_filter_takes_new_articles_once_and_says_why_not_the_others() -> None:
    since = datetime(2026, 11, 30, tzinfo=UTC)
    seeds = SeedFilter(BASE, since, max_discovered=2)
    new = datetime(2026, 11, 30, 6, tzinfo=UTC)
    entries = [
        Entry("https://example.org/A/!1000001/", new),
        Entry(f"{BASE}/Politik/!p4615/", new),
        Entry(f"{BASE}/Mieten/!t5200002/", new),
        Entry(f"{BASE}/Lena-Brodersen/!a90001/", new),
        Entry(f"{BASE}/Alt/!1000002/", datetime(2026, 11, 29, tzinfo=UTC)),
        Entry(f"{BASE}/Neu/!1000003/#matomo", new),
        Entry(f"{BASE}/!1000003/", new),
        Entry(f"{BASE}/Ohne-Datum/!1000004/"),
        Entry(f"{BASE}/Zu-viel/!1000005/", new),
    ]
    assert [seeds.skip_reason(e) for e in entries] == [
        "off_site",
        "not_article:ressort",
        "not_article:tag",
        "not_article:author",
        "older",
        None,
        "duplicate",
        None,
        "over_limit",
    ]


def test_a_full_size_sitemap_is_cut_at_max_discovered() -> None:
    # 50,000 URLs: the most one sitemap may list.
    urls = "".join(f"<url><loc>{BASE}/A/!{4000000 + i}/</loc></url>" for i in range(50_000))
    body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    listing = read_listing(xml(f"{BASE}/sitemap.xml", body.encode()), LIMIT)
    assert len(listing.entries) == 50_000
    seeds = SeedFilter(BASE, None, max_discovered=1000)
    reasons = [seeds.skip_reason(e) for e in listing.entries]
    assert reasons.count(None) == 1000
    assert reasons.count("over_limit") == 49_000
    assert len(seeds.taken) == 1000
