"""The shared frontier's parts against a real Redis: several clients stand for several workers."""

from __future__ import annotations

import asyncio
import time

import pytest
import redis
import scrapy

from tazcrawler.downloadermiddlewares.budget import SharedBudgetMiddleware
from tazcrawler.frontier.redis_dupefilter import RedisArticleDupeFilter
from tazcrawler.frontier.redis_queue import LeasedPriorityQueue

BASE = "http://127.0.0.1:9"


class Spider(scrapy.Spider):
    name = "frontier-test"

    def parse(self, response: object) -> None:
        pass


def article(number: int, depth: int, **meta: object) -> scrapy.Request:
    spider = Spider()
    return scrapy.Request(
        f"{BASE}/Slug/!{number}/",
        callback=spider.parse,
        priority=-depth,
        meta={"depth": depth, **meta},
    )


def queue(url: str, **options: object) -> LeasedPriorityQueue:
    """One worker's view of the shared queue (its own connection)."""
    return LeasedPriorityQueue(redis.Redis.from_url(url), Spider(), "t:requests", **options)


def ids(requests: list[scrapy.Request | None]) -> list[str | None]:
    return [r.url.rsplit("!", 1)[1].strip("/") if r is not None else None for r in requests]


def test_breadth_first_across_workers(redis_url: str) -> None:
    one, two = queue(redis_url), queue(redis_url)
    for number, depth in [(3, 1), (1, 0), (4, 2), (2, 0)]:
        one.push(article(number, depth))
    first = [one.lease(), two.lease()]
    assert sorted(ids([p.request for p in first])) == ["1", "2"]
    # Depth 1 waits while a depth-0 request is leased by any worker ...
    assert two.pop() is None
    one.ack([first[0].entry])
    assert two.pop() is None
    two.ack([first[1].entry])
    # ... and goes out once both are done.
    assert ids([two.pop()]) == ["3"]


def test_each_article_once_and_max_articles_across_workers(redis_url: str) -> None:
    one, two = queue(redis_url, max_articles=3), queue(redis_url, max_articles=3)
    for number in (1, 2, 1, 3, 4, 5):
        (one if number % 2 else two).push(article(number, 0))
    # The same request pushed twice is one entry; a retry of one handed out is not new.
    one.push(article(2, 0, retry_times=1))
    popped = [q.lease() for q in (one, two, one, two, one, two)]
    got = ids([p.request for p in popped])
    assert sorted(i for i in got if i) == ["1", "2", "2", "3"]
    assert sum(p.beyond for p in popped) == 2  # articles 4 and 5: beyond max_articles=3


def test_expired_lease_goes_to_another_worker(redis_url: str) -> None:
    dead, alive = queue(redis_url, lease_seconds=0.3), queue(redis_url, lease_seconds=0.3)
    dead.push(article(1, 0))
    taken = dead.lease()
    assert taken.request is not None
    assert alive.pop() is None  # leased, not lost, not free
    time.sleep(0.4)
    again = alive.lease()
    assert ids([again.request]) == ["1"]  # the handed-out check does not drop an expired lease
    alive.ack([again.entry])
    assert alive.pending() == 0


def test_renewed_lease_does_not_expire(redis_url: str) -> None:
    # Held for one and a half leases, renewed every 0.3 s: a renewal may come 0.7 s late on
    # a loaded machine and the lease still holds.
    slow, other = queue(redis_url, lease_seconds=1.0), queue(redis_url, lease_seconds=1.0)
    slow.push(article(1, 0))
    taken = slow.lease()
    for _ in range(5):
        time.sleep(0.3)
        slow.renew([taken.entry])
        assert other.pop() is None


def test_ack_after_expiry_takes_the_request_back_out(redis_url: str) -> None:
    late, other = queue(redis_url, lease_seconds=0.2), queue(redis_url, lease_seconds=0.2)
    late.push(article(1, 0))
    late.push(article(2, 0))
    taken = late.lease()
    time.sleep(0.3)
    # This pop puts the expired lease of article 1 back in the queue, and takes article 2.
    assert ids([other.pop()]) == ["2"]
    late.ack([taken.entry])  # article 1 was finished after all: not to be fetched again
    assert other.pop() is None
    assert other.pending() == 1  # article 2's lease only


def test_a_stopping_worker_gives_its_leases_back(redis_url: str) -> None:
    stopping, other = queue(redis_url), queue(redis_url)
    stopping.push(article(1, 0))
    taken = stopping.lease()
    assert other.pop() is None
    stopping.release([taken.entry])
    assert ids([other.pop()]) == ["1"]  # at once, not after the lease


def test_a_seeding_worker_holds_back_deeper_requests(redis_url: str) -> None:
    seeder, other = queue(redis_url), queue(redis_url)
    seeder.renew([], "w1")
    other.push(article(5, 1))
    assert other.pop() is None
    assert other.pending() == 2  # the request and the seeder's mark
    seeder.done_seeding("w1")
    assert ids([other.pop()]) == ["5"]


def test_dupefilter_by_article_id_shared(redis_url: str) -> None:
    one = RedisArticleDupeFilter(redis.Redis.from_url(redis_url), "t:df")
    two = RedisArticleDupeFilter(redis.Redis.from_url(redis_url), "t:df")
    assert not one.request_seen(scrapy.Request(f"{BASE}/Slug/!7/", meta={"depth": 2}))
    # Other URL forms of article 7, seen by another worker, at the same depth or deeper:
    assert two.request_seen(scrapy.Request(f"{BASE}/!7/", meta={"depth": 2}))
    assert two.request_seen(scrapy.Request(f"{BASE}/Archiv/!7&s=x", meta={"depth": 3}))
    # A shorter path is let in once.
    assert not two.request_seen(scrapy.Request(f"{BASE}/!7/", meta={"depth": 1}))
    assert one.request_seen(scrapy.Request(f"{BASE}/!7/", meta={"depth": 1}))
    # Not an article: scrapy-redis's fingerprints.
    assert not one.request_seen(scrapy.Request(f"{BASE}/Politik/!p4615/"))
    assert two.request_seen(scrapy.Request(f"{BASE}/Politik/!p4615/"))


@pytest.mark.parametrize(("delay", "slots"), [(0.05, 30), (0.0, 2)])
def test_budget_holds_for_all_workers_together(redis_url: str, delay: float, slots: int) -> None:
    """Three workers' middlewares, 30 requests at once: their starts DOWNLOAD_DELAY apart,
    at most CONCURRENT_REQUESTS_PER_DOMAIN in flight, measured where they would go out."""
    starts: list[float] = []
    flight = [0, 0]  # now, most

    async def fetch(middleware: SharedBudgetMiddleware, number: int) -> None:
        request = scrapy.Request(f"{BASE}/!{number}/")
        await middleware.process_request(request)
        starts.append(time.monotonic())
        flight[0] += 1
        flight[1] = max(flight)
        await asyncio.sleep(0.03)  # the download
        flight[0] -= 1
        await middleware.process_response(request, scrapy.http.Response(request.url))

    async def crawl() -> None:
        workers = [SharedBudgetMiddleware(redis_url, delay=delay, slots=slots) for _ in range(3)]
        await asyncio.gather(*(fetch(workers[n % 3], n) for n in range(30)))
        for worker in workers:
            await worker.close()

    asyncio.run(crawl())
    if not delay:
        assert flight[1] == slots
    # Five starts take at least five delays; a loop stalled by a busy machine may wake two
    # waiters at once, so single gaps are not judged, and 50 ms of slack is allowed.
    starts.sort()
    assert min(b - a for a, b in zip(starts, starts[5:], strict=False)) >= 5 * delay - 0.05
    if delay:
        assert len(starts) / (max(starts) - min(starts)) <= 1 / delay * 1.05
