"""ArticlePage on saved fixture pages: one test per field against the expected JSON."""

from __future__ import annotations

import dataclasses

import pytest

from tazcrawler.items import Article, Dateline
from tazcrawler.pages import ArticlePage, NotAnArticle, page_kind
from tests.pages._fixtures import (
    ARTICLE_FIXTURES,
    OTHER_FIXTURES,
    fixture_expected,
    fixture_page,
)

FIELDS = [field.name for field in dataclasses.fields(Article)]


@pytest.fixture(scope="module")
def pages() -> dict[str, ArticlePage]:
    return {name: fixture_page(name) for name in ARTICLE_FIXTURES + OTHER_FIXTURES}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("name", ARTICLE_FIXTURES)
def test_field(pages: dict[str, ArticlePage], name: str, field: str) -> None:
    actual = dataclasses.asdict(pages[name].to_item())[field]
    assert actual == fixture_expected(name)["article"][field]


@pytest.mark.parametrize("name", ARTICLE_FIXTURES)
def test_no_unexpected_field(pages: dict[str, ArticlePage], name: str) -> None:
    expected = fixture_expected(name)
    assert set(expected) == {"page_kind", "article", "skipped_related"}
    assert set(dataclasses.asdict(pages[name].to_item())) == set(expected["article"])


@pytest.mark.parametrize("name", ARTICLE_FIXTURES)
def test_skipped_related(pages: dict[str, ArticlePage], name: str) -> None:
    skipped = [list(entry) for entry in pages[name].skipped_related()]
    assert skipped == fixture_expected(name)["skipped_related"]


@pytest.mark.parametrize("name", ARTICLE_FIXTURES + OTHER_FIXTURES)
def test_page_kind(pages: dict[str, ArticlePage], name: str) -> None:
    page = pages[name]
    assert page_kind(page.url, page.selector) == fixture_expected(name)["page_kind"]


@pytest.mark.parametrize("name", OTHER_FIXTURES)
def test_not_an_article(pages: dict[str, ArticlePage], name: str) -> None:
    assert fixture_expected(name)["article"] is None
    with pytest.raises(NotAnArticle, match="not an article"):
        pages[name].to_item()


def test_old_2016_dateline_out_of_first_paragraph(pages: dict[str, ArticlePage]) -> None:
    item = pages["old_2016_dateline"].to_item()
    assert item.dateline == Dateline(location="Amman", source="dpa")
    assert item.paragraphs[0].startswith("Am Montag blieben")
    assert item.kicker == "Wassermangel in Amman"  # article.sectbody > h4


def test_new_dateline_out_of_first_paragraph(pages: dict[str, ArticlePage]) -> None:
    item = pages["new_dateline"].to_item()
    assert item.dateline == Dateline(location="BERLIN", source="dpa")  # case as written
    assert item.paragraphs[0].startswith("Seit dem frühen Morgen")
    assert not item.paragraphs[0].startswith(("BERLIN", "|"))


def test_inline_elements_keep_words_whole(pages: dict[str, ArticlePage]) -> None:
    old = pages["old_2016_dateline"].to_item().paragraphs
    new = pages["new_dateline"].to_item().paragraphs
    assert "bei privaten Tankwagen." in old[1]  # privaten <em>Tank</em>wagen
    assert "Eine Lösung ist nicht in Sicht. Der nächste Sommer" in old[3]  # <br>
    assert "fallen die meisten Züge aus, teilte das Unternehmen am Dienstag mit." in new[0]
    assert new[1].endswith("„unbezahlbar“.")  # unbezahl<em>bar</em>


def test_boxes_and_ads_are_not_paragraphs(pages: dict[str, ArticlePage]) -> None:
    for name in ARTICLE_FIXTURES:
        text = " ".join(pages[name].to_item().paragraphs)
        assert "Anzeige" not in text
        assert "Kasten" not in text
        assert "unterstützen" not in text


def test_visible_tags_when_no_tag_meta(pages: dict[str, ArticlePage]) -> None:
    # The keywords meta (with "taz", "tageszeitung", "Ausland") is only a last resort.
    assert pages["old_2016_dateline"].to_item().tags == ["Jordanien", "Wasser", "Jordanien"]


def test_authors_once_each_with_profile_url(pages: dict[str, ArticlePage]) -> None:
    authors = pages["new_dateline"].to_item().authors
    assert [(a.name, a.url) for a in authors] == [
        ("Jonas Muster", "https://taz.de/Jonas-Muster/!a20001/"),
        ("Mira Probe", None),
    ]
