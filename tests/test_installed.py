"""The built wheel, installed into a fresh virtual environment and run outside the checkout."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from testsite.content import ARTICLES, AUTHORS, SEED_ID
from testsite.oracle import bfs_depths

# What is not part of the project's source: caches, builds, the environment, crawl output.
_NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "output",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
)
# The two members that carry recorded sample pages on purpose: the bundled archive
# (tazcrawler sample replays it; gzip, so its stored bytes hold no plain text) and the
# project description, which is README.md.
_RECORDED_SAMPLE = ("tazcrawler/sample/sample.warc.gz", ".dist-info/METADATA")


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    # A settings module set in the caller's environment must not help the installed command.
    environ.pop("SCRAPY_SETTINGS_MODULE", None)
    return subprocess.run(
        command,
        cwd=cwd,
        env={**environ, **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip builds from a copy of this checkout (the build writes into its source)."""
    work = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, work / "src", ignore=_NOT_SOURCE)
    build = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(work),
            str(work / "src"),
        ],
        work,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    (built,) = work.glob("tazcrawler-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel installed; the dependencies come from this
    environment's site-packages by a path entry (offline), never the checkout."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    assert _run([sys.executable, "-m", "venv", str(venv)], venv.parent).returncode == 0
    python = venv / "bin" / "python"
    site = Path(
        _run(
            [str(python), "-c", "import site; print(site.getsitepackages()[0])"], venv
        ).stdout.strip()
    )
    # A plain path line: the dependencies, but not this environment's editable tazcrawler
    # (its finder is set up by a .pth file there, which a path entry does not run).
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = _run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], venv
    )
    assert install.returncode == 0, install.stderr[-3000:]
    return venv


def _needles() -> list[str]:
    """Invented text of the test site: titles, kickers, paragraph openings, author names."""
    texts = [t for a in ARTICLES.values() for t in (a.title, a.kicker, *a.paragraphs)]
    return [t[:40] for t in texts] + [a.name for a in AUTHORS.values()]


def test_the_wheel_holds_the_package_and_no_test_site(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        members = {name: archive.read(name) for name in names}
    tops = {name.split("/", 1)[0] for name in names}
    assert tops == {"tazcrawler", wheel.name.split("-py3")[0] + ".dist-info"}
    assert not [n for n in names if "testsite" in n or n.endswith(".toml")]
    assert "tazcrawler/sample/sample.warc.gz" in names
    assert "tazcrawler/settings.py" in names
    (metadata,) = (body for name, body in members.items() if name.endswith("/METADATA"))
    assert b"\nLicense: MIT\n" in metadata
    (license_file,) = (body for name, body in members.items() if name.endswith("/LICENSE"))
    assert license_file == (ROOT / "LICENSE").read_bytes()
    leaked = {
        name: needle
        for name, body in members.items()
        if not name.endswith(_RECORDED_SAMPLE)
        for needle in _needles()
        if needle.encode() in body
    }
    assert leaked == {}
    # The check would find the test site's data, had it been packaged.
    data = (ROOT / "testsite" / "data" / "articles.toml").read_bytes()
    assert sum(needle.encode() in data for needle in _needles()) > 50


def test_the_installed_sample_replays_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    where = _run(
        [str(installed / "bin" / "python"), "-c", "import tazcrawler; print(tazcrawler.__file__)"],
        tmp_path,
    )
    assert where.stdout.startswith(str(installed)), where.stdout + where.stderr
    no_site = _run([str(installed / "bin" / "python"), "-c", "import testsite"], tmp_path)
    assert "No module named 'testsite'" in no_site.stderr

    run = _run([str(installed / "bin" / "tazcrawler"), "sample", "--output", "out"], tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    reachable = {i for i, depth in bfs_depths(SEED_ID).items() if depth <= 3 and i in ARTICLES}
    assert {json.loads(line)["article_id"] for line in lines} == reachable
    assert "TAZ_CONTACT" not in run.stderr
    assert "Disabled" not in run.stderr


def test_the_installed_crawl_command_works_outside_the_checkout(
    installed: Path, site: str, tmp_path: Path
) -> None:
    arguments = [
        *("-a", f"seed={site}/!{SEED_ID}/", "-a", "max_depth=1"),
        *("-s", f"TAZ_BASE_URL={site}", "-s", f"TAZ_CANONICAL_BASE={site}"),
        *("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"),
    ]
    expected = {i for i, depth in bfs_depths(SEED_ID).items() if depth <= 1 and i in ARTICLES}
    python = str(installed / "bin" / "python")
    commands = {
        "tazcrawler crawl": ([str(installed / "bin" / "tazcrawler"), "crawl"], {}),
        # The scrapy variant needs the settings module named, as docs/installing.md says.
        "scrapy crawl": (
            [python, "-m", "scrapy", "crawl", "taz"],
            {"SCRAPY_SETTINGS_MODULE": "tazcrawler.settings"},
        ),
    }
    for name, (command, env) in commands.items():
        folder = tmp_path / name.replace(" ", "-")
        folder.mkdir()
        run = _run([*command, *arguments, "-s", "TAZ_OUTPUT_DIR=out"], folder, **env)
        assert run.returncode == 0, (name, run.stderr[-3000:])
        lines = (folder / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        assert {json.loads(line)["article_id"] for line in lines} == expected, name
    # Without it, scrapy finds no project outside the checkout.
    bare = _run([python, "-m", "scrapy", "crawl", "taz", *arguments], tmp_path)
    assert bare.returncode != 0
    assert "no active project" in bare.stdout + bare.stderr


def test_no_module_of_the_package_imports_the_test_site() -> None:
    imports = {}
    for path in (ROOT / "tazcrawler").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            imports[path.relative_to(ROOT)] = imports.get(path.relative_to(ROOT), []) + names
    assert len(imports) > 50
    assert {p: n for p, n in imports.items() if any(m.split(".")[0] == "testsite" for m in n)} == {}
