"""ArticlePage on the real article !5928990, saved in the old (2023) and new (2024) layout."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import TYPE_CHECKING, Any

import pytest

from tazcrawler.items import Article, Author, Image, Subheading
from tazcrawler.pages import ArticlePage
from tests.pages._fixtures import REAL_FILES as FILES
from tests.pages._fixtures import REAL_URL as URL

if TYPE_CHECKING:
    from pathlib import Path

LAYOUTS = pytest.mark.parametrize("layout", ["old", "new"])
TEASER = (
    "Das alte, diskriminierende Transsexuellengesetz ist endlich bald Geschichte. "
    "Das neue Gesetz sollte nicht weiter verwässert werden."
)
# Links inside the body (a.in-text-link); only 5931168 is also in the "Mehr zum Thema" block.
BODY_LINK_IDS = {"5903898", "5926716", "5905243", "5921977"}
RELATED = {
    # (article_id, position, kicker, title) as read from the saved pages.
    "old": [
        ("5931168", 1, "Einigung auf Gesetzentwurf", "Selbstbestimmung rückt näher"),
        ("5923451", 2, "Urteil zu Elterndefinition", "Trans Vater weiterhin „Mutter“"),
        ("5923521", 3, "„Harry Potter“-Star Radcliffe", "Trans Personen eine Stimme geben"),
    ],
    "new": [
        ("5937342", 1, "Neues Selbstbestimmungsgesetz", "Trans im Verteidigungsfall"),
        ("5938231", 2, "Neues Selbstbestimmungsgesetz", "Lehrstunde in Demokratie"),
        ("5931168", 3, "Einigung auf Gesetzentwurf", "Selbstbestimmung rückt näher"),
    ],
}
# What differs between the two saved copies, and why (the cross-layout test checks it).
ONLY_OLD = {"modified"}  # new: no JSON-LD dateModified, no article:modified_time meta
DIFFERENT = {
    "layout": "by definition",
    "tags": "taz renamed the tag 'Schwerpunkt LGBTQIA-Community' to '…-Communities'",
    "related": "the block was re-curated between the 2023 and 2024 crawls",
    "extraction": "the new layout states more as JSON-LD (teaser, authors, date, image)",
}
PROVENANCE = {"crawled_at", "depth", "referrer", "referrer_id", "crawl_id", "response_sha256"}


@pytest.fixture(scope="module")
def pages(real_pages_dir: Path) -> dict[str, ArticlePage]:
    return {
        layout: ArticlePage.from_html(URL, (real_pages_dir / name).read_bytes())
        for layout, name in FILES.items()
    }


@pytest.fixture(scope="module")
def items(pages: dict[str, ArticlePage]) -> dict[str, Article]:
    return {layout: page.to_item() for layout, page in pages.items()}


@LAYOUTS
def test_layout(items: dict[str, Article], layout: str) -> None:
    assert items[layout].layout == layout


@LAYOUTS
def test_article_id(items: dict[str, Article], layout: str) -> None:
    assert items[layout].article_id == "5928990"


@LAYOUTS
def test_url_and_canonical_url(items: dict[str, Article], layout: str) -> None:
    assert items[layout].url == URL
    assert items[layout].canonical_url is None  # derived later from the id


@LAYOUTS
def test_kicker(items: dict[str, Article], layout: str) -> None:
    assert items[layout].kicker == "Entwurf des Selbstbestimmungsgesetzes"


@LAYOUTS
def test_title(items: dict[str, Article], layout: str) -> None:
    title = items[layout].title
    assert title == "Ein bisschen Fortschritt"
    assert "\u200b" not in title


@LAYOUTS
def test_teaser(items: dict[str, Article], layout: str) -> None:
    assert items[layout].teaser == TEASER


@LAYOUTS
def test_authors(items: dict[str, Article], layout: str) -> None:
    assert items[layout].authors == [
        Author(name="Nicole Opitz", url="https://taz.de/Nicole-Opitz/!a52218/")
    ]


@LAYOUTS
def test_published(items: dict[str, Article], layout: str) -> None:
    # New layout: JSON-LD datePublished carries the offset; its meta published_time does not.
    assert items[layout].published == "2023-04-28T18:41:00+02:00"


@LAYOUTS
def test_modified(items: dict[str, Article], layout: str) -> None:
    expected = {"old": "2023-04-28T18:57:43+02:00", "new": None}
    assert items[layout].modified == expected[layout]


@LAYOUTS
def test_dates_left_for_the_pipeline(items: dict[str, Article], layout: str) -> None:
    item = items[layout]
    assert (item.published_utc, item.published_raw, item.modified_utc, item.modified_raw) == (
        None,
        None,
        None,
        None,
    )


@LAYOUTS
def test_section(items: dict[str, Article], layout: str) -> None:
    assert items[layout].section == "Deutschland"  # Politik > Deutschland


@LAYOUTS
def test_tags(items: dict[str, Article], layout: str) -> None:
    expected = {
        "old": ["Schwerpunkt LGBTQIA-Community", "Transgender"],
        "new": ["Schwerpunkt LGBTQIA-Communities", "Transgender"],
    }
    assert items[layout].tags == expected[layout]


@LAYOUTS
def test_language(items: dict[str, Article], layout: str) -> None:
    assert items[layout].language == "de"


@LAYOUTS
def test_dateline(items: dict[str, Article], layout: str) -> None:
    assert items[layout].dateline is None  # a commentary, no dateline


@LAYOUTS
def test_image(items: dict[str, Article], layout: str) -> None:
    assert items[layout].image == Image(
        url="https://taz.de/picture/6236752/948/Buschmann-Paus-Transsexuelle-Selbstbestimmungsrecht-1.jpeg",
        caption=(
            "Marco Buschmann und Lisa Paus bei der Vorstellung der Eckpunkte des "
            "Selbstbestimmungsgesetzes"
        ),
        credit="Felix Zahn/imago",
    )


@LAYOUTS
def test_paragraphs(items: dict[str, Article], layout: str) -> None:
    paragraphs = items[layout].paragraphs
    assert len(paragraphs) == 7
    assert paragraphs[0].startswith("Na endlich! Es gibt einen Referentenentwurf")
    assert paragraphs[-1] == (
        "Wenn es zu weiteren Beschlüssen kommt wie etwa zur gesundheitlichen Versorgung von "
        "trans, inter und nichtbinären Menschen, ist man in der Koalition hoffentlich mutiger. "
        "Auch FDP-Männern würde dadurch nichts weggenommen."
    )


@LAYOUTS
def test_paragraph_text_as_read(items: dict[str, Article], layout: str) -> None:
    paragraphs = items[layout].paragraphs
    assert not any("N a endlich" in p for p in paragraphs)  # the new layout's drop cap
    # Text of a.in-text-link joined without extra or lost spaces.
    assert "können. Bislang gilt das Transsexuellengesetz (TSG), das 1980" in paragraphs[1]
    assert "Das Gesetz wird mit großer Hoffnung von trans" in paragraphs[3]
    for paragraph in paragraphs:
        assert paragraph == paragraph.strip()
        assert "  " not in paragraph
        assert "\n" not in paragraph


@LAYOUTS
def test_paragraphs_exclude_inserts(items: dict[str, Article], layout: str) -> None:
    text = " ".join(items[layout].paragraphs)
    for noise in ("Links lesen", "Jetzt unterstützen", "Seit 2019 bei der taz", "Foto:"):
        assert noise not in text


@LAYOUTS
def test_subheadings(items: dict[str, Article], layout: str) -> None:
    item = items[layout]
    assert item.subheadings == [Subheading(text="Sonderklausel beim Hausrecht", position=5)]
    assert item.paragraphs[5].startswith("Auch soll es eine gesonderte Klausel")


@LAYOUTS
def test_word_count(items: dict[str, Article], layout: str) -> None:
    item = items[layout]
    assert item.word_count == sum(len(p.split()) for p in item.paragraphs) == 352


@LAYOUTS
def test_related(items: dict[str, Article], layout: str) -> None:
    related = items[layout].related
    assert [(r.article_id, r.position, r.kicker, r.title) for r in related] == RELATED[layout]
    for entry in related:
        assert entry.url.startswith("https://taz.de/")
        assert entry.url.endswith(f"/!{entry.article_id}/")
        assert entry.teaser


@LAYOUTS
def test_related_teaser_without_author(items: dict[str, Article], layout: str) -> None:
    teasers = {r.article_id: r.teaser for r in items[layout].related}
    assert teasers["5931168"] == (
        "Justiz- und Familienministerium haben sich auf einen Entwurf zum "
        "Selbstbestimmungsgesetz geeinigt. Nächste Woche geht er in die Verbandsanhörung."
    )


@LAYOUTS
def test_related_excludes_body_links(items: dict[str, Article], layout: str) -> None:
    ids = {r.article_id for r in items[layout].related}
    assert not ids & BODY_LINK_IDS


@LAYOUTS
def test_skipped_related(pages: dict[str, ArticlePage], layout: str) -> None:
    # Old: the "Alle Artikel zum Thema" button has no href and is not reported.
    assert pages[layout].skipped_related() == []


@LAYOUTS
def test_provenance_left_at_defaults(items: dict[str, Article], layout: str) -> None:
    item = items[layout]
    defaults = Article(article_id="0", url="")
    for name in PROVENANCE | {"schema_version"}:
        assert getattr(item, name) == getattr(defaults, name)


@LAYOUTS
def test_no_unexpected_fields(items: dict[str, Article], layout: str) -> None:
    item = items[layout]
    assert set(dataclasses.asdict(item)) == {f.name for f in dataclasses.fields(Article)}
    populated = {name for name, value in dataclasses.asdict(item).items() if value}
    expected = {
        "article_id", "url", "layout", "kicker", "title", "teaser", "authors", "published",
        "section", "tags", "image", "paragraphs", "subheadings", "word_count", "language",
        "related", "extraction",
    } | ({"modified"} if layout == "old" else set())  # fmt: skip
    assert populated == expected


def _normalise(value: Any) -> Any:
    """Drop soft hyphens and zero-width characters and collapse whitespace, recursively."""
    if isinstance(value, str):
        value = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", value)
        return " ".join(unicodedata.normalize("NFC", value).split())
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    return value


def test_layouts_agree(items: dict[str, Article]) -> None:
    old = _normalise(dataclasses.asdict(items["old"]))
    new = _normalise(dataclasses.asdict(items["new"]))
    for name in ONLY_OLD:
        assert old[name], name
        assert not new[name], name
    for name in DIFFERENT:
        assert old[name] != new[name], f"{name} no longer differs: update DIFFERENT"
    same = set(old) - ONLY_OLD - set(DIFFERENT)
    assert {name: old[name] for name in same} == {name: new[name] for name in same}
    # The one article both related blocks share is described identically, bar its position.
    assert _shared_related(old) == _shared_related(new)


def _shared_related(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {key: value for key, value in entry.items() if key != "position"}
        for entry in item["related"]
        if entry["article_id"] == "5931168"
    ]


def test_layouts_carry_the_same_fields(items: dict[str, Article]) -> None:
    def carried(item: Article) -> set[str]:
        return {k for k, v in dataclasses.asdict(item).items() if v}

    assert carried(items["old"]) - carried(items["new"]) == ONLY_OLD
    assert carried(items["new"]) - carried(items["old"]) == set()
