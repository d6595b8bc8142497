"""``scrapy shell`` with ``article(response)``: the extracted, normalised article, as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.commands import shell

from tazcrawler.commands._debugging import debug_settings
from tazcrawler.shell import article, explain

if TYPE_CHECKING:
    import argparse


class Command(shell.Command):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        debug_settings(self.settings)

    def update_vars(self, vars: dict[str, Any]) -> None:
        settings = vars["crawler"].settings

        def article_of(response: Any = None) -> Any:
            return article(response if response is not None else vars["response"], settings)

        def explain_of(response: Any = None) -> Any:
            return explain(response if response is not None else vars["response"])

        article_of.__doc__ = article.__doc__
        explain_of.__doc__ = explain.__doc__
        vars["article"] = article_of
        vars["explain"] = explain_of
