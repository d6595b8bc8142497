"""The run package's Scrapy add-on: installs its components, in their orders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tazcrawler.runs.health import Health
from tazcrawler.runs.lock import OutputLock
from tazcrawler.runs.manager import RunManager
from tazcrawler.runs.resume import ResumeMiddleware
from tazcrawler.runs.revisit import RevisitMiddleware
from tazcrawler.runs.store import store_path
from tazcrawler.runs.versioning import VersioningPipeline

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

__all__ = ["RunsAddon"]


class RunsAddon:
    """Runs, state and health for every crawl (``ADDONS`` in settings.py).

    Always: the output folder's lock and the health verdict. With a state store
    (``TAZ_STATE_DB`` not empty): the run manager, versioning, the revisit and resume
    middlewares. A component the user configured already keeps the user's order. (Every
    crawl's local feeds go through RunFeedStorage, by FEED_STORAGES in settings.py.)

    The orders, and why:

    * lock (-200), then run manager (-100): the folder is held before anything is read or
      written; the run manager sets JOBDIR and the run's settings before the built-in
      extensions (0) and the scheduler read them.
    * health (-90): its spider_closed gives the verdict the run manager writes at
      engine_stopped.
    * versioning (950): after validation (800) and in-run deduplication (900): only valid,
      first-seen articles are versioned.
    * revisit (60): after OffsiteMiddleware (50), before robots.txt (100): a known article
      is answered before anything would go to the network for it.
    * resume (a spider middleware, 10): its start requests come after the spider's seeds.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        add = settings.setdefault_in_component_priority_dict
        add("EXTENSIONS", OutputLock, -200)
        add("EXTENSIONS", Health, -90)
        if store_path(settings) is None:
            return
        add("EXTENSIONS", RunManager, -100)
        add("ITEM_PIPELINES", VersioningPipeline, 950)
        add("DOWNLOADER_MIDDLEWARES", RevisitMiddleware, 60)
        add("SPIDER_MIDDLEWARES", ResumeMiddleware, 10)
