"""Which URL forms name an article, and which the same one."""

from __future__ import annotations

import pytest

from tazcrawler.urls import article_id, canonical_url, is_on_site, url_kind

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
