"""The state store's interface: what the run code knows about articles, versions and runs.

Every component of the run package talks to the store through these methods only, so a
server database can replace the embedded SQLite one (:mod:`tazcrawler.runs.sqlite`) by naming
its class in the ``TAZ_STATE_STORE`` setting: the Redis store every worker of a crawl shares
(:mod:`tazcrawler.runs.redis_store`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import load_object

from tazcrawler.extensions import output_path

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from scrapy.settings import BaseSettings

__all__ = [
    "ArticleState",
    "RunRecord",
    "Standing",
    "StateStore",
    "StoreError",
    "VersionConflict",
    "Visit",
    "open_store",
    "store_opener",
    "store_path",
]


# Where an article stands for a run: checked by it already, due for a fetch, or not yet due.
Standing = Literal["checked", "due", "not_due"]


class StoreError(RuntimeError):
    """The store cannot be used (damaged, truncated, locked); the message says what to do."""


class VersionConflict(StoreError):
    """Another worker recorded the article first: read its current version and decide again."""

    def __init__(self, article_id: str, version: int, current: str) -> None:
        super().__init__(f"article {article_id}: version {version} not recorded ({current})")


@dataclass(frozen=True)
class ArticleState:
    """The current version of an article as the store knows it."""

    article_id: str
    url: str
    content_sha256: str
    version: int
    first_seen: str
    last_seen: str
    published: str | None
    modified: str | None
    related: tuple[tuple[str, str], ...]  # (article id, url as linked)


@dataclass(frozen=True)
class RunRecord:
    crawl_id: str
    started: str
    status: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Visit:
    """An article a run has checked: ``exported``, ``unchanged`` or ``known`` (not due)."""

    article_id: str
    depth: int
    outcome: str
    filled: tuple[str, ...] = ()


class StateStore(Protocol):
    """Articles, their versions and the runs of one output folder."""

    path: Path | str  # where it is: a file, or a server's URL and key prefix

    def close(self) -> None: ...
    def verify(self) -> None:
        """Raise StoreError if the store is damaged (a run checks it once, at its start)."""

    # runs
    def unfinished_run(self) -> RunRecord | None: ...
    def last_finished_run(
        self, matching: Callable[[RunRecord], bool] = lambda run: True
    ) -> RunRecord | None:
        """The latest run that finished and ``matching`` accepts (discovery's ``since``)."""

    def start_run(self, crawl_id: str, arguments: dict[str, Any], started: str) -> None: ...
    def end_run(self, crawl_id: str, status: str, ended: str | None) -> None: ...
    def join_run(self, crawl_id: str, worker: str) -> list[str]:
        """Mark ``worker`` running in the run; the other workers running in it."""

    def leave_run(self, crawl_id: str, worker: str, state: str) -> list[str]:
        """Mark ``worker`` finished or interrupted; the other workers still running."""

    # articles
    def current(self, article_id: str) -> ArticleState | None: ...
    def standing(
        self, crawl_id: str, article_id: str, revisit_interval: float, now: str
    ) -> Standing: ...
    def record_version(
        self, crawl_id: str, state: ArticleState, depth: int, filled: tuple[str, ...] = ()
    ) -> None:
        """Record ``state`` if it is the next version and the run has not checked the
        article; else raise VersionConflict (workers race, the store decides)."""

    def record_unchanged(
        self, crawl_id: str, article_id: str, depth: int, now: str, filled: tuple[str, ...] = ()
    ) -> None: ...
    def record_known(self, crawl_id: str, article_id: str, depth: int) -> None: ...

    # what a run checked
    def visits(self, crawl_id: str) -> list[Visit]: ...
    def visited(self, crawl_id: str, article_id: str) -> bool: ...
    def reconcile(self, crawl_id: str, exported: set[tuple[str, int | None]]) -> int: ...


def open_store(settings: BaseSettings, path: Path) -> StateStore:
    """The store class named by ``TAZ_STATE_STORE``, opened on ``path``, or by its own
    ``from_settings(settings, path)`` (a server store reads its URL from the settings)."""
    cls = load_object(settings.get("TAZ_STATE_STORE"))
    opener = getattr(cls, "from_settings", None)
    store: StateStore = opener(settings, path) if opener is not None else cls(path)
    return store


def store_path(settings: BaseSettings) -> Path | None:
    """``TAZ_STATE_DB``: unset means ``<TAZ_OUTPUT_DIR>/state.sqlite3``, empty means no store."""
    return output_path(settings, "TAZ_STATE_DB", "state.sqlite3")


def store_opener(settings: BaseSettings) -> Callable[[], StateStore]:
    """What a component calls at the spider's start to open the run's store.

    Opening is deferred because the run manager settles the store's path (``TAZ_STATE_DB``)
    only when the crawl starts. Raises NotConfigured when the crawl keeps no state.
    """
    if store_path(settings) is None:
        raise NotConfigured("no state store (TAZ_STATE_DB is empty)")

    def opener() -> StateStore:
        path = store_path(settings)
        assert path is not None
        return open_store(settings, path)

    return opener
