"""Which of taz.de's two layouts a page uses, and what each layout's reader provides."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from lxml import etree

from tazcrawler.pages._dom import classes, first, klass

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

    from tazcrawler.items import Author, Dateline, Image, Subheading
    from tazcrawler.pages._related import Entry

__all__ = ["Body", "LayoutReader", "detect_layout"]

_GENERATOR = etree.XPath("/html/head/meta[@name = 'generator']/@content")
_SECTBODY = etree.XPath(f"descendant::div[{klass('sectbody')}][1]")
# Pages of about 2015 (tazxslt 0.52) have no <article>: the body is this div.
_DIV_CONTAINER = etree.XPath(
    f"descendant::div[{klass('sect_article')}]/div[{klass('sectbody')}][1]"
)


def detect_layout(root: Element, articles: list[Element]) -> tuple[str, Element | None]:
    """("new" | "old" | "generic", the article container or None), given the page's
    ``article`` elements in document order.

    Decided by the article container, the first ``article.module-article`` (new layout),
    ``article.sectbody`` / ``article[itemprop=articleBody]`` (old, tazxslt) or, on pages
    without an ``article`` element, ``div.sect_article > div.sectbody`` (old, about 2015).
    A page without one (a tag page, an error page, a template never seen) is "old" if it
    carries the tazxslt generator or ``sectbody`` markup, otherwise "generic".
    """
    for container in articles:
        names = classes(container)
        if "module-article" in names:
            return "new", container
        if "sectbody" in names or container.get("itemprop") == "articleBody":
            return "old", container
    # Only pages without a known container get here, so the common path pays nothing more.
    container = first(_DIV_CONTAINER(root))
    if container is not None:
        return "old", container
    generator = " ".join(_GENERATOR(root))
    if "tazxslt" in generator or _SECTBODY(root):
        return "old", None
    return "generic", None


@dataclass
class Body:
    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[Subheading] = field(default_factory=list)
    dateline: Dateline | None = None

    def __bool__(self) -> bool:
        # A layer that found no paragraph found no body: the next layer is asked.
        return bool(self.paragraphs)


class LayoutReader(Protocol):
    """Visible-markup extraction for one layout; every method tolerates missing elements."""

    AUTHORS_LAYER: str  # "microdata" or "layout": how the sources record names its authors
    SELECTORS: dict[str, str]  # field -> what it is read from, as explain shows it

    def heading(self) -> tuple[str | None, str | None]: ...  # (kicker, title)
    def teaser(self) -> str | None: ...
    def authors(self) -> list[Author]: ...
    def image(self) -> Image | None: ...
    def body(self) -> Body: ...
    def microdata(self, name: str) -> str | None: ...  # content of a non-meta [itemprop]
    def visible_date(self) -> str | None: ...  # the date as shown, e.g. "10. 04. 2011"
    def breadcrumbs(self) -> list[tuple[str, str | None]]: ...
    def tags(self) -> list[str]: ...
    def related_entries(self) -> list[Entry]: ...
