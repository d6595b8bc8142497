"""Two daily runs at the size of taz's news sitemap, as ``scrapy crawl`` processes.

A generated site of 2,000 articles lists its newest 250 in the news sitemap and the feed;
the first run starts from all of them, then 60 articles are published, and the second run
must start from exactly those 60 and export them and the articles they lead to that the
first run did not export: nothing else, and no known article fetched again.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tests.conftest import read_lines
from tests.discovery.test_scheduled_discovery import bfs, discover
from tests.runs.helpers import manifest, runs
from testsite.feeds import BROKEN
from testsite.generate import NEWS_COUNT, GeneratedSite

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

SIZE = 2000
NEW = 60
# Ids of the published articles: below the generated site's, apart from the sample site's.
FIRST_NEW = 1_000_400
LISTINGS = ["/sitemap-google-news.xml", "/rss.xml"]


def test_the_second_daily_run_starts_from_exactly_the_sixty_new_of_250_entries(
    published_site: Callable[..., str], tmp_path: Path
) -> None:
    site = GeneratedSite(SIZE)  # the oracle: the same pure function the server serves

    def existing(ids: list[str]) -> list[str]:
        return [i for i in ids if site.index(i) is not None]

    output = tmp_path / "out"
    # The first run at depth 1 (at depth 2, 250 seeds reach nearly the whole site), with
    # the broken listings too: each refused, the crawl goes on from the others.
    first_site = published_site([], "--articles", str(SIZE))
    discover(
        first_site,
        output,
        [*LISTINGS, *BROKEN],
        "-a",
        "max_articles=5000",
        max_depth=1,
        timeout=900,
    )
    (run1,) = runs(output)
    first = {a["article_id"]: a["depth"] for a in read_lines(run1 / "articles.jsonl")}
    listed = [a.article_id for a in site.newest(NEWS_COUNT)]
    assert first == bfs(lambda i: existing(site.related_ids(i)), listed, 1)
    stats = manifest(run1)["stats"]
    assert stats["taz/discovery/seeds"] == NEWS_COUNT
    for _, reason in BROKEN.values():
        assert stats[f"taz/discovery/refused/{reason}"] == 1

    # Published after the first run: each new article links the next (a ring), an article
    # the first run exported, and one or two it did not reach.
    rng = random.Random("two daily runs")
    known = sorted(first)
    unreached = sorted(set(map(str, site.article_ids())) - set(first))
    new_ids = [str(FIRST_NEW + n) for n in range(NEW)]
    now = datetime.now(UTC).replace(microsecond=0)
    links: dict[str, list[str]] = {}
    for n, article_id in enumerate(new_ids):
        targets = [new_ids[(n + 1) % NEW], rng.choice(known)]
        targets += rng.sample(unreached, rng.randint(1, 2))
        links[article_id] = targets
    specs = [
        {
            "article_id": article_id,
            "title": f"Neu erschienen Nummer {n}",
            "published": now.isoformat(),
            # The short form for some: answered by a redirect, as taz does.
            "related": [f"/!{t}/" if rng.random() < 0.2 else f"/Artikel/!{t}/" for t in targets],
        }
        for n, (article_id, targets) in enumerate(links.items())
    ]
    second_site = published_site(specs, "--articles", str(SIZE))
    # The second run at depth 2: known articles on the way are answered from the state
    # store, and the links it stored for them are followed.
    discover(second_site, output, LISTINGS, "-a", "max_articles=5000", max_depth=2, timeout=900)
    run2 = runs(output)[-1]
    second = {a["article_id"]: a["depth"] for a in read_lines(run2 / "articles.jsonl")}

    def graph(i: str) -> list[str]:
        return links.get(i) or existing(site.related_ids(i))

    reachable = bfs(graph, new_ids, 2)
    expected = {i: d for i, d in reachable.items() if i not in first}
    assert {i for i, d in second.items() if d == 0} == set(new_ids)
    assert second == expected
    assert len(expected) > NEW + 100  # the new articles led to many the first run missed
    stats = manifest(run2)["stats"]
    assert stats["taz/discovery/seeds"] == NEW
    # Both listings list the newest 250: 190 old entries each, and the feed's 60 new ones
    # were taken from the sitemap already.
    assert stats["taz/discovery/skipped/older"] == 2 * (NEWS_COUNT - NEW)
    assert stats["taz/discovery/skipped/duplicate"] == NEW
    # Every known article on the way answered from the store, none fetched again.
    assert stats["taz/incremental/not_due"] == len(set(reachable) & set(first))
    assert stats["taz/articles/extracted"] == len(expected)
    assert manifest(run2)["health"]["healthy"] is True
    dataset = {a["article_id"] for a in read_lines(output / "articles.jsonl")}
    assert dataset == set(first) | set(second)
