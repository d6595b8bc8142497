"""Layout drift as health checks: the share read by the fallback and the fields lost."""

from __future__ import annotations

from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from tazcrawler.items import Article, Extraction
from tazcrawler.offline import project_settings
from tazcrawler.pages.drift import drift_checks, drift_thresholds
from tazcrawler.pipelines.sources import SourcesPipeline
from tazcrawler.runs.health import evaluate

THRESHOLDS = {"min_articles": 20, "max_fallback": 0.5, "max_lost": {"kicker": 0.5, "title": 0.2}}
FULL = {"title": "layout", "kicker": "layout", "paragraphs": "layout"}


def _counts(articles: list[Article]) -> dict[str, int]:
    stats = MemoryStatsCollector(get_crawler())
    pipeline = SourcesPipeline(stats)
    for article in articles:
        pipeline.process_item(article)
    pipeline.close_spider()
    return stats.get_stats()


def _article(layout: str, sources: dict[str, str]) -> Article:
    return Article(article_id="1", url="https://taz.de/!1/", extraction=Extraction(layout, sources))


def test_the_taz_redesign_day() -> None:
    # 5,000 articles: 1,000 before the change, then 4,000 read by the fallback, without kicker.
    generic = {"title": "meta", "paragraphs": "fallback"}
    counts = _counts(
        [_article("new", FULL)] * 1000 + [_article("generic", generic) for _ in range(4000)]
    )
    failed = {c.name: c.message for c in drift_checks(counts, **THRESHOLDS) if not c.ok}
    assert failed == {
        "drift/fallback": "layout drift: 80% of articles read by the fallback "
        "(at most 50%, TAZ_HEALTH_DRIFT_MAX_FALLBACK)",
        "drift/kicker": "layout drift: no kicker in 80% of articles "
        "(at most 50%, TAZ_HEALTH_DRIFT_MAX_LOST)",
    }


def test_a_run_of_pieces_that_never_had_a_field_is_no_drift() -> None:
    # Agency pieces without a kicker from the start: nothing was lost.
    counts = _counts([_article("old", {"title": "layout", "paragraphs": "layout"})] * 3000)
    assert all(c.ok for c in drift_checks(counts, **THRESHOLDS))


def test_within_the_thresholds() -> None:
    counts = {"taz/fields/articles": 100, "taz/fields/read_by_fallback": 50}
    counts["taz/fields/kicker/lost"] = 50
    checks = drift_checks(counts, **THRESHOLDS)
    assert [c.name for c in checks] == ["drift/fallback", "drift/kicker", "drift/title"]
    assert all(c.ok for c in checks)
    counts["taz/fields/read_by_fallback"] = 51
    assert [c.name for c in drift_checks(counts, **THRESHOLDS) if not c.ok] == ["drift/fallback"]


def test_too_small_a_run_is_not_judged() -> None:
    counts = {"taz/fields/articles": 19, "taz/fields/read_by_fallback": 19}
    assert drift_checks(counts, **THRESHOLDS) == []


def test_drift_makes_the_verdict_unhealthy() -> None:
    counts = {
        "taz/health/articles": 100,
        "taz/health/coverage/title": 100,
        "taz/fields/articles": 100,
        "taz/fields/read_by_fallback": 90,
    }
    verdict = evaluate(
        counts,
        "finished",
        finish_reasons=["finished"],
        max_errors=0,
        min_articles=1,
        min_coverage={"title": 0.9},
        drift=THRESHOLDS,
    )
    assert not verdict.healthy
    assert [c.name for c in verdict.failed] == ["drift/fallback"]
    assert verdict.as_dict()["checks"][-1]["name"] == "drift/title"


def test_thresholds_are_settings() -> None:
    assert drift_thresholds(project_settings())["max_fallback"] == 0.5
    settings = Settings(
        {
            "TAZ_HEALTH_DRIFT_MIN_ARTICLES": 5,
            "TAZ_HEALTH_DRIFT_MAX_FALLBACK": "0.1",
            "TAZ_HEALTH_DRIFT_MAX_LOST": '{"authors": 0.3}',
        }
    )
    assert drift_thresholds(settings) == {
        "min_articles": 5,
        "max_fallback": 0.1,
        "max_lost": {"authors": 0.3},
    }
