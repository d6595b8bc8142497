"""The pipeline's fast check (jsonschema-rs) agrees with jsonschema on valid and broken records."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import pytest

from tazcrawler.offline import extract_html
from tazcrawler.schema import article_checker, article_validator
from testsite.generate import GeneratedSite

if TYPE_CHECKING:
    from pathlib import Path

VALUES: list[Any] = [
    None,
    0,
    -1,
    1.5,
    True,
    "",
    "x",
    "2023-04-28T18:41:00",
    [],
    [None],
    {},
    {"a": 1},
]


@pytest.fixture(scope="module")
def records(real_pages_dir: Path) -> list[dict[str, Any]]:
    site = GeneratedSite(20, seed=1)
    base = "http://127.0.0.1:8000"
    found = [
        extract_html(
            site.page(i, base), f"{base}/{site.article(i).slug}/!{site.article(i).article_id}/"
        )
        for i in range(2)
    ]
    for path in sorted(real_pages_dir.glob("*.html")):
        found.append(extract_html(path.read_bytes(), "https://taz.de/Slug/!5928990/"))
    return found


def _mutations(record: dict[str, Any]):
    yield record
    for field in record:
        for value in VALUES:
            yield {**record, field: value}
        broken = dict(record)
        del broken[field]
        yield broken
    yield {**record, "unexpected": 1}
    for field in ("related", "authors", "paragraphs", "tags", "subheadings"):
        if record.get(field):
            yield {**record, field: record[field] * 2}
            first = record[field][0]
            if isinstance(first, dict):
                for key in first:
                    for value in VALUES:
                        changed = copy.deepcopy(record)
                        changed[field][0][key] = value
                        yield changed
    for field in ("image", "dateline"):
        if record.get(field):
            for key in record[field]:
                for value in VALUES:
                    changed = copy.deepcopy(record)
                    changed[field][key] = value
                    yield changed


def test_fast_check_agrees_with_jsonschema(records):
    validator = article_validator()
    check = article_checker().is_valid
    compared = invalid = 0
    for record in records:
        assert check(record)
        for mutated in _mutations(record):
            expected = validator.is_valid(mutated)
            assert check(mutated) == expected, mutated
            compared += 1
            invalid += not expected
    assert compared > 500
    assert invalid > 200
