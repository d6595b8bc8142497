"""The spider's listing callback: depth-0 requests, nested indexes, and the run's cap."""

from __future__ import annotations

from scrapy.http import Request, XmlResponse
from scrapy.utils.test import get_crawler

from tazcrawler import settings as project_settings_module
from tazcrawler.runs.revisit import LISTED
from tazcrawler.spiders.taz import TazSpider
from testsite.feeds import NEWS_COUNT, news_sitemap, sitemap_index

BASE = "https://taz.de"


def spider(**arguments: str) -> TazSpider:
    # The project's own settings, without a state store: every entry is new.
    ours = {k: v for k, v in vars(project_settings_module).items() if k.startswith("TAZ_")}
    crawler = get_crawler(TazSpider, {**ours, "TAZ_STATE_DB": "", "TAZ_CONTACT": "t@example.org"})
    crawler.spider = TazSpider.from_crawler(crawler, **arguments)
    crawler.stats.open_spider()
    return crawler.spider


def response(url: str, body: bytes, request: Request) -> XmlResponse:
    return XmlResponse(url, body=body, request=request)


def test_listings_and_their_seeds_are_requested_at_depth_zero() -> None:
    taz = spider(seeds_from=f"{BASE}/sitemap-index.xml", max_discovered="4")
    (start,) = taz.listing_requests()
    assert start.meta["depth_reset"] is True
    children = list(taz.parse_listing(response(start.url, sitemap_index(BASE), start)))
    assert [r.url for r in children] == [
        f"{BASE}/sitemap-google-news.xml",
        f"{BASE}/sitemap-artikel.xml.gz",
    ]
    assert all(r.meta["depth_reset"] and r.callback == taz.parse_listing for r in children)
    seeds = list(taz.parse_listing(response(children[0].url, news_sitemap(BASE), children[0])))
    assert len(seeds) == 4  # max_discovered
    assert all(r.meta["depth_reset"] and r.callback == taz.parse_article for r in seeds)
    assert seeds[0].meta[LISTED] == "2024-11-14T08:12:00+00:00"
    stats = taz.crawler.stats
    assert stats.get_value("taz/discovery/skipped/over_limit") == NEWS_COUNT - 4
    # The cap is reached: the index's other sitemaps are no longer fetched.
    again = list(taz.parse_listing(response(start.url, sitemap_index(BASE), start)))
    assert again == []
    assert stats.get_value("taz/discovery/skipped_sitemaps/over_limit") == 2


def test_an_index_named_by_an_index_is_refused() -> None:
    taz = spider(seeds_from=f"{BASE}/sitemap-index.xml")
    (start,) = taz.listing_requests()
    (child, _) = taz.parse_listing(response(start.url, sitemap_index(BASE), start))
    assert list(taz.parse_listing(response(child.url, sitemap_index(BASE), child))) == []
    assert taz.crawler.stats.get_value("taz/discovery/refused/nested_index") == 1
