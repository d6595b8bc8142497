"""Serve the test site with new articles: ``python -m testsite.publish FILE``.

FILE is JSON, a list of new articles: ``[{"article_id": "1000201", "title": "...",
"published": "2026-12-01T07:30:00+00:00", "related": ["/Slug/!1000003/"]}]``. They join the
site's data before the server starts, so their pages are served and the listings
(``testsite.feeds``) name them, newest first; everything else (arguments such as
``--articles N``, the base URL on the first line of stdout) is ``python -m testsite``.
Scheduled-crawl tests use it to publish articles between two runs.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

from testsite.content import ARTICLES, AUTHORS, PUBLISHED
from testsite.model import Article, RelatedLink, slugify

__all__ = ["main", "new_article", "publish"]


def new_article(spec: dict[str, Any]) -> Article:
    """An invented report in the new layout from one entry of FILE."""
    title = spec["title"]
    return Article(
        article_id=spec["article_id"],
        slug=spec.get("slug") or slugify(title),
        layout="new",
        kind="report",
        kicker="Neu erschienen",
        title=title,
        teaser=f"Ein neuer Bericht der Testseite: {title}.",
        published=datetime.fromisoformat(spec["published"]),
        ressort="/Berlin/!p4649/",
        authors=(AUTHORS["90001"],),
        paragraphs=(
            f"{title}: Darüber wurde im Bezirk lange gestritten, jetzt liegt ein Ergebnis vor.",
            "Die Initiative will weitermachen; der Senat prüft, was daraus folgt.",
            "Im Herbst soll das Abgeordnetenhaus darüber beraten.",
        ),
        related=tuple(RelatedLink(href) for href in spec.get("related", ())),
    )


def publish(specs: list[dict[str, Any]]) -> None:
    """Add the new articles to ``ARTICLES`` (the dict the sample site's pages and listings
    read; a generated site serves other ids from it too) and to ``PUBLISHED`` (the ones a
    generated site lists beside its own). Both live in ``testsite.content``: run as
    ``python -m testsite.publish`` this module is ``__main__``, not the one others import."""
    for spec in specs:
        article = new_article(spec)
        ARTICLES[article.article_id] = article
        PUBLISHED[article.article_id] = article


def main(argv: list[str] | None = None) -> int:
    from testsite.__main__ import main_changed

    return main_changed(publish, __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
