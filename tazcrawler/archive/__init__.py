"""WARC archive of each crawl (``WarcWriter``) and replay of it (``ReplayMiddleware``)."""

from __future__ import annotations

from tazcrawler.archive._check import warc_problem
from tazcrawler.archive._warc import read_warcinfo, site_settings
from tazcrawler.archive.index import WarcIndex
from tazcrawler.archive.replay import NotArchived, ReplayMiddleware
from tazcrawler.archive.writer import WarcWriter

__all__ = [
    "NotArchived",
    "ReplayMiddleware",
    "WarcIndex",
    "WarcWriter",
    "read_warcinfo",
    "site_settings",
    "warc_problem",
]
