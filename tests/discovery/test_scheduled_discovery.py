"""Scheduled runs seeded from the site's listings, as ``scrapy crawl`` processes.

Two runs with articles published in between: the second starts from exactly the new
entries and exports them and their new related articles. Broken listings are refused, each
with its reason, while the crawl goes on from the good ones.
"""

from __future__ import annotations

import subprocess
from collections import deque
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tests.conftest import ROOT, crawl_command, read_lines
from tests.runs.helpers import manifest, runs
from testsite.content import ARTICLES
from testsite.feeds import BROKEN, NEWS_COUNT, NOT_ARTICLES, newest
from testsite.oracle import related_ids

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

MAX_DEPTH = 2
NEW_A, NEW_B = "1000201", "1000202"


def discover(
    site: str,
    output: Path,
    listings: Iterable[str],
    *args: str,
    max_depth: int = MAX_DEPTH,
    timeout: int = 180,
) -> Any:
    command = crawl_command(
        site,
        output,
        "-a",
        "seeds_from=" + ",".join(f"{site}{path}" for path in listings),
        "-a",
        f"max_depth={max_depth}",
        "-s",
        "TAZ_WARC_FILE=",
        *args,
    )
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def bfs(graph: Callable[[str], list[str]], seeds: Iterable[str], max_depth: int) -> dict[str, int]:
    """Each article's distance from the nearest seed, within ``max_depth`` (from site data)."""
    depths = dict.fromkeys(seeds, 0)
    queue = deque(depths)
    while queue:
        current = queue.popleft()
        if depths[current] == max_depth:
            continue
        for target in graph(current):
            if target not in depths:
                depths[target] = depths[current] + 1
                queue.append(target)
    return depths


def test_the_second_run_starts_from_exactly_the_new_entries(
    site: str, published_site: Callable[..., str], tmp_path: Path
) -> None:
    output = tmp_path / "out"
    discover(site, output, ["/sitemap-google-news.xml"])
    (run1,) = runs(output)
    first = {a["article_id"]: a for a in read_lines(run1 / "articles.jsonl")}
    listed = [a.article_id for a in newest(NEWS_COUNT)]
    expected = bfs(lambda i: [t for t in related_ids(i) if t in ARTICLES], listed, MAX_DEPTH)
    expected = {i: d for i, d in expected.items() if i in ARTICLES}
    # Discovered seeds are depth 0, the crawl breadth first from them.
    assert {i: a["depth"] for i, a in first.items()} == expected
    unreached = sorted(set(ARTICLES) - set(first))
    assert len(unreached) >= 2, "the new articles must be able to link an unreached one"

    # Published after the first run: one links the other, an article no run reached and
    # one the first run exported (known, not due: answered from the state store).
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    old_known = listed[2]
    new_articles = [
        {
            "article_id": NEW_A,
            "title": "Neue Regeln fuer Ferienwohnungen",
            "published": now,
            "related": [
                f"/Neue-Regeln/!{NEW_B}/",
                ARTICLES[unreached[0]].path,
                ARTICLES[old_known].path,
            ],
        },
        {
            "article_id": NEW_B,
            "title": "Der Bezirk kauft zurueck",
            "published": now,
            "related": [f"/Neue-Regeln/!{NEW_A}/", ARTICLES[listed[0]].path],
        },
    ]
    links = {
        a["article_id"]: [h.split("!")[1].strip("/") for h in a["related"]] for a in new_articles
    }
    published = published_site(new_articles)
    discover(published, output, ["/sitemap-google-news.xml"])
    run2 = runs(output)[-1]
    second = {a["article_id"]: a for a in read_lines(run2 / "articles.jsonl")}

    def graph(i: str) -> list[str]:
        return links.get(i) or [t for t in related_ids(i) if t in ARTICLES]

    reachable = bfs(graph, [NEW_A, NEW_B], MAX_DEPTH)
    new_related = {i: d for i, d in reachable.items() if i not in first}
    assert {i: a["depth"] for i, a in second.items()} == new_related
    assert set(new_related) >= {NEW_A, NEW_B, unreached[0]}
    stats = manifest(run2)["stats"]
    assert stats["taz/discovery/seeds"] == 2
    assert stats["taz/discovery/skipped/older"] == NEWS_COUNT - 2
    assert stats["taz/discovery/since"] == manifest(run1)["started"].replace("Z", "+00:00")
    # Known articles on the way were not fetched again.
    assert stats["taz/incremental/not_due"] >= 2
    assert stats["taz/articles/extracted"] == len(new_related)
    assert manifest(run2)["health"]["healthy"] is True
    edges = read_lines(run2 / "links.jsonl")
    assert {e["source_id"] for e in edges} == set(new_related)
    # The dataset: everything either run exported, each once.
    dataset = {a["article_id"] for a in read_lines(output / "articles.jsonl")}
    assert dataset == set(first) | set(second)


def test_broken_listings_are_refused_with_a_reason_and_the_crawl_goes_on(
    site: str, tmp_path: Path
) -> None:
    listings = ["/sitemap-google-news.xml", "/rss.xml", *BROKEN]
    result = discover(site, tmp_path, listings, max_depth=0)
    stats = manifest(runs(tmp_path)[0])["stats"]
    for path, (_, reason) in BROKEN.items():
        assert stats[f"taz/discovery/refused/{reason}"] == 1
        assert f"Refused listing {site}{path}: " in result.stderr
    assert stats["taz/discovery/skipped/off_site"] == 1
    assert stats["taz/discovery/skipped/not_article/other"] == 1  # the podcast
    assert stats["taz/discovery/skipped/not_article/ressort"] == 1  # taz in English
    # The feed lists the sitemap's articles again: each is a seed once.
    assert stats["taz/discovery/skipped/duplicate"] == NEWS_COUNT
    exported = {a["article_id"] for a in read_lines(runs(tmp_path)[0] / "articles.jsonl")}
    assert exported == {a.article_id for a in newest(NEWS_COUNT)}
    assert len(NOT_ARTICLES["feed"]) == 2
