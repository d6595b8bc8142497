"""Writes every response a crawl downloads, with its request, into one gzipped WARC per run."""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.warcwriter import WARCWriter
from zlib_ng import zlib_ng

from tazcrawler import __version__
from tazcrawler.archive._warc import write_exchange
from tazcrawler.diskfull import is_disk_full, stop_crawl, write_whole
from tazcrawler.provenance import new_crawl_id

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import BinaryIO

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def _checked_level(level: int) -> int:
    if not 0 <= level <= 9:
        raise ValueError(f"TAZ_WARC_GZIP_LEVEL must be 0 to 9, not {level}")
    return level


class GzipMembers:
    """A binary file that gzips each WARC record as its own member, at ``level``.

    warcio's own gzip=True compresses at level 9: 3 ms of CPU for a 150 KB page, a fifth of
    a default crawl's time, for archives 6% smaller than at level 4 (BENCHMARKS.md). warcio
    flushes its output once, at the end of each record; that flush ends the member, as its
    own wrapper does, so readers still find one record per member.

    Deflate is zlib-ng's, which writes the same gzip format as zlib: on 40 generated pages
    its level 3 takes half the CPU time of zlib's level 4 (0.80 against 1.59 ms a page, in
    alternating rounds in one process) for files 1% larger; Intel's ISA-L was faster
    still (0.22 ms) but 11% larger.
    """

    def __init__(self, file: BinaryIO, level: int) -> None:
        self.file = file
        self.level = _checked_level(level)
        self._member = self._new_member()
        self._pending: list[bytes] = []

    def _new_member(self) -> Any:
        return zlib_ng.compressobj(self.level, zlib_ng.DEFLATED, zlib_ng.MAX_WBITS + 16)

    def write(self, data: bytes) -> None:
        self._pending.append(self._member.compress(data))

    def flush(self) -> None:
        self._pending.append(self._member.flush())
        data = b"".join(self._pending)
        self._pending.clear()
        self._member = self._new_member()
        # The file is unbuffered and each member written whole or cut back: a full disk
        # leaves the archive ending at its last complete record, never inside one.
        write_whole(self.file, data)


class WarcWriter:
    """Archive the crawl into ``TAZ_WARC_FILE`` (``<TAZ_OUTPUT_DIR>/warc/<crawl id>.warc.gz``).

    It listens to ``response_downloaded``, which the downloader sends before any downloader
    middleware sees the response: the archive holds the bytes as received (still
    gzip-compressed if the server compressed them), and redirects, 404s and robots.txt are
    archived like any other response.
    """

    def __init__(
        self,
        path: str | None,
        settings: BaseSettings,
        stats: StatsCollector,
        on_disk_full: Callable[[OSError], None],
    ) -> None:
        self.path = path
        self.settings = settings
        self.stats = stats
        self.on_disk_full = on_disk_full
        self.file: BinaryIO | None = None
        self.writer: WARCWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcWriter:
        settings = crawler.settings
        path = settings.get("TAZ_WARC_FILE")
        # Off with TAZ_WARC_FILE "", and in a replay, which downloads nothing: its archive is
        # the one it reads. No message: Scrapy would log it as a warning.
        if path == "" or settings.getlist("REPLAY_WARC"):
            raise NotConfigured
        # A wrong level stops the crawl before it starts, not at the first response.
        _checked_level(settings.getint("TAZ_WARC_GZIP_LEVEL"))
        extension = cls(
            path, settings, crawler.stats, functools.partial(stop_crawl, crawler, "warc")
        )
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        # The spider or the run manager set the crawl id before the settings froze.
        crawl_id = self.settings.get("TAZ_CRAWL_ID") or new_crawl_id()
        # The workers of one crawl (TAZ_WORKER) each write an archive of their own.
        name = "-".join(filter(None, [crawl_id, self.settings.get("TAZ_WORKER")]))
        default = Path(self.settings.get("TAZ_OUTPUT_DIR")) / "warc" / f"{name}.warc.gz"
        path = _unused(Path(self.path) if self.path else default)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file = path.open("xb", buffering=0)
        members = GzipMembers(self.file, self.settings.getint("TAZ_WARC_GZIP_LEVEL"))
        self.writer = WARCWriter(members, gzip=False, warc_version="1.1")
        try:
            self.writer.write_record(
                self.writer.create_warcinfo_record(path.name, self._warcinfo(spider, crawl_id))
            )
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            self.writer = None
            self.on_disk_full(exc)
        self.stats.set_value("taz/archive/file", str(path))
        logger.info("Archiving the crawl to %s", path)

    def _warcinfo(self, spider: Spider, crawl_id: str) -> dict[str, Any]:
        """What the crawl was, so that ``tazcrawler reextract`` can run it again from here."""
        settings = self.settings
        info: dict[str, Any] = {
            "software": f"tazcrawler/{__version__} Scrapy/{scrapy.__version__}",
            "format": "WARC File Format 1.1",
            "conformsTo": "http://iipc.github.io/warc-specifications/specifications/"
            "warc-format/warc-1.1/",
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": settings.get("USER_AGENT"),
            "tazcrawler-crawl-id": crawl_id,
            "tazcrawler-base-url": settings.get("TAZ_BASE_URL"),
            "tazcrawler-canonical-base": settings.get("TAZ_CANONICAL_BASE"),
        }
        seeds = settings.getlist("TAZ_SEEDS")
        if seeds:
            # URLs hold no spaces: one field, space-separated, keeps the seeds' order.
            info["tazcrawler-seeds"] = " ".join(seeds)
            info["tazcrawler-max-depth"] = settings.getint("TAZ_MAX_DEPTH")
            info["tazcrawler-max-articles"] = settings.getint("TAZ_MAX_ARTICLES")
        return info

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        if self.writer is None:
            return
        try:
            write_exchange(self.writer, request, response)
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            # Nothing more is archived: a response missing from the archive would make a
            # later replay differ from the crawl without saying so.
            self.writer = None
            self.on_disk_full(exc)
            return
        self.stats.inc_value("taz/archive/responses")

    def spider_closed(self, spider: Spider) -> None:
        if self.file is not None:
            self.file.close()
            logger.info(
                "Archived %d responses to %s",
                self.stats.get_value("taz/archive/responses", 0),
                self.file.name,
            )


def _unused(path: Path) -> Path:
    """``path``, or ``<stem>-2.warc.gz``, ``-3``, ... if taken.

    A resumed run keeps its crawl id; its earlier attempt's archive stays as it was (after a
    kill its last gzip member may be torn, so appending would hide a break mid-file).
    """
    name = path.name.removesuffix(".warc.gz")
    attempt = 1
    while path.exists():
        attempt += 1
        path = path.with_name(f"{name}-{attempt}.warc.gz")
    return path
