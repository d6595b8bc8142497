"""A full disk stops the crawl with one reason, ``disk_full``, whichever file met it.

Left alone, ENOSPC from the WARC writer, JOBDIR's queue or the feeds goes up into Scrapy's
engine, which then never becomes idle: the crawl hangs with its lock held. Each component
that writes catches it, trims what it half-wrote and calls :func:`stop_crawl`.
"""

from __future__ import annotations

import errno
import io
import logging
import os
import sqlite3
from typing import TYPE_CHECKING

from scrapy.utils.defer import _schedule_coro

if TYPE_CHECKING:
    from typing import IO

    from scrapy.crawler import Crawler

__all__ = ["DISK_FULL", "is_disk_full", "stop_crawl", "write_whole"]

logger = logging.getLogger(__name__)

#: The finish reason of a crawl stopped by a full disk (or an exceeded disk quota).
DISK_FULL = "disk_full"


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the file system has no room left.

    >>> is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    True
    >>> is_disk_full(OSError(errno.EACCES, "Permission denied"))
    False
    """
    if isinstance(exc, sqlite3.Error):  # SQLite says "database or disk is full"
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def write_whole(file: IO[bytes], data: bytes) -> None:
    """Write ``data`` to ``file`` whole, or not at all and raise OSError.

    An unbuffered file's write may take only part of the bytes when the disk fills up,
    without an error (the next write raises ENOSPC); a short write is retried until it
    raises. On an error an unbuffered file is cut back to where ``data`` began, so no torn
    line or record is left for a reader to take as complete (a buffered file's bytes may
    still be in its buffer, so only unbuffered files are written this way here).
    """
    start = file.tell() if isinstance(file, io.RawIOBase) and file.seekable() else None
    view = memoryview(data)
    try:
        while view:
            written = file.write(view)
            if written is None:  # non-blocking raw files only; a feed file never is one
                raise BlockingIOError(errno.EAGAIN, "write would block")
            view = view[written:]
    except OSError:
        if start is not None:
            os.ftruncate(file.fileno(), start)
            file.seek(start)
        raise


def stop_crawl(crawler: Crawler, where: str, exc: Exception) -> None:
    """Count ``taz/disk_full/<where>``; the first time, log it and close the spider."""
    stats = crawler.stats
    assert stats is not None
    first = not any(key.startswith("taz/disk_full/") for key in stats.get_stats())
    stats.inc_value(f"taz/disk_full/{where}")
    if not first:
        return
    name = getattr(exc, "filename", None) or where
    why = getattr(exc, "strerror", None) or str(exc)
    logger.error("Disk full writing %s (%s): stopping the crawl (disk_full)", name, why)
    engine = crawler.engine
    if engine is not None and engine.spider is not None:
        _schedule_coro(engine.close_spider_async(reason=DISK_FULL))
