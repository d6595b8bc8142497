"""as_record: an item as the plain dicts and lists the exporters write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from itemadapter import ItemAdapter

from tazcrawler.items import Article, Author, Dateline, Image, RelatedArticle, Subheading, as_record
from tazcrawler.pages import ArticlePage
from testsite.generate import GeneratedSite


def test_as_record_is_itemadapter_asdict() -> None:
    item = Article(
        article_id="1",
        url="https://taz.de/!1/",
        title="Titel",
        authors=[Author("A", None), Author("B", "https://taz.de/B/!a1/")],
        tags=["Syrien"],
        dateline=Dateline("Beirut", "ap"),
        image=Image("https://taz.de/picture/1/948/x.jpeg", "Bild", None),
        paragraphs=["Text"],
        subheadings=[Subheading("Zwischentitel", 1)],
        word_count=1,
        related=[RelatedArticle("2", "https://taz.de/!2/", 1, "T", None, "Anriss")],
    )
    record = as_record(item)
    assert record == ItemAdapter(item).asdict()
    assert type(record["authors"][0]) is dict
    assert type(record["dateline"]) is dict
    # A copy: changing the record leaves the item alone.
    record["authors"].append({"name": "C"})
    assert len(item.authors) == 2


def test_as_record_of_extracted_pages() -> None:
    site = GeneratedSite(20, seed=1)
    base = "http://127.0.0.1:8000"
    for i in range(4):
        url = base + site.article(i).path
        item = ArticlePage.from_html(url, site.page(i, base)).to_item()
        assert as_record(item) == ItemAdapter(item).asdict()


@dataclass
class _Box:
    pair: tuple[Any, ...]
    mapping: dict[str, Any]
    parts: list[Any]


def test_as_record_of_nested_values() -> None:
    box = _Box((Dateline("X"), 1), {"k": [Image("u")]}, [Author("A"), "s", None, [Author("B")]])
    assert as_record(box) == {
        "pair": ({"location": "X", "source": None}, 1),
        "mapping": {
            "k": [{"url": "u", "caption": None, "credit": None, "caption_truncated": False}]
        },
        "parts": [{"name": "A", "url": None}, "s", None, [{"name": "B", "url": None}]],
    }


def test_as_record_of_a_dict_item() -> None:
    item = {"authors": [Author("A")], "title": "T"}
    assert as_record(item) == {"authors": [{"name": "A", "url": None}], "title": "T"}
