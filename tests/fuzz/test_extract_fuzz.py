"""Property-based: mutated real pages and random HTML never crash the page objects and
pipelines, and every article that comes out validates against the schema.

Bounded for CI: a fixed number of examples, derandomized (the same
examples on every run) and no example database.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from tazcrawler.offline import ExtractionError, extract_html, project_settings
from tazcrawler.schema import article_validator

if TYPE_CHECKING:
    from pathlib import Path

URL = "https://taz.de/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/"
SETTINGS = project_settings()
VALIDATOR = article_validator()
BOUNDED = settings(
    max_examples=60,
    # No deadline: speed is the benchmarks' (one real page takes about 0.1 s, but 4.1 s was seen
    # on a loaded machine, failing an example that was right).
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def check(body: bytes) -> None:
    """Extraction either refuses the page (ExtractionError) or returns a valid article."""
    try:
        article = extract_html(body, URL, SETTINGS)
    except ExtractionError:
        return
    errors = [e.message for e in VALIDATOR.iter_errors(article)]
    assert errors == [], errors
    json.dumps(article)  # exportable as it is


@pytest.fixture(scope="session")
def real_pages(real_pages_dir: Path) -> list[bytes]:
    pages = [p.read_bytes() for p in sorted(real_pages_dir.glob("*.html"))]
    assert pages, f"no real pages in {real_pages_dir}"
    return pages


@st.composite
def mutated(draw: st.DrawFn, pages: list[bytes]) -> bytes:
    body = draw(st.sampled_from(pages))
    for _ in range(draw(st.integers(1, 4))):
        # Cuts and insertions at markup boundaries, chosen evenly over the page (integers
        # drawn directly would crowd at the start, where little but the head is).
        marks = [m.start() for m in re.finditer(rb"<", body)] or [0]
        at = draw(st.sampled_from(marks))
        to = min(len(body), at + draw(st.integers(0, 20_000)))
        kind = draw(st.sampled_from(["cut", "delete", "repeat", "insert", "flip", "nest"]))
        if kind == "cut":
            body = body[:at]
        elif kind == "delete":
            body = body[:at] + body[to:]
        elif kind == "repeat":
            body = body[:to] + body[at:to] * draw(st.integers(1, 5)) + body[to:]
        elif kind == "insert":
            noise = draw(
                st.one_of(
                    st.binary(max_size=64),
                    st.sampled_from(
                        [
                            b"<",
                            b">",
                            b"</div>",
                            b"<p>",
                            b"<!--",
                            b"<script>",
                            b'"',
                            b"\xff",
                            b"\x00",
                        ]
                    ),
                    st.text(max_size=32).map(str.encode),
                )
            )
            body = body[:at] + noise + body[at:]
        elif kind == "flip":
            body = body[:at] + bytes([draw(st.integers(0, 255))]) + body[at + 1 :]
        else:
            # Deeper than Python's recursion limit, within what the parser keeps.
            # Most often inside a paragraph, where the text is read.
            paragraphs = [m.end() for m in re.finditer(rb"<p\b[^>]*>", body)]
            if paragraphs and draw(st.booleans()):
                at = draw(st.sampled_from(paragraphs))
            tag = draw(st.sampled_from([b"span", b"em", b"div"]))
            depth = draw(st.integers(1, 2000) | st.just(1500))
            body = body[:at] + (b"<" + tag + b">") * depth + body[at:]
    return body


def test_mutated_real_pages(real_pages: list[bytes]) -> None:
    @BOUNDED
    @given(mutated(real_pages))
    def run(body: bytes) -> None:
        check(body)

    run()


def vocabulary(pages: list[bytes]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Tags, classes and meta (attribute, value) pairs of the real pages: random HTML in
    taz's own words reaches deeper into the layout readers than random words would."""
    tags: set[str] = set()
    classes: set[str] = set()
    metas: set[tuple[str, str]] = set()
    for page in pages:
        for element in lxml_html.fromstring(page).iter():
            if not isinstance(element.tag, str):
                continue
            tags.add(element.tag)
            classes.update((element.get("class") or "").split())
            if element.tag == "meta":
                for key in ("name", "property", "itemprop"):
                    if element.get(key):
                        metas.add((key, element.get(key)))
    return sorted(tags), sorted(classes), sorted(metas)


HREFS = ["/!5928991/", "/Tag/!t1/", "//x.de/!1/", URL, "", "javascript:x", "/Slug/!5928990/"]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "@type",
                    "@graph",
                    "headline",
                    "author",
                    "name",
                    "datePublished",
                    "keywords",
                    "image",
                    "url",
                    "articleBody",
                    "inLanguage",
                    "description",
                    "dateModified",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@st.composite
def random_html(draw: st.DrawFn, vocab: tuple[list[str], list[str], list[tuple[str, str]]]) -> str:
    tags, classes, metas = vocab
    text = st.text(st.characters(codec="utf-8"), max_size=40)

    def element(depth: int) -> str:
        tag = draw(st.sampled_from(tags))
        attrs = ""
        if draw(st.booleans()):
            attrs += f' class="{" ".join(draw(st.lists(st.sampled_from(classes), max_size=3)))}"'
        if draw(st.booleans()):
            attrs += f' href="{draw(st.sampled_from(HREFS))}"'
        children = "".join(
            element(depth + 1) if depth < 6 and draw(st.booleans()) else draw(text)
            for _ in range(draw(st.integers(0, 4)))
        )
        return f"<{tag}{attrs}>{children}</{tag}>"

    head = "".join(
        f'<meta {key}="{value}" content="{draw(text)}">'
        for key, value in draw(st.lists(st.sampled_from(metas), max_size=8))
    )
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(draw(JSON))}</script>'
        for _ in range(draw(st.integers(0, 2)))
    )
    body = "".join(element(0) for _ in range(draw(st.integers(1, 5))))
    return f"<html><head>{head}{scripts}</head><body>{body}</body></html>"


def test_random_html_in_taz_words(real_pages: list[bytes]) -> None:
    vocab = vocabulary(real_pages)

    @BOUNDED
    @given(random_html(vocab))
    def run(page: str) -> None:
        check(page.encode("utf-8"))

    run()
