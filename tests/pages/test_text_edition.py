"""TextEditionPage on the seed (a proxy's rendering) and on raw gopher menus."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tazcrawler.offline import ExtractionError, extract_text, project_settings
from tazcrawler.pages import NotAnArticle, TextEditionPage
from tazcrawler.schema import article_validator

if TYPE_CHECKING:
    from pathlib import Path

URL = "gopher://taz.test/1/!1000001"
SETTINGS = project_settings()
VALIDATOR = article_validator()

SEED_PARAGRAPH_STARTS = [
    "Der Traum von einem „Kalifat“ scheint vorerst ausgeträumt.",
    "Es war die jüngste in einer ganzen Serie von Niederlagen",
    "Die Militäroffensiven auf beiden Seiten der Grenze",
    "Nach ihrer Blitzoffensive im Sommer 2014",
    "Dass das nun alles verloren ist,",
]
SEED_PARAGRAPH_ENDS = [
    "in Syrien verloren.",
    "von Al-Bukamal.",
    "von Damaskus.",
    "Menschen.",
    "geben.",
]
SEED_RELATED = [
    (
        "IS-Terror in Syrien und Irak",
        "Mehrere Massengräber entdeckt",
        "Irakische Truppen hatten den IS im Oktober aus vertrieben. Auf einer ehemaligen "
        "US-Militärbasis sind nun mehrere Massengräber entdeckt worden.",
    ),
    (
        "Prozess gegen IS-Chef in Deutschland",
        "Mit Brille und Puder gegen Abu Walaa",
        "Der Kronzeuge erscheint verkleidet im Gericht und belastet den Hauptangeklagten. "
        "Der krault sich nervös den Bart und grinst.",
    ),
    (
        "Gründer von „Adopt a Revolution“",
        "„Dramatisches Versagen des Westens“",
        "Tausende AktivistInnen gingen in Syrien 2011 auf die Straße. Davon ist nichts mehr "
        "übrig. Schuld daran ist auch die deutsche Linke, sagt Elias Perabo.",
    ),
    (
        "Rakka markiert einen Wendepunkt",
        "Nach dem Ende des Kalifats",
        "Der IS hat seine Hochburgen in Syrien und im Irak verloren. Jetzt rücken die alten "
        "Konflikte wieder auf die Tagesordnung",
    ),
]


@pytest.fixture(scope="module")
def seed_text(seed_article: Path) -> str:
    return seed_article.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_article: Path) -> dict[str, Any]:
    return extract_text(seed_article.read_bytes(), seed_article.as_uri(), SETTINGS)


def test_seed_heading_and_teaser(seed: dict[str, Any]) -> None:
    assert (seed["layout"], seed["kicker"]) == ("text", "Letzte IS-Stadt ist erobert")
    assert seed["title"] == "„Kalifat“ am Ende"
    assert seed["teaser"] == (
        "Der IS ist nach mehr als drei Jahren aus all seinen urbanen Hochburgen in Syrien und "
        "dem Irak vertrieben. Doch die Terrormiliz bleibt gefährlich."
    )


def test_seed_dateline_and_paragraphs(seed: dict[str, Any]) -> None:
    assert seed["dateline"] == {"location": "Beirut", "source": "ap"}
    paragraphs = seed["paragraphs"]
    assert len(paragraphs) == 5
    assert [p[: len(s)] for p, s in zip(paragraphs, SEED_PARAGRAPH_STARTS, strict=True)] == (
        SEED_PARAGRAPH_STARTS
    )
    assert all(p.endswith(e) for p, e in zip(paragraphs, SEED_PARAGRAPH_ENDS, strict=True))
    # Lines rejoined with one space: no line break or table cell is left inside.
    assert "Mit der syrischen Grenzstadt" in paragraphs[0]
    assert not any("|" in p or "\n" in p for p in paragraphs)
    assert seed["word_count"] == 240


def test_seed_date_tags_and_caption(seed: dict[str, Any]) -> None:
    assert (seed["published"], seed["published_utc"], seed["published_raw"]) == (
        "2017-11-09",
        None,
        "9 Nov 2017",
    )
    assert seed["tags"] == ["Schwerpunkt Syrien", "„Islamischer Staat“ (IS)", "Lesestück Interview"]
    assert seed["image"] == {
        "url": None,
        "caption": "Staatsmedien zeigen die aktuelle Schlacht: Al-Bukamal wurde von der syris",
        "credit": None,
        "caption_truncated": True,
    }


def test_seed_related(seed: dict[str, Any]) -> None:
    related = [(r["kicker"], r["title"], r["teaser"]) for r in seed["related"]]
    assert related == SEED_RELATED
    assert [r["position"] for r in seed["related"]] == [1, 2, 3, 4]
    # The rendering shows no links: no id or URL is made up.
    assert {(r["article_id"], r["url"], r["canonical_url"]) for r in seed["related"]} == {
        (None, None, None)
    }


def test_seed_lacks_what_the_edition_lacks(seed: dict[str, Any]) -> None:
    assert (seed["article_id"], seed["canonical_url"]) == (None, None)
    assert (seed["authors"], seed["section"], seed["language"], seed["modified"]) == (
        [],
        None,
        None,
        None,
    )
    assert seed["subheadings"] == []
    assert list(VALIDATOR.iter_errors(seed)) == []


@pytest.mark.parametrize("form", ["no_cells", "leading_bar", "crlf"])
def test_other_renderings_of_the_seed_read_the_same(
    seed_text: str, seed: dict[str, Any], form: str
) -> None:
    lines = [line.removesuffix(" | |").removesuffix(" |") for line in seed_text.splitlines()]
    if form == "leading_bar":
        lines = [f"| {line}" for line in lines]
    text = "\r\n".join(lines) if form == "crlf" else "\n".join(lines)
    other = extract_text(text.encode(), seed["url"], SETTINGS)
    assert other["response_sha256"] != seed["response_sha256"]  # other bytes, same article
    provenance = {"response_sha256": None, "crawled_at": None}
    assert {**other, **provenance} == {**seed, **provenance}


def test_an_id_in_the_url_is_the_article_id(seed_article: Path) -> None:
    record = extract_text(seed_article.read_bytes(), "gopher://taz.de/1/!4605837", SETTINGS)
    assert (record["article_id"], record["canonical_url"]) == (
        "4605837",
        "https://taz.de/!4605837/",
    )


# -- raw menus (RFC 1436), invented text ----------------------------------------------------


def info(text: str) -> str:
    return f"i{text}\t\tnull.host\t1\r\n"


def link(text: str, selector: str, item_type: str = "1", host: str = "taz.test") -> str:
    return f"{item_type}{text}\t{selector}\t{host}\t70\r\n"


BODY_A = [
    "Hamburg dpa | Am Hafen wurde am Montag eine neue Fähre getauft. Sie soll",
    "ab dem Sommer zwischen den Inseln fahren.",
    "",
    "Der Betreiber rechnet mit vielen Fahrgästen, vor allem an den Wochenenden.",
]


def menu(*, body: list[str] = BODY_A, related: str | None = None, end: str = ".\r\n") -> str:
    parts = [
        info("# taz.de -- Neue Fähre: Getauft im Regen"),
        info("> Eine Fähre für die Inseln."),
        info("Bild: Die Fähre am Kai Foto: Erfunden"),
        *(info(line) for line in body),
        info("3 Mär 2021"),
        info("## TAGS"),
        link("Schifffahrt", "/!t5000001"),
        link("Hamburg", "/!t5000002"),
        info("## ARTIKEL ZUM THEMA"),
    ]
    if related is None:
        related = (
            link("Hafen: Mehr Schiffe", "/Hafen/!1000002")
            + info("Der Hafen wächst.")
            + info("Weiter so.")
            + link("Inseln: Leere Strände", "/!1000003")
            + link("Alle Artikel zum Thema", "/!t5000001")
            + link("Web: Die Fähre im Netz", "URL:https://example.org/!1000004/", item_type="h")
        )
    return "".join(parts) + related + end


def page(text: str, url: str = URL) -> TextEditionPage:
    return TextEditionPage(url, text)


def test_raw_menu_fields() -> None:
    item = page(menu()).to_item()
    assert (item.kicker, item.title, item.teaser) == (
        "Neue Fähre",
        "Getauft im Regen",
        "Eine Fähre für die Inseln.",
    )
    assert (item.dateline.location, item.dateline.source) == ("Hamburg", "dpa")  # type: ignore[union-attr]
    # An empty info line ends a paragraph; wrapped lines are rejoined.
    assert item.paragraphs == [
        "Am Hafen wurde am Montag eine neue Fähre getauft. Sie soll ab dem Sommer zwischen "
        "den Inseln fahren.",
        "Der Betreiber rechnet mit vielen Fahrgästen, vor allem an den Wochenenden.",
    ]
    assert item.published == "3 Mär 2021"
    assert item.tags == ["Schifffahrt", "Hamburg"]
    assert item.image is not None
    assert item.image.caption_truncated is False
    assert item.article_id == "1000001"


def test_raw_menu_related_links_give_ids_and_urls() -> None:
    text_page = page(menu())
    related = [
        (r.article_id, r.url, r.position, r.kicker, r.title, r.teaser) for r in text_page.related()
    ]
    assert related == [
        (
            "1000002",
            "gopher://taz.test/1/Hafen/!1000002",
            1,
            "Hafen",
            "Mehr Schiffe",
            "Der Hafen wächst. Weiter so.",
        ),
        ("1000003", "gopher://taz.test/1/!1000003", 2, "Inseln", "Leere Strände", None),
    ]
    # The tag link and the web link are reported, as the web page object reports them.
    assert text_page.skipped_related() == [
        ("gopher://taz.test/1/!t5000001", "not_article:tag"),
        ("https://example.org/!1000004/", "off_site"),
    ]


def test_a_menu_without_empty_lines_breaks_paragraphs_at_short_lines() -> None:
    body = [line for line in BODY_A if line]
    assert len(page(menu(body=body)).to_item().paragraphs) == 2


def test_a_missing_terminator_still_reads() -> None:
    # The download handler decides whether a menu cut short is data loss; the text reads.
    assert page(menu(end="")).to_item().title == "Getauft im Regen"


@pytest.mark.parametrize(
    ("text", "kind", "reason"),
    [
        (
            "3'/!9' does not exist\t\terror.host\t1\r\n.\r\n",
            "error",
            "error item: '/!9' does not exist",
        ),
        ("", "other", "empty text"),
        ("\x00\x01\x02\xff" * 50, "not_text", "binary data"),
        (
            info("Willkommen bei taz.de") + link("Politik", "/!p4615") + ".\r\n",
            "other",
            "no heading line",
        ),
        (
            info("# taz.de -- Politik")
            + link("A: B", "/!1000002")
            + link("C: D", "/!1000003")
            + ".\r\n",
            "other",
            "no article text",
        ),
    ],
)
def test_a_menu_of_another_shape_is_reported(text: str, kind: str, reason: str) -> None:
    text_page = page(text)
    assert text_page.kind == kind
    assert reason in text_page.reason
    with pytest.raises(NotAnArticle, match="not a text-edition article"):
        text_page.to_item()


def test_binary_junk_from_bytes_is_not_text() -> None:
    assert TextEditionPage.from_bytes(URL, bytes(range(256)) * 8).kind == "not_text"


# -- property-based ---------------------------------------------------------------------------

BOUNDED = settings(
    max_examples=60,
    deadline=2000,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_LINE = st.one_of(
    st.text(max_size=90).map(info),
    st.sampled_from(
        ["## TAGS", "## ARTIKEL ZUM THEMA", "", "> x", "Bild: y…", "1 Jan 2020", "# taz.de -- a: b"]
    ).map(info),
    st.builds(
        link, st.text(max_size=40), st.sampled_from(["/!1000009", "/!t1", "/x", "URL:https://a/"])
    ),
    st.text(max_size=90).map(lambda text: text + "\r\n"),
    st.sampled_from([".\r\n", "3Fehler\t\tx\t1\r\n", "\t\t\t\r\n"]),
)


def check(text: str) -> None:
    """Reading refuses the text with a reason, or gives an article that validates."""
    try:
        record = extract_text(text.encode("utf-8", "surrogatepass"), URL, SETTINGS)
    except ExtractionError as exc:
        message = str(exc)
    else:
        assert list(VALIDATOR.iter_errors(record)) == []
        json.dumps(record)
        return
    assert "not a text-edition article (" in message or "dropped by" in message, message


@BOUNDED
@given(st.booleans(), st.lists(_LINE, max_size=40))
def test_random_menus_read_or_are_refused(headed: bool, lines: list[str]) -> None:
    # Half of them under an article heading, so that random bodies get read, not only refused.
    check(info("# taz.de -- Zufall: Ein Titel") * headed + "".join(lines))


@BOUNDED
@given(st.data())
def test_mutated_menus_read_or_are_refused(data: st.DataObject) -> None:
    lines = menu().splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 6))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "duplicate", "replace", "cut"]))
        if action == "drop" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "replace":
            lines[index] = data.draw(_LINE)
        else:
            lines[index] = lines[index][: data.draw(st.integers(0, len(lines[index])))]
    check("".join(lines))


@BOUNDED
@given(st.data())
def test_mutated_seed_reads_or_is_refused(seed_text: str, data: st.DataObject) -> None:
    lines = seed_text.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 6))):
        index = data.draw(st.integers(0, len(lines) - 1))
        lines[index] = data.draw(
            st.sampled_from(["", "## TAGS\n", "> \n", lines[index][::2], "…\n"])
        )
    check("".join(lines))
