"""Pieces both layouts of the test site share: escaping, dates, JSON-LD and teaser data."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from testsite.content import ARTICLES
from testsite.model import paragraph_parts

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from datetime import datetime

    from testsite.model import Article, Image, RelatedLink

# Linked from the navigation and footer of every page, the way taz links its
# "Über die Wahrheit" article from the menu.
NAV_ARTICLE_ID = "1000014"
# The "meistkommentiert" box under every article.
MOST_COMMENTED_IDS = ("1000015", "1000013", "1000002")
# The teaser box in the old layout's right-hand column.
PROMO_ARTICLE_ID = "1000015"

AUTHOR_LABELS = {"report": "Von", "commentary": "Kommentar von", "column": "Kolumne von"}


def esc(text: str) -> str:
    return escape(text, quote=False)


def attr(text: str) -> str:
    return escape(text, quote=True)


def json_ld(data: object) -> str:
    # "</" inside a string would end the script element early.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def digest(*parts: str, length: int = 32) -> str:
    """A stable hex id (VG Wort counters, comment ids) derived from ``parts``."""
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:length]


def number(*parts: str, digits: int = 7) -> int:
    return int(digest(*parts, length=12), 16) % 10**digits


def iso(moment: datetime) -> str:
    return moment.isoformat()


def iso_naive(moment: datetime) -> str:
    """The new layout's article:published_time: local time without offset."""
    return moment.replace(tzinfo=None).isoformat()


def inline_html(paragraph: str, link: Callable[[str, str], str]) -> str:
    """A paragraph's HTML: text escaped, in-text links rendered by ``link(text, href)``."""
    return "".join(
        esc(text) if href is None else link(esc(text), attr(href))
        for text, href in paragraph_parts(paragraph)
    )


def joined(parts: Iterable[str]) -> str:
    return "\n".join(parts)


@dataclass(frozen=True)
class Teaser:
    """What a teaser box shows about a linked page, whatever the page is."""

    href: str
    kicker: str
    title: str
    teaser: str
    authors: tuple[str, ...]
    kind: str
    column_name: str | None
    image: Image | None
    target_id: str | None = None


def article_teaser(article: Article, href: str | None = None) -> Teaser:
    return Teaser(
        href=href or article.path,
        kicker=article.kicker,
        title=article.title,
        teaser=article.teaser,
        authors=tuple(a.name for a in article.authors),
        kind=article.kind,
        column_name=article.column_name,
        image=article.image,
        target_id=article.article_id,
    )


def related_teaser(link: RelatedLink, base: str) -> Teaser:
    """The teaser of one related entry: from the linked article, or from the entry itself."""
    article = ARTICLES.get(link.target_id or "")
    if article is not None and link.title is None:
        return article_teaser(article, link.resolve(base))
    return Teaser(
        href=link.resolve(base),
        kicker=link.kicker or "",
        title=link.title or "",
        teaser=link.teaser or "",
        authors=(link.author,) if link.author else (),
        kind="report",
        column_name=None,
        image=link.image,
        target_id=link.target_id,
    )


def author_picture(base: str, author_path: str, size: str = "192x192", ext: str = "png") -> str:
    author_id = author_path.rsplit("!a", 1)[1].strip("/")
    return f"{base}/kommune/files/images/profile/{size}/{author_id}.{ext}"


def comment_text(article: Article) -> tuple[str, str]:
    """One invented reader comment (user name, text) per article, chosen by id."""
    comments = (
        (
            "Kanalanwohnerin",
            "Danke für den genauen Bericht. Bei uns im Haus ist es ähnlich, "
            "nur hat bisher niemand darüber geschrieben.",
        ),
        ("Altbaufreund", "Ich hätte mir noch ein paar Zahlen gewünscht, aber die Richtung stimmt."),
        ("M. aus H.", "Schön, dass das Thema endlich Aufmerksamkeit bekommt."),
    )
    return comments[int(article.article_id) % len(comments)]
