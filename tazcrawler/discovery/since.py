"""``since``: the oldest listed entry a run takes, and its default in scheduled runs."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tazcrawler.runs.clock import parse_utc
from tazcrawler.runs.store import open_store, store_path

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy.settings import BaseSettings

    from tazcrawler.runs.store import RunRecord

__all__ = ["ALL", "parse_since", "resolve_since"]

# since=all: every listed entry, whatever its date and whatever runs came before.
ALL = "all"
_DURATION = re.compile(r"(?P<count>\d+)\s*(?P<unit>[dh])")
_UNITS = {"d": "days", "h": "hours"}


def parse_since(value: str, now: datetime) -> datetime | None:
    """The moment ``value`` names: a duration before ``now`` ("2d", "36h"), an ISO 8601 date
    or date and time (without an offset: UTC), or None for "all". Raise ValueError if none.

    >>> now = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
    >>> parse_since("36h", now).isoformat(), parse_since("2026-11-30", now).isoformat()
    ('2026-11-29T18:00:00+00:00', '2026-11-30T00:00:00+00:00')
    >>> parse_since("2026-11-30T07:00+01:00", now).isoformat(), parse_since("all", now)
    ('2026-11-30T06:00:00+00:00', None)
    """
    text = value.strip()
    if text.lower() == ALL:
        return None
    match = _DURATION.fullmatch(text.lower())
    if match:
        return now - timedelta(**{_UNITS[match["unit"]]: int(match["count"])})
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{value!r} is neither a duration (2d, 36h), an ISO date or time "
            f"(2026-11-30, 2026-11-30T06:00+01:00) nor {ALL!r}"
        ) from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def resolve_since(value: str, seeds_from: Iterable[str], settings: BaseSettings) -> datetime | None:
    """The run's ``since``: as given, or else the start of the last finished run that read
    one of the same listings (compared by path: the same site on another host counts), if
    the crawl has a state store. None: every entry."""
    if value:
        return parse_since(value, datetime.now(UTC))
    path = store_path(settings)
    if path is None:
        return None
    listings = {_listing_key(url) for url in seeds_from}
    store = open_store(settings, path)
    try:
        last = store.last_finished_run(lambda run: bool(listings & _read_listings(run)))
    finally:
        store.close()
    return parse_utc(last.started) if last is not None else None


def _listing_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _read_listings(run: RunRecord) -> set[str]:
    spider = run.arguments.get("spider") or {}
    return {_listing_key(url) for url in spider.get("seeds_from") or ()}
