"""Normalise published/modified to ISO 8601 with the Europe/Berlin offset, plus a UTC copy;
a date that states no time of day stays a date."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tazcrawler.fields import Fields, fields
from tazcrawler.pipelines._stats import StatsPipeline

__all__ = [
    "BERLIN",
    "DatesPipeline",
    "berlin_iso",
    "has_time_of_day",
    "is_date_only",
    "parse_berlin",
    "utc_iso",
]

BERLIN = ZoneInfo("Europe/Berlin")

# "28.4.2023", "28.04.2023, 18:41", "28.04.2023 18:41 Uhr"
_GERMAN_RE = re.compile(
    r"(?P<day>\d{1,2})\.\s*(?P<month>\d{1,2})\.\s*(?P<year>\d{4})"
    r"(?:(?:,\s*|\s+)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\s*Uhr)?)?"
)
# The text edition's "9 Nov 2017"; also "9. November 2017", "9. März 2017".
_DAY_MONTH_NAME_RE = re.compile(r"(?P<day>\d{1,2})\.?\s+(?P<month>[^\W\d_]+)\.?\s+(?P<year>\d{4})")
# English and German names and abbreviations, matched on their first three letters
# (lower case); "mrz" and "mär" both mean March.
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "mär": 3, "mrz": 3, "apr": 4, "may": 5, "mai": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12,
}  # fmt: skip


def parse_berlin(value: str) -> datetime | None:
    """An aware datetime in Europe/Berlin, truncated to seconds, or None if not understood.

    A value with an offset (any offset, "Z" included) names an instant; a value without one is
    Berlin wall-clock time, summer time included:

    >>> parse_berlin("2023-04-28T16:41:00Z").isoformat()
    '2023-04-28T18:41:00+02:00'
    >>> parse_berlin("2024-10-23T10:00:00").isoformat()
    '2024-10-23T10:00:00+02:00'
    >>> parse_berlin("2024-01-10T10:00:00.123").isoformat()
    '2024-01-10T10:00:00+01:00'
    >>> parse_berlin("2023-04-28").isoformat()
    '2023-04-28T00:00:00+02:00'
    >>> parse_berlin("28.04.2023, 18:41").isoformat()
    '2023-04-28T18:41:00+02:00'
    >>> parse_berlin("9 Nov 2017").isoformat()
    '2017-11-09T00:00:00+01:00'
    >>> parse_berlin("gestern") is None, parse_berlin("31.02.2023") is None
    (True, True)

    Wall-clock times that happen twice or never at a DST change are read with zoneinfo's
    ``fold=0``: a repeated time is the first (summer-time) occurrence, and a skipped time is
    read with the offset before the change, i.e. shifted forward by the hour that was skipped:

    >>> parse_berlin("2024-10-27T02:30:00").isoformat()
    '2024-10-27T02:30:00+02:00'
    >>> parse_berlin("2024-03-31T02:30:00").isoformat()
    '2024-03-31T03:30:00+02:00'
    """
    parsed = _parse(" ".join(value.split()))
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=BERLIN, fold=0)
    # Through UTC, so that a skipped wall-clock time comes out as a real one (astimezone to
    # the same tzinfo would return it unchanged).
    return parsed.replace(microsecond=0).astimezone(UTC).astimezone(BERLIN)


def _parse(text: str) -> datetime | None:
    try:
        # ISO 8601 with or without offset, "Z", a space instead of "T", date only.
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        if match := _GERMAN_RE.fullmatch(text):
            fields = match.groupdict(default="0")
            year, month, day, hour, minute, second = (int(fields[name]) for name in _PARTS)
            return datetime(year, month, day, hour, minute, second)
        if match := _DAY_MONTH_NAME_RE.fullmatch(text):
            named = _MONTHS.get(match["month"][:3].lower())
            if named is None:
                return None
            return datetime(int(match["year"]), named, int(match["day"]))
    except ValueError:  # a day or month out of range
        return None
    return None


_PARTS = ("year", "month", "day", "hour", "minute", "second")
# The forms that give a day and no time of day ("2023-04-28", "28.4.2023", "9 Nov 2017").
_DATE_ONLY_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}\.\s*\d{1,2}\.\s*\d{4}|" + _DAY_MONTH_NAME_RE.pattern
)


def is_date_only(value: str) -> bool:
    """True if ``value`` names a day without a time of day.

    >>> is_date_only("9 Nov 2017"), is_date_only("28.4.2023"), is_date_only("2023-04-28T10:00")
    (True, True, False)
    """
    return _DATE_ONLY_RE.fullmatch(" ".join(value.split())) is not None


# ISO 8601 with a time ("T" or a space, then hours); every other form parse_berlin reads
# states a time only in the German "28.04.2023, 18:41" form.
_ISO_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}")


def has_time_of_day(value: str) -> bool:
    """Whether a date as ``parse_berlin`` reads it states a time of day.

    >>> has_time_of_day("2023-04-28T18:41:00+02:00"), has_time_of_day("28.04.2023, 18:41")
    (True, True)
    >>> [has_time_of_day(v) for v in ("2011-04-10", "10. 04. 2011", "9 Nov 2017")]
    [False, False, False]
    """
    text = " ".join(value.split())
    if _ISO_TIME_RE.match(text):
        return True
    match = _GERMAN_RE.fullmatch(text)
    return bool(match and match["hour"])


def berlin_iso(moment: datetime) -> str:
    """ISO 8601 in Berlin time at seconds precision.

    >>> berlin_iso(parse_berlin("2023-04-28T18:41:00+02:00"))
    '2023-04-28T18:41:00+02:00'
    """
    return moment.astimezone(BERLIN).isoformat(timespec="seconds")


def utc_iso(moment: datetime) -> str:
    """ISO 8601 in UTC at seconds precision, with "Z".

    >>> utc_iso(parse_berlin("2023-04-28T18:41:00+02:00"))
    '2023-04-28T16:41:00Z'
    """
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class DatesPipeline(StatsPipeline):
    """Keep each date as found in ``<field>_raw``; normalise ``<field>`` and ``<field>_utc``.

    A raw value without a time of day ("10. 04. 2011", the only date some old pages state)
    becomes the date "2011-04-10" with ``<field>_precision`` "date" and no ``<field>_utc``:
    a time of midnight would be invented, and its UTC copy would name the day before.
    """

    FIELDS = ("published", "modified")

    def process_item(self, item: Any) -> Any:
        adapter = fields(item)
        for name in self.FIELDS:
            self._normalize(adapter, name)
        return item

    def _normalize(self, adapter: Fields, name: str) -> None:
        raw_name, utc_name, precision = f"{name}_raw", f"{name}_utc", f"{name}_precision"
        # A raw value already kept wins, so running the pipeline twice changes nothing.
        raw = adapter.get(raw_name)
        if raw is None:
            raw = adapter.get(name)
        adapter[raw_name] = raw
        adapter[name] = adapter[utc_name] = adapter[precision] = None
        if raw is None:
            self.stats.inc_value(f"taz/dates/missing/{name}")
            return
        moment = parse_berlin(str(raw))
        if moment is None:
            self.stats.inc_value("taz/dates/unparseable")
            self.stats.inc_value(f"taz/dates/unparseable/{name}")
            return
        if has_time_of_day(str(raw)):
            adapter[name] = berlin_iso(moment)
            adapter[utc_name] = utc_iso(moment)
            adapter[precision] = "datetime"
        else:
            adapter[name] = moment.date().isoformat()
            adapter[precision] = "date"
            self.stats.inc_value(f"taz/dates/date_only/{name}")
        self.stats.inc_value(f"taz/dates/normalized/{name}")
