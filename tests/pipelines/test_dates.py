"""DatesPipeline and parse_berlin: Berlin offsets, UTC copies, raw values kept."""

from __future__ import annotations

import pytest
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from tazcrawler.items import Article
from tazcrawler.pipelines.dates import DatesPipeline, berlin_iso, parse_berlin, utc_iso


@pytest.fixture
def pipeline() -> DatesPipeline:
    return build_from_crawler(DatesPipeline, get_crawler())


def article(**dates: str | None) -> Article:
    return Article(article_id="5928990", url="https://taz.de/!5928990/", **dates)


@pytest.mark.parametrize(
    ("raw", "berlin", "utc"),
    [
        # Old layout meta and new layout JSON-LD: with offset.
        ("2023-04-28T18:41:00+02:00", "2023-04-28T18:41:00+02:00", "2023-04-28T16:41:00Z"),
        # New layout meta: no offset, Berlin wall-clock time, summer and winter.
        ("2023-04-28T18:41:00", "2023-04-28T18:41:00+02:00", "2023-04-28T16:41:00Z"),
        ("2024-10-23T10:00:00", "2024-10-23T10:00:00+02:00", "2024-10-23T08:00:00Z"),
        ("2024-01-10T10:00:00", "2024-01-10T10:00:00+01:00", "2024-01-10T09:00:00Z"),
        # Any offset names an instant; Z too.
        ("2023-04-28T16:41:00Z", "2023-04-28T18:41:00+02:00", "2023-04-28T16:41:00Z"),
        ("2023-04-28T12:41:00-04:00", "2023-04-28T18:41:00+02:00", "2023-04-28T16:41:00Z"),
        ("2017-11-09T23:30:00+00:00", "2017-11-10T00:30:00+01:00", "2017-11-09T23:30:00Z"),
        # Seconds precision: fractions are cut, not rounded.
        ("2023-04-28T18:41:00.987+02:00", "2023-04-28T18:41:00+02:00", "2023-04-28T16:41:00Z"),
        ("2023-04-28 18:41:00", "2023-04-28T18:41:00+02:00", "2023-04-28T16:41:00Z"),
        ("2023-04-28", "2023-04-28T00:00:00+02:00", "2023-04-27T22:00:00Z"),
        # The visible German forms and the text edition's.
        ("28.4.2023", "2023-04-28T00:00:00+02:00", "2023-04-27T22:00:00Z"),
        ("28.04.2023, 18:41", "2023-04-28T18:41:00+02:00", "2023-04-28T16:41:00Z"),
        ("28.04.2023 18:41 Uhr", "2023-04-28T18:41:00+02:00", "2023-04-28T16:41:00Z"),
        ("9 Nov 2017", "2017-11-09T00:00:00+01:00", "2017-11-08T23:00:00Z"),
        ("9. März 2017", "2017-03-09T00:00:00+01:00", "2017-03-08T23:00:00Z"),
        ("  9 Nov\n2017 ", "2017-11-09T00:00:00+01:00", "2017-11-08T23:00:00Z"),
    ],
)
def test_parse_berlin(raw: str, berlin: str, utc: str) -> None:
    moment = parse_berlin(raw)
    assert moment is not None
    assert berlin_iso(moment) == berlin
    assert utc_iso(moment) == utc


@pytest.mark.parametrize(
    "raw", ["", "gestern", "31.02.2023", "28.13.2023", "9 Foo 2017", "2023-04-28T25:00:00", "18:41"]
)
def test_parse_berlin_rejects(raw: str) -> None:
    assert parse_berlin(raw) is None


def test_dst_changes_use_fold_zero() -> None:
    # 2024-10-27 02:30 happened twice in Berlin: the first, summer-time one is taken.
    assert berlin_iso(parse_berlin("2024-10-27T02:30:00")) == "2024-10-27T02:30:00+02:00"
    # 2024-03-31 02:30 never happened: read with the winter offset, it is 03:30 summer time.
    assert berlin_iso(parse_berlin("2024-03-31T02:30:00")) == "2024-03-31T03:30:00+02:00"
    # With an offset the instant is unambiguous, also inside the repeated hour.
    assert berlin_iso(parse_berlin("2024-10-27T01:30:00Z")) == "2024-10-27T02:30:00+01:00"


def test_published_and_modified_are_normalised_and_raw_kept(pipeline: DatesPipeline) -> None:
    item = article(published="2023-04-28T18:41:00", modified="2023-04-28T18:57:43+02:00")
    pipeline.process_item(item)
    assert item.published == "2023-04-28T18:41:00+02:00"
    assert item.published_utc == "2023-04-28T16:41:00Z"
    assert item.published_raw == "2023-04-28T18:41:00"
    assert item.modified == "2023-04-28T18:57:43+02:00"
    assert item.modified_utc == "2023-04-28T16:57:43Z"
    assert item.modified_raw == "2023-04-28T18:57:43+02:00"
    assert pipeline.stats.get_value("taz/dates/normalized/published") == 1
    assert pipeline.stats.get_value("taz/dates/normalized/modified") == 1


def test_winter_date(pipeline: DatesPipeline) -> None:
    item = article(published="2024-01-10T10:00:00")
    pipeline.process_item(item)
    assert item.published == "2024-01-10T10:00:00+01:00"
    assert item.published_utc == "2024-01-10T09:00:00Z"


def test_unparseable_keeps_raw_and_counts(pipeline: DatesPipeline) -> None:
    item = article(published="vor 3 Stunden", modified="2023-04-28T18:57:43+02:00")
    pipeline.process_item(item)
    assert item.published_raw == "vor 3 Stunden"
    assert item.published is None
    assert item.published_utc is None
    assert item.modified == "2023-04-28T18:57:43+02:00"
    assert pipeline.stats.get_value("taz/dates/unparseable") == 1
    assert pipeline.stats.get_value("taz/dates/unparseable/published") == 1


def test_missing_dates_stay_none(pipeline: DatesPipeline) -> None:
    item = article()
    pipeline.process_item(item)
    assert (item.published, item.published_utc, item.published_raw) == (None, None, None)
    assert pipeline.stats.get_value("taz/dates/missing/published") == 1
    assert pipeline.stats.get_value("taz/dates/unparseable") is None


def test_raw_only_is_normalised(pipeline: DatesPipeline) -> None:
    item = article(published_raw="28.04.2023, 18:41")
    pipeline.process_item(item)
    assert item.published == "2023-04-28T18:41:00+02:00"
    assert item.published_raw == "28.04.2023, 18:41"


@pytest.mark.parametrize("raw", ["9 Nov 2017", " 9. November\n2017", "09.11.2017", "2017-11-09"])
def test_a_raw_day_without_time_stays_a_date(pipeline: DatesPipeline, raw: str) -> None:
    item = article(published_raw=raw)
    pipeline.process_item(item)
    assert (item.published, item.published_utc, item.published_raw) == ("2017-11-09", None, raw)
    assert item.published_precision == "date"
    assert pipeline.stats.get_value("taz/dates/date_only/published") == 1


@pytest.mark.parametrize("raw", ["10. 04. 2011", "2011-04-10", " 10.4.2011 "])
def test_a_day_without_time_stays_a_date(pipeline: DatesPipeline, raw: str) -> None:
    item = article(published=raw)
    pipeline.process_item(item)
    assert (item.published, item.published_utc, item.published_precision) == (
        "2011-04-10",
        None,  # midnight Berlin would be the day before in UTC: no instant is known
        "date",
    )
    assert item.published_raw == raw


def test_a_time_of_day_gives_datetime_precision(pipeline: DatesPipeline) -> None:
    item = article(published="10.04.2011, 00:00")
    pipeline.process_item(item)
    assert (item.published, item.published_precision) == ("2011-04-10T00:00:00+02:00", "datetime")


def test_no_date_no_precision(pipeline: DatesPipeline) -> None:
    item = article(published=None)
    pipeline.process_item(item)
    assert (item.published, item.published_precision) == (None, None)


def test_running_twice_changes_nothing(pipeline: DatesPipeline) -> None:
    item = article(published="28.04.2023, 18:41")
    pipeline.process_item(item)
    once = (item.published, item.published_utc, item.published_raw)
    pipeline.process_item(item)
    assert (item.published, item.published_utc, item.published_raw) == once
    assert once == ("2023-04-28T18:41:00+02:00", "2023-04-28T16:41:00Z", "28.04.2023, 18:41")
