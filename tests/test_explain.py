"""``tazcrawler explain`` and ``explain()``: each field's value, the layer and selector that
gave it, and the layers that found nothing."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

from scrapy.http import HtmlResponse

from tazcrawler.explain import explain, explain_page
from tazcrawler.pages import FIELDS, ArticlePage
from tests.pages._fixtures import FIXTURES, fixture_page, fixture_url

if TYPE_CHECKING:
    from pathlib import Path

COMMENTARY = "trafilatura-eval-taz-5655255-2020-01-13-old-layout.html"
COMMENTARY_URL = "https://taz.de/Siemens-und-die-Kohlemine-Adani/!5655255/"


def run(page: Path, url: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tazcrawler.cli", "explain", str(page), "--url", url]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_command_on_the_real_commentary(real_pages_dir: Path) -> None:
    result = run(real_pages_dir / COMMENTARY, COMMENTARY_URL)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [COMMENTARY_URL, "page kind: article, layout: old"]
    text = result.stdout
    assert "related      5654384, 5655402, 5655233\n" in text
    assert "   from layout: old: div.sect_thema | div.sect_related, ul > li\n" in text
    assert "authors      Ingo Arzt\n" in text
    assert "   from microdata: old: [itemprop=author] [itemprop=name]\n" in text
    assert "   nothing in jsonld: NewsArticle.author\n" in text  # the page has no JSON-LD
    assert "dateline     -\n" in text
    assert "NOT FOUND" in text
    # Every field is shown, in record order.
    shown = [line.split()[0] for line in lines[2:] if line[:1] not in ("", " ")]
    assert shown == list(FIELDS)


def test_command_on_an_unknown_template() -> None:
    name = "generic_unknown"
    result = run(FIXTURES / f"{name}.html", fixture_url(name))
    assert result.returncode == 0, result.stderr
    assert "page kind: article, layout: generic" in result.stdout
    assert "   from fallback: trafilatura (reader comments removed)\n" in result.stdout
    assert " layout: " not in result.stdout.split("\n", 2)[2]  # no layout layer was asked


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = run(tmp_path / "missing.html", COMMENTARY_URL)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("tazcrawler explain: cannot read")


def test_every_layer_is_asked_and_the_first_wins() -> None:
    explained = explain_page(fixture_page("new_dateline"))
    by_field = {f.field: f for f in explained.fields}
    teaser = by_field["teaser"]
    assert teaser.layer == "jsonld"
    assert ("layout", "new: article > p.typo-r-subline-detail") in teaser.also
    published = by_field["published"]
    assert published.layer == "jsonld"
    assert published.value == fixture_page("new_dateline").published()


def test_explain_a_response_as_in_scrapy_shell() -> None:
    name = "old_2015_sectbody"
    response = HtmlResponse(
        url=fixture_url(name), body=(FIXTURES / f"{name}.html").read_bytes(), encoding="utf-8"
    )
    explained = explain(response)
    published = next(f for f in explained.fields if f.field == "published")
    assert (published.value, published.layer) == ("10. 04. 2011", "layout")
    assert ("meta", "meta[property=article:published_time]") in published.empty
    assert "published    10. 04. 2011" in str(explained)


def test_a_page_with_nothing_says_so() -> None:
    explained = explain_page(ArticlePage.from_html("https://taz.de/!6000000/", "<html></html>"))
    by_field = {f.field: f for f in explained.fields}
    assert by_field["article_id"].layer == "url"
    assert all(by_field[f].layer is None for f in FIELDS if f not in ("article_id",))
    assert ("fallback", "h1 | article h2 | title") in by_field["title"].empty
    assert str(explained).count("NOT FOUND") == len(FIELDS) - 1
