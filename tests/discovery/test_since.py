"""since: its forms, and its default in scheduled runs (the last finished run's start)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from scrapy.http import Request, TextResponse
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from tazcrawler.discovery import parse_since, resolve_since
from tazcrawler.runs.revisit import KNOWN, LISTED, RevisitMiddleware
from tazcrawler.runs.sqlite import SQLiteStore
from tazcrawler.runs.store import ArticleState

if TYPE_CHECKING:
    from pathlib import Path

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
NEWS = "https://taz.de/sitemap-google-news.xml"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2d", NOW - timedelta(days=2)),
        ("36h", NOW - timedelta(hours=36)),
        ("2026-11-30", datetime(2026, 11, 30, tzinfo=UTC)),
        ("2026-11-30T07:30:00+01:00", datetime(2026, 11, 30, 6, 30, tzinfo=UTC)),
        ("2026-11-30T06:30:00Z", datetime(2026, 11, 30, 6, 30, tzinfo=UTC)),
        ("ALL", None),
    ],
)
def test_since_forms(value: str, expected: datetime | None) -> None:
    assert parse_since(value, NOW) == expected


@pytest.mark.parametrize("value", ["gestern", "2w", "-2d", "2026-13-01", "d"])
def test_a_bad_since_says_which_forms_there_are(value: str) -> None:
    with pytest.raises(ValueError, match=r"neither a duration \(2d, 36h\)"):
        parse_since(value, NOW)


def _settings(tmp_path: Path) -> Settings:
    return Settings(
        {
            "TAZ_OUTPUT_DIR": str(tmp_path),
            "TAZ_STATE_DB": None,
            "TAZ_STATE_STORE": "tazcrawler.runs.sqlite.SQLiteStore",
        }
    )


def _run(store: SQLiteStore, crawl_id: str, started: str, status: str, listings: list[str]) -> None:
    store.start_run(crawl_id, {"spider": {"seeds_from": listings}}, started)
    store.end_run(crawl_id, status, started if status == "finished" else None)


def test_the_default_is_the_start_of_the_last_finished_run_that_read_a_same_listing(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path)
    store = SQLiteStore(tmp_path / "state.sqlite3")
    # The same sitemap on another host (a mirror, the test site on another port) counts.
    _run(
        store,
        "a",
        "2026-11-29T05:00:00Z",
        "finished",
        ["http://127.0.0.1:8001/sitemap-google-news.xml"],
    )
    _run(store, "b", "2026-11-30T05:00:00Z", "finished", ["https://taz.de/rss.xml"])
    _run(store, "c", "2026-11-30T06:00:00Z", "interrupted", [NEWS])
    _run(store, "d", "2026-11-30T07:00:00Z", "finished", [])  # seeds only
    store.close()
    since = resolve_since("", [NEWS, "https://taz.de/sitemap-index.xml"], settings)
    assert since == datetime(2026, 11, 29, 5, 0, tzinfo=UTC)
    assert resolve_since("", ["https://taz.de/rss.xml"], settings) == datetime(
        2026, 11, 30, 5, 0, tzinfo=UTC
    )
    assert resolve_since("", ["https://taz.de/sitemap-index.xml"], settings) is None
    assert resolve_since("2026-11-01", [NEWS], settings) == datetime(2026, 11, 1, tzinfo=UTC)
    assert resolve_since("all", [NEWS], settings) is None


def test_without_a_state_store_every_entry_is_new(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    settings.set("TAZ_STATE_DB", "")
    assert resolve_since("", [NEWS], settings) is None
    assert not (tmp_path / "state.sqlite3").exists()


def test_a_known_article_is_fetched_when_its_listing_dates_it_after_its_last_check(
    tmp_path: Path,
) -> None:
    store = SQLiteStore(tmp_path / "state.sqlite3")
    checked = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    store.record_version(
        "run1",
        ArticleState(
            "1000003",
            "https://taz.de/!1000003/",
            "a" * 64,
            1,
            checked.isoformat(),
            checked.isoformat(),
            None,
            None,
            (),
        ),
        depth=0,
    )
    store.close()
    crawler = get_crawler(settings_dict={"TAZ_OUTPUT_DIR": str(tmp_path)})
    middleware = RevisitMiddleware(
        lambda: SQLiteStore(tmp_path / "state.sqlite3"),
        MemoryStatsCollector(crawler),
        crawl_id="run2",
        revisit_interval=24 * 3600,  # checked an hour ago: not due
        base_url="https://taz.de",
    )
    middleware.spider_opened()

    def answer(listed: datetime | None) -> object:
        meta = {"depth": 0} if listed is None else {"depth": 0, LISTED: listed.isoformat()}
        return middleware.process_request(Request("https://taz.de/!1000003/", meta=meta))

    assert answer(checked + timedelta(minutes=5)) is None  # changed since: fetched
    for listed in (checked - timedelta(days=1), None):
        known = answer(listed)
        assert isinstance(known, TextResponse)
        assert KNOWN in known.flags
    middleware.spider_closed()
