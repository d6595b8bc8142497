"""The "Mehr zum Thema" block: what is a related article, and what is skipped and why."""

from __future__ import annotations

import pytest

from tazcrawler.pages import ArticlePage
from tests.pages._fixtures import fixture_page

NEW_PAGE = """<html lang="de"><body>
<nav><a href="/Navigation/!6000001/">Nav</a></nav>
<article class="module-article"><div class="main-article-corpus">
<p class="paragraph">Text mit <a class="link in-text-link" href="/Im-Text/!6000002/">Link</a>.</p>
</div></article>
<section id="articleTeaser"><header>Mehr zum Thema</header>{entries}</section>
</body></html>"""


def _new_page(*entries: str) -> ArticlePage:
    html = NEW_PAGE.format(entries="".join(entries))
    return ArticlePage.from_html("https://taz.de/Seite/!6000000/", html)


def _teaser(href: str | None, title: str = "Titel") -> str:
    link = f' href="{href}"' if href is not None else ""
    return (
        f'<div class="column article-teaser"><a class="teaser-link"{link}><img src="x"/></a>'
        f'<a class="teaser-link"{link}><p class="headline">{title}</p></a></div>'
    )


@pytest.mark.parametrize("name", ["old_2016_dateline", "new_dateline"])
def test_body_and_navigation_links_are_not_related(name: str) -> None:
    ids = {entry.article_id for entry in fixture_page(name).related()}
    # In-text links and navigation links point at articles, but outside the block.
    assert not ids & {"5400001", "5401999", "6010001", "6019999"}


def test_teaser_links_of_one_entry_count_once() -> None:
    page = _new_page(_teaser("/A/!6000010/", "Eins"), _teaser("/B/!6000011/", "Zwei"))
    assert [(r.article_id, r.position, r.title) for r in page.related()] == [
        ("6000010", 1, "Eins"),
        ("6000011", 2, "Zwei"),
    ]
    assert page.skipped_related() == []


def test_skipped_entries_with_reasons() -> None:
    page = _new_page(
        _teaser("/A/!6000010/#matomo:pk_campaign=x"),
        _teaser("/Thema/!t5000001/"),
        _teaser("/Politik/!p4615/"),
        _teaser("/Autorin/!a1234/"),
        _teaser("https://example.org/!6000012/"),
        _teaser("/A/!6000010/"),
        _teaser(None, "Ohne Link"),
        _teaser("/C/!6000013/"),
    )
    assert [(r.article_id, r.url, r.position) for r in page.related()] == [
        ("6000010", "https://taz.de/A/!6000010/", 1),
        ("6000013", "https://taz.de/C/!6000013/", 6),
    ]
    assert page.skipped_related() == [
        ("https://taz.de/Thema/!t5000001/", "not_article:tag"),
        ("https://taz.de/Politik/!p4615/", "not_article:ressort"),
        ("https://taz.de/Autorin/!a1234/", "not_article:author"),
        ("https://example.org/!6000012/", "off_site"),
        ("https://taz.de/A/!6000010/", "duplicate"),
        ("", "no_link"),
    ]


def test_fragment_never_makes_another_article() -> None:
    page = _new_page(_teaser("/A/!6000010/#matomo:a"), _teaser("/A/!6000010/#matomo:b"))
    assert [r.url for r in page.related()] == ["https://taz.de/A/!6000010/"]
    assert page.skipped_related() == [("https://taz.de/A/!6000010/", "duplicate")]


def test_old_layout_button_without_href_is_ignored() -> None:
    skipped = fixture_page("old_2016_dateline").skipped_related()
    assert all(reason != "no_link" for _, reason in skipped)


def test_page_without_related_block() -> None:
    page = ArticlePage.from_html("https://taz.de/!6000000/", "<html><body></body></html>")
    assert page.related() == []
    assert page.skipped_related() == []


def test_new_layout_entry_parts() -> None:
    entry = (
        '<div class="column article-teaser"><a class="teaser-link" href="/A/!6000010/">'
        '<p class="typo-r-topline">Dachzeile</p><p class="headline">Titel</p>'
        '<span class="typo-r-name">Von Autorin</span>'
        '<div class="typo-r-subline">Anriss des  Artikels</div></a></div>'
    )
    [related] = _new_page(entry).related()
    assert (related.kicker, related.title, related.teaser) == (
        "Dachzeile",
        "Titel",
        "Anriss des Artikels",
    )


OLD_PAGE = """<html><head><meta name="generator" content="tazxslt"/></head><body>
<div class="sect_thema"><div><h2>Mehr zum Thema</h2></div><ul class="news directory">
<li><a class="more" href="/Anderswo/!6000020/">mehr</a>
<a class="objlink" href="/Eins/!6000021/"><h4>Dachzeile</h4><h3>Titel</h3>
<div class="author"><p>Von Autorin</p></div><p>Anriss</p></a></li>
<li><a href="/Zwei/!6000022/"><h3>Zweiter</h3></a></li>
<li><a class="button">Alle Artikel zum Thema</a></li>
</ul></div></body></html>"""


def test_old_layout_entry_parts() -> None:
    page = ArticlePage.from_html("https://taz.de/Seite/!6000000/", OLD_PAGE)
    # The objlink is the entry's link even after another; the author's line is no teaser.
    assert [(r.article_id, r.kicker, r.title, r.teaser) for r in page.related()] == [
        ("6000021", "Dachzeile", "Titel", "Anriss"),
        ("6000022", None, "Zweiter", None),
    ]
    assert page.skipped_related() == []
