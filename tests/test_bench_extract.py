"""The benchmark's extractor does what the crawl does: a figure of a broken one means nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.extract import Extractor
from tazcrawler.offline import extract_html
from tests.pages._fixtures import REAL_FILES, REAL_URL

if TYPE_CHECKING:
    from pathlib import Path


def test_the_bench_extractor_gives_the_exported_article(real_pages_dir: Path) -> None:
    extractor = Extractor()
    for name in REAL_FILES.values():
        body = (real_pages_dir / name).read_bytes()
        ours = extractor(body, REAL_URL)
        assert ours is not None, "the benchmark would time a dropped item"
        expected = extract_html(body, REAL_URL)
        ignore = {"crawled_at"}
        assert {k: v for k, v in ours.items() if k not in ignore} == {
            k: v for k, v in expected.items() if k not in ignore
        }
        extractor.forget()
