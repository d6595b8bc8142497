"""page_kind: decided by markup, the URL only breaking a tie."""

from __future__ import annotations

from typing import TYPE_CHECKING

import parsel
import pytest

from tazcrawler.pages import page_kind
from tests.pages._fixtures import FIXTURES, REAL_FILES, REAL_URL, fixture_page

if TYPE_CHECKING:
    from pathlib import Path

NEUTRAL_URL = "https://taz.de/gespeicherte-seite.html"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("old_2016_dateline", "article"),
        ("new_dateline", "article"),
        ("tag_page", "tag"),
        ("ressort_page", "ressort"),
        ("author_page", "author"),
        ("error_404", "error"),
    ],
)
def test_markup_decides_without_url(name: str, kind: str) -> None:
    assert page_kind(NEUTRAL_URL, fixture_page(name).selector) == kind


@pytest.mark.parametrize("layout", sorted(REAL_FILES))
def test_real_pages_are_articles(real_pages_dir: Path, layout: str) -> None:
    selector = parsel.Selector(text=(real_pages_dir / REAL_FILES[layout]).read_text("utf-8"))
    assert page_kind(REAL_URL, selector) == "article"


def test_error_page_at_an_article_url() -> None:
    page = fixture_page("error_404")
    assert page_kind("https://taz.de/Geloeschter-Artikel/!5999999/", page.selector) == "error"


def test_markup_beats_url() -> None:
    tag = parsel.Selector(text=(FIXTURES / "tag_page.html").read_text("utf-8"))
    assert page_kind("https://taz.de/Lena-Beispiel/!a10001/", tag) == "tag"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://taz.de/Wasser/!t5000002/", "tag"),
        ("https://taz.de/Politik/!p4615/", "ressort"),
        ("https://taz.de/Lena-Beispiel/!a10001/", "author"),
        ("https://taz.de/Ein-Artikel/!5400002/", "other"),  # an article URL, no article markup
        (NEUTRAL_URL, "other"),
    ],
)
def test_url_breaks_the_tie(url: str, kind: str) -> None:
    bare = parsel.Selector(text="<html><head><title>taz</title></head><body></body></html>")
    assert page_kind(url, bare) == kind


def test_json_ld_news_article_alone_is_an_article() -> None:
    html = (
        '<html><head><script type="application/ld+json">'
        '{"@type": "NewsArticle", "headline": "K: T"}</script></head><body></body></html>'
    )
    assert page_kind(NEUTRAL_URL, parsel.Selector(text=html)) == "article"


_CONTAINER_PAGE = (
    "<html><head>{head}</head><body><h1>Eine Überschrift</h1>"
    '<div class="sect sect_article"><article class="sectbody" itemprop="articleBody">'
    + "".join(f'<p class="article">Absatz {n} mit etwas Text.</p>' for n in range(6))
    + "</article></div></body></html>"
)


@pytest.mark.parametrize(
    "head",
    [
        "",  # no og:type, no id meta, no JSON-LD
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>',
        '<script type="application/ld+json">{"@type": "WebPage", "x": [1, </script>',
    ],
)
def test_container_page_is_an_article_whatever_its_json_ld(head: str) -> None:
    selector = parsel.Selector(text=_CONTAINER_PAGE.format(head=head))
    assert page_kind("https://taz.de/Ein-Artikel/!5400002/", selector) == "article"


def test_malformed_json_ld_naming_one_article_type_is_an_article() -> None:
    # Read from the script's text: a block cut short still names its type.
    html = (
        '<html><head><script type="application/ld+json">{"@context": "https://schema.org",'
        ' "@type": "NewsArticle", "headline": "Cut</script></head><body><p>x</p></body></html>'
    )
    assert page_kind(NEUTRAL_URL, parsel.Selector(text=html)) == "article"


def test_a_listing_of_articles_is_not_one() -> None:
    items = ", ".join('{"@type": "NewsArticle", "headline": "A"}' for _ in range(3))
    html = f'<html><head><script type="application/ld+json">[{items}]</script></head></html>'
    assert page_kind(NEUTRAL_URL, parsel.Selector(text=html)) == "other"


def test_an_article_id_in_the_markup_is_an_article() -> None:
    html = '<html><body><div><span id="cmsArticleID">6109001</span><p>Text</p></div></body></html>'
    assert page_kind(NEUTRAL_URL, parsel.Selector(text=html)) == "article"
