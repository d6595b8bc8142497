"""Check pinned versions against known advisories, offline: the stand-in for pip-audit here.

pip-audit asks OSV or PyPI's per-release JSON for advisories; neither answers from this
project's machines (CI reaches the package index, nothing else), so it would report every
package as "could not be audited" and pass. This check reads the pins of
``constraints.txt`` (every installed package) and ``pyproject.toml`` (must be exact) and
compares them with ``tools/advisories.json``. Exit status 1 names each vulnerable pin.

    python tools/audit_pins.py [constraints.txt] [pyproject.toml]
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
ADVISORIES = Path(__file__).with_name("advisories.json")


def read_pins(constraints: Path) -> dict[str, Version]:
    """``name==version`` lines of a pip constraints file, by canonical name."""
    pins: dict[str, Version] = {}
    for line in constraints.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = re.fullmatch(r"([A-Za-z0-9._-]+)\s*==\s*([^\s;]+)", line)
            if match is None:
                raise SystemExit(f"{constraints}: not an exact pin: {line!r}")
            pins[canonicalize_name(match.group(1))] = Version(match.group(2))
    return pins


def loose_requirements(pyproject: Path) -> list[str]:
    """Dependencies of ``pyproject.toml`` (all extras too) that are not pinned with ``==``."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    groups = [project.get("dependencies", []), *project.get("optional-dependencies", {}).values()]
    loose = []
    for text in (r for group in groups for r in group):
        specifiers = list(Requirement(text).specifier)
        if len(specifiers) != 1 or specifiers[0].operator != "==":
            loose.append(text)
    return loose


def vulnerable(pins: dict[str, Version], advisories: list[dict[str, str]]) -> list[str]:
    """One line for each pin an advisory covers."""
    found = []
    for advisory in advisories:
        version = pins.get(canonicalize_name(advisory["package"]))
        if version is None:
            continue
        introduced = Version(advisory.get("introduced", "0"))
        if introduced <= version < Version(advisory["fixed"]):
            found.append(
                f"{advisory['package']}=={version}: {advisory['id']} ({advisory['summary']}); "
                f"fixed in {advisory['fixed']}"
            )
    return found


def main(argv: list[str]) -> int:
    constraints = Path(argv[0]) if argv else ROOT / "constraints.txt"
    pyproject = Path(argv[1]) if len(argv) > 1 else ROOT / "pyproject.toml"
    advisories = json.loads(ADVISORIES.read_text(encoding="utf-8"))["advisories"]
    pins = read_pins(constraints)
    problems = vulnerable(pins, advisories)
    problems += [
        f"not pinned exactly in {pyproject.name}: {r}" for r in loose_requirements(pyproject)
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    print(
        f"audit: {len(pins)} pins checked against {len(advisories)} advisories "
        f"({'FAILED' if problems else 'ok'})"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
