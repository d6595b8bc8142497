"""Visible markup of the new layout (Bulma/Alpine, ``article.module-article``, ``typo-*``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urljoin

from lxml import etree

from tazcrawler.items import Author, Dateline, Image, Subheading
from tazcrawler.pages._dateline import strip_separator
from tazcrawler.pages._dom import attr, classes, first, has_class, klass, text_of
from tazcrawler.pages._layout import Body
from tazcrawler.pages._related import Entry
from tazcrawler.pages._text import strip_credit_prefix

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

__all__ = ["NewLayout"]

_H1 = etree.XPath("./h1 | ./header/h1")
_TEASER = etree.XPath(f"./p[{klass('typo-r-subline-detail')}]")
_HEAD_AUTHORS = etree.XPath(f"./div[{klass('author-container')}][1]")
_AUTHOR_NAMES = etree.XPath(f".//span[{klass('typo-name-detail-bold')}]")
_CORPUS = etree.XPath(f".//div[{klass('main-article-corpus')}]")
_FIGURE = etree.XPath("descendant-or-self::figure")
_FIGCAPTION = etree.XPath("descendant::figcaption[1]")
_CREDIT = etree.XPath(f".//span[{klass('credit-name')}] | .//span[{klass('typo-fotocredit')}]")
_PICTURE_LINK = etree.XPath(".//a[contains(@href, '/picture/')]/@href")
_PICTURE_SRC = etree.XPath(".//picture/@iesrc | .//img/@src")
_DATELINE_LOCATION = etree.XPath(".//location")
_DATELINE_SOURCE = etree.XPath(f".//em[{klass('source')}]")
_TAGS = etree.XPath(f"descendant::div[{klass('tags-bottom-container')}]/descendant::a")
_RELATED_BLOCK_BY_HEADER = etree.XPath(
    "descendant::section[header[normalize-space() = 'Mehr zum Thema']]"
)
_RELATED_ITEMS = etree.XPath(f".//div[{klass('article-teaser')}]")
# Wrappers inside the corpus whose paragraphs are not body text: ads, boxes, pictures.
_BOX_TAGS = frozenset({"aside", "figure", "figcaption", "blockquote", "nav", "form"})
_BOX_CLASSES = frozenset({"webelement-wrapper", "webelement", "box", "newsletter"})
_NOT_LEAD_IMAGE = frozenset({"author-container", "metadata", "main-article-corpus"})


def _is_credit(element: Element) -> bool:
    return has_class(element, "typo-fotocredit") or has_class(element, "credit-name")


def _is_dateline(element: Element) -> bool:
    return element.tag == "location" or (element.tag == "em" and has_class(element, "source"))


def _in_box(element: Element, corpus: Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not corpus:
        if parent.tag in _BOX_TAGS or not _BOX_CLASSES.isdisjoint(classes(parent)):
            return True
        parent = parent.getparent()
    return False


class NewLayout:
    """Reads the new layout. ``container`` is ``article.module-article`` (None if absent)."""

    # The layer its authors count as: markup of this layout.
    AUTHORS_LAYER = "layout"
    # What each field is read from, as ``explain`` shows it.
    SELECTORS: ClassVar[dict[str, str]] = {
        "kicker": "h1 > span.typo-r-topline-detail",
        "title": "h1 > span.typo-r-head-*-detail",
        "teaser": "article > p.typo-r-subline-detail",
        "authors": ".author-container span.typo-name-detail-bold",
        "published": "(none: the new layout states its date as JSON-LD)",
        "image": "figure, figcaption.caption",
        "paragraphs": ".main-article-corpus p.paragraph, h2",
        "section": "(none: JSON-LD BreadcrumbList only)",
        "tags": ".tags-bottom-container a",
        "related": "section#articleTeaser div.article-teaser",
    }

    def __init__(self, root: Element, container: Element | None, url: str) -> None:
        self.root = root
        self.container = container
        self.url = url

    def heading(self) -> tuple[str | None, str | None]:
        """``h1 > span.typo-r-topline-detail`` and ``h1 > span.typo-r-head-*-detail``."""
        h1 = first(_H1(self.container)) if self.container is not None else None
        if h1 is None:
            return None, None
        kicker = title = None
        for span in h1.iter("span"):
            names = classes(span)
            if "typo-r-topline-detail" in names:
                kicker = kicker or text_of(span)
            elif any(c.startswith("typo-r-head-") and c.endswith("-detail") for c in names):
                title = title or text_of(span)
        return kicker, title

    def teaser(self) -> str | None:
        if self.container is None:
            return None
        return text_of(first(_TEASER(self.container)))

    def authors(self) -> list[Author]:
        """Names in the head's ``.author-container``, with their profile links."""
        box = first(_HEAD_AUTHORS(self.container)) if self.container is not None else None
        if box is None:
            return []
        authors = []
        for span in _AUTHOR_NAMES(box):
            name = text_of(span)
            if name is None:
                continue
            link = next((a for a in span.iterancestors("a") if a.get("href")), None)
            href = attr(link, "href")
            authors.append(Author(name=name, url=urljoin(self.url, href) if href else None))
        return authors

    def image(self) -> Image | None:
        """The first ``figure`` in the article head, its ``figcaption.caption`` and credit."""
        if self.container is None:
            return None
        for child in self.container:
            if not isinstance(child.tag, str):
                continue
            names = classes(child)
            if "main-article-corpus" in names:
                break
            if not _NOT_LEAD_IMAGE.isdisjoint(names):
                continue
            figure = first(_FIGURE(child))
            if figure is None:
                continue
            src = first(_PICTURE_LINK(figure)) or first(_PICTURE_SRC(figure))
            if not src or not src.strip():
                return None
            caption = first(_FIGCAPTION(child))
            credit = first(_CREDIT(caption)) if caption is not None else None
            return Image(
                url=urljoin(self.url, src.strip()),
                caption=text_of(caption, skip=_is_credit),
                credit=strip_credit_prefix(text_of(credit)),
            )
        return None

    def body(self) -> Body:
        """``.main-article-corpus p.paragraph`` and ``h2`` in order, outside boxes and ads.

        The first paragraph's drop cap is joined to its word ("Na endlich!"), and a
        ``<location>BERLIN</location> <em class="source">taz</em> |`` dateline is taken out.
        """
        body = Body()
        corpus = first(_CORPUS(self.container)) if self.container is not None else None
        if corpus is None:
            return body
        for element in corpus.iter("p", "h2"):
            if _in_box(element, corpus):
                continue
            if element.tag == "h2":
                text = text_of(element)
                if text:
                    body.subheadings.append(Subheading(text=text, position=len(body.paragraphs)))
            elif has_class(element, "paragraph"):
                if not body.paragraphs and body.dateline is None:
                    body.dateline = _dateline(element)
                if body.dateline is not None and not body.paragraphs:
                    text = text_of(element, skip=_is_dateline)
                    text = strip_separator(text) if text else None
                else:
                    text = text_of(element)
                if text:
                    body.paragraphs.append(text)
        return body

    def visible_date(self) -> str | None:
        return None  # the page's JSON-LD and meta tags always state it

    def microdata(self, name: str) -> str | None:
        return None  # the new layout has no microdata beyond meta tags

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return []  # the new layout carries its trail as JSON-LD only

    def tags(self) -> list[str]:
        """``.tags-bottom-container a``, without the "#" shown before each tag."""
        tags = (text_of(link) for link in _TAGS(self.root))
        return [tag.lstrip("#").strip() for tag in tags if tag and tag.lstrip("#").strip()]

    def related_entries(self) -> list[Entry]:
        """``section#articleTeaser div.article-teaser``: two ``a.teaser-link`` to one href."""
        # The first section#articleTeaser, found by lxml's walk: half the instructions of
        # the XPath descendant::section[@id = 'articleTeaser'] (0.20 M to 0.09 M a page).
        block = next(
            (s for s in self.root.iterdescendants("section") if s.get("id") == "articleTeaser"),
            None,
        )
        if block is None:
            block = first(_RELATED_BLOCK_BY_HEADER(self.root))
        if block is None:
            return []
        return [entry for entry in map(_related_entry, _RELATED_ITEMS(block)) if entry]


def _related_entry(item: Element) -> Entry | None:
    """The first ``a.teaser-link``, ``p.typo-r-topline`` (kicker), ``p.headline`` (title) and
    ``div.typo-r-subline`` (teaser); None for an item with neither link nor title."""
    # One walk of the item instead of an XPath per part, as in the old layout.
    found: dict[str, Element] = {}
    for element in item.iterdescendants("a", "p", "div"):
        names = classes(element)
        tag = element.tag
        if tag == "a":
            if "teaser-link" in names and element.get("href") is not None:
                found.setdefault("link", element)
        elif tag == "p":
            if "typo-r-topline" in names:
                found.setdefault("kicker", element)
            if "headline" in names:
                found.setdefault("title", element)
        elif "typo-r-subline" in names:
            found.setdefault("teaser", element)
    link = found.get("link")
    title = text_of(found.get("title"))
    if link is None and title is None:
        return None
    return Entry(
        href=attr(link, "href"),
        title=title,
        kicker=text_of(found.get("kicker")),
        teaser=text_of(found.get("teaser")),
    )


def _dateline(paragraph: Element) -> Dateline | None:
    location = text_of(first(_DATELINE_LOCATION(paragraph)))
    source = text_of(first(_DATELINE_SOURCE(paragraph)))
    if location is None and source is None:
        return None
    return Dateline(location=location, source=source)
