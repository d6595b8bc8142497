"""The generated site: deterministic, a realistic related graph, pages at real size."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter

import pytest
from parsel import Selector

from tests.testsite.helpers import dedup, fetch, related_block_hrefs
from testsite.generate import FIRST_ID, PAGE_BYTES, GeneratedSite
from testsite.server import SiteServer

BASE = "http://127.0.0.1:8765"
N = 400


@pytest.fixture(scope="module")
def site() -> GeneratedSite:
    return GeneratedSite(N, seed=7)


def test_same_size_and_seed_give_the_same_bytes(site):
    again = GeneratedSite(N, seed=7)
    for index in (0, 1, 57, N - 1):
        assert again.page(index, BASE) == site.page(index, BASE)
        assert again.related_hrefs(index) == site.related_hrefs(index)


def test_another_seed_gives_another_site(site):
    other = GeneratedSite(N, seed=8)
    assert other.page(0, BASE) != site.page(0, BASE)
    assert [other.related_hrefs(i) for i in range(20)] != [site.related_hrefs(i) for i in range(20)]


@pytest.mark.parametrize("articles", [9, 100_001])
def test_size_is_bounded(articles):
    with pytest.raises(ValueError, match="articles must be"):
        GeneratedSite(articles)


def test_each_related_block_has_two_to_eight_distinct_entries(site):
    for index in range(N):
        ids = site.related_ids(str(FIRST_ID + index))
        assert 2 <= len(ids) <= 8
        assert len(set(ids)) == len(ids)
        assert str(FIRST_ID + index) not in ids


def test_graph_has_hubs_cycles_404s_redirects_and_orphans(site):
    in_degree = Counter(t for i in site.article_ids() for t in site.related_ids(str(i)))
    mean = sum(in_degree.values()) / N
    hubs = [str(FIRST_ID + h) for h in site.hubs]
    assert min(in_degree[h] for h in hubs) > 3 * mean
    hrefs = [h for i in range(N) for h in site.related_hrefs(i)]
    missing = [h for h in hrefs if site.index(h.rstrip("/").rsplit("!", 1)[1]) is None]
    short = [h for h in hrefs if h.startswith("/!")]
    assert missing
    assert short
    reachable = site.reachable()
    assert 0.9 * N < len(reachable) < N  # orphans are linked from nowhere
    assert all(site.index(i) is not None for i in reachable)


def test_graph_has_a_cycle_through_the_seed(site):
    # Depth-first from the seed: some path returns to it.
    seen, stack = set(), [site.seed_id]
    while stack:
        current = stack.pop()
        for target in site.related_ids(current):
            if target == site.seed_id:
                return
            if target not in seen:
                seen.add(target)
                stack.append(target)
    pytest.fail("no cycle through the seed")


@pytest.mark.parametrize("layout", ["old", "new"])
def test_pages_weigh_like_real_ones_in_both_layouts(site, layout):
    indexes = [i for i in range(60) if site.article(i).layout == layout][:12]
    assert len(indexes) >= 5
    for index in indexes:
        page = site.page(index, BASE)
        assert PAGE_BYTES[0] <= len(page) <= PAGE_BYTES[1]
        assert 130_000 <= len(page) <= 160_000
        html = Selector(text=page.decode("utf-8"))
        assert len(html.xpath("//*")) > 700  # shaped like a real page, not padded text
        assert len(html.css("script")) >= 3
        marker = "article.sectbody" if layout == "old" else "article.module-article"
        assert html.css(marker)
        hrefs = dedup(related_block_hrefs(page.decode("utf-8")))
        assert hrefs == list(site.related_hrefs(index))


def test_generated_pages_extract_as_articles(site):
    from tazcrawler.offline import extract_html

    for index in (0, 1, 2, 3):
        article = site.article(index)
        url = f"{BASE}/{article.slug}/!{article.article_id}/"
        record = extract_html(site.page(index, BASE), url)
        assert record["article_id"] == article.article_id
        assert record["layout"] == article.layout
        followed = [link["article_id"] for link in record["related"]]
        assert followed == site.related_ids(article.article_id)


def test_served_over_http_with_redirects_and_404s(site):
    server = SiteServer(("127.0.0.1", 0), site=site.route)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = server.base_url
    try:
        article = site.article(5)
        page = fetch(f"{base}/{article.slug}/!{article.article_id}/")
        assert page.status == 200
        assert page.body == site.page(5, base)
        short = fetch(f"{base}/!{article.article_id}/")
        assert short.status == 301
        assert short.headers["Location"] == f"{base}/{article.slug}/!{article.article_id}/"
        assert fetch(f"{base}/Depubliziert/!{FIRST_ID + N}/").status == 404
        # Everything else is the sample site's.
        assert fetch(f"{base}/robots.txt").status == 200
        assert fetch(f"{base}/!1000003/").status == 301
    finally:
        server.shutdown()
        server.server_close()


def test_main_serves_a_generated_site():
    command = [sys.executable, "-m", "testsite", "--articles", "20", "--seed", "3"]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as process:
        assert process.stdout is not None
        base = process.stdout.readline().decode().strip()
        article = GeneratedSite(20, seed=3).article(0)
        assert (
            fetch(f"{base}/!{article.article_id}/")
            .headers["Location"]
            .endswith(f"/{article.slug}/!{article.article_id}/")
        )
        process.stdin.close()  # type: ignore[union-attr]
        assert process.wait(timeout=10) == 0
