"""ArticlePage details: decoding, layout detection, fallbacks and robustness."""

from __future__ import annotations

import pytest

from tazcrawler.items import Image
from tazcrawler.pages import ArticlePage, NotAnArticle

URL = "https://taz.de/Beispiel/!6000000/"
OLD_MINIMAL = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="taz:title" data-id="6000000" content="Grüne Wiese: Ein Beispiel">
<meta property="og:image" content="https://taz.de/picture/1/948/bild.jpeg ">
{extra}</head><body>
<div class="sect sect_article"><article class="sectbody" itemprop="articleBody">
<p class="article first">Über die Brücke gehen.</p></article></div></body></html>"""


def _old(charset: str = "utf-8", extra: str = "") -> str:
    return OLD_MINIMAL.format(charset=charset, extra=extra)


def test_from_html_bytes_follow_meta_charset() -> None:
    html = _old(charset="iso-8859-1").encode("iso-8859-1")
    assert ArticlePage.from_html(URL, html).paragraphs() == ["Über die Brücke gehen."]


def test_from_html_bytes_and_str_agree() -> None:
    html = _old()
    assert ArticlePage.from_html(URL, html).to_item() == (
        ArticlePage.from_html(URL, html.encode("utf-8")).to_item()
    )


def test_from_html_invalid_utf8_bytes_are_replaced() -> None:
    html = _old().encode("utf-8").replace("Brücke".encode(), b"Br\xfccke")
    assert ArticlePage.from_html(URL, html).paragraphs() == ["Über die Br\ufffdcke gehen."]


def test_from_html_utf8_with_bom() -> None:
    page = ArticlePage.from_html(URL, b"\xef\xbb\xbf" + _old().encode("utf-8"))
    assert page.title() == "Ein Beispiel"


def test_title_and_kicker_split_from_taz_title() -> None:
    page = ArticlePage.from_html(URL, _old())
    assert (page.kicker(), page.title()) == ("Grüne Wiese", "Ein Beispiel")
    assert page.layout == "old"
    assert page.article_id == "6000000"  # taz:title data-id


def test_og_image_as_url_fallback() -> None:
    page = ArticlePage.from_html(URL, _old())
    assert page.image() == Image(url="https://taz.de/picture/1/948/bild.jpeg")


def test_malformed_json_ld_is_ignored() -> None:
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    page = ArticlePage.from_html(URL, _old(extra=broken))
    assert page.title() == "Ein Beispiel"
    assert page.to_item().paragraphs == ["Über die Brücke gehen."]


def test_json_ld_graph_and_author_string() -> None:
    ld = (
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"},'
        ' {"@type": ["NewsArticle"], "author": "Erika Muster", "inLanguage": "de-DE",'
        ' "datePublished": " 2024-01-02T03:04:05+01:00 "}]}</script>'
    )
    page = ArticlePage.from_html(URL, _old(extra=ld))
    assert [a.name for a in page.authors()] == ["Erika Muster"]
    assert page.published() == "2024-01-02T03:04:05+01:00"
    assert page.language() == "de"


def test_empty_page_gives_empty_fields() -> None:
    page = ArticlePage.from_html("https://taz.de/", "<html><body></body></html>")
    assert page.layout == "generic"
    assert (page.kicker(), page.title(), page.teaser(), page.image()) == (None, None, None, None)
    assert (page.authors(), page.tags(), page.paragraphs(), page.subheadings()) == ([], [], [], [])
    assert (page.published(), page.modified(), page.section(), page.language()) == (
        None,
        None,
        None,
        None,
    )
    assert page.word_count() == 0
    with pytest.raises(NotAnArticle):
        page.to_item()


def test_article_url_without_article_markup_is_not_an_article() -> None:
    page = ArticlePage.from_html(URL, "<html><head><title>Fehler</title></head></html>")
    assert page.article_id == "6000000"  # from the URL
    with pytest.raises(NotAnArticle):
        page.to_item()


def test_new_layout_detected_without_body() -> None:
    html = '<html><body><article class="module columns module-article"></article></body></html>'
    page = ArticlePage.from_html(URL, html)
    assert page.layout == "new"
    assert page.paragraphs() == []


def test_keywords_only_as_last_resort() -> None:
    keywords = '<meta name="keywords" content="Wiese, Brücke, taz ">'
    page = ArticlePage.from_html(URL, _old(extra=keywords))
    assert page.tags() == ["Wiese", "Brücke", "taz"]


OLD_WITH_BODY = """<html><head><meta name="generator" content="tazxslt"/></head><body>
<div class="sect sect_article"><article class="sectbody" itemprop="articleBody">
<p class="article first">Text.</p></article></div>
{authors}
<div class="sect sect_community"><div class="comment">
<span itemprop="author"><span itemprop="name">Leserin</span></span></div></div>
</body></html>"""


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        # A div (the profile box) wins over a byline span; commenters are never authors.
        (
            '<span itemprop="author">Byline</span><div class="sect_profile" itemprop="author">'
            '<a itemprop="url" href="/Nicole-Opitz/!a52218/"><h4 itemprop="name">Nicole Opitz'
            "</h4></a></div>",
            [("Nicole Opitz", "https://taz.de/Nicole-Opitz/!a52218/")],
        ),
        ('<span itemprop="author">Anna Lehmann</span>', [("Anna Lehmann", None)]),
        ("", []),
    ],
)
def test_old_layout_author_microdata(authors: str, expected: list) -> None:
    page = ArticlePage.from_html(URL, OLD_WITH_BODY.format(authors=authors))
    assert [(author.name, author.url) for author in page.authors()] == expected
