"""The crawl-order oracle: which articles a crawl along "Mehr zum Thema" must fetch, and when.

Computed from the test site's data alone, never from the crawler, so a test's expected
crawl cannot share a bug with the code under test.
"""

from __future__ import annotations

from collections import deque

from testsite.content import ARTICLES, SEED_ID
from testsite.model import paragraph_parts

__all__ = ["bfs_depths", "body_links", "related_ids"]


def related_ids(article_id: str) -> list[str]:
    """Ids named by the related block of ``article_id``: in order, deduplicated, on-site
    article URLs only (including ids that answer 404 or redirect to a non-article page).

    Ids without an article page (404, depublished) have no related block: [].

    >>> related_ids("1000001")
    ['1000002', '1000003', '1000005']
    """
    article = ARTICLES.get(article_id)
    if article is None:
        return []
    ids: list[str] = []
    for link in article.related:
        target = link.target_id
        if target is not None and target not in ids:
            ids.append(target)
    return ids


def bfs_depths(seed: str = SEED_ID) -> dict[str, int]:
    """Breadth-first depth of every id reachable from ``seed`` through related blocks.

    >>> bfs_depths()["1000003"]
    1
    """
    depths = {seed: 0}
    queue = deque([seed])
    while queue:
        current = queue.popleft()
        for target in related_ids(current):
            if target not in depths:
                depths[target] = depths[current] + 1
                queue.append(target)
    return depths


def body_links(article_id: str) -> list[str]:
    """Hrefs of the in-text links in the body of ``article_id``, in order."""
    parts = (part for p in ARTICLES[article_id].paragraphs for part in paragraph_parts(p))
    return [href for _, href in parts if href is not None]
