"""The test site's content model: the dataclasses of an article and what it links to.

The data itself is in ``testsite/data/`` (loaded by :mod:`testsite.content`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from datetime import datetime

__all__ = [
    "BERLIN",
    "Article",
    "Author",
    "Dateline",
    "Image",
    "RelatedLink",
    "Ressort",
    "Subheading",
    "Tag",
    "paragraph_parts",
    "plain_text",
    "slugify",
]

BERLIN = ZoneInfo("Europe/Berlin")

# "[link text](/Slug/!1000013/)" inside a paragraph: an in-text link (a.in-text-link).
_LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
# Written independently of tazcrawler.urls on purpose: the expected crawl must not share
# a bug with the code under test.
_HREF_ID_RE = re.compile(r"/!(\d{7})(?=[/&#]|$)")


def slugify(text: str) -> str:
    """The taz-style URL slug of a title or name.

    >>> slugify("Räumungsklage in Neukölln")
    'Raeumungsklage-in-Neukoelln'
    >>> slugify("„Ufer für alle“: Straße")
    'Ufer-fuer-alle-Strasse'
    """
    for umlaut, ascii_ in (
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("Ä", "Ae"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
        ("ß", "ss"),
        ("ń", "n"),
        ("ş", "s"),
    ):
        text = text.replace(umlaut, ascii_)
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def plain_text(paragraph: str) -> str:
    """A paragraph as a reader sees it: in-text links reduced to their text.

    >>> plain_text("Siehe [den Bericht](/Bericht/!1000002/) dazu.")
    'Siehe den Bericht dazu.'
    """
    return _LINK_RE.sub(r"\1", paragraph)


def paragraph_parts(paragraph: str) -> list[tuple[str, str | None]]:
    """Split a paragraph into (text, href) runs; href is None outside links."""
    parts: list[tuple[str, str | None]] = []
    pos = 0
    for match in _LINK_RE.finditer(paragraph):
        if match.start() > pos:
            parts.append((paragraph[pos : match.start()], None))
        parts.append((match.group(1), match.group(2)))
        pos = match.end()
    if pos < len(paragraph):
        parts.append((paragraph[pos:], None))
    return parts


@dataclass(frozen=True)
class Author:
    name: str
    path: str  # "/Lena-Brodersen/!a90001/"
    job_title: str
    bio: str

    @property
    def author_id(self) -> str:
        return self.path.rsplit("!a", 1)[1].strip("/")


@dataclass(frozen=True)
class Tag:
    name: str  # as in meta taz:tag, "Schwerpunkt Wohnungsnot"
    tag_id: str
    category: str | None = None  # "Schwerpunkt" for the big topic pages

    @property
    def path(self) -> str:
        return f"/{slugify(self.name)}/!t{self.tag_id}/"

    @property
    def label(self) -> str:
        """The name the new layout shows ("#Wohnungsnot"): without the category prefix."""
        if self.category:
            return self.name.removeprefix(f"{self.category} ")
        return self.name


@dataclass(frozen=True)
class Ressort:
    name: str
    path: str  # "/Politik/Deutschland/!p4616/"
    parent: str | None = None  # path of the parent ressort

    @property
    def page_id(self) -> str:
        return self.path.rsplit("!p", 1)[1].strip("/")


@dataclass(frozen=True)
class Image:
    picture_id: str
    filename: str
    alt: str
    caption: str
    credit: str  # the photographer, shown as "Foto: <credit>"

    def url(self, width: int) -> str:
        return f"/picture/{self.picture_id}/{width}/{self.filename}"


@dataclass(frozen=True)
class Dateline:
    """ "BERLIN taz |" before the first paragraph: where and by whom the report was filed."""

    location: str
    source: str


@dataclass(frozen=True)
class Subheading:
    text: str
    position: int  # index into Article.paragraphs of the paragraph it precedes


@dataclass(frozen=True)
class RelatedLink:
    """One entry of a "Mehr zum Thema" block, with its href exactly as on the page.

    Entries that name an article of this site take kicker, title, teaser and image from it;
    the others (a tag page, an off-site page, a 404, a depublished article) carry their own.
    """

    href: str
    # Rendered as "<base URL of the request><href>": an absolute link to the same host.
    absolute: bool = False
    kicker: str | None = None
    title: str | None = None
    teaser: str | None = None
    author: str | None = None
    image: Image | None = None

    @property
    def on_site(self) -> bool:
        return self.absolute or (self.href.startswith("/") and not self.href.startswith("//"))

    @property
    def target_id(self) -> str | None:
        """The article id the href names, if it is an on-site article URL."""
        if not self.on_site:
            return None
        match = _HREF_ID_RE.search(urlsplit(self.href).path + "#")
        return match.group(1) if match else None

    def resolve(self, base: str) -> str:
        return f"{base}{self.href}" if self.absolute else self.href


@dataclass(frozen=True)
class Article:
    article_id: str
    slug: str
    layout: str  # "old" (tazxslt) or "new" (Bulma)
    kind: str  # "report", "commentary" or "column"
    kicker: str
    title: str
    teaser: str
    published: datetime
    ressort: str  # path of the (innermost) ressort
    paragraphs: tuple[str, ...]
    authors: tuple[Author, ...] = ()
    modified: datetime | None = None
    tags: tuple[Tag, ...] = ()
    dateline: Dateline | None = None
    image: Image | None = None
    subheadings: tuple[Subheading, ...] = ()
    related: tuple[RelatedLink, ...] = ()
    column_name: str | None = None  # the column's title for kind "column"

    @property
    def path(self) -> str:
        return f"/{self.slug}/!{self.article_id}/"

    @property
    def headline(self) -> str:
        return f"{self.kicker}: {self.title}"

    @property
    def plain_paragraphs(self) -> list[str]:
        return [plain_text(p) for p in self.paragraphs]
