"""Extraction again over archived crawls: ``scrapy crawl taz`` replaying WARCs from their seeds."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

from tazcrawler.archive import read_warcinfo, site_settings, warc_problem
from tazcrawler.sample import SAMPLE_WARC

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

__all__ = ["reextract", "replay_arguments", "replay_sample", "scrapy_crawl"]


def scrapy_crawl(arguments: list[str], env: Mapping[str, str] | None = None) -> int:
    """Run ``scrapy crawl taz ARGUMENTS`` with this project's settings; its exit status."""
    command = [sys.executable, "-m", "scrapy", "crawl", "taz", *arguments]
    # A settings module the user names (their own settings on top of ours) wins.
    environ = {"SCRAPY_SETTINGS_MODULE": "tazcrawler.settings", **os.environ, **(env or {})}
    return subprocess.run(command, env=environ, check=False).returncode


def replay_arguments(warcs: list[Path]) -> list[str]:
    """Arguments that crawl again, from the archives alone, what the crawls in ``warcs`` did.

    The seeds, limits and site come from each WARC's warcinfo record, so the replay walks
    the same breadth-first order and gives the same depths and referrers. One request at a
    time: which of two articles at the same depth links a third first then no longer depends
    on timing, so the output is the same on every run.
    """
    infos = [read_warcinfo(path) for path in warcs]
    seeds = dict.fromkeys(s for info in infos for s in info.get("tazcrawler-seeds", "").split())
    arguments = ["-s", "REPLAY_WARC=" + ",".join(str(p.resolve()) for p in warcs)]
    arguments += ["-s", "CONCURRENT_REQUESTS=1"]
    # Every archived article is extracted again, whatever a state store says was seen
    # recently (tazcrawler/runs/revisit.py): the output is fresh, not merged with earlier runs.
    arguments += ["-s", "TAZ_STATE_DB="]
    if seeds:  # else the spider asks for -a seed=... itself
        arguments += ["-a", "seed=" + ",".join(seeds)]
    depths = [int(i["tazcrawler-max-depth"]) for i in infos if "tazcrawler-max-depth" in i]
    if depths:
        arguments += ["-a", f"max_depth={max(depths)}"]
    limits = [int(i["tazcrawler-max-articles"]) for i in infos if "tazcrawler-max-articles" in i]
    if limits:
        arguments += ["-a", f"max_articles={sum(limits)}"]
    # The archives of several crawls of one site agree; the first one that names it wins.
    site = {k: v for info in reversed(infos) for k, v in site_settings(info).items()}
    for setting, value in site.items():
        arguments += ["-s", f"{setting}={value}"]
    return arguments


def reextract(
    warcs: list[Path], output: str, scrapy_args: list[str], *, workers: int | None = None
) -> int:
    """Re-run extraction over ``warcs`` into ``output``, with no network; the exit status.

    ``workers`` > 1 processes read the archived pages ahead of the replay
    (tazcrawler/archive/ahead.py); the files are those of one process. None: as
    ``TAZ_REEXTRACT_WORKERS`` says (by default one per core, for archives big enough).
    """
    missing = [str(p) for p in warcs if not p.is_file()]
    if missing:
        print(f"tazcrawler: no such WARC file: {', '.join(missing)}", file=sys.stderr)
        return 2
    for path in warcs:
        problem = warc_problem(path)
        if problem is not None:
            print(f"tazcrawler: {path}: {problem}", file=sys.stderr)
            return 2
    arguments = [*replay_arguments(warcs), "-s", f"TAZ_OUTPUT_DIR={output}"]
    if workers is not None:
        arguments += ["-s", f"TAZ_REEXTRACT_WORKERS={workers}"]
    # The user's own arguments come last, so they win (-a seed=..., -s TAZ_BASE_URL=...).
    return scrapy_crawl([*arguments, *scrapy_args])


def replay_sample(output: str, scrapy_args: list[str]) -> int:
    """The bundled sample: replay its WARC into ``output``, no server, no network."""
    return reextract([SAMPLE_WARC], output, scrapy_args)
