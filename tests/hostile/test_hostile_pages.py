"""The page objects and pipelines read the hostile site's good pages offline, without a crawl."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.request import urlopen

import pytest
from scrapy.http import HtmlResponse

from tazcrawler.offline import extract
from tazcrawler.pages._related import MAX_RELATED, Entry, resolve
from testsite import serve
from testsite.faults import FAULTS, fault_articles

if TYPE_CHECKING:
    from collections.abc import Iterator

# The charset pages need the crawl's CharsetRepairMiddleware, the flaky one a retry.
OFFLINE = ["1000512", "1000513", "1000514", "1000515"]


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve() as url:
        yield url


@pytest.mark.parametrize("article_id", OFFLINE)
def test_hostile_page_gives_its_article(base: str, article_id: str) -> None:
    url = f"{base}{FAULTS[article_id].path}"
    with urlopen(url, timeout=10) as reply:
        body = reply.read()
    article = extract(HtmlResponse(url=url, body=body))
    expected = fault_articles()[article_id]
    assert article["title"] == expected.title
    assert article["paragraphs"] == list(expected.paragraphs)
    targets = {link.target_id for link in expected.related}
    assert len(article["related"]) == min(len(targets), MAX_RELATED)


def test_a_related_block_is_cut_after_max_related_positions() -> None:
    entries = [Entry(f"/A/!{5_000_000 + n}/") for n in range(MAX_RELATED + 50)]
    related, skipped = resolve([Entry("/Tag/!t1/"), *entries], "https://taz.de/B/!1/")
    assert len(related) == MAX_RELATED - 1  # the tag entry takes a position too
    assert [reason for _, reason in skipped].count("over_limit") == 51
