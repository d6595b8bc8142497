"""TextPipeline and normalize_text: invisible characters, spaces, Unicode form, word count."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from tazcrawler.items import Article, Author, Dateline, Image, RelatedArticle, Subheading
from tazcrawler.pipelines.text import TextPipeline, count_words, normalize_text

# A soft hyphen in a URL is part of the identifier: the pipeline must leave it alone.
IMAGE_URL = "https://taz.de/picture/1/948/a\u00adb.jpeg"


@pytest.fixture
def pipeline() -> TextPipeline:
    return build_from_crawler(TextPipeline, get_crawler())


def stat(pipeline: TextPipeline, kind: str) -> int | None:
    return pipeline.stats.get_value(f"taz/text/{kind}")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Geschlechts\u00adeintrag", "Geschlechtseintrag"),
        ("Ein kleiner Fortschritt\u200b", "Ein kleiner Fortschritt"),  # taz:title
        ("Zero\u200cwidth\u200djoin\u2060er\ufeff", "Zerowidthjoiner"),
        ("Al-Bukamal\u00a0wurde", "Al-Bukamal wurde"),
        ("28.\u202fApril", "28. April"),
        ("  Der Traum \n\t von einem  Kalifat ", "Der Traum von einem Kalifat"),
        ("\u00a0\u00a0Beirut\u00a0 ap", "Beirut ap"),
        ("Gru\u0308ne", "Grüne"),  # decomposed umlaut, as pasted from macOS
        ("e\u200b\u0301", "\u00e9"),  # composes once the zero-width space is gone
        ("\u200b\u00ad \u00a0", ""),
        ("", ""),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    "dirty",
    [
        "Geschlechts\u00adeintrag",
        "Fortschritt\u200b",
        "Al-Bukamal\u00a0wurde",
        "Der  Traum",
        "Kalifat\n",
        " Beirut",
        "Ende ",
        "Gru\u0308ne",
        "",
        "\u200f",  # a right-to-left mark: unprintable, left as it is
    ],
)
@pytest.mark.parametrize("where", [0, 1, 2])
def test_lists_normalise_each_value(pipeline: TextPipeline, dirty: str, where: int) -> None:
    # Lists of clean text skip the per-value work; one unclean value among them must not.
    values = ["Erster Absatz.", "Zweiter Absatz."]
    values.insert(where, dirty)
    item = Article(
        article_id="1", url="https://taz.de/!1/", title="T", paragraphs=list(values), tags=values
    )
    pipeline.process_item(item)
    expected = [text for text in map(normalize_text, values) if text]
    assert item.paragraphs == expected
    assert item.tags == expected
    assert item.word_count == count_words(expected)


@given(st.lists(st.text(alphabet="aä1_-–.„ \u00a0\n\u200b", max_size=30), max_size=4))
def test_count_words_counts_tokens_holding_a_word_character(paragraphs: list[str]) -> None:
    expected = sum(1 for text in paragraphs for token in text.split() if re.search(r"\w", token))
    assert count_words(paragraphs) == expected


def test_count_words_of_long_tokens() -> None:
    # Long runs without a word character once took time quadratic in their length.
    assert count_words(["=" * 20000 + " a", "-" * 5000 + "b " + "_" * 3000]) == 3


def test_lists_from_other_iterables(pipeline: TextPipeline) -> None:
    item = {"title": "T", "tags": iter(["Syrien", "Ira\u00adk"]), "paragraphs": ("Text",)}
    pipeline.process_item(item)
    assert item["tags"] == ["Syrien", "Irak"]
    assert item["paragraphs"] == ["Text"]


def test_count_words_ignores_lone_punctuation() -> None:
    assert count_words(["Der IS ist \u2013 vertrieben.", "IS-Terror 2017 \u2026"]) == 6
    assert count_words([]) == 0


def test_every_text_field_is_normalised(pipeline: TextPipeline) -> None:
    item = Article(
        article_id="5928990",
        url="https://taz.de/Geschlechts\u00adeintrag/!5928990/",
        kicker="Entwurf des\u00a0Selbstbestimmungs\u00adgesetzes",
        title="Ein kleiner Fortschritt\u200b",
        teaser=" Das  alte Gesetz. ",
        section="\u200b",
        authors=[Author("Nicole\u00a0Opitz", "https://taz.de/Nicole-Opitz/!a52218/")],
        tags=["Trans\u00adgender", " Queer "],
        dateline=Dateline("BERLIN\u00a0", "taz"),
        image=Image(IMAGE_URL, " Eine\nFahne ", "Foto:\u00a0dpa"),
        paragraphs=["Der Geschlechts\u00adeintrag soll\u00a0sich ändern."],
        subheadings=[Subheading("Sonderklausel\u200b", 1)],
        related=[
            RelatedArticle("1", "https://taz.de/!1/", 1, "Titel\u200b", "Dach\u00adzeile", " Text ")
        ],
    )
    assert pipeline.process_item(item) is item
    assert item.kicker == "Entwurf des Selbstbestimmungsgesetzes"
    assert item.title == "Ein kleiner Fortschritt"
    assert item.teaser == "Das alte Gesetz."
    assert item.section is None
    assert item.authors == [Author("Nicole Opitz", "https://taz.de/Nicole-Opitz/!a52218/")]
    assert item.tags == ["Transgender", "Queer"]
    assert item.dateline == Dateline("BERLIN", "taz")
    assert item.image == Image(IMAGE_URL, "Eine Fahne", "Foto: dpa")
    assert item.paragraphs == ["Der Geschlechtseintrag soll sich ändern."]
    assert item.subheadings == [Subheading("Sonderklausel", 1)]
    assert item.related == [
        RelatedArticle("1", "https://taz.de/!1/", 1, "Titel", "Dachzeile", "Text")
    ]
    # URLs are identifiers, not text: never touched.
    assert item.url == "https://taz.de/Geschlechts\u00adeintrag/!5928990/"


def test_empty_values_become_none_or_leave_their_list(pipeline: TextPipeline) -> None:
    item = Article(
        article_id="1",
        url="https://taz.de/!1/",
        kicker="  ",
        title="Titel",
        teaser="",
        authors=[Author("\u200b", "https://taz.de/x/!a1/"), Author("A")],
        tags=["\u00ad", "Syrien", ""],
        dateline=Dateline(" ", "\u200b"),
        image=Image("https://taz.de/picture/1/948/x.jpeg", "\u00a0", None),
        paragraphs=["", "Text", " \n "],
        subheadings=[Subheading("\u200b", 0), Subheading("Zwischentitel", 1)],
        related=[RelatedArticle("2", "https://taz.de/!2/", 1, title=" ", kicker="", teaser=None)],
    )
    pipeline.process_item(item)
    assert item.kicker is None
    assert item.teaser is None
    assert item.authors == [Author("A")]
    assert item.tags == ["Syrien"]
    assert item.dateline is None  # neither place nor agency left
    assert item.image == Image("https://taz.de/picture/1/948/x.jpeg", None, None)
    assert item.paragraphs == ["Text"]
    assert item.subheadings == [Subheading("Zwischentitel", 1)]
    assert item.related == [RelatedArticle("2", "https://taz.de/!2/", 1, None, None, None)]
    assert stat(pipeline, "empty_removed") == 13


def test_word_count_is_recomputed_from_normalised_paragraphs(pipeline: TextPipeline) -> None:
    item = Article(
        article_id="1",
        url="https://taz.de/!1/",
        title="T",
        paragraphs=["Geschlechts\u00adeintrag und\u00a0Vorname", "\u200b", "Zwei  Wörter \u2013"],
        word_count=999,
    )
    pipeline.process_item(item)
    assert item.word_count == 5


def test_changes_are_counted_per_kind(pipeline: TextPipeline) -> None:
    item = Article(
        article_id="1",
        url="https://taz.de/!1/",
        title="Kalifat\u200b am\u00a0Ende",
        teaser="Gru\u0308ne  Geschlechts\u00adein\u00adtrag",
        paragraphs=["Text"],
    )
    pipeline.process_item(item)
    assert stat(pipeline, "soft_hyphens_removed") == 2
    assert stat(pipeline, "zero_width_removed") == 1
    assert stat(pipeline, "nbsp_replaced") == 1
    assert stat(pipeline, "nfc_normalized") == 1
    assert stat(pipeline, "whitespace_collapsed") == 1
    assert stat(pipeline, "empty_removed") is None


def test_clean_item_changes_nothing(pipeline: TextPipeline) -> None:
    item = Article(article_id="1", url="https://taz.de/!1/", title="Titel", paragraphs=["Ein Text"])
    pipeline.process_item(item)
    assert item.title == "Titel"
    assert item.word_count == 2
    assert pipeline.stats.get_stats() == {}


def test_dict_items_with_dict_parts(pipeline: TextPipeline) -> None:
    item = {
        "title": "Titel\u200b",
        "authors": [{"name": " Nicole Opitz ", "url": None}, {"name": "", "url": None}],
        "dateline": {"location": "Beirut\u00a0", "source": "ap"},
        "paragraphs": ["Ein\u00adtrag"],
    }
    pipeline.process_item(item)
    assert item == {
        "title": "Titel",
        "authors": [{"name": "Nicole Opitz", "url": None}],
        "dateline": {"location": "Beirut", "source": "ap"},
        "paragraphs": ["Eintrag"],
        "tags": [],
        "subheadings": [],
        "related": [],
        "word_count": 1,
    }
