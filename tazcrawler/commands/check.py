"""``scrapy check``: the spider's contracts, run offline against the bundled sample archive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands import check

from tazcrawler.commands._debugging import debug_settings
from tazcrawler.sample import SAMPLE_WARC

if TYPE_CHECKING:
    import argparse


class Command(check.Command):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        # The contracts' @url are pages of the bundled sample: replay it (on its own site).
        debug_settings(self.settings, REPLAY_WARC=[str(SAMPLE_WARC)])
