"""What identifies a run: the crawl's arguments as settings, and the priority the run sets at."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.settings import SETTINGS_PRIORITIES

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

__all__ = ["RUN_PRIORITY", "run_arguments"]

# The run manager's decisions (crawl id, run folder, JOBDIR) override what anyone set before,
# the command line and the spider arguments included: they describe the run being made.
RUN_PRIORITY = SETTINGS_PRIORITIES["cmdline"] + 20


def run_arguments(settings: BaseSettings) -> dict[str, Any]:
    """The arguments two attempts of one run share (the spider sets them from ``-a``)."""
    return {
        "seeds": settings.getlist("TAZ_SEEDS"),
        "max_depth": settings.getint("TAZ_MAX_DEPTH"),
        "max_articles": settings.getint("TAZ_MAX_ARTICLES"),
        "seeds_from": settings.getlist("TAZ_SEEDS_FROM"),
        "since": settings.get("TAZ_SINCE"),
        "max_discovered": settings.getint("TAZ_MAX_DISCOVERED"),
    }
