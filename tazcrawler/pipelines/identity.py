"""Settle an article's id and canonical URL, and clean the ids and URLs of its related links."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin

from scrapy.exceptions import DropItem

from tazcrawler import settings as project_defaults
from tazcrawler import urls
from tazcrawler.fields import fields

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

__all__ = ["DEFAULT_CANONICAL_BASE", "IdentityPipeline", "clean_id"]

# The project setting's value, for a pipeline built without a crawler (tests, offline).
DEFAULT_CANONICAL_BASE = project_defaults.TAZ_CANONICAL_BASE


def clean_id(value: object) -> str | None:
    """The id as a digit string, or None if it is not one.

    >>> clean_id(" 5928990\\n"), clean_id(5928990), clean_id("abc"), clean_id(None)
    ('5928990', '5928990', None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    # isdecimal, not isdigit: "²" is a digit but no part of an id.
    return text if text.isascii() and text.isdecimal() else None


class IdentityPipeline:
    """Make ``article_id`` digits and ``canonical_url`` derive from it, for the article and for
    each related entry; drop an item with no id (unless ``require_id`` is False: the
    extract command on a saved text edition, which names no id).

    A related entry with no link at all (a rendered text edition shows none) is kept with
    id, URL and canonical URL None; one whose link names no article is dropped.
    """

    def __init__(
        self,
        stats: StatsCollector,
        base_url: str = DEFAULT_CANONICAL_BASE,
        require_id: bool = True,
    ) -> None:
        self.stats = stats
        self.base_url = base_url
        self.require_id = require_id

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        settings = crawler.settings
        base_url = settings.get("TAZ_CANONICAL_BASE") or DEFAULT_CANONICAL_BASE
        return cls(crawler.stats, base_url, settings.getbool("TAZ_REQUIRE_ARTICLE_ID", True))

    def process_item(self, item: Any) -> Any:
        adapter = fields(item)
        page_url = adapter.get("url") or ""
        markup_id = adapter.get("article_id")
        article_id = clean_id(markup_id)
        if article_id is None and str(markup_id or "").strip():
            self.stats.inc_value("taz/identity/invalid_markup_id")
        url_id = urls.article_id(page_url)
        if article_id is None:
            article_id = url_id
            if article_id is not None:
                self.stats.inc_value("taz/identity/id_from_url")
        elif url_id is not None and url_id != article_id:
            # Old archive ids redirect to the current article: the page knows its own id.
            self.stats.inc_value("taz/identity/url_id_mismatch")
        if article_id is None:
            self.stats.inc_value("taz/identity/no_id")
            if self.require_id:
                raise DropItem(f"no article id (url {page_url or 'missing'})")
        adapter["article_id"] = article_id
        adapter["canonical_url"] = (
            urls.canonical_url(article_id, self.base_url) if article_id else None
        )
        adapter["related"] = self._clean_related(adapter.get("related") or [], page_url)
        return item

    def _clean_related(self, related: list[Any], page_url: str) -> list[Any]:
        kept = []
        for entry in related:
            entry_adapter = fields(entry)
            url = entry_adapter.get("url") or ""
            if not url and entry_adapter.get("article_id") is None:
                self.stats.inc_value("taz/identity/related_without_link")
                entry_adapter["canonical_url"] = None
                kept.append(entry)
                continue
            if "#" in url or not url.startswith(("https://", "http://")):
                # Tracking fragments ("#matomo:...") never make a different article. Most
                # URLs come absolute and bare from the page object: joining them again was
                # a tenth of this pipeline's cost.
                url = urldefrag(urljoin(page_url, url)).url
            entry_id = clean_id(entry_adapter.get("article_id")) or urls.article_id(url)
            if entry_id is None:
                self.stats.inc_value("taz/identity/related_without_id")
                continue
            entry_adapter["url"] = url
            entry_adapter["article_id"] = entry_id
            entry_adapter["canonical_url"] = urls.canonical_url(entry_id, self.base_url)
            kept.append(entry)
        return kept
