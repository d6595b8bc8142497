"""Entries of the "Mehr zum Thema" block turned into related articles or skip reasons."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urldefrag

from tazcrawler.items import RelatedArticle
from tazcrawler.urls import article_id, is_on_site, join_url, url_kind

__all__ = ["MAX_RELATED", "Entry", "resolve"]

# A taz block lists a dozen entries at most. Past this many positions the page is broken or
# hostile, and each entry costs validation, export and graph work: the rest is skipped.
MAX_RELATED = 100


@dataclass(frozen=True)
class Entry:
    """One entry of the related block as shown; ``href`` as written (None if no link)."""

    href: str | None
    title: str | None = None
    kicker: str | None = None
    teaser: str | None = None


def resolve(
    entries: list[Entry], page_url: str
) -> tuple[list[RelatedArticle], list[tuple[str, str]]]:
    """Split entries into related articles and (url, reason) pairs for the others.

    Positions count the distinct linked entries in display order, so an off-site or
    non-article entry keeps its place; a repeated article is reported as "duplicate" and
    takes no position. An entry without a link is reported as "no_link" with url "", and
    entries past position ``MAX_RELATED`` as "over_limit".

    >>> related, skipped = resolve(
    ...     [Entry("/A/!1000001/#matomo:x", "A"), Entry("/Tag/!t5/"), Entry("/!1000001/")],
    ...     "https://taz.de/B/!1000002/")
    >>> [(r.article_id, r.url, r.position) for r in related]
    [('1000001', 'https://taz.de/A/!1000001/', 1)]
    >>> skipped
    [('https://taz.de/Tag/!t5/', 'not_article:tag'), ('https://taz.de/!1000001/', 'duplicate')]
    """
    related: list[RelatedArticle] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()
    position = 0
    for entry in entries:
        if not entry.href:
            skipped.append(("", "no_link"))
            continue
        url = urldefrag(join_url(page_url, entry.href)).url
        on_site = is_on_site(url, page_url)
        ident = article_id(url) if on_site else None
        if ident is not None and ident in seen:
            skipped.append((url, "duplicate"))
            continue
        position += 1
        if position > MAX_RELATED:
            skipped.append((url, "over_limit"))
        elif not on_site:
            skipped.append((url, "off_site"))
        elif ident is None:
            skipped.append((url, f"not_article:{url_kind(url)}"))
        else:
            seen.add(ident)
            related.append(
                RelatedArticle(
                    article_id=ident,
                    url=url,
                    position=position,
                    title=entry.title,
                    kicker=entry.kicker,
                    teaser=entry.teaser,
                )
            )
    return related, skipped
