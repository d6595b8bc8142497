"""Property-based: any page with an article id, with markup removed at random (elements,
their class and id attributes, JSON-LD, meta tags), gives an article that validates, or a
"not an article" reason that names what is missing; never an exception.

Pages: the real ones and every variant fixture. Bounded for CI as tests/fuzz/ is: a fixed
number of examples, derandomized, no example database.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from tazcrawler.offline import ExtractionError, extract_html, project_settings
from tazcrawler.schema import article_validator
from tests.pages._fixtures import ARTICLE_FIXTURES, FIXTURES, fixture_url

if TYPE_CHECKING:
    from pathlib import Path

SETTINGS = project_settings()
VALIDATOR = article_validator()
BOUNDED = settings(
    max_examples=120,
    deadline=5000,  # ms; a page read by trafilatura takes about 0.1 s
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
REAL = {
    "fundus-tests-taz-5928990-crawled-2023-04-28-old-layout.html": (
        "https://taz.de/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/"
    ),
    "fundus-tests-taz-5928990-crawled-2024-10-23-new-layout.html": (
        "https://taz.de/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/"
    ),
    "trafilatura-eval-taz-5655255-2020-01-13-old-layout.html": (
        "https://taz.de/Siemens-und-die-Kohlemine-Adani/!5655255/"
    ),
}
# What a refusal must name: the missing id, body, article markup, or the field the schema
# found wrong.
REASON = re.compile(r"no article id|no body|no article container|\$\.(?P<field>[a-z_]+)")


@pytest.fixture(scope="session")
def pages(real_pages_dir: Path) -> list[tuple[str, bytes]]:
    found = [(url, (real_pages_dir / name).read_bytes()) for name, url in REAL.items()]
    found += [
        (fixture_url(name), (FIXTURES / f"{name}.html").read_bytes()) for name in ARTICLE_FIXTURES
    ]
    return found


@st.composite
def stripped(draw: st.DrawFn, pages: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    url, body = draw(st.sampled_from(pages))
    root = lxml_html.fromstring(body)
    elements = [e for e in root.iter() if isinstance(e.tag, str) and e is not root]
    for _ in range(draw(st.integers(1, 30))):
        if not elements:
            break
        element = draw(st.sampled_from(elements))
        how = draw(st.sampled_from(["drop", "unwrap", "declass", "rename"]))
        if element.getparent() is None:
            continue
        if how == "drop":
            element.drop_tree()  # the element, its children and its text, tail kept
        elif how == "unwrap":
            element.drop_tag()  # the element only: its text and children stay
        elif how == "declass":
            for name in ("class", "id", "itemprop", "property", "name", "content"):
                element.attrib.pop(name, None)
        else:
            element.tag = "div"  # a template that renamed its elements
        elements = [e for e in root.iter() if isinstance(e.tag, str) and e is not root]
    return url, etree.tostring(root, encoding="utf-8", method="html")


def test_markup_removed_at_random(pages: list[tuple[str, bytes]]) -> None:
    @BOUNDED
    @given(stripped(pages))
    def run(page: tuple[str, bytes]) -> None:
        url, body = page
        try:
            article = extract_html(body, url, SETTINGS)
        except ExtractionError as exc:
            reason = str(exc)
        else:
            reason = None
        if reason is not None:
            assert REASON.search(reason), reason
            return
        errors = [e.message for e in VALIDATOR.iter_errors(article)]
        assert errors == [], errors
        assert article["article_id"] == url.rsplit("!", 1)[1].strip("/")
        json.dumps(article)

    run()


def test_untouched_pages_are_articles(pages: list[tuple[str, bytes]]) -> None:
    # The property's base case: every page, as saved, gives a valid article.
    for url, body in pages:
        article = extract_html(body, url, SETTINGS)
        assert list(VALIDATOR.iter_errors(article)) == [], url
