"""Finding the real pages: beside the checkout, beside the repository it was cloned from."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import pytest

from testsite.real_pages import real_pages_candidates, real_pages_dir

if TYPE_CHECKING:
    from pathlib import Path


def git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


@pytest.fixture
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """work/main (a git repository) with work/shared/fixtures/real beside it."""
    monkeypatch.delenv("TAZCRAWLER_REAL_PAGES", raising=False)
    main = tmp_path / "work" / "main"
    main.mkdir(parents=True)
    git("init", "-q", str(main))
    (tmp_path / "work" / "shared" / "fixtures" / "real").mkdir(parents=True)
    return main


def test_beside_the_checkout(layout: Path) -> None:
    assert real_pages_dir(layout) == layout.parent / "shared" / "fixtures" / "real"


def test_a_clone_elsewhere_finds_them_beside_its_origin(layout: Path, tmp_path: Path) -> None:
    clone = tmp_path / "elsewhere" / "clone"
    git("clone", "-q", str(layout), str(clone))
    assert not (clone.parent / "shared").exists()
    assert real_pages_dir(clone) == (layout.parent / "shared" / "fixtures" / "real").resolve()


def test_a_network_origin_is_not_looked_up(layout: Path, tmp_path: Path) -> None:
    clone = tmp_path / "elsewhere" / "clone"
    git("clone", "-q", str(layout), str(clone))
    git("-C", str(clone), "remote", "set-url", "origin", "https://example.org/main.git")
    assert real_pages_candidates(clone) == [clone.parent / "shared" / "fixtures" / "real"]
    assert not real_pages_dir(clone).is_dir()


def test_the_variable_wins(layout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAZCRAWLER_REAL_PAGES", str(tmp_path / "mine"))
    assert real_pages_candidates(layout) == [tmp_path / "mine"]
