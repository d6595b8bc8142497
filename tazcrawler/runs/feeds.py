"""Where a crawl's feeds go: the run folder, appended to by a resumed run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FileFeedStorage

from tazcrawler.diskfull import is_disk_full, stop_crawl

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO, Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

__all__ = ["RunFeedStorage", "uri_params"]


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """``FEED_URI_PARAMS``: ``%(output_dir)s`` is the run folder, or ``TAZ_OUTPUT_DIR``
    when the crawl keeps no runs."""
    settings = spider.crawler.settings
    folder = settings.get("TAZ_RUN_DIR") or settings.get("TAZ_OUTPUT_DIR")
    return {**params, "output_dir": str(folder).rstrip("/")}


class RunFeedStorage(FileFeedStorage):
    """Local feed files that suit a resumable run (every crawl's local feeds use it).

    A resumed run appends to the files in its run folder instead of overwriting what the
    earlier attempts wrote; JSON lines files are written unbuffered, one write per record,
    so a killed process leaves at most its last line torn (the run manager repairs that).
    """

    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        run_dir: str = "",
        resumed: bool = False,
        on_disk_full: Callable[[Exception], None] | None = None,
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.run_dir = Path(run_dir) if run_dir else None
        self.resumed = resumed
        self.on_disk_full = on_disk_full
        self.unbuffered = self.path.endswith(".jsonl")

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> Self:
        settings = crawler.settings
        return cls(
            uri,
            feed_options=feed_options,
            run_dir=settings.get("TAZ_RUN_DIR") or "",
            resumed=bool(settings.get("TAZ_RUN_RESUMED")),
            on_disk_full=lambda exc: stop_crawl(crawler, "feed", exc),
        )

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        mode = self.write_mode
        if self.resumed and path.parent == self.run_dir:
            mode = "ab"
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open(mode, buffering=0 if self.unbuffered else -1)

    def store(self, file: IO[bytes]) -> None:
        # A buffered file (Parquet, GraphML, GEXF, CSV) is flushed at close, where a full
        # disk meets it; Scrapy would log that with a traceback. A file cut short by it is
        # removed rather than left to be read as whole (a resumed run writes it again).
        try:
            file.close()
        except OSError as exc:
            if self.on_disk_full is None or not is_disk_full(exc):
                raise
            self.on_disk_full(exc)
            Path(self.path).unlink(missing_ok=True)
