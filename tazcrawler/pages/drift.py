"""Layout drift: a run whose articles come from the fallback, or lose fields, is unhealthy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scrapy.settings import BaseSettings

__all__ = ["DriftCheck", "drift_checks", "drift_thresholds"]


@dataclass(frozen=True)
class DriftCheck:
    """One check, in the shape of the health verdict's ``Check``."""

    name: str
    ok: bool
    value: Any
    threshold: Any
    message: str


def drift_thresholds(settings: BaseSettings) -> dict[str, Any]:
    """The keyword arguments of :func:`drift_checks` from the ``TAZ_HEALTH_DRIFT_*`` settings."""
    return {
        "min_articles": settings.getint("TAZ_HEALTH_DRIFT_MIN_ARTICLES"),
        "max_fallback": settings.getfloat("TAZ_HEALTH_DRIFT_MAX_FALLBACK"),
        "max_lost": {k: float(v) for k, v in settings.getdict("TAZ_HEALTH_DRIFT_MAX_LOST").items()},
    }


def drift_checks(
    counts: Mapping[str, Any],
    *,
    min_articles: int,
    max_fallback: float,
    max_lost: Mapping[str, float],
) -> list[DriftCheck]:
    """Judge layout drift from the ``taz/fields/...`` counts (``SourcesPipeline``).

    ``drift/fallback``: the share of articles read by the generic fallback is at most
    ``max_fallback``. ``drift/<field>``: the share of articles that lack a field an earlier
    article of the run had is at most ``max_lost[field]``. A run of fewer than
    ``min_articles`` articles is too small to judge: no checks.

    >>> counts = {"taz/fields/articles": 20, "taz/fields/read_by_fallback": 16,
    ...           "taz/fields/kicker/lost": 19}
    >>> [c.message for c in drift_checks(counts, min_articles=10, max_fallback=0.5,
    ...                                  max_lost={"kicker": 0.5}) if not c.ok]
    ['layout drift: 80% of articles read by the fallback (at most 50%, TAZ_HEALTH_DRIFT_MAX_FALLBACK)', 'layout drift: no kicker in 95% of articles (at most 50%, TAZ_HEALTH_DRIFT_MAX_LOST)']
    """  # noqa: E501
    articles = int(counts.get("taz/fields/articles", 0))
    if articles < max(min_articles, 1):
        return []
    fallback = int(counts.get("taz/fields/read_by_fallback", 0)) / articles
    checks = [
        DriftCheck(
            "drift/fallback",
            fallback <= max_fallback,
            round(fallback, 4),
            max_fallback,
            f"layout drift: {fallback:.0%} of articles read by the fallback "
            f"(at most {max_fallback:.0%}, TAZ_HEALTH_DRIFT_MAX_FALLBACK)",
        )
    ]
    for field, maximum in max_lost.items():
        lost = int(counts.get(f"taz/fields/{field}/lost", 0)) / articles
        checks.append(
            DriftCheck(
                f"drift/{field}",
                lost <= maximum,
                round(lost, 4),
                maximum,
                f"layout drift: no {field} in {lost:.0%} of articles "
                f"(at most {maximum:.0%}, TAZ_HEALTH_DRIFT_MAX_LOST)",
            )
        )
    return checks
