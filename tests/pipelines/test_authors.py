"""AuthorsPipeline and split_names: one person per author, no "Von", no duplicates."""

from __future__ import annotations

import pytest
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from tazcrawler.items import Article, Author
from tazcrawler.pipelines.authors import AuthorsPipeline, split_names

OPITZ_URL = "https://taz.de/Nicole-Opitz/!a52218/"


@pytest.fixture
def pipeline() -> AuthorsPipeline:
    return build_from_crawler(AuthorsPipeline, get_crawler())


def run(pipeline: AuthorsPipeline, *authors: Author) -> list[Author]:
    item = Article(article_id="1", url="https://taz.de/!1/", authors=list(authors))
    pipeline.process_item(item)
    return item.authors


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Nicole Opitz", ["Nicole Opitz"]),
        ("Von Nicole Opitz", ["Nicole Opitz"]),
        ("VON  Nicole Opitz", ["Nicole Opitz"]),
        ("Von Anna Lehmann und Stefan Reinecke", ["Anna Lehmann", "Stefan Reinecke"]),
        ("A. Lehmann, S. Reinecke und U. Herrmann", ["A. Lehmann", "S. Reinecke", "U. Herrmann"]),
        ("Anna Lehmann & Stefan Reinecke", ["Anna Lehmann", "Stefan Reinecke"]),
        ("Anna Lehmann,Stefan Reinecke", ["Anna Lehmann", "Stefan Reinecke"]),
        # "von" inside a name, and "und" inside a word, are no separators.
        ("Von Ursula von der Leyen", ["Ursula von der Leyen"]),
        ("Ursula von der Leyen", ["Ursula von der Leyen"]),
        ("Undine Zimmer und Gundula Wunder", ["Undine Zimmer", "Gundula Wunder"]),
        ("Von", []),
        ("", []),
        (" , und ", []),
    ],
)
def test_split_names(byline: str, names: list[str]) -> None:
    assert split_names(byline) == names


def test_von_prefix_removed_and_url_kept(pipeline: AuthorsPipeline) -> None:
    authors = run(pipeline, Author("Von Nicole Opitz", OPITZ_URL))
    assert authors == [Author("Nicole Opitz", OPITZ_URL)]
    assert pipeline.stats.get_value("taz/authors/split") is None


def test_von_a_und_b_becomes_two_authors_without_the_shared_url(pipeline: AuthorsPipeline) -> None:
    authors = run(pipeline, Author("Von Anna Lehmann und Stefan Reinecke", "https://taz.de/x/!a1/"))
    assert authors == [Author("Anna Lehmann"), Author("Stefan Reinecke")]
    assert pipeline.stats.get_value("taz/authors/split") == 1
    assert pipeline.stats.get_value("taz/authors/split_names") == 2


def test_duplicates_removed_first_kept_url_merged(pipeline: AuthorsPipeline) -> None:
    authors = run(
        pipeline,
        Author("Nicole Opitz"),
        Author("Anna Lehmann", "https://taz.de/Anna-Lehmann/!a1/"),
        Author("NICOLE OPITZ", OPITZ_URL),
        Author("anna lehmann", "https://taz.de/other/!a2/"),
    )
    assert authors == [
        Author("Nicole Opitz", OPITZ_URL),
        Author("Anna Lehmann", "https://taz.de/Anna-Lehmann/!a1/"),
    ]
    assert pipeline.stats.get_value("taz/authors/duplicates_removed") == 2


def test_split_then_deduplicated_against_the_others(pipeline: AuthorsPipeline) -> None:
    # JSON-LD lists each person with a url, a byline lists both again.
    authors = run(pipeline, Author("Nicole Opitz", OPITZ_URL), Author("Von Nicole Opitz und B"))
    assert authors == [Author("Nicole Opitz", OPITZ_URL), Author("B")]


def test_empty_authors_removed(pipeline: AuthorsPipeline) -> None:
    assert run(pipeline, Author(""), Author("Von "), Author("A")) == [Author("A")]
    assert pipeline.stats.get_value("taz/authors/empty_removed") == 2


def test_dict_authors(pipeline: AuthorsPipeline) -> None:
    item = {"authors": [{"name": "A & B", "url": "u"}, {"name": "a", "url": "v"}]}
    pipeline.process_item(item)
    assert item["authors"] == [{"name": "A", "url": "v"}, {"name": "B", "url": None}]


def test_input_authors_are_not_mutated(pipeline: AuthorsPipeline) -> None:
    first, second = Author("A"), Author("a", "u")
    run(pipeline, first, second)
    assert (first, second) == (Author("A"), Author("a", "u"))
