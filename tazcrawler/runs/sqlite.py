"""The embedded state store: articles, versions, runs and visits in one SQLite file."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tazcrawler.runs.clock import parse_utc
from tazcrawler.runs.store import (
    ArticleState,
    RunRecord,
    Standing,
    StoreError,
    VersionConflict,
    Visit,
)

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["SQLiteStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    crawl_id TEXT PRIMARY KEY,
    started TEXT NOT NULL,
    ended TEXT,
    -- running: started and not ended (or killed); interrupted: stopped cleanly before the
    -- end; finished: ran to the end; abandoned: never resumed (a run with other arguments
    -- followed).
    status TEXT NOT NULL,
    arguments TEXT NOT NULL
);
-- The workers of a run that several processes share: running, finished or interrupted.
CREATE TABLE IF NOT EXISTS run_workers (
    crawl_id TEXT NOT NULL,
    worker TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (crawl_id, worker)
);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
-- Every exported version of an article; the current one has the highest number.
CREATE TABLE IF NOT EXISTS versions (
    article_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_sha256 TEXT NOT NULL,
    url TEXT NOT NULL,
    published TEXT,
    modified TEXT,
    related TEXT NOT NULL,
    crawl_id TEXT NOT NULL,
    exported_at TEXT NOT NULL,
    PRIMARY KEY (article_id, version)
);
-- What a run has checked: exported (a new version), unchanged (fetched, same content) or
-- known (not due for a visit, its stored related links followed). Enough to rebuild a run's
-- frontier after a kill.
CREATE TABLE IF NOT EXISTS visits (
    crawl_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    depth INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    previous_last_seen TEXT,
    -- The record's non-empty fields: a resumed run's health counts what came before.
    filled TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (crawl_id, article_id)
);
CREATE VIEW IF NOT EXISTS article_state AS
    SELECT a.article_id, v.url, v.content_sha256, a.first_seen, a.last_seen, v.version,
           v.published, v.modified
    FROM articles a JOIN versions v ON v.article_id = a.article_id
    WHERE v.version = (SELECT MAX(version) FROM versions WHERE article_id = a.article_id);
"""


class SQLiteStore:
    """The :class:`~tazcrawler.runs.store.StateStore` of one output folder, in one SQLite file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists() and self.path.stat().st_size == 0:
                # SQLite would take an empty file for a new database: a truncated store
                # would silently start a new history, and every article would be new again.
                raise StoreError(
                    f"the state store {self.path} is empty (0 bytes): restore it from a "
                    "backup, or delete it to start a new history"
                )
        try:
            # Autocommit mode; writes that belong together use an explicit transaction.
            # A store another process writes to is waited for, not failed at once.
            self._db = sqlite3.connect(
                str(path), isolation_level=None, check_same_thread=False, timeout=30
            )
            self._db.row_factory = sqlite3.Row
            # WAL: a committed transaction survives a killed process (the OS holds the log);
            # NORMAL sync is enough for that, FULL is only needed against power loss.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreError(_unusable(self.path, exc)) from None

    def close(self) -> None:
        self._db.close()

    def verify(self) -> None:
        """SQLite's quick_check: damaged pages are found before the crawl, not at each item."""
        try:
            rows = self._db.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(_unusable(self.path, exc)) from None
        problems = [r[0] for r in rows if r[0] != "ok"]
        if problems:
            raise StoreError(_unusable(self.path, problems[0]))

    # --- runs -------------------------------------------------------------------------

    def unfinished_run(self) -> RunRecord | None:
        """The latest run that is running (or was killed) or was stopped before its end."""
        row = self._db.execute(
            "SELECT * FROM runs WHERE status IN ('running', 'interrupted')"
            " ORDER BY started DESC, crawl_id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return RunRecord(
            row["crawl_id"], row["started"], row["status"], json.loads(row["arguments"])
        )

    def last_finished_run(
        self, matching: Callable[[RunRecord], bool] = lambda run: True
    ) -> RunRecord | None:
        """The latest finished run that ``matching`` accepts, newest first."""
        rows = self._db.execute(
            "SELECT * FROM runs WHERE status = 'finished' ORDER BY started DESC, crawl_id DESC"
        )
        for row in rows:
            run = RunRecord(
                row["crawl_id"], row["started"], row["status"], json.loads(row["arguments"])
            )
            if matching(run):
                return run
        return None

    def start_run(self, crawl_id: str, arguments: dict[str, Any], started: str) -> None:
        """Record a run as running (a resumed run keeps its start time)."""
        self._db.execute(
            "INSERT INTO runs (crawl_id, started, status, arguments) VALUES (?, ?, 'running', ?)"
            " ON CONFLICT (crawl_id) DO UPDATE SET status = 'running', ended = NULL",
            (crawl_id, started, json.dumps(arguments, sort_keys=True)),
        )

    def end_run(self, crawl_id: str, status: str, ended: str | None) -> None:
        self._db.execute(
            "UPDATE runs SET status = ?, ended = ? WHERE crawl_id = ?", (status, ended, crawl_id)
        )

    def join_run(self, crawl_id: str, worker: str) -> list[str]:
        return self._worker(crawl_id, worker, "running")

    def leave_run(self, crawl_id: str, worker: str, state: str) -> list[str]:
        return self._worker(crawl_id, worker, state)

    def _worker(self, crawl_id: str, worker: str, state: str) -> list[str]:
        with self._transaction():
            self._db.execute(
                "INSERT INTO run_workers VALUES (?, ?, ?)"
                " ON CONFLICT (crawl_id, worker) DO UPDATE SET state = excluded.state",
                (crawl_id, worker, state),
            )
            rows = self._db.execute(
                "SELECT worker FROM run_workers WHERE crawl_id = ? AND worker != ?"
                " AND state = 'running' ORDER BY worker",
                (crawl_id, worker),
            ).fetchall()
        return [r[0] for r in rows]

    # --- articles ---------------------------------------------------------------------

    def current(self, article_id: str) -> ArticleState | None:
        row = self._db.execute(
            "SELECT a.first_seen, a.last_seen, v.* FROM articles a JOIN versions v"
            " ON v.article_id = a.article_id WHERE a.article_id = ?"
            " ORDER BY v.version DESC LIMIT 1",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        return ArticleState(
            article_id=row["article_id"],
            url=row["url"],
            content_sha256=row["content_sha256"],
            version=row["version"],
            first_seen=row["first_seen"],
            last_seen=row["last_seen"],
            published=row["published"],
            modified=row["modified"],
            related=tuple((i, u) for i, u in json.loads(row["related"])),
        )

    def standing(
        self, crawl_id: str, article_id: str, revisit_interval: float, now: str
    ) -> Standing:
        """``checked`` by run ``crawl_id``, else ``due`` (unknown or last checked
        ``revisit_interval`` s before ``now``) or ``not_due``; one query per request."""
        row = self._db.execute(
            "SELECT EXISTS (SELECT 1 FROM visits WHERE crawl_id = ? AND article_id = ?),"
            " (SELECT last_seen FROM articles WHERE article_id = ?)",
            (crawl_id, article_id, article_id),
        ).fetchone()
        checked, last_seen = row[0], row[1]
        if checked:
            return "checked"
        if last_seen is None:
            return "due"
        due = parse_utc(now) - parse_utc(last_seen) >= timedelta(seconds=revisit_interval)
        return "due" if due else "not_due"

    def record_version(
        self,
        crawl_id: str,
        state: ArticleState,
        depth: int,
        filled: tuple[str, ...] = (),
    ) -> None:
        """Store a new current version of an article exported by run ``crawl_id``.

        Compare and set, as the shared store does: only the version after the current one,
        and only if the run has not checked the article (VersionConflict otherwise).
        """
        with self._transaction():
            if self.visited(crawl_id, state.article_id):
                raise VersionConflict(state.article_id, state.version, "checked")
            row = self._db.execute(
                "SELECT MAX(version) FROM versions WHERE article_id = ?", (state.article_id,)
            ).fetchone()
            if (row[0] or 0) != state.version - 1:
                raise VersionConflict(state.article_id, state.version, str(row[0] or 0))
            previous = self._last_seen(state.article_id)
            self._db.execute(
                "INSERT INTO articles (article_id, first_seen, last_seen) VALUES (?, ?, ?)"
                " ON CONFLICT (article_id) DO UPDATE SET last_seen = excluded.last_seen",
                (state.article_id, state.first_seen, state.last_seen),
            )
            self._db.execute(
                "INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    state.article_id,
                    state.version,
                    state.content_sha256,
                    state.url,
                    state.published,
                    state.modified,
                    json.dumps(state.related),
                    crawl_id,
                    state.last_seen,
                ),
            )
            self._visit(crawl_id, state.article_id, depth, "exported", previous, filled)

    def record_unchanged(
        self, crawl_id: str, article_id: str, depth: int, now: str, filled: tuple[str, ...] = ()
    ) -> None:
        """The article was fetched and has not changed: it was seen, nothing is exported
        (VersionConflict if the run has checked it already)."""
        with self._transaction():
            if self.visited(crawl_id, article_id):
                raise VersionConflict(article_id, 0, "checked")
            previous = self._last_seen(article_id)
            self._db.execute(
                "UPDATE articles SET last_seen = ? WHERE article_id = ?", (now, article_id)
            )
            self._visit(crawl_id, article_id, depth, "unchanged", previous, filled)

    def record_known(self, crawl_id: str, article_id: str, depth: int) -> None:
        """The article was not due for a visit; the run followed its stored related links."""
        self._visit(crawl_id, article_id, depth, "known", None)

    def visits(self, crawl_id: str) -> list[Visit]:
        """What run ``crawl_id`` has checked so far, shallowest first."""
        rows = self._db.execute(
            "SELECT article_id, depth, outcome, filled FROM visits WHERE crawl_id = ?"
            " ORDER BY depth, rowid",
            (crawl_id,),
        )
        return [
            Visit(r["article_id"], r["depth"], r["outcome"], tuple(json.loads(r["filled"])))
            for r in rows
        ]

    def visited(self, crawl_id: str, article_id: str) -> bool:
        """True if run ``crawl_id`` has checked the article (exported, unchanged or known)."""
        row = self._db.execute(
            "SELECT 1 FROM visits WHERE crawl_id = ? AND article_id = ?", (crawl_id, article_id)
        ).fetchone()
        return row is not None

    def reconcile(self, crawl_id: str, exported: set[tuple[str, int | None]]) -> int:
        """Forget versions run ``crawl_id`` recorded but did not write to its articles file.

        ``exported`` holds the (article id, version) pairs found in the file. A version
        recorded by the pipeline whose line never reached the file (the process was killed
        in between) is rolled back, so a resumed run fetches and exports it again. Returns
        the number of versions rolled back.
        """
        rows = self._db.execute(
            "SELECT v.article_id, v.version, s.previous_last_seen FROM versions v"
            " LEFT JOIN visits s ON s.crawl_id = v.crawl_id AND s.article_id = v.article_id"
            " WHERE v.crawl_id = ?",
            (crawl_id,),
        ).fetchall()
        missing = [r for r in rows if (r["article_id"], r["version"]) not in exported]
        with self._transaction():
            for row in missing:
                article_id = row["article_id"]
                self._db.execute(
                    "DELETE FROM versions WHERE article_id = ? AND version = ?",
                    (article_id, row["version"]),
                )
                self._db.execute(
                    "DELETE FROM visits WHERE crawl_id = ? AND article_id = ?",
                    (crawl_id, article_id),
                )
                if row["previous_last_seen"] is None:
                    self._db.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))
                else:
                    self._db.execute(
                        "UPDATE articles SET last_seen = ? WHERE article_id = ?",
                        (row["previous_last_seen"], article_id),
                    )
        return len(missing)

    # --- helpers ----------------------------------------------------------------------

    def _last_seen(self, article_id: str) -> str | None:
        row = self._db.execute(
            "SELECT last_seen FROM articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return None if row is None else row["last_seen"]

    def _visit(
        self,
        crawl_id: str,
        article_id: str,
        depth: int,
        outcome: str,
        previous: str | None,
        filled: tuple[str, ...] = (),
    ) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO visits VALUES (?, ?, ?, ?, ?, ?)",
            (crawl_id, article_id, depth, outcome, previous, json.dumps(list(filled))),
        )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """BEGIN ... COMMIT, or ROLLBACK on an exception (the connection is in autocommit)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")


def _unusable(path: Path, why: object) -> str:
    if "locked" in str(why):
        return f"the state store {path} is locked by another process ({why}); wait for it"
    return (
        f"the state store {path} is damaged ({why}): restore it from a backup, or move it "
        "away to start a new history"
    )
