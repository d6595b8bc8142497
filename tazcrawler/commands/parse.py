"""``scrapy parse``: one callback on one URL, printed, without touching the crawl's output."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands import parse

from tazcrawler.commands._debugging import debug_settings

if TYPE_CHECKING:
    import argparse


class Command(parse.Command):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        debug_settings(self.settings)
