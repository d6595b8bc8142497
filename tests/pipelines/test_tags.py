"""TagsPipeline: page order kept, case-insensitive duplicates and site-name noise removed."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from tazcrawler.items import Article
from tazcrawler.pipelines.tags import TagsPipeline

# The seed article's "## TAGS" block, verbatim.
SEED_TAGS = [
    "Schwerpunkt Syrien",
    "\u201eIslamischer Staat\u201c (IS)",
    "Schwerpunkt Syrien",
    "Schwerpunkt Syrien",
    "Lesestück Interview",
    "Schwerpunkt Syrien",
]


def make(settings: dict[str, Any] | None = None) -> TagsPipeline:
    return build_from_crawler(TagsPipeline, get_crawler(settings_dict=settings))


def run(pipeline: TagsPipeline, tags: list[str]) -> list[str]:
    item = Article(article_id="1", url="https://taz.de/!1/", tags=tags)
    pipeline.process_item(item)
    return item.tags


def test_seed_article_duplicates_removed_in_order() -> None:
    pipeline = make()
    assert run(pipeline, SEED_TAGS) == [
        "Schwerpunkt Syrien",
        "\u201eIslamischer Staat\u201c (IS)",
        "Lesestück Interview",
    ]
    assert pipeline.stats.get_value("taz/tags/duplicates_removed") == 3
    assert pipeline.stats.get_value("taz/tags/noise_removed") is None


def test_duplicates_are_case_insensitive_and_keep_the_first_spelling() -> None:
    pipeline = make()
    assert run(pipeline, ["Transgender", "TRANSGENDER", "Straße", "STRASSE"]) == [
        "Transgender",
        "Straße",
    ]
    assert pipeline.stats.get_value("taz/tags/duplicates_removed") == 2


def test_default_noise_when_setting_missing() -> None:
    pipeline = make()
    tags = ["taz", "Transgender", "Tageszeitung", "TAZ.de", "die tageszeitung", "Politik"]
    assert run(pipeline, tags) == ["Transgender", "Politik"]
    assert pipeline.stats.get_value("taz/tags/noise_removed") == 4


def test_noise_from_setting_replaces_the_default() -> None:
    pipeline = make({"TAZ_TAG_NOISE": ["politik", " Gesellschaft "]})
    tags = ["taz", "Politik", "gesellschaft", "Transgender"]
    assert run(pipeline, tags) == ["taz", "Transgender"]
    assert pipeline.stats.get_value("taz/tags/noise_removed") == 2


def test_empty_noise_setting_keeps_everything() -> None:
    assert run(make({"TAZ_TAG_NOISE": []}), ["taz", "Syrien"]) == ["taz", "Syrien"]


def test_no_tags() -> None:
    pipeline = make()
    assert run(pipeline, []) == []
    assert pipeline.stats.get_stats() == {}


def test_direct_construction() -> None:
    pipeline = TagsPipeline(get_crawler().stats, noise=["Syrien"])
    assert run(pipeline, ["syrien", "Irak"]) == ["Irak"]


@pytest.mark.parametrize("noise", [["taz"], ("taz",), {"taz"}])
def test_noise_accepts_any_iterable(noise: Any) -> None:
    assert run(TagsPipeline(get_crawler().stats, noise), ["TAZ", "Irak"]) == ["Irak"]
