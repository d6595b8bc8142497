"""The taz spider's arguments are checked before any request."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from scrapy.settings import Settings

from tazcrawler.spiders._params import ArgumentError, CrawlParams

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def settings() -> Settings:
    return Settings({"TAZ_BASE_URL": "https://taz.de", "TAZ_MAX_DEPTH": 3, "TAZ_MAX_ARTICLES": 50})


def test_defaults_come_from_the_settings(settings: Settings) -> None:
    params = CrawlParams.from_arguments({"seed": "https://taz.de/!5459263/"}, settings)
    assert params == CrawlParams(seeds=("https://taz.de/!5459263/",), max_depth=3, max_articles=50)


def test_several_seeds_from_argument_and_file_keep_order_without_repeats(
    settings: Settings, tmp_path: Path
) -> None:
    seeds_file = tmp_path / "seeds.txt"
    seeds_file.write_text("# our seeds\nhttps://taz.de/B/!2/\n\nhttps://taz.de/!1/\n")
    params = CrawlParams.from_arguments(
        {"seed": "https://taz.de/!1/, https://taz.de/A/!3/", "seeds_file": str(seeds_file)},
        settings,
    )
    assert params.seeds == ("https://taz.de/!1/", "https://taz.de/A/!3/", "https://taz.de/B/!2/")


def test_limits_are_read_from_arguments(settings: Settings) -> None:
    params = CrawlParams.from_arguments(
        {"seed": "https://taz.de/!1/", "max_depth": "0", "max_articles": "7"}, settings
    )
    assert (params.max_depth, params.max_articles) == (0, 7)


@pytest.mark.parametrize(
    ("arguments", "named", "says"),
    [
        ({"seed": "https://example.com/x"}, "seed", "not on the configured site"),
        ({"seed": "https://example.com/!5459263/"}, "seed", "not on the configured site"),
        ({"seed": "ftp://taz.de/!5459263/"}, "seed", "not an http(s) URL"),
        ({"seed": "https://user:pw@taz.de/!5459263/"}, "seed", "user info"),
        ({"seed": "https://taz.de/Politik/!p4615/"}, "seed", "does not name an article"),
        ({"seed": "taz.de/!5459263/"}, "seed", "not an http(s) URL"),
        ({}, "seed", "no seed given"),
        ({"seed": " , "}, "seed", "no seed given"),
        ({"seeds_file": "/nonexistent/seeds"}, "seeds_file", "cannot read"),
        ({"seed": "https://taz.de/!1/", "max_depth": "two"}, "max_depth", "whole number"),
        ({"seed": "https://taz.de/!1/", "max_depth": "-1"}, "max_depth", "whole number"),
        ({"seed": "https://taz.de/!1/", "max_articles": "0"}, "max_articles", "at least 1"),
        ({"seed": "https://taz.de/!1/", "depth": "2"}, "depth", "unknown argument"),
    ],
)
def test_bad_arguments_name_the_argument(
    settings: Settings, arguments: dict[str, str], named: str, says: str
) -> None:
    with pytest.raises(ArgumentError) as raised:
        CrawlParams.from_arguments(arguments, settings)
    assert raised.value.argument == named
    assert f"argument {named!r}" in str(raised.value)
    assert says in str(raised.value)


def test_a_bad_seed_shows_the_expected_form(settings: Settings) -> None:
    with pytest.raises(
        ArgumentError, match=r"expected https://taz\.de/<Slug>/!<id>/ or https://taz\.de/!<id>/"
    ):
        CrawlParams.from_arguments({"seed": "https://example.com/x"}, settings)


def test_the_site_is_a_setting(settings: Settings) -> None:
    settings.set("TAZ_BASE_URL", "http://127.0.0.1:8123")
    params = CrawlParams.from_arguments({"seed": "http://127.0.0.1:8123/!1000001/"}, settings)
    assert params.seeds == ("http://127.0.0.1:8123/!1000001/",)
    with pytest.raises(ArgumentError):
        CrawlParams.from_arguments({"seed": "https://taz.de/!1000001/"}, settings)


def test_listings_come_from_the_argument_and_from_seeds_file_lines(
    settings: Settings, tmp_path: Path
) -> None:
    seeds_file = tmp_path / "seeds.txt"
    seeds_file.write_text(
        "https://taz.de/!1/\nseeds_from=https://taz.de/rss.xml\n# seeds_from=https://taz.de/x.xml\n"
    )
    params = CrawlParams.from_arguments(
        {
            "seeds_from": "https://taz.de/sitemap-google-news.xml, https://taz.de/rss.xml",
            "seeds_file": str(seeds_file),
            "since": "36h",
            "max_discovered": "50",
        },
        settings,
    )
    assert params.seeds == ("https://taz.de/!1/",)
    assert params.seeds_from == ("https://taz.de/sitemap-google-news.xml", "https://taz.de/rss.xml")
    assert (params.since, params.max_discovered) == ("36h", 50)
    assert params.as_settings()["TAZ_SEEDS_FROM"] == list(params.seeds_from)
    # A listing alone is enough to start a crawl.
    alone = CrawlParams.from_arguments({"seeds_from": "https://taz.de/robots.txt"}, settings)
    assert (alone.seeds, alone.seeds_from, alone.since) == ((), ("https://taz.de/robots.txt",), "")


@pytest.mark.parametrize(
    ("arguments", "named", "says"),
    [
        ({"seeds_from": "https://example.com/rss.xml"}, "seeds_from", "not on the configured site"),
        ({"seeds_from": "https://taz.de/A/!1000001/"}, "seeds_from", "use seed= for it"),
        ({"seeds_from": "file:///etc/passwd"}, "seeds_from", "not an http(s) URL"),
        ({"seeds_from": "https://taz.de/rss.xml", "since": "gestern"}, "since", "2d, 36h"),
        (
            {"seeds_from": "https://taz.de/rss.xml", "max_discovered": "0"},
            "max_discovered",
            "at least 1",
        ),
        ({"seed": "https://taz.de/!1/", "since": "2d"}, "since", "none is given"),
        ({"seed": "https://taz.de/!1/", "max_discovered": "9"}, "max_discovered", "none is given"),
    ],
)
def test_bad_discovery_arguments_name_the_argument(
    settings: Settings, arguments: dict[str, str], named: str, says: str
) -> None:
    with pytest.raises(ArgumentError) as raised:
        CrawlParams.from_arguments(arguments, settings)
    assert raised.value.argument == named
    assert says in str(raised.value)


def test_a_sitemap_on_a_plain_seeds_file_line_says_how_to_write_it(
    settings: Settings, tmp_path: Path
) -> None:
    seeds_file = tmp_path / "seeds.txt"
    seeds_file.write_text("https://taz.de/sitemap-google-news.xml\n")
    with pytest.raises(ArgumentError, match="a line seeds_from=<URL>"):
        CrawlParams.from_arguments({"seeds_file": str(seeds_file)}, settings)


@pytest.mark.parametrize(
    "seed",
    [
        "gopher://taz.de/1/!5459263",
        "gopher://taz.de:70/1/Slug/!5459263",
        "gopher://www.taz.de/1/!5459263",
    ],
)
def test_a_text_edition_seed_on_the_site_is_accepted(settings: Settings, seed: str) -> None:
    params = CrawlParams.from_arguments({"seed": seed}, settings)
    assert params.seeds == (seed,)


@pytest.mark.parametrize(
    ("seed", "problem"),
    [
        ("gopher://example.org/1/!5459263", "is not on the configured site"),
        ("gopher://taz.de/0/!5459263", "is not a gopher menu (item type 1)"),
        ("gopher://taz.de/1/!p4615", "does not name an article"),
        ("gopher://127.0.0.1:7070/1/!5459263", "loopback or private address"),
    ],
)
def test_a_bad_text_edition_seed_is_refused(settings: Settings, seed: str, problem: str) -> None:
    with pytest.raises(ArgumentError, match=re.escape(problem)) as caught:
        CrawlParams.from_arguments({"seed": seed}, settings)
    assert "gopher://taz.de/1/!<id>" in str(caught.value)
