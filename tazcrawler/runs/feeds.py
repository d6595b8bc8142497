"""Where a crawl's feeds go: the run folder, appended to by a resumed run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FileFeedStorage

if TYPE_CHECKING:
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
    """Local feed files that suit a resumable run.

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
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.run_dir = Path(run_dir) if run_dir else None
        self.resumed = resumed
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
        )

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        mode = self.write_mode
        if self.resumed and path.parent == self.run_dir:
            mode = "ab"
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open(mode, buffering=0 if self.unbuffered else -1)
