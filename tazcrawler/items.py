"""The article record and its parts, as dataclasses (Scrapy's ItemAdapter handles them)."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "Article",
    "Author",
    "Dateline",
    "Extraction",
    "Image",
    "RelatedArticle",
    "Subheading",
    "as_record",
    "sharing_record",
]


def as_record(item: Any) -> dict[str, Any]:
    """The item as plain dicts and lists, as the exporters write it.

    The same result as ``ItemAdapter(item).asdict()`` for this module's dataclasses, five
    times faster: ItemAdapter asks every nested value which item kind it is, and
    ``dataclasses.asdict`` deep-copies every string; validation and versioning convert every
    article (BENCHMARKS.md). Other item kinds go through ItemAdapter.
    """
    shared = _shared
    if shared and shared[0] is item:
        if shared[1] is None:
            shared[1] = _convert(item)
        return shared[1]  # type: ignore[no-any-return]
    return _convert(item)


# [item, its record or None] while ``sharing_record(item)`` holds.
_shared: list[Any] = []


@contextmanager
def sharing_record(item: Any) -> Iterator[None]:
    """Within the block, ``as_record(item)`` converts ``item`` once and every caller gets
    that same dict, which none of them may change.

    The seven default feeds each convert the item they export: seven conversions an
    article, 4% of the replay process's main thread in a re-extraction with two workers
    (py-spy, BENCHMARKS.md).
    """
    _shared[:] = [item, None]
    try:
        yield
    finally:
        _shared.clear()


def _convert(item: Any) -> dict[str, Any]:
    if not hasattr(item, "__dataclass_fields__") or isinstance(item, type):
        record: dict[str, Any] = ItemAdapter(item).asdict()
        return record
    plain: dict[str, Any] = _plain(item)
    return plain


# Values that are already plain: most of a record (text, ids, counts, None).
_LEAVES = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        record = {}
        for name in fields:
            part = getattr(value, name)
            record[name] = part if type(part) in _LEAVES else _plain(part)
        return record
    if isinstance(value, list):
        return [part if type(part) in _LEAVES else _plain(part) for part in value]
    if isinstance(value, dict):
        return {key: part if type(part) in _LEAVES else _plain(part) for key, part in value.items()}
    if isinstance(value, tuple):
        return tuple(_plain(part) for part in value)
    return value


@dataclass
class Author:
    name: str
    url: str | None = None


@dataclass
class Dateline:
    """Where and by whom the report was filed: "Beirut ap |" is location "Beirut", source "ap"."""

    location: str | None = None
    source: str | None = None


@dataclass
class Image:
    url: str | None  # None where the page names no image file (the text edition)
    caption: str | None = None
    credit: str | None = None
    # True when the source cut the caption short ("…"): the caption is then its beginning.
    caption_truncated: bool = False


@dataclass
class Subheading:
    text: str
    # Index into Article.paragraphs of the paragraph this subheading precedes.
    position: int


@dataclass
class RelatedArticle:
    """One entry of the "Mehr zum Thema" block that names an article.

    ``article_id`` and ``url`` are None only for an entry of a rendered text edition, which
    shows the entry's title and teaser but not its link.
    """

    article_id: str | None
    url: str | None  # as linked, made absolute
    position: int  # 1-based, as shown in the block
    title: str | None = None
    kicker: str | None = None
    teaser: str | None = None
    canonical_url: str | None = None  # derived from article_id by the identity pipeline


@dataclass
class Extraction:
    """How the article was read: the page's layout ("old", "new", or "generic" for a
    template never seen) and, for each field found, the layer that gave it ("jsonld",
    "microdata", "meta", "layout", "fallback", "url"); a field not found is not listed."""

    layout: str
    sources: dict[str, str] = field(default_factory=dict)


@dataclass
class Article:
    # None only offline, for a saved text edition that names no id (a crawl drops such a page).
    article_id: str | None
    url: str  # the URL the page was fetched from (after redirects)
    canonical_url: str | None = None
    layout: str | None = None  # "old" (tazxslt, until 2024-10), "new" (Bulma), "text" (gopher)
    kicker: str | None = None
    title: str | None = None
    teaser: str | None = None
    authors: list[Author] = field(default_factory=list)
    # As found on the page; the dates pipeline moves them to *_raw and normalises: a date
    # with a time of day to ISO 8601 with offset ("datetime" precision), a page that states
    # only a day to "YYYY-MM-DD" ("date" precision, no *_utc: no instant is known).
    published: str | None = None
    published_utc: str | None = None
    published_raw: str | None = None
    published_precision: str | None = None
    modified: str | None = None
    modified_utc: str | None = None
    modified_raw: str | None = None
    modified_precision: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    dateline: Dateline | None = None
    image: Image | None = None
    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[Subheading] = field(default_factory=list)
    word_count: int = 0
    language: str | None = None
    related: list[RelatedArticle] = field(default_factory=list)
    # Why the page ended before its markup did ("depth_limit", "unclosed"): the fields may
    # lack what came after. None for a whole page. TAZ_TRUNCATED_PAGES = "refuse" drops them.
    truncated: str | None = None
    extraction: Extraction | None = None  # which layer gave each field
    # Provenance, filled in by the spider (or the extract command).
    crawled_at: str | None = None
    depth: int = 0
    referrer: str | None = None  # URL of the article this one was reached from
    referrer_id: str | None = None
    crawl_id: str | None = None
    response_sha256: str | None = None
    schema_version: str | None = None
    # Versioning, filled in by the versioning pipeline from the state store (null offline).
    content_sha256: str | None = None  # hash of the content: text, dates, related links
    version: int | None = None  # 1 when first exported, +1 on every change
    previous_sha256: str | None = None  # content_sha256 of the version before
