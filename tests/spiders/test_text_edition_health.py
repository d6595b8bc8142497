"""A crawl that stays in the text edition is not judged by the authors it cannot have."""

from __future__ import annotations

from scrapy.settings import Settings

from tazcrawler.spiders.taz import _no_authors_floor_for_the_text_edition

GOPHER = ("gopher://taz.de/1/!5928990", "gopher://taz.de/1/Slug/!5928991")


def project() -> Settings:
    settings = Settings()
    settings.setmodule("tazcrawler.settings", priority="project")
    return settings


def test_gopher_seeds_drop_the_default_authors_floor_only() -> None:
    settings = project()
    before = settings.getdict("TAZ_HEALTH_MIN_COVERAGE")
    assert "authors" in before
    _no_authors_floor_for_the_text_edition(settings, GOPHER)
    after = settings.getdict("TAZ_HEALTH_MIN_COVERAGE")
    assert after == {k: v for k, v in before.items() if k != "authors"}


def test_a_web_seed_among_them_keeps_it() -> None:
    settings = project()
    _no_authors_floor_for_the_text_edition(settings, (*GOPHER, "https://taz.de/!5928990/"))
    assert "authors" in settings.getdict("TAZ_HEALTH_MIN_COVERAGE")


def test_a_floor_the_user_set_stays() -> None:
    settings = project()
    settings.set("TAZ_HEALTH_MIN_COVERAGE", {"authors": 0.1, "title": 0.9}, priority="cmdline")
    _no_authors_floor_for_the_text_edition(settings, GOPHER)
    assert settings.getdict("TAZ_HEALTH_MIN_COVERAGE") == {"authors": 0.1, "title": 0.9}
