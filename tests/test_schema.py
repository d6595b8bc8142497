"""The published article schema: in step with the dataclasses, strict, and versioned."""

from __future__ import annotations

import dataclasses
import json
import typing
from typing import TYPE_CHECKING, Any

import pytest
from itemadapter import ItemAdapter
from jsonschema import Draft202012Validator

from tazcrawler import items
from tazcrawler.items import (
    Article,
    Author,
    Dateline,
    Image,
    RelatedArticle,
    Subheading,
    as_record,
)
from tazcrawler.schema import SCHEMA_VERSION, article_validator, is_uri, load_schema

if TYPE_CHECKING:
    from collections.abc import Iterator

# The record's dataclasses (the module also exports as_record).
ITEM_CLASSES = [name for name in items.__all__ if isinstance(getattr(items, name), type)]


def valid_article(**changes: Any) -> Article:
    """A complete article as the pipelines leave it, modelled on !5928990 of the real fixtures."""
    article = Article(
        article_id="5928990",
        url="https://taz.de/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/",
        canonical_url="https://taz.de/!5928990/",
        layout="old",
        kicker="Entwurf des Selbstbestimmungsgesetzes",
        title="Ein kleiner Fortschritt",
        teaser="Das alte, diskriminierende Transsexuellengesetz ist endlich bald Geschichte.",
        authors=[Author("Nicole Opitz", "https://taz.de/Nicole-Opitz/!a52218/")],
        published="2023-04-28T18:41:00+02:00",
        published_utc="2023-04-28T16:41:00Z",
        published_raw="2023-04-28T18:41:00",
        modified=None,
        modified_utc=None,
        modified_raw=None,
        section="Gesellschaft",
        tags=["Schwerpunkt LGBTQIA-Community", "Transgender"],
        dateline=Dateline("Berlin", "taz"),
        image=Image("https://taz.de/picture/6236752/948/x.jpeg", "Eine Fahne", "Foto: dpa"),
        paragraphs=["Na endlich!", "Es gibt einen Referentenentwurf zum Gesetz."],
        subheadings=[Subheading("Sonderklausel beim Hausrecht", 1)],
        word_count=8,
        language="de",
        related=[
            RelatedArticle(
                article_id="5927000",
                url="https://taz.de/Trans-Rechte/!5927000/",
                position=1,
                title="Trans-Rechte",
                kicker=None,
                teaser=None,
                canonical_url="https://taz.de/!5927000/",
            )
        ],
        crawled_at="2024-10-23T10:00:00Z",
        depth=1,
        referrer="https://taz.de/!5927000/",
        referrer_id="5927000",
        crawl_id="20241023T100000Z-1a2b3c4d",
        response_sha256="0" * 64,
        schema_version=SCHEMA_VERSION,
    )
    return dataclasses.replace(article, **changes)


def record(article: Article) -> dict[str, Any]:
    return ItemAdapter(article).asdict()


def _field_names(cls: type) -> list[str]:
    return [field.name for field in dataclasses.fields(cls)]


def _object_schemas(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "properties" in node:
            yield node
        for value in node.values():
            yield from _object_schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _object_schemas(value)


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_version_appears_in_id_and_const() -> None:
    schema = load_schema()
    assert f"/{SCHEMA_VERSION}/" in schema["$id"]
    assert schema["properties"]["schema_version"] == {
        "description": schema["properties"]["schema_version"]["description"],
        "const": SCHEMA_VERSION,
    }


def _dataclasses_in(annotation: Any) -> set[type]:
    """The dataclasses named in a type hint: ``list[Author]`` -> {Author}."""
    found = {annotation} if dataclasses.is_dataclass(annotation) else set()
    for argument in typing.get_args(annotation):
        found |= _dataclasses_in(argument)
    return found


def _object_schema(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow ``items`` and local ``$ref`` to the object schema a property describes."""
    while "properties" not in node:
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].removeprefix("#/$defs/")]
        else:
            node = node["items"]
    return node


def _assert_schema_matches(
    cls: type, node: dict[str, Any], schema: dict[str, Any], seen: set[type]
) -> None:
    seen.add(cls)
    node = _object_schema(schema, node)
    names = _field_names(cls)
    assert sorted(node["properties"]) == sorted(names), cls.__name__
    # Every key is always present (null when unknown): records have one shape.
    assert sorted(node["required"]) == sorted(names), cls.__name__
    hints = typing.get_type_hints(cls)
    for name in names:
        for part in _dataclasses_in(hints[name]):
            _assert_schema_matches(part, node["properties"][name], schema, seen)


def test_schema_fields_are_the_dataclass_fields_recursively() -> None:
    schema = load_schema()
    seen: set[type] = set()
    _assert_schema_matches(Article, schema, schema, seen)
    # Every dataclass of the items module is part of the record, so all were compared.
    assert {cls.__name__ for cls in seen} == set(ITEM_CLASSES)


def test_article_properties_follow_the_dataclass_order() -> None:
    # Readers of the schema see the fields in the order the exporter writes them.
    assert list(load_schema()["properties"]) == _field_names(Article)


def test_no_object_allows_additional_properties() -> None:
    objects = list(_object_schemas(load_schema()))
    assert len(objects) == len(ITEM_CLASSES) + 1  # and Extraction.sources, a mapping
    assert all(schema["additionalProperties"] is False for schema in objects)


def test_load_schema_returns_a_fresh_copy() -> None:
    load_schema()["properties"].clear()
    assert "article_id" in load_schema()["properties"]


def test_valid_article_passes_also_after_a_json_round_trip() -> None:
    validator = article_validator()
    data = record(valid_article())
    assert list(validator.iter_errors(data)) == []
    assert list(validator.iter_errors(json.loads(json.dumps(data)))) == []


def test_nullable_fields_accept_null() -> None:
    article = valid_article(
        canonical_url="https://taz.de/!5928990/",
        layout=None,
        kicker=None,
        teaser=None,
        published=None,
        published_utc=None,
        published_raw=None,
        section=None,
        dateline=None,
        image=None,
        language=None,
        crawled_at=None,
        referrer=None,
        referrer_id=None,
        crawl_id=None,
        response_sha256=None,
        authors=[Author("Nicole Opitz", None)],
        tags=[],
        subheadings=[],
        related=[],
        depth=0,
        word_count=0,
    )
    assert article_validator().is_valid(record(article))


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"article_id": "abc"}, "$.article_id"),
        ({"article_id": "59289 90"}, "$.article_id"),
        ({"url": "/Slug/!5928990/"}, "$.url"),
        ({"canonical_url": "/!5928990/"}, "$.canonical_url"),
        ({"url": "ftp://taz.de/!5928990/"}, "$.url"),
        ({"published": "2023-02-30"}, "$.published"),  # a date alone is checked too
        ({"title": None}, "$.title"),
        ({"title": ""}, "$.title"),
        ({"title": " Titel"}, "$.title"),
        ({"kicker": ""}, "$.kicker"),
        ({"paragraphs": []}, "$.paragraphs"),
        ({"paragraphs": ["Text", ""]}, "$.paragraphs[1]"),
        ({"tags": ["Syrien", "Syrien"]}, "$.tags"),
        ({"layout": "mixed"}, "$.layout"),
        ({"published": "2023-04-28T18:41:00"}, "$.published"),
        ({"published": "2023-04-28T18:41:00.123+02:00"}, "$.published"),
        ({"published": "2023-02-30T18:41:00+01:00"}, "$.published"),  # format, not pattern
        ({"published_utc": "2023-04-28T16:41:00+00:00"}, "$.published_utc"),
        ({"modified_utc": "2023-04-28T16:41:00"}, "$.modified_utc"),
        ({"word_count": -1}, "$.word_count"),
        ({"depth": -1}, "$.depth"),
        ({"depth": 1.5}, "$.depth"),
        ({"language": "deutsch!"}, "$.language"),
        ({"crawled_at": "gestern"}, "$.crawled_at"),
        ({"referrer_id": "!5927000"}, "$.referrer_id"),
        ({"response_sha256": "A" * 64}, "$.response_sha256"),
        ({"response_sha256": "0" * 63}, "$.response_sha256"),
        ({"schema_version": None}, "$.schema_version"),
        ({"schema_version": "0.0.1"}, "$.schema_version"),
        ({"authors": [Author("")]}, "$.authors[0].name"),
        ({"authors": [Author("A", "nicole-opitz")]}, "$.authors[0].url"),
        ({"dateline": Dateline("", "taz")}, "$.dateline.location"),
        ({"image": Image("/picture/1/948/x.jpeg")}, "$.image.url"),
        ({"subheadings": [Subheading("Zwischentitel", -1)]}, "$.subheadings[0].position"),
    ],
)
def test_invalid_values_are_rejected_at_their_path(changes: dict[str, Any], path: str) -> None:
    errors = list(article_validator().iter_errors(record(valid_article(**changes))))
    assert errors
    assert path in {error.json_path for error in errors}


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"article_id": "x5927000"}, "$.related[0].article_id"),
        ({"position": 0}, "$.related[0].position"),
        ({"canonical_url": "!5927000"}, "$.related[0].canonical_url"),
        ({"url": "file:///tmp/x"}, "$.related[0].url"),
        ({"title": ""}, "$.related[0].title"),
    ],
)
def test_invalid_related_entries_are_rejected(changes: dict[str, Any], path: str) -> None:
    related = dataclasses.replace(valid_article().related[0], **changes)
    errors = list(article_validator().iter_errors(record(valid_article(related=[related]))))
    assert path in {error.json_path for error in errors}


def test_extra_and_missing_fields_are_rejected() -> None:
    data = record(valid_article())
    data["html"] = "<html>"
    del data["title"]
    messages = {error.message for error in article_validator().iter_errors(data)}
    assert "'title' is a required property" in messages
    assert any("'html' was unexpected" in message for message in messages)


def test_extra_field_in_a_part_is_rejected() -> None:
    data = record(valid_article())
    data["authors"][0]["role"] = "Redakteurin"
    errors = list(article_validator().iter_errors(data))
    assert [error.json_path for error in errors] == ["$.authors[0]"]


def test_as_record_is_itemadapters_asdict_without_sharing_lists() -> None:
    article = valid_article()
    record = as_record(article)
    assert record == ItemAdapter(article).asdict()
    assert record["authors"][0] == {"name": article.authors[0].name, "url": article.authors[0].url}
    # The record is a copy: changing it leaves the item as it was.
    record["paragraphs"].append("added")
    record["related"][0]["title"] = "changed"
    assert "added" not in article.paragraphs
    assert article.related[0].title != "changed"


def test_as_record_takes_other_item_kinds_through_itemadapter() -> None:
    assert as_record({"article_id": "1", "authors": [Author(name="A")]}) == {
        "article_id": "1",
        "authors": [{"name": "A", "url": None}],
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://taz.de/!5928990/", True),
        ("http://127.0.0.1:8000/Slug/!3000001/?x=1#top", True),
        ("https://taz.de", True),
        ("mailto:leserbriefe@taz.de", True),
        ("urn:isbn:3-570-00312-0", True),
        ("https://taz.de/a b", False),
        ("https://taz.de/\tx", False),
        ("/!5928990/", False),
        ("https://", False),
        ("http://[::1/", False),
        ("1http://taz.de/", False),
        ("", False),
    ],
)
def test_uri_format(value: str, expected: bool) -> None:
    assert is_uri(value) is expected
