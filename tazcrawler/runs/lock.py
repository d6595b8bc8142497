"""One crawl at a time per output folder: an exclusive lock on ``<TAZ_OUTPUT_DIR>/.lock``."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from typing import IO, Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

__all__ = ["FolderLock", "FolderLocked", "OutputFolderError", "OutputLock"]


class OutputFolderError(RuntimeError):
    """The output folder cannot be used (read-only, not a folder); the message says which."""


class FolderLocked(OutputFolderError):
    """Another process holds the output folder; the message names the folder and the process."""


class FolderLock:
    """Hold ``<folder>/.lock`` until :meth:`release` or the process's end (the OS frees it).

    The file holds the holder's process id, so the one who is refused learns who holds it.
    A run recorded as running whose folder lock is free was killed.
    """

    def __init__(self, folder: Path, name: str = ".lock") -> None:
        self.path = folder / name
        self._file: IO[bytes] | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            file = self.path.open("a+b")
        except OSError as exc:
            raise OutputFolderError(
                f"cannot use the output folder {self.path.parent}: {exc.strerror}"
            ) from None
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            holder = file.read().decode("ascii", "replace").strip() or "unknown"
            file.close()
            raise FolderLocked(
                f"another crawl (process {holder}) is using the output folder "
                f"{self.path.parent}; wait for it to end or choose another TAZ_OUTPUT_DIR"
            ) from None
        file.truncate(0)
        file.write(f"{os.getpid()}\n".encode("ascii"))
        file.flush()
        self._file = file

    def release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class OutputLock:
    """Extension: every crawl that writes into ``TAZ_OUTPUT_DIR`` holds the folder's lock.

    Taken when the crawler builds its extensions, before anything is written, and released
    when the engine has stopped, after the run manager's last write.
    """

    def __init__(self, lock: FolderLock) -> None:
        self.lock = lock

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("TAZ_OUTPUT_LOCK"):
            raise NotConfigured("TAZ_OUTPUT_LOCK is off")
        # The workers of one crawl share the folder, each in its own part of it.
        worker = settings.get("TAZ_WORKER") or ""
        lock = FolderLock(
            Path(settings.get("TAZ_OUTPUT_DIR")), f".lock-{worker}" if worker else ".lock"
        )
        lock.acquire()
        extension = cls(lock)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        # Connected now, after every component that listens to engine_stopped: signal
        # handlers run in the order they were connected, and this one must come last.
        spider.crawler.signals.connect(self.release, signal=signals.engine_stopped)

    def release(self) -> None:
        self.lock.release()
