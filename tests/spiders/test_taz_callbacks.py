"""TazSpider.parse_article on saved responses, without a crawl."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import scrapy
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from tazcrawler import settings as project_settings_module
from tazcrawler.items import Article
from tazcrawler.spiders.taz import TazSpider
from tests.pages._fixtures import REAL_FILES, REAL_URL

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def spider() -> TazSpider:
    # The project's own settings only: Scrapy's defaults come from get_crawler.
    ours = {k: v for k, v in vars(project_settings_module).items() if k.startswith("TAZ_")}
    crawler = get_crawler(TazSpider, {**ours, "TAZ_CONTACT": "test@example.org"})
    return TazSpider.from_crawler(crawler, seed="https://taz.de/!5928990/", max_depth="1")


def test_an_article_gives_its_item_then_its_related_requests(
    spider: TazSpider, real_pages_dir: Path
) -> None:
    body = (real_pages_dir / REAL_FILES["new"]).read_bytes()
    response = HtmlResponse(url=REAL_URL, body=body, request=scrapy.Request(REAL_URL))
    output = list(spider.parse_article(response))
    assert isinstance(output[0], Article)
    assert output[0].article_id == "5928990"
    assert output[0].depth == 0
    requests = output[1:]
    assert [r.url for r in requests] == [r.url for r in output[0].related]
    assert all(r.meta["referrer_id"] == "5928990" for r in requests)
    assert spider.crawler.stats.get_value("taz/articles/extracted") == 1


def test_a_page_that_looks_like_an_article_but_has_none_is_skipped(spider: TazSpider) -> None:
    html = (
        b'<html><head><script type="application/ld+json">{"@type": "NewsArticle"}</script>'
        b'</head><body><article class="module-article"></article></body></html>'
    )
    url = "https://taz.de/Leer/!1234567/"
    response = HtmlResponse(url=url, body=html, request=scrapy.Request(url))
    assert list(spider.parse_article(response)) == []
    assert spider.crawler.stats.get_value("taz/pages/not_article/unreadable") == 1


def test_a_page_that_is_not_html_is_skipped(spider: TazSpider) -> None:
    url = "https://taz.de/Bild/!1234567/"
    response = scrapy.http.Response(url=url, body=b"\x89PNG", request=scrapy.Request(url))
    assert list(spider.parse_article(response)) == []
    assert spider.crawler.stats.get_value("taz/pages/not_article/not_html") == 1


def test_the_article_callback_returns_no_value_from_its_generator() -> None:
    # The project turns off Scrapy's per-request check (WARN_ON_GENERATOR_RETURN_VALUE),
    # so it is made here: a generator's return value would be lost without a word.
    from scrapy.utils.misc import is_generator_with_return_value

    assert project_settings_module.WARN_ON_GENERATOR_RETURN_VALUE is False
    assert not is_generator_with_return_value(TazSpider.parse_article)


@pytest.mark.parametrize("base", ["https://www.taz.de", "https://taz.de"])
def test_scrapys_offsite_filter_keeps_what_the_spider_counts_as_on_site(base: str) -> None:
    # Requests the spider makes must not be dropped silently by Scrapy's OffsiteMiddleware:
    # with www in the base URL, links to the bare host were filtered before this.
    from scrapy.utils.url import url_is_from_any_domain

    ours = {k: v for k, v in vars(project_settings_module).items() if k.startswith("TAZ_")}
    settings = {**ours, "TAZ_BASE_URL": base, "TAZ_CONTACT": "test@example.org"}
    spider = TazSpider.from_crawler(get_crawler(TazSpider, settings), seed=f"{base}/!5928990/")
    for url in ("https://taz.de/!1/", "http://www.taz.de/Slug/!2/"):
        assert url_is_from_any_domain(url, spider.allowed_domains)
    assert not url_is_from_any_domain("https://example.com/!3/", spider.allowed_domains)
