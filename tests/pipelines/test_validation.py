"""ValidationPipeline: schema-valid items pass, invalid ones are dropped naming the error."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from tazcrawler.items import Article, Author, Dateline, RelatedArticle
from tazcrawler.pipelines import (
    AuthorsPipeline,
    DatesPipeline,
    DedupePipeline,
    IdentityPipeline,
    TagsPipeline,
    TextPipeline,
    ValidationPipeline,
)
from tazcrawler.schema import SCHEMA_VERSION
from tests.test_schema import valid_article


@pytest.fixture
def pipeline() -> ValidationPipeline:
    return build_from_crawler(ValidationPipeline, get_crawler())


def stat(pipeline: ValidationPipeline, what: str) -> int | None:
    return pipeline.stats.get_value(f"taz/validation/{what}")


def drop_reason(pipeline: ValidationPipeline, item: Any) -> str:
    with pytest.raises(DropItem) as dropped:
        pipeline.process_item(item)
    return str(dropped.value)


def test_valid_article_passes(pipeline: ValidationPipeline) -> None:
    item = valid_article()
    assert pipeline.process_item(item) is item
    assert stat(pipeline, "valid") == 1
    assert stat(pipeline, "invalid") is None


def test_bad_article_id_is_dropped_with_path_and_message(pipeline: ValidationPipeline) -> None:
    reason = drop_reason(pipeline, valid_article(article_id="abc"))
    assert reason == (
        "invalid article 'abc' (https://taz.de/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/): "
        "$.article_id: 'abc' does not match '^[0-9]+$'"
    )
    assert stat(pipeline, "invalid") == 1
    assert stat(pipeline, "invalid/article_id") == 1
    assert stat(pipeline, "valid") is None


def test_missing_title_is_dropped(pipeline: ValidationPipeline) -> None:
    reason = drop_reason(pipeline, valid_article(title=None))
    assert reason.endswith("$.title: None is not of type 'string'")
    assert stat(pipeline, "invalid/title") == 1


def test_extra_field_is_dropped(pipeline: ValidationPipeline) -> None:
    item = dataclasses.asdict(valid_article())
    item["html"] = "<html>...</html>"
    reason = drop_reason(pipeline, item)
    assert "$: Additional properties are not allowed ('html' was unexpected)" in reason
    assert stat(pipeline, "invalid/html") == 1


def test_missing_key_is_dropped(pipeline: ValidationPipeline) -> None:
    item = dataclasses.asdict(valid_article())
    del item["language"]
    assert drop_reason(pipeline, item).endswith("$: 'language' is a required property")
    assert stat(pipeline, "invalid/language") == 1


def test_nested_error_names_the_nested_path(pipeline: ValidationPipeline) -> None:
    reason = drop_reason(pipeline, valid_article(authors=[Author("A"), Author("")]))
    assert reason.endswith("$.authors[1].name: '' should be non-empty")
    assert stat(pipeline, "invalid/authors") == 1


def test_null_or_object_error_names_the_property(pipeline: ValidationPipeline) -> None:
    # Not "... is not valid under any of the given schemas".
    reason = drop_reason(pipeline, valid_article(dateline=Dateline("Beirut", "")))
    assert reason.endswith("$.dateline.source: '' should be non-empty")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"published": "2023-04-28T18:41:00"}, "$.published: '2023-04-28T18:41:00' is not a"),
        # Matches the pattern; only the format check catches it.
        ({"published": "2023-02-30T18:41:00+01:00"}, "is not a 'date-or-date-time'"),
        ({"published": "2023-02-30"}, "is not a 'date-or-date-time'"),
        ({"url": "/Slug/!5928990/"}, "$.url: '/Slug/!5928990/' is not a 'uri'"),
    ],
)
def test_formats_are_checked(
    pipeline: ValidationPipeline, changes: dict[str, Any], reason: str
) -> None:
    assert reason in drop_reason(pipeline, valid_article(**changes))


def test_validator_is_built_once() -> None:
    pipeline = build_from_crawler(ValidationPipeline, get_crawler())
    validator = pipeline.validator
    pipeline.process_item(valid_article())
    assert pipeline.validator is validator


def test_extracted_article_is_valid_after_the_pipelines() -> None:
    """What an extractor hands over: raw dates, bylines, duplicated tags, invisible characters."""
    crawler = get_crawler(settings_dict={"TAZ_CANONICAL_BASE": "https://taz.de"})
    chain = [
        build_from_crawler(cls, crawler)
        for cls in (
            TextPipeline,
            DatesPipeline,
            AuthorsPipeline,
            TagsPipeline,
            IdentityPipeline,
            ValidationPipeline,
            DedupePipeline,
        )
    ]
    item = Article(
        article_id="5928990",
        url="https://taz.de/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/",
        layout="new",
        kicker="Entwurf des Selbstbestimmungsgesetzes",
        title="Ein kleiner Fortschritt\u200b",
        authors=[Author("Von Nicole Opitz"), Author("Nicole Opitz", "https://taz.de/x/!a52218/")],
        published="2023-04-28T18:41:00",
        tags=["taz", "Transgender", "Transgender", "Schwerpunkt LGBTQIA-Community"],
        paragraphs=["Es ist vorgesehen, dass der Geschlechts\u00adeintrag geändert werden kann."],
        language="de",
        related=[RelatedArticle("5927000", "https://taz.de/!5927000/#matomo:x", 1, "Titel")],
        crawled_at="2024-10-23T10:00:00Z",
        schema_version=SCHEMA_VERSION,
    )
    for pipeline in chain:
        item = pipeline.process_item(item)
    assert item.title == "Ein kleiner Fortschritt"
    assert item.published == "2023-04-28T18:41:00+02:00"
    assert item.authors == [Author("Nicole Opitz", "https://taz.de/x/!a52218/")]
    assert item.tags == ["Transgender", "Schwerpunkt LGBTQIA-Community"]
    assert item.word_count == 9
    assert item.related[0].canonical_url == "https://taz.de/!5927000/"
    assert crawler.stats.get_value("taz/validation/valid") == 1
