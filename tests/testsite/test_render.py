"""Rendered pages: deterministic, faithful to the real taz markup, consistent with the data."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from parsel import Selector

from tests.testsite.helpers import dedup, href_id, related_block_hrefs
from testsite import ARTICLES, TRAP_IDS, bfs_depths, related_ids, render_article
from testsite.server import route

BASE = "http://127.0.0.1:8765"
ROOT = Path(__file__).resolve().parents[2]
OLD_REAL = "fundus-tests-taz-5928990-crawled-2023-04-28-old-layout.html"
NEW_REAL = "fundus-tests-taz-5928990-crawled-2024-10-23-new-layout.html"
ALL_IDS = sorted(ARTICLES)
OLD_IDS = [i for i in ALL_IDS if ARTICLES[i].layout == "old"]
NEW_IDS = [i for i in ALL_IDS if ARTICLES[i].layout == "new"]


def page(article_id: str, base: str = BASE) -> str:
    return render_article(ARTICLES[article_id], base)


def normalize(text: str) -> str:
    return " ".join(text.split())


# Selectors from shared/taz-markup.md: each must find something in the real page AND in ours.
OLD_SELECTORS = [
    "div.sect_article > article.sectbody[itemprop=articleBody]",
    "h1[itemprop=headline] > span.kicker::text",
    "h1[itemprop=headline] > span.hide::text",
    "meta[name='taz:title']::attr(content)",
    "meta[property='og:title']::attr(content)",
    "p.intro[itemprop=description]::text",
    "meta[name=author]::attr(content)",
    "[itemprop=author] h4[itemprop=name]::text",
    "meta[property='article:published_time']::attr(content)",
    "li.date[itemprop=datePublished]::attr(content)",
    "meta[itemprop=dateModified]::attr(content)",
    "article.sectbody > p.article",
    "article.sectbody > h6::text",
    "a.full.picture[itemprop=image] > img::attr(src)",
    "p.caption span.credit::text",
    "meta[name='taz:tag'][data-tag-category]::attr(content)",
    "meta[name=keywords]::attr(content)",
    "ul.rootline li[itemprop=itemListElement] span[itemprop=name]::text",
    "span#cmsArticleID::text",
    "meta[itemprop='cms-article-ID']::attr(content)",
    "div.sect_thema ul.news.directory > li > a.objlink h4::text",
    "div.sect_thema ul.news.directory > li > a.objlink h3::text",
    "div.sect_thema ul.news.directory > li > a.objlink span.author::text",
    "div.sect_thema ul.directory > a.button.cta::text",
    "link[rel=canonical]::attr(href)",
    "a[itemprop=mainEntityOfPage]::attr(href)",
    "ul#globalnavigation a::attr(href)",
    "ul.newsnavigation a::attr(href)",
    "#footer ul.sitemap a::attr(href)",
    "article.sectbody p.article a[target=_blank]::attr(href)",
    ".sect_shop a.objlink::attr(href)",
    ".sect_adr a.objlink::attr(href)",
    ".sect_tags a.tag",
]
NEW_SELECTORS = [
    "article.module-article",
    "h1 > span.headline.typo-r-topline-detail::text",
    "h1 > span.is-hidden::text",
    "meta[name='taz:title']::attr(content)",
    "article > p.typo-r-subline-detail::text",
    "meta[property='article:author']::attr(content)",
    ".author-container span.typo-name-detail-bold::text",
    "meta[property='article:published_time']::attr(content)",
    ".meta-data-container time::attr(datetime)",
    ".main-article-corpus p.paragraph",
    ".main-article-corpus p.Initial.paragraph.first span.initial-letter::text",
    ".main-article-corpus h2[id]::text",
    "figure a.pswp-slides picture img::attr(src)",
    "figcaption.caption",
    "span.typo-fotocredit span.credit-name::text",
    "meta[name='taz:tag'][property='article:tag'][data-tag-category]::attr(content)",
    ".tags-bottom-container a::text",
    "div.metadata.is-hidden span#cmsArticleID::text",
    "section#articleTeaser > header::text",
    "section#articleTeaser div.article-teaser a.teaser-link p.typo-r-topline::text",
    "section#articleTeaser div.article-teaser a.teaser-link p.headline::text",
    "section#articleTeaser div.article-teaser span.typo-r-name::text",
    "section#articleTeaser div.article-teaser div.typo-r-subline::text",
    ".main-article-corpus a.in-text-link::attr(href)",
    "#breadcrumb a::attr(href)",
    ".most-commented-container div.article-teaser a.teaser-link::attr(href)",
    "footer#footer a::attr(href)",
    "details summary a.typo-drawer-head-section::attr(href)",
    "link[rel=canonical]::attr(href)",
    "meta[property='og:url']::attr(content)",
    "ul.comments-list li.comment",
]


@pytest.mark.parametrize("selector", OLD_SELECTORS)
def test_old_layout_selectors_match_real_and_ours(real_pages_dir, selector):
    real = Selector((real_pages_dir / OLD_REAL).read_text(encoding="utf-8"))
    assert real.css(selector), "selector does not match the real page"
    assert any(Selector(page(i)).css(selector) for i in OLD_IDS)


@pytest.mark.parametrize("selector", NEW_SELECTORS)
def test_new_layout_selectors_match_real_and_ours(real_pages_dir, selector):
    real = Selector((real_pages_dir / NEW_REAL).read_text(encoding="utf-8"))
    assert real.css(selector), "selector does not match the real page"
    assert any(Selector(page(i)).css(selector) for i in NEW_IDS)


@pytest.mark.parametrize("article_id", ALL_IDS)
def test_rendering_is_deterministic(article_id):
    assert page(article_id) == page(article_id)
    # Only absolute URLs depend on the base URL.
    other = page(article_id, "http://localhost:9")
    assert other.replace("http://localhost:9", BASE) == page(article_id)


def test_rendering_does_not_depend_on_hash_seed():
    code = (
        "import hashlib; from testsite.server import route; "
        "print(hashlib.sha256(b''.join(route(p, 'http://h:1').body for p in "
        "['/a/!1000001/', '/a/!1000002/', '/', '/x/!t5200001/'])).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


@pytest.mark.parametrize("article_id", ALL_IDS)
def test_related_block_agrees_with_related_ids(article_id):
    hrefs = related_block_hrefs(page(article_id))
    ids = dedup([i for href in hrefs if (i := href_id(href, BASE)) is not None])
    assert ids == related_ids(article_id)


@pytest.mark.parametrize("article_id", ["1000001", "1000008"])
def test_new_layout_teasers_have_two_links_to_the_same_href(article_id):
    teasers = Selector(page(article_id)).css("section#articleTeaser div.article-teaser")
    assert len(teasers) == len(ARTICLES[article_id].related)
    for teaser in teasers:
        hrefs = teaser.css("a.teaser-link::attr(href)").getall()
        assert len(hrefs) == 2
        assert hrefs[0] == hrefs[1]


@pytest.mark.parametrize("article_id", OLD_IDS)
def test_old_layout_block_ends_with_button_without_href(article_id):
    block = Selector(page(article_id)).css("div.sect_thema ul.directory")
    last = block.xpath("./*[last()]")
    assert last.css("a.button.cta::text").get() == "Alle Artikel zum Thema"
    assert last.attrib.get("href") is None


def test_absolute_links_of_the_related_blocks():
    seed_hrefs = related_block_hrefs(page("1000008"))
    assert f"{BASE}/Genossenschaft-am-Kanal/!1000005/" in seed_hrefs
    assert "https://example.org/Some/!1000077/" in seed_hrefs


@pytest.mark.parametrize("article_id", ALL_IDS)
def test_paragraphs_on_the_page_are_the_data(article_id):
    article = ARTICLES[article_id]
    sel = Selector(page(article_id))
    if article.layout == "old":
        texts = [
            normalize("".join(p.css("::text").getall()))
            for p in sel.css("article.sectbody > p.article")
        ]
    else:
        texts = [
            normalize("".join(p.css("::text").getall()))
            for p in sel.css(".main-article-corpus p.paragraph")
        ]
    expected = [normalize(p) for p in article.plain_paragraphs]
    if article.dateline is not None:
        prefix = f"{article.dateline.location} {article.dateline.source} | "
        assert texts[0].startswith(prefix)
        texts[0] = texts[0].removeprefix(prefix)
    elif article.layout == "new":
        # The drop cap: "A m Dienstagabend" on the page for "Am Dienstagabend".
        assert texts[0][1] == " "
        texts[0] = texts[0][0] + texts[0][2:]
    assert texts == expected


@pytest.mark.parametrize("article_id", NEW_IDS)
def test_new_layout_json_ld(article_id):
    article = ARTICLES[article_id]
    blocks = [
        json.loads(s)
        for s in Selector(page(article_id)).css("script[type='application/ld+json']::text").getall()
    ]
    news = next(b for b in blocks if b["@type"] == "NewsArticle")
    assert news["url"] == news["mainEntityOfPage"] == f"{BASE}{article.path}"
    assert news["datePublished"] == article.published.isoformat()
    assert [a["name"] for a in news.get("author", [])] == [a.name for a in article.authors]
    assert news.get("dateModified") == (article.modified.isoformat() if article.modified else None)
    crumbs = next(b for b in blocks if b["@type"] == "BreadcrumbList")
    assert all(item["item"].startswith(BASE) for item in crumbs["itemListElement"])


@pytest.mark.parametrize("article_id", NEW_IDS)
def test_new_layout_title_meta_ends_with_zero_width_space(article_id):
    title = Selector(page(article_id)).css("meta[name='taz:title']::attr(content)").get()
    assert title == f"{ARTICLES[article_id].headline}\u200b"


@pytest.mark.parametrize("article_id", OLD_IDS)
def test_old_layout_og_url_is_the_short_form(article_id):
    og_url = Selector(page(article_id)).css("meta[property='og:url']::attr(content)").get()
    assert og_url == f"{BASE}/!{article_id}/"


def test_trap_articles_are_linked_outside_the_related_blocks():
    linked: set[str] = set()
    for article_id in bfs_depths():
        if article_id not in ARTICLES:
            continue
        html = page(article_id)
        related = set(related_block_hrefs(html))
        for href in Selector(html).css("a::attr(href)").getall():
            if href not in related and (target := href_id(href, BASE)) is not None:
                linked.add(target)
    assert set(TRAP_IDS) <= linked


def test_non_article_pages_list_articles_but_have_no_related_block():
    for target in (
        "/Schwerpunkt-Wohnungsnot/!t5200001/",
        "/Politik/!p4615/",
        "/Lena-Brodersen/!a90001/",
        "/",
    ):
        html = route(target, BASE).body.decode()
        sel = Selector(html)
        assert not sel.css("section#articleTeaser, div.sect_thema, article.module-article")
        assert sel.css("div.article-teaser a.teaser-link")


def test_pages_do_not_carry_the_real_article():
    real_words = re.compile(r"Opitz|Buschmann|Selbstbestimmung|Transsexuellengesetz|5928990")
    for article_id in ALL_IDS:
        assert not real_words.search(page(article_id))
