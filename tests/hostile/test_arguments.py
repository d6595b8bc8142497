"""Seeds that could send the crawl anywhere but the configured site are refused up front."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from tazcrawler.spiders._params import ArgumentError, CrawlParams


def params(seed: str, base_url: str = "https://taz.de") -> CrawlParams:
    settings = Settings({"TAZ_BASE_URL": base_url, "TAZ_MAX_DEPTH": 3, "TAZ_MAX_ARTICLES": 9})
    return CrawlParams.from_arguments({"seed": seed}, settings)


@pytest.mark.parametrize(
    ("seed", "says"),
    [
        ("file:///etc/passwd", "not an http(s) URL"),
        ("javascript:alert(1)//!5459263/", "not an http(s) URL"),
        ("data:text/html,!5459263/", "not an http(s) URL"),
        ("https://taz.de@evil.example/!5459263/", "user info"),
        ("https://:secret@taz.de/!5459263/", "user info"),
        ("http://127.0.0.1/!5459263/", "loopback or private address"),
        ("http://localhost:6800/!5459263/", "loopback or private address"),
        ("http://10.1.2.3/!5459263/", "loopback or private address"),
        ("http://169.254.169.254/!5459263/", "loopback or private address"),
        ("http://[::1]/!5459263/", "loopback or private address"),
        ("http://2130706433/!5459263/", "loopback or private address"),
        ("https://taz.de.evil.example/!5459263/", "not on the configured site"),
        ("https://t\u0430z.de/!5459263/", "not on the configured site"),  # Cyrillic a
        ("https://taz.de:8443/!5459263/", "not on the configured site"),
        ("http://[::1/!5459263/", "not a valid URL"),
        ("https://taz.de:99999/!5459263/", "not a valid URL"),
    ],
)
def test_hostile_seeds_are_refused_naming_the_argument(seed: str, says: str) -> None:
    with pytest.raises(ArgumentError, match="argument 'seed'") as raised:
        params(seed)
    assert says in str(raised.value)
    assert raised.value.argument == "seed"


def test_a_local_site_may_be_crawled_on_its_own_loopback_address() -> None:
    assert params("http://127.0.0.1:8000/!1000001/", "http://127.0.0.1:8000").seeds
    with pytest.raises(ArgumentError, match="not on the configured site"):
        params("http://127.0.0.1:9000/!1000001/", "http://127.0.0.1:8000")


def test_a_refused_local_seed_names_the_setting_that_allows_it() -> None:
    with pytest.raises(ArgumentError) as raised:
        params("http://127.0.0.1:8000/Slug/!1000001/")
    assert "-s TAZ_BASE_URL=http://127.0.0.1:8000;" in str(raised.value)
    # With that setting, the same seed is accepted.
    assert params("http://127.0.0.1:8000/Slug/!1000001/", "http://127.0.0.1:8000").seeds
