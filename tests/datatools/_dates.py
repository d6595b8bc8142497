"""The date check every data-tool test makes: the same instant, wall time and offset."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def assert_same_berlin_time(value: Any, expected: str | None) -> None:
    """``value`` (a datetime from a data tool) is the record's ``expected`` string."""
    if expected is None:
        assert value is None or value != value  # None, or NaT/NaN
        return
    want = datetime.fromisoformat(expected)
    got = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
    assert got is not None
    assert got.tzinfo is not None, f"{value!r} has no zone"
    assert got == want  # the instant
    assert got.utcoffset() == want.utcoffset(), (got, expected)  # +01:00 or +02:00
    assert got.replace(tzinfo=None) == want.replace(tzinfo=None), (got, expected)  # wall time


def offsets(values: list[str | None]) -> set[str]:
    return {v[-6:] for v in values if v}
