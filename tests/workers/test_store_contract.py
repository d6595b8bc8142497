"""The state store's contract, held by the embedded SQLite store and the shared Redis one.

Every case runs on both backends; the race cases run several processes on one store.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import multiprocessing
import random
from contextlib import closing
from typing import TYPE_CHECKING, Any

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from tazcrawler.items import Article
from tazcrawler.runs.redis_store import RedisStore
from tazcrawler.runs.sqlite import SQLiteStore
from tazcrawler.runs.store import ArticleState, StoreError, VersionConflict, open_store
from tazcrawler.runs.versioning import AlreadyExported, UnchangedArticle, VersioningPipeline
from testsite.redis_server import RedisServer

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from tazcrawler.runs.store import StateStore


@pytest.fixture(params=["sqlite", "redis"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The settings that select one backend (a fresh store for each test)."""
    if request.param == "sqlite":
        yield {"TAZ_STATE_STORE": "tazcrawler.runs.sqlite.SQLiteStore"}
    else:
        with RedisServer() as server:
            yield {
                "TAZ_STATE_STORE": "tazcrawler.runs.redis_store.RedisStore",
                "REDIS_URL": server.url,
                "TAZ_STATE_KEY": "contract",
            }


def opened(location: dict[str, str], tmp_path: Path) -> StateStore:
    return open_store(Settings(location), tmp_path / "state.sqlite3")


@pytest.fixture
def store(location: dict[str, str], tmp_path: Path) -> Iterator[StateStore]:
    opened_store = opened(location, tmp_path)
    opened_store.verify()
    yield opened_store
    opened_store.close()


def state(
    article_id: str, version: int = 1, sha: str = "a" * 64, when: str = "2026-01-01T00:00:00Z"
) -> ArticleState:
    return ArticleState(
        article_id=article_id,
        url=f"https://taz.de/!{article_id}/",
        content_sha256=sha,
        version=version,
        first_seen=when,
        last_seen=when,
        published=None,
        modified=None,
        related=(("2", "https://taz.de/!2/"),),
    )


def versions(store: StateStore, article_id: str) -> list[tuple[int, str]]:
    """Every stored (version, content hash) of an article, lowest first."""
    if isinstance(store, RedisStore):
        rows = store._redis.hgetall(f"{store.prefix}v:{article_id}")
        return sorted((int(v), json.loads(r)["content_sha256"]) for v, r in rows.items())
    assert isinstance(store, SQLiteStore)
    return [
        (r[0], r[1])
        for r in store._db.execute(
            "SELECT version, content_sha256 FROM versions WHERE article_id = ? ORDER BY version",
            (article_id,),
        )
    ]


def test_the_backend_is_the_one_the_settings_name(store: StateStore, location: dict) -> None:
    expected = RedisStore if "REDIS_URL" in location else SQLiteStore
    assert type(store) is expected
    if isinstance(store, RedisStore):
        assert store.prefix == "tazcrawler:contract:"


def test_versions_visits_and_due(store: StateStore) -> None:
    store.record_version("run1", state("1"), depth=0)
    assert store.current("1").version == 1
    assert store.current("1").related == (("2", "https://taz.de/!2/"),)
    assert store.standing("run2", "9", 3600, "2026-01-01T00:00:00Z") == "due"  # unknown
    assert store.standing("run2", "1", 3600, "2026-01-01T00:59:59Z") == "not_due"
    assert store.standing("run2", "1", 3600, "2026-01-01T01:00:00Z") == "due"
    assert store.standing("run2", "1", 0, "2026-01-01T00:00:00Z") == "due"
    store.record_unchanged("run2", "1", 0, "2026-01-02T00:00:00Z", ("title",))
    assert store.current("1").last_seen == "2026-01-02T00:00:00Z"
    assert store.current("1").first_seen == "2026-01-01T00:00:00Z"
    assert store.visits("run2") == [store.visits("run2")[0]]
    assert (store.visits("run2")[0].outcome, store.visits("run2")[0].filled) == (
        "unchanged",
        ("title",),
    )
    assert store.visited("run2", "1")
    assert not store.visited("run2", "2")
    # A run's own check wins over any revisit interval.
    assert store.standing("run2", "1", 0, "2026-01-03T00:00:00Z") == "checked"
    assert store.standing("run1", "1", 0, "2026-01-03T00:00:00Z") == "checked"
    assert store.standing("run3", "1", 10**9, "2026-01-03T00:00:00Z") == "not_due"


def test_visits_come_shallowest_first_in_the_order_checked(store: StateStore) -> None:
    for n, depth in enumerate([2, 0, 1, 1, 0, 2]):
        store.record_known("run", str(n), depth)
    store.record_known("run", "0", 0)  # a second check changes nothing
    assert [(v.article_id, v.depth) for v in store.visits("run")] == [
        ("1", 0),
        ("4", 0),
        ("2", 1),
        ("3", 1),
        ("0", 2),
        ("5", 2),
    ]
    assert {v.outcome for v in store.visits("run")} == {"known"}


def test_a_version_is_recorded_once_and_only_after_the_current_one(store: StateStore) -> None:
    store.record_version("run1", state("1"), depth=0)
    with pytest.raises(VersionConflict):  # another worker of run1 checked it
        store.record_version("run1", state("1", 2, "b" * 64), depth=0)
    with pytest.raises(VersionConflict):  # version 1 exists: 2 is next, not 1 again
        store.record_version("run2", state("1", 1, "b" * 64), depth=0)
    with pytest.raises(VersionConflict):  # no gap
        store.record_version("run2", state("1", 3, "b" * 64), depth=0)
    with pytest.raises(VersionConflict):
        store.record_unchanged("run1", "1", 0, "2026-01-05T00:00:00Z")
    later = state("1", 2, "b" * 64, "2026-02-01T00:00:00Z")
    store.record_version("run2", dataclasses.replace(later, first_seen="2026-02-01"), depth=0)
    assert versions(store, "1") == [(1, "a" * 64), (2, "b" * 64)]
    # The first sighting stays, whatever a later version claims.
    assert store.current("1").first_seen == "2026-01-01T00:00:00Z"
    assert store.current("1").last_seen == "2026-02-01T00:00:00Z"


def test_reconcile_rolls_back_what_the_file_lacks(store: StateStore) -> None:
    store.record_version("run1", state("1"), depth=0)
    store.record_version("run1", state("2"), depth=1)
    later = "2026-02-01T00:00:00Z"
    store.record_version("run2", state("1", 2, "b" * 64, later), depth=0)
    store.record_version("run2", state("3", when=later), depth=1)
    # Only article 3 reached run2's file: version 2 of article 1 is forgotten.
    assert store.reconcile("run2", {("3", 1)}) == 1
    assert store.current("1").version == 1
    assert store.current("1").last_seen == "2026-01-01T00:00:00Z"
    assert {v.article_id for v in store.visits("run2")} == {"3"}
    assert store.reconcile("run2", {("3", 1)}) == 0
    assert store.reconcile("run1", set()) == 2
    assert store.current("1") is None
    assert store.current("2") is None
    # Rolled back, version 2 can be recorded again.
    store.record_version("run2", state("1", 1, "c" * 64, later), depth=0)
    assert versions(store, "1") == [(1, "c" * 64)]


def test_runs_unfinished_and_ended(store: StateStore) -> None:
    assert store.unfinished_run() is None
    store.start_run("run1", {"match": {"x": 1}}, "2026-01-01T00:00:00Z")
    assert store.unfinished_run().crawl_id == "run1"
    store.end_run("run1", "interrupted", None)
    assert store.unfinished_run().status == "interrupted"
    store.start_run("run1", {"match": {"x": 2}}, "2026-01-02T00:00:00Z")
    resumed = store.unfinished_run()
    assert (resumed.started, resumed.arguments) == ("2026-01-01T00:00:00Z", {"match": {"x": 1}})
    store.start_run("run2", {"match": {"x": 1}}, "2026-01-03T00:00:00Z")
    assert store.unfinished_run().crawl_id == "run2"  # the latest
    store.end_run("run2", "abandoned", None)
    store.end_run("run1", "finished", "2026-01-01T01:00:00Z")
    assert store.unfinished_run() is None


def test_the_last_finished_run_that_matches(store: StateStore) -> None:
    assert store.last_finished_run() is None
    for crawl_id, started, listing in (
        ("a", "2026-01-01T00:00:00Z", "news"),
        ("b", "2026-01-02T00:00:00Z", "rss"),
        ("c", "2026-01-03T00:00:00Z", "news"),
    ):
        store.start_run(crawl_id, {"spider": {"seeds_from": [listing]}}, started)
    store.end_run("a", "finished", "2026-01-01T01:00:00Z")
    store.end_run("b", "finished", "2026-01-02T01:00:00Z")
    # c is still running: never the last finished run.
    assert store.last_finished_run().crawl_id == "b"
    news = store.last_finished_run(lambda run: run.arguments["spider"]["seeds_from"] == ["news"])
    assert news.crawl_id == "a"
    assert news.started == "2026-01-01T00:00:00Z"
    assert store.last_finished_run(lambda run: False) is None


def test_workers_join_and_leave_a_run(store: StateStore) -> None:
    assert store.join_run("run", "w1") == []  # the first
    assert store.join_run("run", "w2") == ["w1"]
    assert store.join_run("run", "w3") == ["w1", "w2"]
    assert store.leave_run("run", "w2", "finished") == ["w1", "w3"]
    assert store.join_run("other", "w1") == []  # runs are apart
    assert store.leave_run("run", "w1", "interrupted") == ["w3"]
    assert store.join_run("run", "w1") == ["w3"]  # back after a stop
    assert store.leave_run("run", "w3", "finished") == ["w1"]
    assert store.leave_run("run", "w1", "finished") == []  # the last


def test_a_second_store_object_sees_the_same_data(
    store: StateStore, location: dict, tmp_path: Path
) -> None:
    store.record_version("run1", state("7"), depth=0)
    with closing(opened(location, tmp_path)) as other:  # type: ignore[type-var]
        assert other.current("7") == store.current("7")


# --- errors -------------------------------------------------------------------------


def test_an_unreachable_redis_is_one_clear_line() -> None:
    with RedisServer() as server:
        url = server.url
    store = RedisStore(url)
    with pytest.raises(StoreError) as error:
        store.verify()
    message = str(error.value)
    assert "\n" not in message
    assert url in message
    assert "cannot be reached" in message


@pytest.mark.parametrize(
    "foreign",
    [
        lambda r: r.set("tazcrawler:state:schema", "something else 9"),
        lambda r: r.set("tazcrawler:state:runs", "a string"),
    ],
    ids=["other-schema", "other-keys"],
)
def test_keys_that_are_not_ours_are_refused(redis_url: str, foreign: Callable) -> None:
    store = RedisStore(redis_url)
    foreign(store._redis)
    with pytest.raises(StoreError) as error:
        store.verify()
    assert "not a tazcrawler state store" in str(error.value)
    assert "\n" not in str(error.value)


def test_redis_store_without_url_is_a_clear_error() -> None:
    settings = Settings({"TAZ_STATE_STORE": "tazcrawler.runs.redis_store.RedisStore"})
    with pytest.raises(StoreError, match="REDIS_URL is empty"):
        open_store(settings, None)  # type: ignore[arg-type]


def test_verify_marks_an_empty_prefix_as_ours(redis_url: str) -> None:
    store = RedisStore(redis_url)
    store.verify()
    store.record_version("run", state("1"), depth=0)
    RedisStore(redis_url).verify()  # its own data is accepted
    # Another prefix on the same server is another store.
    assert RedisStore(redis_url, "tazcrawler:other:").current("1") is None


# --- races: several processes on one store ------------------------------------------

ARTICLES = 400


def _article(article_id: str, variant: int) -> Article:
    return Article(
        article_id=article_id,
        url=f"http://127.0.0.1:1/!{article_id}/",
        title=f"Titel {article_id}",
        paragraphs=[f"Fassung {variant} von {article_id}."],
        depth=0,
    )


class _Lockstep:
    """A store whose first read of each article waits for the other worker of the run.

    Both have then read the same record before either writes, so the store must refuse
    one of them on every article: the race is certain, not left to the scheduler.
    """

    def __init__(self, store: StateStore, meet: Any) -> None:
        self._store, self._meet, self._read = store, meet, set[str]()

    def current(self, article_id: str) -> ArticleState | None:
        found = self._store.current(article_id)
        if article_id not in self._read:
            self._read.add(article_id)
            self._meet.wait(timeout=60)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def _worker(
    location: dict[str, str],
    db: str,
    crawl_id: str,
    seed: int,
    start: Any,
    meet: Any,
    results: Any,
) -> None:
    """One process versioning every article with its own texts.

    With `meet`, it goes in the shared order in lockstep with its partner; without,
    in its own order and at its own pace.
    """
    from pathlib import Path

    rng = random.Random(seed)
    ids = [str(1000 + n) for n in range(ARTICLES)]
    if meet is None:
        rng.shuffle(ids)

    def opener() -> Any:
        opened_store = open_store(Settings(location), Path(db))
        return opened_store if meet is None else _Lockstep(opened_store, meet)

    stats = get_crawler().stats
    pipeline = VersioningPipeline(opener, crawl_id, stats)
    pipeline.open_spider()
    start.wait()  # all at once: the processes race from the first article
    outcomes = {"exported": 0, "unchanged": 0, "already": 0}
    for article_id in ids:
        try:
            pipeline.process_item(_article(article_id, rng.randrange(2)))
            outcomes["exported"] += 1
        except UnchangedArticle:
            outcomes["unchanged"] += 1
        except AlreadyExported:
            outcomes["already"] += 1
    pipeline.close_spider()
    outcomes["conflicts"] = stats.get_value("taz/versioning/conflicts", 0)
    results.put((seed, outcomes))


def test_racing_workers_give_consistent_versions(
    store: StateStore, location: dict[str, str], tmp_path: Path
) -> None:
    # Two workers of run A race on every article in lockstep; runs B and C version the
    # same articles meanwhile, each in its own order.
    crawls = ["A", "A", "B", "C"]
    context = multiprocessing.get_context("spawn")
    start, meet, queue = context.Barrier(len(crawls)), context.Barrier(2), context.Queue()
    db = str(tmp_path / "state.sqlite3")
    processes = [
        context.Process(
            target=_worker, args=(location, db, c, n, start, meet if c == "A" else None, queue)
        )
        for n, c in enumerate(crawls)
    ]
    for process in processes:
        process.start()
    results = [outcome for _, outcome in sorted(queue.get(timeout=120) for _ in processes)]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    ids = [str(1000 + n) for n in range(ARTICLES)]
    for article_id in ids:
        stored = versions(store, article_id)
        numbers = [v for v, _ in stored]
        assert numbers == list(range(1, len(numbers) + 1)), (article_id, stored)
        # A new version only when the text changed, so two in a row never match.
        assert all(a[1] != b[1] for a, b in itertools.pairwise(stored)), stored
        assert store.current(article_id).version == numbers[-1]
        assert len(numbers) <= 3  # at most one per run
    for crawl_id in "ABC":
        visited = [v.article_id for v in store.visits(crawl_id)]
        assert sorted(visited) == sorted(ids)  # every article once in each run
    a1, a2 = results[0], results[1]
    # Within run A each article was decided once: the other worker found it checked.
    assert a1["exported"] + a1["unchanged"] + a2["exported"] + a2["unchanged"] == ARTICLES
    assert a1["already"] + a2["already"] == ARTICLES
    total_versions = sum(len(versions(store, i)) for i in ids)
    assert total_versions == sum(r["exported"] for r in results)
    # Both read each record before either wrote: one of them was refused on every article
    # and decided again on the other's record (runs B and C may add refusals of their own).
    assert a1["conflicts"] + a2["conflicts"] >= ARTICLES


def test_workers_starting_together_all_accept_the_store(redis_url: str) -> None:
    # The interleaving two workers' start met in CI: the first finds no marker, the
    # second marks the prefix and writes to it, then the first looks for strangers.
    first, second = RedisStore(redis_url), RedisStore(redis_url)
    real_get = first._redis.get

    def get_then_the_other_starts(name: str) -> Any:
        found = real_get(name)
        if found is None:
            second.verify()
            second.record_version("run", state("1"), depth=0)
        return found

    first._redis.get = get_then_the_other_starts  # type: ignore[method-assign]
    first.verify()
    first._redis.get = real_get  # type: ignore[method-assign]
    assert first.current("1") == second.current("1")
