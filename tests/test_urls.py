"""Which URL forms name an article, and which the same one."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tazcrawler.urls import article_id, canonical_url, is_on_site, join_url, url_kind

SAME_ARTICLE = [
    "https://taz.de/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/",
    "https://taz.de/!5928990/",
    "http://taz.de/!5928990/",
    "https://www.taz.de/!5928990/",
    "https://taz.de/!5928990",
    "https://taz.de/Entwurf-des-Selbstbestimmungsgesetzes/!5928990&s=Gesetz/",
    "https://taz.de/Archiv-Suche/!5928990&s=Gesetz&SuchRahmen=Print/",
    "https://taz.de/!5928990/#matomo:pk_campaign=x",
    "/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/",
]


@pytest.mark.parametrize("url", SAME_ARTICLE)
def test_every_url_form_names_the_same_article(url: str) -> None:
    assert article_id(url) == "5928990"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://taz.de/Politik/!p4615/", "ressort"),
        ("https://taz.de/Transgender/!t5523976/", "tag"),
        ("https://taz.de/Nicole-Opitz/!a52218/", "author"),
        ("https://taz.de/!v=0b1c2d3e-aaaa-bbbb-cccc-0123456789ab/", "publisher"),
        ("https://taz.de/!s=Gaza/", "search"),
        ("https://taz.de/picture/6236752/948/x.jpeg", "image"),
        ("https://taz.de/!p4608;rss/", "ressort"),
        ("https://taz.de/rss.xml", "feed"),
        ("https://taz.de/sitemap-index.xml", "feed"),
        ("https://taz.de/taz-in-English/", "other"),
        ("https://taz.de/!59a/", "other"),
    ],
)
def test_pages_that_are_not_articles(url: str, kind: str) -> None:
    assert article_id(url) is None
    assert url_kind(url) == kind


def test_site_membership_ignores_scheme_and_www_but_not_port_or_host() -> None:
    assert is_on_site("http://127.0.0.1:8080/!1/", "http://127.0.0.1:8080")
    assert not is_on_site("http://127.0.0.1:8081/!1/", "http://127.0.0.1:8080")
    assert not is_on_site("https://taz.de.example.com/!1/", "https://taz.de")
    assert not is_on_site("ftp://taz.de/!1/", "https://taz.de")
    assert is_on_site("https://user@taz.de/!1/", "https://taz.de")


def test_canonical_url_is_the_short_form_on_the_canonical_base() -> None:
    assert canonical_url("5928990") == "https://taz.de/!5928990/"
    assert canonical_url("1", "http://127.0.0.1:9/") == "http://127.0.0.1:9/!1/"


BASES = [
    "https://taz.de/Entwurf/!5928990/",
    "http://127.0.0.1:8000/A/b/",
    "https://user@taz.de:8443/x",
    "ftp://example.org/a/",
    "file:///tmp/page.html",
    "/relative/only",
]
HREFS = [
    "/Slug/!5928990/",
    "/!5928990",
    "/Archiv-Suche/!5928990&s=Gesetz&SuchRahmen=Print",
    "/Gr%C3%BCne/!1/",
    "/Grüne/!1/",
    "/a//b/",
    "//other.example/x",
    "/",
    "/a/./b",
    "/a/../b",
    "/a/b/..",
    "/a?x=1",
    "/a#f",
    "/a;p",
    "/a b",
    "/a\tb",
    "relative/!1/",
    "https://taz.de/!2/",
    "",
]


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("href", HREFS)
def test_join_url_is_urljoin(base: str, href: str) -> None:
    assert join_url(base, href) == urljoin(base, href)


@given(st.text(alphabet="/.!-_%?#;:@a1ü \t", max_size=20))
def test_join_url_is_urljoin_for_any_path(href: str) -> None:
    for base in BASES:
        assert join_url(base, "/" + href) == urljoin(base, "/" + href)
