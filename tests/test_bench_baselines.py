"""`make bench` on a fresh clone: every bench module imports and every baseline runs.

The test extra installs what the baselines import (trafilatura and its lxml_html_clean,
aiohttp), so a baseline that stops installing fails here rather than halfway through a
benchmark run.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import bench
from bench.run import baselines
from testsite.generate import GeneratedSite

MODULES = sorted(m.name for m in pkgutil.iter_modules(bench.__path__, "bench."))


def test_the_bench_package_has_its_modules() -> None:
    assert {"bench.client", "bench.extract", "bench.run", "bench.rerun"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_every_bench_module_imports(name: str) -> None:
    importlib.import_module(name)


def test_every_baseline_reads_a_generated_page() -> None:
    site = GeneratedSite(50, 1)
    base = "http://127.0.0.1:8000"
    body, url = site.page(3, base), base + site.article(3).path
    title = site.article(3).title
    found = baselines()
    assert set(found) == {"lxml", "trafilatura", "trafilatura+metadata"}
    assert found["lxml"](body, url).findtext(".//h1") is not None
    assert title in found["trafilatura+metadata"](body, url).title
    assert found["trafilatura"](body, url).text
