"""The shared frontier's add-on: with ``REDIS_URL`` set, the crawl is one worker of many."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.settings import SETTINGS_PRIORITIES

from tazcrawler.downloadermiddlewares.budget import SharedBudgetMiddleware
from tazcrawler.frontier.redis_scheduler import RedisFrontierScheduler, connect
from tazcrawler.runs.dataset import repair_jsonl

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

__all__ = ["RedisFrontierAddon", "WorkerSetupError", "worker_dir"]

_EMBEDDED_STORE = "tazcrawler.runs.sqlite.SQLiteStore"


class WorkerSetupError(ValueError):
    """A worker's settings do not name its crawl; the message is the one line to show."""


def worker_dir(output_dir: str, crawl_id: str, worker: str) -> Path:
    """``<TAZ_OUTPUT_DIR>/runs/<crawl id>/workers/<worker>``: where one worker's files go."""
    return Path(output_dir) / "runs" / crawl_id / "workers" / worker


class RedisFrontierAddon:
    """Nothing without ``REDIS_URL`` (the single-process crawl stays as it is). With it:

    * the scheduler is :class:`RedisFrontierScheduler` (its own dupefilter, by article id);
    * :class:`SharedBudgetMiddleware` holds all workers to one crawler's politeness budget,
      last before the downloader (after replay: an archived answer costs the site nothing);
    * with ``TAZ_WORKER`` (which needs ``TAZ_CRAWL_ID``, the crawl all workers share), the
      worker's files go to its own folder, ``worker_dir``, and so does its output lock, so
      siblings never wait for each other. The per-crawl SQLite store cannot be shared by
      workers on several machines: with it a worker keeps no state; with a shared store
      (``TAZ_STATE_STORE``, the Redis one) the run manager places the worker's files.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("REDIS_URL"):
            return
        # Here, before anything opens: an unreachable Redis is one line, not a half-started
        # crawl whose scheduler failed.
        connect(settings).close()
        _replace(settings, "SCHEDULER", RedisFrontierScheduler)
        if settings.getbool("TAZ_SHARED_BUDGET"):
            add = settings.setdefault_in_component_priority_dict
            add("DOWNLOADER_MIDDLEWARES", SharedBudgetMiddleware, 990)
        worker = settings.get("TAZ_WORKER")
        if not worker:
            return
        crawl_id = settings.get("TAZ_CRAWL_ID")
        # The spider makes an id when none was given (at "spider" priority): a frontier of
        # this worker's own, which no other worker would find.
        if not crawl_id or settings.getpriority("TAZ_CRAWL_ID") == SETTINGS_PRIORITIES["spider"]:
            raise WorkerSetupError(
                f"TAZ_WORKER={worker} needs TAZ_CRAWL_ID: the crawl every worker shares "
                "(tazcrawler crawl --workers N makes one)"
            )
        if (
            settings.get("TAZ_STATE_STORE") != _EMBEDDED_STORE
            and settings.get("TAZ_STATE_DB") != ""
        ):
            # A store the workers share (runs/redis_store.py): the run manager gives this
            # worker its folder, lock and JOBDIR, and the last worker out merges them.
            return
        folder = worker_dir(settings.get("TAZ_OUTPUT_DIR"), crawl_id, worker)
        _replace(settings, "TAZ_OUTPUT_DIR", str(folder))
        if (folder / "articles.jsonl").exists():
            # The worker again, after it was stopped or killed: its JSON lines files are
            # appended to (RunFeedStorage's resumed run), a torn last line cut off first.
            repair_jsonl(folder / "articles.jsonl")
            _cut_torn_line(folder / "links.jsonl")
            _replace(settings, "TAZ_RUN_DIR", str(folder))
            _replace(settings, "TAZ_RUN_RESUMED", crawl_id)
        if settings.get("TAZ_STATE_DB") is None:
            _replace(settings, "TAZ_STATE_DB", "")


def _cut_torn_line(path: Path) -> None:
    if not path.exists():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with path.open("r+b") as file:
            file.truncate(data.rfind(b"\n") + 1)


def _replace(settings: BaseSettings, name: str, value: object) -> None:
    # At the priority it was set with (-s is above an add-on's): the worker's folder is
    # made from the value given, so it replaces it.
    settings.set(name, value, priority=max(settings.getpriority(name) or 0, 15))
