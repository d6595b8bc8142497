"""The real 2020 commentary !5655255 (old layout, div.sect_related, reader comments): every
field as read by hand from the saved page, through the page object and all pipelines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from lxml import html as lxml_html

from tazcrawler.offline import extract_html
from tazcrawler.pages import ArticlePage
from tazcrawler.schema import article_validator

if TYPE_CHECKING:
    from pathlib import Path

URL = "https://taz.de/Siemens-und-die-Kohlemine-Adani/!5655255/"
FILE = "trafilatura-eval-taz-5655255-2020-01-13-old-layout.html"
TEASER = (
    "Siemens-Chef Joe Kaeser hat die Klimaaktivistin Luisa Neubauer über den Tisch gezogen. "
    "In der Logik des Konzerns lohnt sich das."
)


@pytest.fixture(scope="module")
def body(real_pages_dir: Path) -> bytes:
    return (real_pages_dir / FILE).read_bytes()


@pytest.fixture(scope="module")
def article(body: bytes) -> dict[str, Any]:
    return extract_html(body, URL)


def test_valid(article: dict[str, Any]) -> None:
    assert list(article_validator().iter_errors(article)) == []


def test_heading_and_teaser(article: dict[str, Any]) -> None:
    # article.sectbody > h4 (kicker) and a plain h1 (title), not split from og:title.
    assert article["kicker"] == "Siemens und die Kohlemine Adani"
    assert article["title"] == "Kaeser verarscht Neubauer"
    assert article["teaser"] == TEASER


def test_the_commentarys_author(article: dict[str, Any]) -> None:
    # The "Kommentar von" profile box, not the readers who commented below.
    assert article["authors"] == [{"name": "Ingo Arzt", "url": "https://taz.de/Ingo-Arzt/!a132/"}]


def test_dates(article: dict[str, Any]) -> None:
    assert article["published"] == "2020-01-13T18:54:00+01:00"
    assert article["published_utc"] == "2020-01-13T17:54:00Z"
    assert article["published_precision"] == "datetime"
    assert article["modified"] == "2020-01-14T09:13:22+01:00"


def test_section_tags_language(article: dict[str, Any]) -> None:
    assert article["section"] == "Ökonomie"  # rootline Öko > Ökonomie
    assert article["tags"] == [
        "Siemens",
        "Schwerpunkt Fridays For Future",
        "Luisa Neubauer",
        "Joe Kaeser",
        "Australien",
    ]
    assert article["language"] == "de"


def test_image(article: dict[str, Any]) -> None:
    assert article["image"] == {
        "url": "https://taz.de/picture/3905628/948/Neubauer-Kaeser-Siemens-Kohle-Australien-FFF-1.jpeg",
        "caption": "Nach dem Gespräch mit Luisa Neubauer: Joe Kaeser beantwortet Fragen von "
        "Journalist:innen",
        "credit": "Soeren Stache/dpa",
        "caption_truncated": False,
    }


def test_body(article: dict[str, Any]) -> None:
    paragraphs = article["paragraphs"]
    assert len(paragraphs) == 10
    assert paragraphs[0].startswith("Siemens-Chef Joe Kaeser hat die Klimaaktivistin")
    assert paragraphs[1].startswith("Die Klimabewegung schäumt.")  # a link inside, kept whole
    assert paragraphs[-1].endswith("wäre es doch noch ein Sieg für Neubauer und die Klimabewegung.")
    assert article["subheadings"] == [
        {"text": "Privatkonsument*innen sind nicht gemeint", "position": 4},
        {"text": "Zirkus für die Investoren", "position": 8},
    ]
    assert article["dateline"] is None  # a commentary states none
    assert article["word_count"] == 586


def test_no_reader_comment_in_the_body(article: dict[str, Any], body: bytes) -> None:
    tree = lxml_html.fromstring(body)
    comments = [
        " ".join(p.text_content().split())
        for p in tree.xpath("//div[contains(@class, 'sect_commentlinks')]//p")
    ]
    assert len(comments) > 50  # the page does carry them
    text = " ".join(article["paragraphs"])
    assert [c for c in comments if len(c) > 20 and c in text] == []
    assert "Martinxyz" not in text


def test_three_related_articles(article: dict[str, Any]) -> None:
    # div.sect_related headed "Mehr zum Thema"; the first entry's "von Peter Unfried" is its
    # author line, not a teaser.
    assert [
        (r["article_id"], r["position"], r["kicker"], r["title"], r["teaser"])
        for r in article["related"]
    ] == [
        ("5654384", 1, "Neubauer vs. Siemens", "In welchen Arsch wir treten müssen", None),
        ("5655402", 2, "Umstrittenes Kohleförderprojekt", "FFF protestiert gegen Siemens", None),
        ("5655233", 3, "Siemens hält an Kohleprojekt fest", "Kaeser am Pranger", None),
    ]
    assert article["related"][0]["url"] == "https://taz.de/Neubauer-vs-Siemens/!5654384/"


def test_sources(article: dict[str, Any]) -> None:
    assert article["extraction"] == {
        "layout": "old",
        "sources": {
            "article_id": "microdata",
            "kicker": "layout",
            "title": "layout",
            "teaser": "layout",
            "authors": "microdata",
            "published": "meta",
            "modified": "meta",
            "section": "layout",
            "tags": "meta",
            "image": "layout",
            "language": "meta",
            "paragraphs": "layout",
            "subheadings": "layout",
            "related": "layout",
        },
    }


def test_the_fallback_reads_the_same_body_without_comments(body: bytes) -> None:
    # With the article container renamed, no layout gives the body: trafilatura does, from
    # the page without its comment containers (unlike trafilatura on the page as it is).
    renamed = body.replace(b'<article class="sectbody"', b'<section class="x"').replace(
        b"</article>", b"</section>"
    )
    page = ArticlePage.from_html(URL, renamed.replace(b"sect_article", b"sect_x"))
    known = ArticlePage.from_html(URL, body)
    item = page.to_item()
    assert item.extraction is not None
    assert item.extraction.sources["paragraphs"] == "fallback"
    assert item.paragraphs == known.paragraphs()
    assert item.subheadings == known.subheadings()
