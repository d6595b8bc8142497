"""The test site's data: articles, dates, tags and the shape of the related-articles graph."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

from testsite.content import (
    ARTICLES,
    DEPUBLISHED,
    MISSING_ID,
    NOISE_KEYWORDS,
    OFFSITE_URL,
    SEED_ID,
    TRAP_IDS,
)
from testsite.oracle import bfs_depths, body_links, related_ids
from testsite.render_old import keywords


def test_ids_are_seven_digit_keys():
    for article_id, article in ARTICLES.items():
        assert re.fullmatch(r"\d{7}", article_id)
        assert article.article_id == article_id
    assert 12 <= len(ARTICLES) <= 16


def test_both_layouts_and_the_seed_neighbourhood():
    assert {a.layout for a in ARTICLES.values()} == {"old", "new"}
    assert ARTICLES[SEED_ID].layout == "new"
    neighbours = {ARTICLES[i].layout for i in related_ids(SEED_ID) if i in ARTICLES}
    assert neighbours == {"old", "new"}


def test_published_dates_carry_berlin_offsets_summer_and_winter():
    offsets = {a.published.utcoffset() for a in ARTICLES.values()}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
    # Midnight edge: New Year in Berlin, still the old year in UTC.
    assert any(a.published.astimezone(UTC).year != a.published.year for a in ARTICLES.values())
    for article in ARTICLES.values():
        if article.modified is not None:
            assert article.modified >= article.published


def test_a_tag_is_listed_twice_in_an_article_of_each_layout():
    layouts = {a.layout for a in ARTICLES.values() if len(set(a.tags)) < len(a.tags)}
    assert layouts == {"old", "new"}


def test_noise_words_appear_only_in_keywords():
    for article in ARTICLES.values():
        assert not {t.name for t in article.tags} & NOISE_KEYWORDS
        assert keywords(article).rstrip().endswith("taz, tageszeitung")


def test_some_articles_have_datelines_subheadings_no_image_and_several_authors():
    articles = list(ARTICLES.values())
    assert {a.layout for a in articles if a.dateline} == {"old", "new"}
    assert {a.layout for a in articles if a.subheadings} == {"old", "new"}
    assert any(a.image is None for a in articles)
    assert any(len(a.authors) > 1 for a in articles)
    assert any(not a.authors for a in articles)
    for article in articles:
        assert all(0 < s.position < len(article.paragraphs) for s in article.subheadings)


def test_new_layout_first_paragraph_starts_with_text():
    # The drop cap takes the first letter; a link there would be cut in two.
    for article in ARTICLES.values():
        assert not article.paragraphs[0].startswith("[")


def test_related_ids_deduplicates_and_keeps_order():
    assert related_ids("1000010") == ["1000011", "1000009"]
    assert related_ids(MISSING_ID) == []
    assert related_ids("1000090") == []


def _has_cycle_of_three_or_more() -> bool:
    for a in ARTICLES:
        for b in related_ids(a):
            for c in related_ids(b):
                if len({a, b, c}) == 3 and a in related_ids(c):
                    return True
    return False


def test_graph_has_a_cycle():
    assert _has_cycle_of_three_or_more()


def test_graph_has_the_faults():
    links = [link for a in ARTICLES.values() for link in a.related]
    offsite = [link for link in links if link.href == OFFSITE_URL]
    assert offsite
    assert offsite[0].target_id is None
    assert any(link.on_site and link.target_id is None and "/!t" in link.href for link in links)
    depths = bfs_depths()
    assert MISSING_ID in depths
    assert MISSING_ID not in ARTICLES
    assert DEPUBLISHED.keys() <= depths.keys()
    assert "1000077" not in depths


def test_an_article_sits_deeper_than_three():
    depths = bfs_depths()
    assert max(depths[i] for i in depths if i in ARTICLES) >= 5


def test_one_article_is_linked_in_many_url_forms():
    hrefs = [
        (link.href, link.absolute)
        for a in ARTICLES.values()
        for link in a.related
        if link.target_id == "1000005"
    ]
    forms = set()
    for href, absolute in hrefs:
        if absolute:
            forms.add("absolute")
        elif href.startswith("/!"):
            forms.add("short")
        elif "&s=" in href:
            forms.add("search")
        elif "#" in href:
            forms.add("fragment")
        elif not href.endswith("/"):
            forms.add("no-slash")
        else:
            forms.add("slug")
    assert forms == {"absolute", "short", "search", "fragment", "no-slash", "slug"}


def test_traps_are_unreachable_but_linked_from_bodies():
    depths = bfs_depths()
    for trap in TRAP_IDS:
        assert trap in ARTICLES
        assert trap not in depths
    linked = {
        m.group(1)
        for article_id in depths
        if article_id in ARTICLES
        for href in body_links(article_id)
        if (m := re.search(r"/!(\d+)", href))
    }
    assert {"1000013", "1000015", "1000016"} <= linked
