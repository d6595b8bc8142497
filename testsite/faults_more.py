"""Fault endpoints of pages that end early: nesting past the parser's limit inside the body,
and a page cut short that says so honestly (its Content-Length is the bytes it sends).

Each is an article URL of the test site, reached as a seed (``-a seed=<base><path>``); they
sit apart from ``faults.FAULTS`` so that the hostile crawl from ``HOSTILE_SEED_ID`` stays as
it is. ``PAGES`` maps each path to the article it renders and what the crawl must flag.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from testsite import render_new
from testsite.content import ARTICLES, SEED_ID, RelatedLink

if TYPE_CHECKING:
    from collections.abc import Callable
    from http.server import BaseHTTPRequestHandler

    from testsite.content import Article

__all__ = ["CUT_SHORT", "DEEP_IN_BODY", "NESTING_DEPTH", "PAGES", "EarlyEnd", "serve_fault"]

# Past libxml2's 2048 levels: the parser stops there and drops the rest of the document.
NESTING_DEPTH = 3000


@dataclass(frozen=True)
class EarlyEnd:
    """A page that ends early: the article it renders, how it is cut, what is flagged."""

    article: Article
    cut: Callable[[str], str]
    #: The record's ``truncated`` and the ``taz/pages/truncated/<why>`` the crawl counts.
    why: str

    @property
    def path(self) -> str:
        return self.article.path


def _article(article_id: str, slug: str, title: str) -> Article:
    # The sample seed article, under another id and title; its related block names sample
    # articles, so a whole page of it has related entries to lose.
    seed = ARTICLES[SEED_ID]
    related = tuple(RelatedLink(link.href) for link in seed.related if link.target_id)
    return dataclasses.replace(
        seed, article_id=article_id, slug=slug, title=title, related=related, layout="new"
    )


def _nest_before_related(html: str) -> str:
    # Between the last paragraph and "Mehr zum Thema": the text is read, the block is not.
    where = html.index('id="articleTeaser"')
    where = html.rindex("<section", 0, where)
    nested = '<div class="nest">' * NESTING_DEPTH + "innen" + "</div>" * NESTING_DEPTH
    return html[:where] + nested + html[where:]


def _cut_in_last_paragraph(article: Article) -> Callable[[str], str]:
    def cut(html: str) -> str:
        # Two characters into the last paragraph: the "Ab" of the report this reproduces.
        return html[: html.index(article.paragraphs[-1]) + 2]

    return cut


DEEP_IN_BODY = EarlyEnd(
    _article("1000560", "Tief-im-Text", "Verschachtelt vor dem Themenblock"),
    _nest_before_related,
    "depth_limit",
)
_CUT = _article("1000561", "Abgeschnitten", "Eine Seite, die mitten im Satz endet")
CUT_SHORT = EarlyEnd(_CUT, _cut_in_last_paragraph(_CUT), "unclosed")
PAGES = {page.path: page for page in (DEEP_IN_BODY, CUT_SHORT)}


def serve_fault(handler: BaseHTTPRequestHandler, target: str, base: str) -> bool:
    """Answer ``target`` if it is one of these pages; False if not."""
    page = PAGES.get(target.split("?", 1)[0])
    if page is None:
        return False
    body = page.cut(render_new.render_article(page.article, base)).encode("utf-8")
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))  # honest: the page itself is short
    handler.end_headers()
    handler.wfile.write(body)
    return True
