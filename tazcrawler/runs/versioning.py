"""Incremental export: a new or changed article gets the next version, an unchanged one none."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from tazcrawler.diskfull import is_disk_full, stop_crawl
from tazcrawler.items import as_record
from tazcrawler.runs.clock import utc_now
from tazcrawler.runs.store import ArticleState, VersionConflict, store_opener

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from tazcrawler.runs.store import StateStore

__all__ = ["AlreadyExported", "UnchangedArticle", "VersioningPipeline", "content_sha256"]

# Not content: where and when the record was made, and the fields this pipeline fills.
_NOT_CONTENT = frozenset(
    {
        "url",
        "crawled_at",
        "depth",
        "referrer",
        "referrer_id",
        "crawl_id",
        "response_sha256",
        "schema_version",
        "extraction",  # how the fields were read, not what they say
        # Derived from *_raw, which is content: left out, the hashes of articles exported
        # before these fields existed stay the same.
        "published_precision",
        "modified_precision",
        "content_sha256",
        "version",
        "previous_sha256",
        # How the page was read, not what it says (its shorter text changes the hash).
        "truncated",
    }
)


def _without_urls(value: Any) -> Any:
    # URLs of authors, images and related entries name the host the page was fetched from
    # (a mirror, the test site's port); related entries keep their canonical_url.
    if isinstance(value, dict):
        return {k: _without_urls(v) for k, v in value.items() if k != "url"}
    if isinstance(value, list):
        return [_without_urls(v) for v in value]
    return value


def content_sha256(record: dict[str, Any]) -> str:
    """SHA-256 of what an article says: its text, dates (``modified`` too) and related links.

    Provenance and fetch URLs are left out, so the same article fetched again, from another
    host or at another depth, has the same hash.

    >>> a = {"article_id": "1", "title": "T", "url": "http://a/!1/", "depth": 0}
    >>> content_sha256(a) == content_sha256({**a, "url": "http://b/!1/", "depth": 2})
    True
    >>> content_sha256(a) == content_sha256({**a, "title": "U"})
    False
    """
    content = {k: _without_urls(v) for k, v in record.items() if k not in _NOT_CONTENT}
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Decisions on one item before its conflict is an error: each retry follows a version that
# another worker recorded, so more than a few mean something else is wrong.
_ATTEMPTS = 5


class UnchangedArticle(DropItem):
    """The article is known and has not changed since its current version: not exported."""


class AlreadyExported(DropItem):
    """The article was already exported by this run (before a restart): never a second line."""


class VersioningPipeline:
    """Compare each article with the state store; export it only if it is new or changed.

    A new article is version 1; a changed one (content hash, which covers ``modified``)
    gets the next version and ``previous_sha256``; an unchanged one is dropped, counted and
    marked as seen. Every decision is committed to the store before the item goes on to the
    feeds; the run manager rolls back decisions whose line did not reach the file.
    """

    def __init__(
        self,
        open_store: Callable[[], StateStore],
        crawl_id: str,
        stats: StatsCollector,
        on_disk_full: Callable[[Exception], None] | None = None,
    ) -> None:
        self.open_store = open_store
        self.crawl_id = crawl_id
        self.stats = stats
        self.on_disk_full = on_disk_full
        self.store: StateStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        assert crawler.stats is not None
        return cls(
            store_opener(settings),
            settings.get("TAZ_CRAWL_ID"),
            crawler.stats,
            lambda exc: stop_crawl(crawler, "store", exc),
        )

    def open_spider(self) -> None:
        self.store = self.open_store()

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.close()

    def process_item(self, item: Any) -> Any:
        try:
            for _ in range(_ATTEMPTS - 1):
                try:
                    return self._version(item)
                except VersionConflict:
                    # Another worker recorded the article in between: decide again on what
                    # it recorded (checked, unchanged, or the version after its one).
                    self.stats.inc_value("taz/versioning/conflicts")
            return self._version(item)
        except sqlite3.Error as exc:
            if not is_disk_full(exc) or self.on_disk_full is None:
                raise
            # Neither versioned nor exported: a resumed run fetches it again.
            self.on_disk_full(exc)
            raise DropItem("the disk is full: not versioned", log_level="INFO") from None

    def _version(self, item: Any) -> Any:
        store = self.store
        assert store is not None, "opened at open_spider"
        adapter = ItemAdapter(item)
        article_id = adapter["article_id"]
        if store.visited(self.crawl_id, article_id):
            self.stats.inc_value("taz/versioning/already_exported")
            raise AlreadyExported(
                f"article {article_id} already checked in this run", log_level="DEBUG"
            )
        digest = content_sha256(as_record(item))
        known = store.current(article_id)
        now = utc_now()
        depth = adapter.get("depth") or 0
        filled = tuple(sorted(name for name, value in adapter.items() if value))
        if known is not None and known.content_sha256 == digest:
            store.record_unchanged(self.crawl_id, article_id, depth, now, filled)
            self.stats.inc_value("taz/versioning/unchanged")
            raise UnchangedArticle(
                f"article {article_id} unchanged since version {known.version}", log_level="DEBUG"
            )
        version = 1 if known is None else known.version + 1
        adapter["content_sha256"] = digest
        adapter["version"] = version
        adapter["previous_sha256"] = None if known is None else known.content_sha256
        related = tuple(
            (ItemAdapter(link)["article_id"], ItemAdapter(link)["url"])
            for link in adapter.get("related") or []
            if ItemAdapter(link)["article_id"] is not None  # a text edition's unlinked entry
        )
        store.record_version(
            self.crawl_id,
            ArticleState(
                article_id=article_id,
                url=adapter["url"],
                content_sha256=digest,
                version=version,
                first_seen=now if known is None else known.first_seen,
                last_seen=now,
                published=adapter.get("published"),
                modified=adapter.get("modified"),
                related=related,
            ),
            depth,
            filled,
        )
        self.stats.inc_value("taz/versioning/new" if known is None else "taz/versioning/changed")
        return item
