"""IdentityPipeline: digit ids, canonical URLs from the id, clean related links."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from tazcrawler.items import Article, RelatedArticle
from tazcrawler.pipelines.identity import IdentityPipeline

URL = "https://taz.de/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/"


def make(settings: dict[str, Any] | None = None) -> IdentityPipeline:
    return build_from_crawler(IdentityPipeline, get_crawler(settings_dict=settings))


def stat(pipeline: IdentityPipeline, what: str) -> int | None:
    return pipeline.stats.get_value(f"taz/identity/{what}")


def test_markup_id_is_stripped_and_canonical_url_derived() -> None:
    pipeline = make()
    item = Article(article_id=" 5928990\n", url=URL)
    assert pipeline.process_item(item) is item
    assert item.article_id == "5928990"
    assert item.canonical_url == "https://taz.de/!5928990/"
    assert pipeline.stats.get_stats() == {}


def test_canonical_base_from_setting() -> None:
    item = Article(article_id="5928990", url="http://127.0.0.1:8080/Slug/!5928990/")
    make({"TAZ_CANONICAL_BASE": "https://mirror.example/"}).process_item(item)
    assert item.canonical_url == "https://mirror.example/!5928990/"


def test_canonical_url_ignores_the_fetched_host_by_default() -> None:
    item = Article(article_id="5928990", url="http://127.0.0.1:8080/Slug/!5928990/")
    make().process_item(item)
    assert item.canonical_url == "https://taz.de/!5928990/"


@pytest.mark.parametrize("markup_id", ["", None, "  "])
def test_missing_id_is_taken_from_the_url(markup_id: Any) -> None:
    pipeline = make()
    item = Article(article_id=markup_id, url="https://taz.de/!5928990&s=Gesetz/")
    pipeline.process_item(item)
    assert item.article_id == "5928990"
    assert item.canonical_url == "https://taz.de/!5928990/"
    assert stat(pipeline, "id_from_url") == 1
    assert stat(pipeline, "invalid_markup_id") is None


def test_garbled_markup_id_falls_back_to_the_url() -> None:
    pipeline = make()
    item = Article(article_id="abc", url=URL)
    pipeline.process_item(item)
    assert item.article_id == "5928990"
    assert stat(pipeline, "invalid_markup_id") == 1


def test_url_naming_another_id_keeps_the_markup_id() -> None:
    # An old archive id redirected to the current article.
    pipeline = make()
    item = Article(article_id="5928990", url="https://taz.de/Archiv-Suche/!1463964/")
    pipeline.process_item(item)
    assert item.article_id == "5928990"
    assert item.canonical_url == "https://taz.de/!5928990/"
    assert stat(pipeline, "url_id_mismatch") == 1


@pytest.mark.parametrize(
    ("markup_id", "url"),
    [
        ("", "https://taz.de/Politik/!p4615/"),
        (None, ""),
        ("abc", "https://taz.de/Transgender/!t5523976/"),
    ],
)
def test_item_without_any_id_is_dropped(markup_id: Any, url: str) -> None:
    pipeline = make()
    with pytest.raises(DropItem, match=r"^no article id"):
        pipeline.process_item(Article(article_id=markup_id, url=url))
    assert stat(pipeline, "no_id") == 1


def test_related_entries_cleaned() -> None:
    pipeline = make()
    item = Article(
        article_id="5928990",
        url=URL,
        related=[
            RelatedArticle(" 5927000 ", "https://taz.de/Trans/!5927000/#matomo:pk_campaign=x", 1),
            RelatedArticle("", "/Kalifat/!5460000/", 2),  # relative, id only in the URL
            RelatedArticle("n/a", "https://taz.de/Transgender/!t5523976/", 3),  # no article
        ],
    )
    pipeline.process_item(item)
    assert item.related == [
        RelatedArticle(
            "5927000", "https://taz.de/Trans/!5927000/", 1, canonical_url="https://taz.de/!5927000/"
        ),
        RelatedArticle(
            "5460000",
            "https://taz.de/Kalifat/!5460000/",
            2,
            canonical_url="https://taz.de/!5460000/",
        ),
    ]
    assert stat(pipeline, "related_without_id") == 1


def test_dict_item() -> None:
    item = {"article_id": "5928990", "url": URL, "related": [{"article_id": "1", "url": "/!1/#x"}]}
    make().process_item(item)
    assert item["canonical_url"] == "https://taz.de/!5928990/"
    assert item["related"] == [
        {"article_id": "1", "url": "https://taz.de/!1/", "canonical_url": "https://taz.de/!1/"}
    ]


def test_without_an_id_the_item_is_dropped_unless_no_id_is_required() -> None:
    with pytest.raises(DropItem, match="no article id"):
        make().process_item(Article(article_id=None, url="file:///saved/menu.txt"))
    item = Article(article_id=None, url="file:///saved/menu.txt")
    pipeline = make({"TAZ_REQUIRE_ARTICLE_ID": False})
    assert pipeline.process_item(item) is item
    assert (item.article_id, item.canonical_url) == (None, None)
    assert stat(pipeline, "no_id") == 1


def test_a_related_entry_without_a_link_is_kept_one_with_a_non_article_link_not() -> None:
    # A rendered text edition shows related titles without their links.
    item = Article(
        article_id="5928990",
        url="gopher://taz.de/1/!5928990",
        related=[
            RelatedArticle(article_id=None, url=None, position=1, title="Ohne Link"),
            RelatedArticle(article_id=None, url="gopher://taz.de/1/!t5000001", position=2),
            RelatedArticle(article_id=None, url="gopher://taz.de/1/!5000002", position=3),
        ],
    )
    pipeline = make()
    pipeline.process_item(item)
    assert [(r.title, r.article_id, r.canonical_url) for r in item.related] == [
        ("Ohne Link", None, None),
        (None, "5000002", "https://taz.de/!5000002/"),
    ]
    assert stat(pipeline, "related_without_link") == 1
    assert stat(pipeline, "related_without_id") == 1
