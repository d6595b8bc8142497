"""A local taz.de test site: invented articles in the markup of both real taz layouts.

A development tool beside ``bench/``, never installed with tazcrawler. ``serve()`` runs it
in a background thread and yields the base URL; ``python -m testsite`` runs it as a process
and prints the crawl command for it. The content is in ``testsite/data/`` (loaded by
``content``); ``oracle`` computes from it, independently of any crawler, which articles a
crawl from ``SEED_ID`` must fetch.
"""

from __future__ import annotations

from testsite.content import ARTICLES, DEPUBLISHED, MISSING_ID, OFFSITE_URL, SEED_ID, TRAP_IDS
from testsite.oracle import bfs_depths, related_ids
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
