"""The versioning pipeline, offline (the store itself: tests/workers/test_store_contract.py)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pytest
from scrapy.utils.test import get_crawler

from tazcrawler.items import Article, Extraction, RelatedArticle
from tazcrawler.runs.sqlite import SQLiteStore as StateStore
from tazcrawler.runs.versioning import (
    AlreadyExported,
    UnchangedArticle,
    VersioningPipeline,
    content_sha256,
)

if TYPE_CHECKING:
    from pathlib import Path


def article(**changes: object) -> Article:
    base = Article(
        article_id="1",
        url="http://127.0.0.1:1234/Slug/!1/",
        title="Titel",
        paragraphs=["Eins."],
        related=[
            RelatedArticle("2", "http://127.0.0.1:1234/!2/", 1, canonical_url="https://taz.de/!2/")
        ],
        depth=0,
    )
    return dataclasses.replace(base, **changes)


def test_content_hash_ignores_provenance_and_fetch_urls() -> None:
    record = dataclasses.asdict(article())
    moved = dataclasses.asdict(
        article(
            url="https://mirror/!1/",
            depth=3,
            crawl_id="x",
            related=[
                RelatedArticle("2", "https://mirror/!2/", 1, canonical_url="https://taz.de/!2/")
            ],
        )
    )
    assert content_sha256(record) == content_sha256(moved)
    assert content_sha256(record) != content_sha256(dataclasses.asdict(article(modified="x")))
    more = [*article().related, RelatedArticle("3", "https://taz.de/!3/", 2)]
    assert content_sha256(record) != content_sha256(dataclasses.asdict(article(related=more)))


def test_content_hash_ignores_how_fields_were_read() -> None:
    # Records exported before these fields existed keep their hash: no mass re-versioning.
    before = dataclasses.asdict(article())
    for name in ("extraction", "published_precision", "modified_precision"):
        before.pop(name)
    now = dataclasses.asdict(
        article(extraction=Extraction("old", {"title": "layout"}), published_precision="datetime")
    )
    assert content_sha256(before) == content_sha256(now)
    assert content_sha256(now) != content_sha256({**now, "published": "2023-04-28"})


def test_pipeline_exports_new_and_changed_drops_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    stats = get_crawler().stats

    def pipeline(crawl_id: str) -> VersioningPipeline:
        opened = VersioningPipeline(lambda: StateStore(path), crawl_id, stats)
        opened.open_spider()
        return opened

    first = pipeline("run1")
    item = first.process_item(article())
    assert (item.version, item.previous_sha256) == (1, None)
    with pytest.raises(AlreadyExported):
        first.process_item(article())

    second = pipeline("run2")
    with pytest.raises(UnchangedArticle):
        second.process_item(article(url="http://other/!1/"))

    third = pipeline("run3")
    changed = third.process_item(article(paragraphs=["Eins.", "Zwei."]))
    assert (changed.version, changed.previous_sha256) == (2, item.content_sha256)
    assert stats.get_value("taz/versioning/changed") == 1
    assert stats.get_value("taz/versioning/unchanged") == 1
