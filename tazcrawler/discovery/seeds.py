"""Which listed entries become seeds of a run, and why the others do not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tazcrawler.urls import article_id, is_on_site, url_kind

if TYPE_CHECKING:
    from datetime import datetime

    from tazcrawler.discovery.listings import Entry

__all__ = ["SeedFilter"]


class SeedFilter:
    """Take entries as seeds: on the site, naming an article, not older than ``since``, each
    article once, at most ``max_discovered`` of them in the run.

    The reasons for the others are those of related links where they mean the same
    (``off_site``, ``not_article:<kind>``, ``duplicate``), and ``older`` and ``over_limit``.
    An entry without a date is taken: the revisit rules decide whether it is fetched.
    """

    def __init__(self, base_url: str, since: datetime | None, max_discovered: int) -> None:
        self.base_url = base_url
        self.since = since
        self.max_discovered = max_discovered
        self.taken: set[str] = set()  # article ids, at most max_discovered of them

    @property
    def full(self) -> bool:
        return len(self.taken) >= self.max_discovered

    def skip_reason(self, entry: Entry) -> str | None:
        """None if ``entry`` is taken as a seed (and remembered), else why not."""
        url = entry.url.partition("#")[0]  # a fragment never makes another article
        if not is_on_site(url, self.base_url):
            return "off_site"
        ident = article_id(url)
        if ident is None:
            return f"not_article:{url_kind(url)}"
        if self._older(entry):
            return "older"
        if ident in self.taken:
            return "duplicate"
        if self.full:
            return "over_limit"
        self.taken.add(ident)
        return None

    def sitemap_skip_reason(self, entry: Entry) -> str | None:
        """None if the sitemap an index or robots.txt names is read, else why not."""
        if not is_on_site(entry.url, self.base_url):
            return "off_site"
        if self._older(entry):
            return "older"  # not changed since: it lists nothing newer
        if self.full:
            return "over_limit"
        return None

    def _older(self, entry: Entry) -> bool:
        return self.since is not None and entry.date is not None and entry.date < self.since
