"""What this project's check, parse and shell change: debugging runs leave no files behind.

They drive the spider's callbacks with their own requests and never call its ``start()``,
so no seed is needed. When they replay an archive (REPLAY_WARC), the site settings default to
the ones its crawl was made with (its warcinfo), so the archive's redirects and related links
count as on the site. And, like Scrapy's own ``check`` does for FEEDS, they switch off
what would write or overwrite files: the feeds (``output/articles.jsonl``...), the stats
file, the run folder and state store, and the WARC archive. ``-s`` can set them back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.settings import SETTINGS_PRIORITIES

from tazcrawler.archive import read_warcinfo, site_settings

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

__all__ = ["DEBUG_SETTINGS", "debug_settings"]

# Scrapy's check command uses this priority: above the spider's own, below the command line.
PRIORITY = (SETTINGS_PRIORITIES["spider"] + SETTINGS_PRIORITIES["cmdline"]) // 2

DEBUG_SETTINGS: dict[str, Any] = {
    "FEEDS": {},
    "TAZ_STATS_FILE": "",
    "TAZ_WARC_FILE": "",
    # The run folder and state store (tazcrawler/runs/) publish output files too.
    "TAZ_STATE_DB": "",
    "TAZ_OUTPUT_LOCK": False,
    "TAZ_REQUIRE_SEED": False,
}


def debug_settings(settings: BaseSettings, **more: Any) -> None:
    """Set :data:`DEBUG_SETTINGS` (and ``more``) on a command's settings."""
    for name, value in {**DEBUG_SETTINGS, **more}.items():
        settings.set(name, value, priority=PRIORITY)
    warcs = [Path(p) for p in settings.getlist("REPLAY_WARC")]
    if warcs and warcs[0].is_file():
        for name, value in site_settings(read_warcinfo(warcs[0])).items():
            # set() keeps a value given with -s: its priority is higher.
            settings.set(name, value, priority=PRIORITY)
