"""The frontier: article-id duplicates by depth, hand-out order, the cap, the level barrier."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from scrapy import Request
from scrapy.core.engine import ExecutionEngine
from scrapy.utils.test import get_crawler

from tazcrawler.frontier import ArticleDupeFilter, BreadthFirstScheduler
from tazcrawler.frontier.dupefilter import continues

SETTINGS = {
    "DEPTH_PRIORITY": 1,
    "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
    "DUPEFILTER_CLASS": "tazcrawler.frontier.ArticleDupeFilter",
    "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue",
    "TAZ_MAX_ARTICLES": 4,
}


def request(url: str, depth: int = 0, **meta: Any) -> Request:
    return Request(url, meta={"depth": depth, **meta}, priority=-depth)


def open_scheduler(**engine: Any) -> BreadthFirstScheduler:
    crawler = get_crawler(settings_dict=SETTINGS)
    # The two engine attributes the barrier reads, as a running engine has them.
    crawler.engine = SimpleNamespace(  # type: ignore[assignment]
        _slot=SimpleNamespace(inprogress=engine.get("inprogress", set())),
        _start=engine.get("start"),
    )
    scheduler = BreadthFirstScheduler.from_crawler(crawler)
    scheduler.open(crawler.spider or SimpleNamespace(crawler=crawler))  # type: ignore[arg-type]
    return scheduler


def test_one_article_under_every_url_form_and_a_shorter_path_is_let_in() -> None:
    df = ArticleDupeFilter()
    assert not df.request_seen(request("https://taz.de/Slug/!1234567/", 3))
    assert df.request_seen(request("https://taz.de/!1234567/", 3))
    assert df.request_seen(request("https://taz.de/!1234567&s=x/", 4))
    assert not df.request_seen(request("https://taz.de/Other/!1234567/", 2))  # shorter
    assert df.request_seen(request("https://taz.de/!1234567/", 2))


def test_a_retry_and_a_redirect_within_the_article_continue_their_request() -> None:
    assert continues(request("https://taz.de/!1/", retry_times=1))
    redirected = request("https://taz.de/Slug/!1/", redirect_urls=["https://taz.de/!1/"])
    assert continues(redirected)
    elsewhere = request("https://taz.de/Slug/!2/", redirect_urls=["https://taz.de/!1/"])
    assert not continues(elsewhere)


def test_the_shallowest_request_of_an_article_goes_out_once_and_the_cap_holds() -> None:
    scheduler = open_scheduler()
    for url, depth in [("/A/!1/", 2), ("/B/!2/", 1), ("/!1/", 1), ("/C/!3/", 1)]:
        scheduler.enqueue_request(request(f"https://taz.de{url}", depth))
    for n in range(4, 9):
        scheduler.enqueue_request(request(f"https://taz.de/!{n}/", 3))
    out = []
    while (r := scheduler.next_request()) is not None:
        out.append((r.url, r.meta["depth"]))
    # Level by level; !1 once, by its depth-1 request; four articles at most.
    assert out == [
        ("https://taz.de/B/!2/", 1),
        ("https://taz.de/!1/", 1),
        ("https://taz.de/C/!3/", 1),
        ("https://taz.de/!4/", 3),
    ]
    stats = scheduler.stats
    assert stats is not None
    assert stats.get_value("taz/related/already_requested") == 1
    assert stats.get_value("taz/related/beyond_max_articles") == 4


@pytest.mark.parametrize(
    ("in_progress_depth", "goes"), [(0, False), (1, False), (2, True)], ids=["0", "1", "2"]
)
def test_a_deeper_request_waits_for_every_shallower_one_in_progress(
    in_progress_depth: int, goes: bool
) -> None:
    busy = {request("https://taz.de/!9/", in_progress_depth)}
    scheduler = open_scheduler(inprogress=busy)
    scheduler.enqueue_request(request("https://taz.de/!1/", 2))
    assert (scheduler.next_request() is not None) is goes


def test_while_start_requests_come_nothing_deeper_than_them_goes_out() -> None:
    scheduler = open_scheduler(start=object())
    scheduler.enqueue_request(request("https://taz.de/!1/", 1))
    assert scheduler.next_request() is None
    scheduler.enqueue_request(request("https://taz.de/!2/", 1, is_start_request=True))
    assert {scheduler.next_request().url, scheduler.next_request().url} == {  # type: ignore[union-attr]
        "https://taz.de/!1/",
        "https://taz.de/!2/",
    }


def test_the_engine_still_has_what_the_barrier_reads() -> None:
    # The scheduler reads two private engine attributes (no public API has them); a Scrapy
    # upgrade that renames them must fail here, not make the crawl silently unordered.
    crawler = get_crawler(settings_dict=SETTINGS)
    engine = ExecutionEngine(crawler, lambda _: None)
    assert hasattr(engine, "_start")
    assert engine._start is None
    source = ExecutionEngine._start_scheduled_request.__code__.co_names
    assert "_slot" in source
    from scrapy.core.engine import _Slot

    assert "inprogress" in _Slot.__init__.__code__.co_names
