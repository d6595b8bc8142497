"""Timestamps of runs and records: ISO 8601 UTC with a Z, to the second."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["parse_utc", "utc_now"]


def utc_now() -> str:
    """The current time as ISO 8601 UTC with a Z, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_utc(timestamp: str) -> datetime:
    """A timestamp of :func:`utc_now` (or any ISO 8601 one) as an aware datetime."""
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
