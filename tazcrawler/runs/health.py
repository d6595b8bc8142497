"""The health verdict of a crawl: finish reason, errors, articles and field coverage."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured

from tazcrawler.archive.replay import replay_losses
from tazcrawler.pages.drift import drift_checks, drift_thresholds
from tazcrawler.runs.versioning import UnchangedArticle

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.signalmanager import SignalManager
    from scrapy.statscollectors import StatsCollector

__all__ = [
    "BEFORE",
    "COVERAGE_FIELDS",
    "VERDICT_GIVEN",
    "Check",
    "Health",
    "Verdict",
    "evaluate",
    "health_thresholds",
]

logger = logging.getLogger(__name__)

# The fields whose coverage is checked, by the names the issue uses for them.
COVERAGE_FIELDS = {
    "title": "title",
    "date": "published",
    "authors": "authors",
    "body": "paragraphs",
    "related": "related",
}
# The counters of a resumed run's earlier attempts are in the stats under this prefix (the
# run manager puts them there): the verdict judges the whole run.
BEFORE = "taz/health/before/"
# Sent with ``verdict`` when the verdict is given, at spider_closed.
VERDICT_GIVEN = object()


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    value: Any
    threshold: Any
    message: str


@dataclass(frozen=True)
class Verdict:
    healthy: bool
    checks: tuple[Check, ...]

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def as_dict(self) -> dict[str, Any]:
        return {
            "healthy": self.healthy,
            "failed": [c.name for c in self.failed],
            "checks": [asdict(c) for c in self.checks],
        }


def evaluate(
    counts: Mapping[str, Any],
    finish_reason: str,
    *,
    finish_reasons: list[str],
    max_errors: int,
    min_articles: int,
    min_coverage: Mapping[str, float],
    drift: Mapping[str, Any] | None = None,
) -> Verdict:
    """Judge a crawl from its counters (``taz/health/...`` and ``log_count/ERROR``).

    >>> counts = {"taz/health/articles": 2, "taz/health/coverage/title": 2}
    >>> v = evaluate(counts, "finished", finish_reasons=["finished"], max_errors=0,
    ...              min_articles=1, min_coverage={"title": 1.0, "body": 0.5})
    >>> v.healthy, [c.name for c in v.failed]
    (False, ['coverage/body'])
    """
    errors = int(counts.get("log_count/ERROR", 0))
    articles = int(counts.get("taz/health/articles", 0))
    checks = [
        Check(
            "finish_reason",
            finish_reason in finish_reasons,
            finish_reason,
            finish_reasons,
            f"finish reason {finish_reason!r}, expected one of {finish_reasons} "
            "(TAZ_HEALTH_FINISH_REASONS)",
        ),
        Check(
            "errors",
            errors <= max_errors,
            errors,
            max_errors,
            f"{errors} errors logged, at most {max_errors} allowed (TAZ_HEALTH_MAX_ERRORS)",
        ),
        Check(
            "articles",
            articles >= min_articles,
            articles,
            min_articles,
            f"{articles} articles extracted, at least {min_articles} expected "
            "(TAZ_HEALTH_MIN_ARTICLES)",
        ),
    ]
    if any(key.startswith("taz/replay/") for key in counts):
        losses = replay_losses(counts)
        checks.append(Check("replay", not losses, losses, {}, f"replay lost responses: {losses}"))
    for name, minimum in min_coverage.items():
        present = int(counts.get(f"taz/health/coverage/{name}", 0))
        share = present / articles if articles else 0.0
        checks.append(
            Check(
                f"coverage/{name}",
                # With no article there is no coverage to judge; the article check fails.
                share >= minimum or not articles,
                round(share, 4),
                minimum,
                f"{name}: {share:.0%} of articles have it, at least {minimum:.0%} expected "
                "(TAZ_HEALTH_MIN_COVERAGE)",
            )
        )
    if drift is not None:  # layout drift, judged in tazcrawler/pages/drift.py
        checks += [Check(**asdict(check)) for check in drift_checks(counts, **drift)]
    return Verdict(all(c.ok for c in checks), tuple(checks))


def health_thresholds(settings: BaseSettings) -> dict[str, Any]:
    """The keyword arguments of :func:`evaluate` that the ``TAZ_HEALTH_*`` settings give."""
    min_coverage = {k: float(v) for k, v in settings.getdict("TAZ_HEALTH_MIN_COVERAGE").items()}
    unknown = set(min_coverage) - set(COVERAGE_FIELDS)
    if unknown:
        raise ValueError(f"TAZ_HEALTH_MIN_COVERAGE: unknown fields {sorted(unknown)}")
    return {
        "finish_reasons": settings.getlist("TAZ_HEALTH_FINISH_REASONS"),
        "max_errors": settings.getint("TAZ_HEALTH_MAX_ERRORS"),
        "min_articles": settings.getint("TAZ_HEALTH_MIN_ARTICLES"),
        "min_coverage": min_coverage,
        "drift": drift_thresholds(settings),
    }


class Health:
    """Count coverage of every extracted article, then judge the crawl when it closes.

    The verdict goes into the stats (``taz/health/verdict``, ``taz/health/failed/<check>``,
    the log, the ``VERDICT_GIVEN`` signal (the run manager writes it into the manifest) and
    the ``crawl`` command's exit status.

    Spidermon would give the same checks as monitor suites, but its monitors report through
    actions (mail, Slack) and its own result object; a verdict the run manifest and the exit
    status share is a few lines on Scrapy's signals, and it adds no dependency.
    """

    def __init__(
        self,
        stats: StatsCollector,
        signals: SignalManager,
        *,
        finish_reasons: list[str],
        max_errors: int,
        min_articles: int,
        min_coverage: dict[str, float],
        drift: Mapping[str, Any] | None = None,
    ) -> None:
        self.stats = stats
        self.signals = signals
        self.finish_reasons = finish_reasons
        self.max_errors = max_errors
        self.min_articles = min_articles
        self.min_coverage = min_coverage
        self.drift = drift
        self.verdict: Verdict | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Health:
        settings = crawler.settings
        if not settings.getbool("TAZ_HEALTH_ENABLED"):
            raise NotConfigured("TAZ_HEALTH_ENABLED is off")
        assert crawler.stats is not None
        thresholds = health_thresholds(settings)
        if settings.get("TAZ_WORKER"):
            # A worker's share of a crawl may be empty (a re-run's seeds all fetched by
            # another worker): the articles floor judges the merged run, which the last
            # worker out gives (RunManager; its stats: taz/health/run_verdict).
            thresholds["min_articles"] = 0
        extension = cls(crawler.stats, crawler.signals, **thresholds)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item: Any) -> None:
        self._count(item)

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        # An unchanged article was extracted completely; it is only not exported again.
        if isinstance(exception, UnchangedArticle):
            self._count(item)

    def _count(self, item: Any) -> None:
        adapter = ItemAdapter(item)
        self.stats.inc_value("taz/health/articles")
        for name, field in COVERAGE_FIELDS.items():
            if adapter.get(field):
                self.stats.inc_value(f"taz/health/coverage/{name}")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.stats.get_stats()
        counts: dict[str, Any] = dict(stats)
        for key, value in stats.items():
            if key.startswith(BEFORE):
                name = key[len(BEFORE) :]
                counts[name] = counts.get(name, 0) + value
        self.verdict = evaluate(
            counts,
            reason,
            finish_reasons=self.finish_reasons,
            max_errors=self.max_errors,
            min_articles=self.min_articles,
            min_coverage=self.min_coverage,
            drift=self.drift,
        )
        self.stats.set_value(
            "taz/health/verdict", "healthy" if self.verdict.healthy else "unhealthy"
        )
        self.signals.send_catch_log(VERDICT_GIVEN, verdict=self.verdict)
        for check in self.verdict.failed:
            self.stats.set_value(f"taz/health/failed/{check.name}", 1)
            logger.warning("Health check failed: %s", check.message)
        if self.verdict.healthy:
            logger.info("Crawl is healthy (%d checks passed)", len(self.verdict.checks))
        else:
            logger.warning("Crawl is UNHEALTHY: %s", ", ".join(c.name for c in self.verdict.failed))
