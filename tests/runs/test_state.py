"""The state store and the versioning pipeline, offline."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pytest
from scrapy.utils.test import get_crawler

from tazcrawler.items import Article, Extraction, RelatedArticle
from tazcrawler.runs.sqlite import SQLiteStore as StateStore
from tazcrawler.runs.store import ArticleState
from tazcrawler.runs.versioning import (
    AlreadyExported,
    UnchangedArticle,
    VersioningPipeline,
    content_sha256,
)

if TYPE_CHECKING:
    from pathlib import Path


def state(
    article_id: str, version: int = 1, sha: str = "a" * 64, when: str = "2026-01-01T00:00:00Z"
):
    return ArticleState(
        article_id=article_id,
        url=f"https://taz.de/!{article_id}/",
        content_sha256=sha,
        version=version,
        first_seen=when,
        last_seen=when,
        published=None,
        modified=None,
        related=(("2", "https://taz.de/!2/"),),
    )


def test_versions_visits_and_due(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.sqlite3")
    store.record_version("run1", state("1"), depth=0)
    assert store.current("1").version == 1
    assert store.current("1").related == (("2", "https://taz.de/!2/"),)
    assert store.standing("run2", "9", 3600, "2026-01-01T00:00:00Z") == "due"  # unknown
    assert store.standing("run2", "1", 3600, "2026-01-01T00:59:59Z") == "not_due"
    assert store.standing("run2", "1", 3600, "2026-01-01T01:00:00Z") == "due"
    assert store.standing("run2", "1", 0, "2026-01-01T00:00:00Z") == "due"
    store.record_unchanged("run2", "1", 0, "2026-01-02T00:00:00Z")
    assert store.current("1").last_seen == "2026-01-02T00:00:00Z"
    assert store.current("1").first_seen == "2026-01-01T00:00:00Z"
    assert [v.outcome for v in store.visits("run2")] == ["unchanged"]
    assert store.visited("run2", "1")
    assert not store.visited("run2", "2")
    # A run's own check wins over any revisit interval.
    assert store.standing("run2", "1", 0, "2026-01-03T00:00:00Z") == "checked"
    assert store.standing("run1", "1", 0, "2026-01-03T00:00:00Z") == "checked"
    assert store.standing("run3", "1", 10**9, "2026-01-03T00:00:00Z") == "not_due"


def test_reconcile_rolls_back_what_the_file_lacks(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.sqlite3")
    store.record_version("run1", state("1"), depth=0)
    store.record_version("run1", state("2"), depth=1)
    later = "2026-02-01T00:00:00Z"
    store.record_version("run2", state("1", 2, "b" * 64, later), depth=0)
    store.record_version("run2", state("3", when=later), depth=1)
    # Only article 3 reached run2's file: version 2 of article 1 is forgotten.
    assert store.reconcile("run2", {("3", 1)}) == 1
    assert store.current("1").version == 1
    assert store.current("1").last_seen == "2026-01-01T00:00:00Z"
    assert {v.article_id for v in store.visits("run2")} == {"3"}
    assert store.reconcile("run2", {("3", 1)}) == 0
    assert store.reconcile("run1", set()) == 2
    assert store.current("1") is None
    assert store.current("2") is None


def test_runs_unfinished_and_ended(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.sqlite3")
    assert store.unfinished_run() is None
    store.start_run("run1", {"match": {"x": 1}}, "2026-01-01T00:00:00Z")
    assert store.unfinished_run().crawl_id == "run1"
    store.end_run("run1", "interrupted", None)
    assert store.unfinished_run().status == "interrupted"
    store.start_run("run1", {"match": {"x": 1}}, "2026-01-01T00:00:00Z")
    store.end_run("run1", "finished", "2026-01-01T01:00:00Z")
    assert store.unfinished_run() is None


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
