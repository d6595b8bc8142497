"""Pinned dependencies: Scrapy 2.19 or newer, no pin with a known advisory (tools/audit_pins)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from typing import TYPE_CHECKING

from packaging.requirements import Requirement
from packaging.version import Version

from tests.conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

AUDIT = ROOT / "tools" / "audit_pins.py"


def audit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(AUDIT), *args], capture_output=True, text=True, check=False
    )


def test_scrapy_is_pinned_to_2_19_or_newer() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    scrapy = next(Requirement(r) for r in project["dependencies"] if r.startswith("scrapy"))
    (pin,) = scrapy.specifier
    assert pin.operator == "=="
    assert Version(pin.version) >= Version("2.19")


def test_the_project_pins_pass_the_audit() -> None:
    result = audit()
    assert result.returncode == 0, result.stderr
    assert "(ok)" in result.stdout


def test_the_audit_names_a_vulnerable_pin(tmp_path: Path) -> None:
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("Scrapy==2.11.0\nbrotli==1.1.0\nurllib3==2.8.0\n")
    result = audit(str(constraints), str(ROOT / "pyproject.toml"))
    assert result.returncode == 1
    assert "GHSA-7j7m-v7m3-jqm7" in result.stderr  # the decompression bomb
    assert "GHSA-4qqq-9vqf-3h3f" in result.stderr
    assert "brotli==1.1.0: CVE-2025-6176" in result.stderr
    assert "urllib3" not in result.stderr


def test_the_audit_wants_exact_pins(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\ndependencies = ["scrapy>=2.11"]\n')
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("Scrapy==2.19.0\n")
    result = audit(str(constraints), str(pyproject))
    assert result.returncode == 1
    assert "not pinned exactly" in result.stderr
