"""``tazcrawler crawl --workers N``: its own argument, and REDIS_URL checked before any worker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tazcrawler.commands._workers import split_workers
from tests.conftest import ROOT

TAZCRAWLER = str(Path(sys.executable).with_name("tazcrawler"))


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["-a", "seed=x", "--workers", "3", "-s", "A=1"], (3, ["-a", "seed=x", "-s", "A=1"])),
        (["--workers=2"], (2, [])),
        (["-a", "seed=x"], (None, ["-a", "seed=x"])),
    ],
)
def test_workers_argument(arguments: list[str], expected: tuple[int | None, list[str]]) -> None:
    assert split_workers(arguments) == expected


@pytest.mark.parametrize("given", ["0", "two", ""])
def test_a_bad_number_of_workers(given: str) -> None:
    with pytest.raises(ValueError, match="--workers needs a number"):
        split_workers(["--workers", given] if given else ["--workers"])


def test_redis_url_from_the_environment_is_checked(tmp_path: Path) -> None:
    """REDIS_URL may come from the environment; one that does not answer is one line, and
    no worker starts (nothing is written)."""
    dead = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    result = subprocess.run(
        [TAZCRAWLER, "crawl", "--workers", "2", "-s", f"TAZ_OUTPUT_DIR={tmp_path / 'out'}"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "REDIS_URL": dead},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"tazcrawler crawl: REDIS_URL {dead}: Error 111 connecting to 127.0.0.1:9. "
        "Connection refused."
    ]
    assert not (tmp_path / "out").exists()
