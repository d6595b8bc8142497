"""Loading the saved fixture pages in tests/fixtures/pages: HTML, its URL, expected JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tazcrawler.pages import ArticlePage

# The real article !5928990 in both layouts, in the folder given by the real_pages_dir fixture.
REAL_URL = "https://taz.de/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/"
REAL_FILES = {
    "old": "fundus-tests-taz-5928990-crawled-2023-04-28-old-layout.html",
    "new": "fundus-tests-taz-5928990-crawled-2024-10-23-new-layout.html",
}
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
ARTICLE_FIXTURES = (
    "old_2016_dateline",
    "new_dateline",
    "old_2015_sectbody",
    "old_2021_related",
    "old_plain_dateline",
    "generic_unknown",
)
OTHER_FIXTURES = ("tag_page", "ressort_page", "author_page", "error_404")


def fixture_url(name: str) -> str:
    return (FIXTURES / f"{name}.url").read_text(encoding="utf-8").strip()


def fixture_page(name: str) -> ArticlePage:
    return ArticlePage.from_html(fixture_url(name), (FIXTURES / f"{name}.html").read_bytes())


def fixture_expected(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
