"""A local taz.de test site: invented articles in the markup of both real taz layouts.

``serve()`` runs it in a background thread and yields the base URL; ``python -m
testsite`` runs it as a process. ``ARTICLES`` and ``related_ids`` describe the
"Mehr zum Thema" graph independently of any crawler, so tests can compute which articles a
crawl from ``SEED_ID`` must fetch.
"""

from __future__ import annotations

from testsite.content import (
    ARTICLES,
    DEPUBLISHED,
    MISSING_ID,
    OFFSITE_URL,
    SEED_ID,
    TRAP_IDS,
    bfs_depths,
    related_ids,
)
from testsite.server import SiteServer, make_server, render_article, route, serve

__all__ = [
    "ARTICLES",
    "DEPUBLISHED",
    "MISSING_ID",
    "OFFSITE_URL",
    "SEED_ID",
    "TRAP_IDS",
    "SiteServer",
    "bfs_depths",
    "make_server",
    "related_ids",
    "render_article",
    "route",
    "serve",
]
