"""Serve the test site with some articles edited: ``python -m testsite.edits FILE``.

FILE is JSON: ``{"<article id>": {"append_paragraph": "...", "add_related": ["/Slug/!id/"]}}``.
The edits replace the articles in the site's data before the server starts; everything else
(arguments, the base URL on the first line of stdout) is ``python -m testsite``.
Scheduled-crawl tests use it to change the site between two runs.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any

from testsite.content import ARTICLES
from testsite.model import RelatedLink

__all__ = ["apply_edits", "main"]


def apply_edits(edits: dict[str, dict[str, Any]]) -> None:
    """Replace the edited articles in ``ARTICLES`` (the dict the server routes from)."""
    for article_id, edit in edits.items():
        article = ARTICLES[article_id]
        paragraphs = article.paragraphs
        if edit.get("append_paragraph"):
            paragraphs = (*paragraphs, edit["append_paragraph"])
        related = (*article.related, *(RelatedLink(href) for href in edit.get("add_related", ())))
        ARTICLES[article_id] = dataclasses.replace(article, paragraphs=paragraphs, related=related)


def main(argv: list[str] | None = None) -> int:
    from testsite.__main__ import main_changed

    return main_changed(apply_edits, __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
