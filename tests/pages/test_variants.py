"""The markup variants of every era: old-layout related blocks, bodies and datelines, a date
without a time, reader comments, and a template never seen (fixtures in tests/fixtures/pages)."""

from __future__ import annotations

import pytest

from tazcrawler.items import Dateline
from tazcrawler.offline import extract_html
from tazcrawler.pages import ArticlePage, page_kind
from tests.pages._fixtures import FIXTURES, fixture_page, fixture_url

URL = "https://taz.de/Beispiel/!6000000/"


@pytest.mark.parametrize(
    ("name", "dateline", "opening"),
    [
        # <em>Amman dpa |</em>
        ("old_2016_dateline", Dateline("Amman", "dpa"), "Am Montag blieben"),
        # <span>BERLIN</span> <em>taz</em> |
        ("old_2021_related", Dateline("BERLIN", "taz"), "Mittwochabend"),
        # TOKIO <em>taz</em> |
        ("old_2015_sectbody", Dateline("TOKIO", "taz"), "Am Sonntag bebte"),
        # BERLIN taz | (plain text)
        ("old_plain_dateline", Dateline("BERLIN", "taz"), "Auf den Bahnsteigen"),
    ],
)
def test_every_dateline_form(name: str, dateline: Dateline, opening: str) -> None:
    item = fixture_page(name).to_item()
    assert item.dateline == dateline
    assert item.paragraphs[0].startswith(opening)


def test_a_bar_later_in_the_text_is_no_dateline() -> None:
    # Only the first paragraph's head: the second keeps its "|".
    assert "Erpressung | so klingt" in fixture_page("old_plain_dateline").to_item().paragraphs[1]


@pytest.mark.parametrize(
    "text",
    [
        "Kurz gesagt | nein, das war es nicht.",  # no agency mark
        "Vorab: Ein Satz mit vielen Wörtern vor dem Strich | danach.",  # too long
    ],
)
def test_unmarked_text_needs_an_agency_to_be_a_dateline(text: str) -> None:
    html = (
        '<html><body><div class="sect sect_article"><article class="sectbody">'
        f'<p class="article first">{text}</p></article></div></body></html>'
    )
    page = ArticlePage.from_html(URL, html)
    assert page.dateline() is None
    assert page.paragraphs() == [text]


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("old_2016_dateline", ["5400002", "5400003", "5400005"]),  # sect_thema, "Mehr zum Thema"
        ("old_2021_related", ["5761001", "5761002"]),  # sect_related, "Mehr zum Thema"
        ("old_2015_sectbody", ["5110001", "5110002"]),  # sect_thema, "Artikel zum Thema"
        ("old_plain_dateline", ["5649001"]),  # sect_related, "Artikel zum Thema"
    ],
)
def test_every_related_block(name: str, ids: list[str]) -> None:
    item = fixture_page(name).to_item()
    assert [r.article_id for r in item.related] == ids
    assert item.extraction is not None
    assert item.extraction.sources["related"] == "layout"


def test_body_in_a_div_without_article_element() -> None:
    page = fixture_page("old_2015_sectbody")
    assert page.layout == "old"
    assert page_kind(page.url, page.selector) == "article"  # no og:type, no JSON-LD
    item = page.to_item()
    assert (item.kicker, item.title) == ("Nachbeben in Japan", "Die Stadt am Hang")
    assert len(item.paragraphs) == 5  # the teaser (p.intro) is not one
    assert [(s.text, s.position) for s in item.subheadings] == [
        ("Wasser aus dem Tank", 2),
        ("Wer bleibt, baut", 4),
    ]


def test_a_date_without_time_stays_a_date() -> None:
    body = (FIXTURES / "old_2015_sectbody.html").read_bytes()
    article = extract_html(body, fixture_url("old_2015_sectbody"))
    assert article["published_raw"] == "10. 04. 2011"  # li.date, the only date on the page
    assert article["published"] == "2011-04-10"
    assert article["published_utc"] is None
    assert article["published_precision"] == "date"
    assert article["extraction"]["sources"]["published"] == "layout"


def test_reader_comments_are_never_body() -> None:
    for name in ("old_2021_related", "generic_unknown"):
        text = " ".join(fixture_page(name).to_item().paragraphs)
        assert "LESERKOMMENTAR" not in text
        assert "FORUMSTEXT" not in text


def test_unknown_template_read_by_the_fallback() -> None:
    page = fixture_page("generic_unknown")
    assert page.layout == "generic"
    item = page.to_item()
    assert item.layout is None
    assert (item.kicker, item.title) == ("Neue Radwege", "Grüne Welle für alle")  # og:title
    assert [a.name for a in item.authors] == ["Rita Rad"]
    assert item.published == "2026-01-15T09:30:00+01:00"
    assert len(item.paragraphs) == 4
    assert item.paragraphs[0].startswith("Zwölf Kilometer neuer Radweg")
    assert [s.text for s in item.subheadings] == ["Streit um die Parkplätze"]
    assert [r.article_id for r in item.related] == ["6100001", "6100002"]  # not the nav's
    assert item.extraction is not None
    assert item.extraction.layout == "generic"
    sources = item.extraction.sources
    assert {sources[f] for f in ("paragraphs", "authors", "published", "related")} == {"fallback"}
    assert sources["title"] == "meta"


def test_fallback_title_from_article_h2_without_meta() -> None:
    html = (
        "<html><head><title>Ein Titel - taz.de</title></head><body><main><section><article>"
        "<h2>Die Überschrift</h2><p>Ein Absatz mit genug Text, damit ihn ein Leser liest.</p>"
        '</article></section></main><span id="cmsArticleID">6000000</span></body></html>'
    )
    page = ArticlePage.from_html(URL, html)
    assert page.title() == "Die Überschrift"
    assert page.found("title").layer == "fallback"


def test_json_ld_article_body_when_the_markup_gives_none() -> None:
    ld = (
        '{"@type": "NewsArticle", "headline": "Ein Kicker: Ein Titel",'
        ' "articleBody": "HAMBURG dpa | Erster Absatz.\\nZweiter Absatz."}'
    )
    html = (
        f'<html><head><script type="application/ld+json">{ld}</script></head>'
        '<body><span id="cmsArticleID">6000000</span></body></html>'
    )
    item = ArticlePage.from_html(URL, html).to_item()
    assert item.paragraphs == ["Erster Absatz.", "Zweiter Absatz."]
    assert item.dateline == Dateline("HAMBURG", "dpa")
    assert item.extraction is not None
    assert item.extraction.sources["paragraphs"] == "jsonld"
    assert (item.kicker, item.title) == ("Ein Kicker", "Ein Titel")


def test_every_article_records_its_layout_and_sources() -> None:
    for name in ("old_2016_dateline", "new_dateline", "generic_unknown"):
        item = fixture_page(name).to_item()
        assert item.extraction is not None
        assert item.extraction.layout == {"old": "old", "new": "new"}.get(item.layout, "generic")
        assert item.extraction.sources["title"] in ("layout", "meta", "jsonld", "fallback")
        # A field the article lacks is not listed.
        assert ("dateline" in item.extraction.sources) == (item.dateline is not None)
