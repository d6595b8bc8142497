"""Visible markup of the old tazxslt layout (``div.sect_article > article.sectbody``)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urljoin

from lxml import etree

from tazcrawler.items import Author, Image, Subheading
from tazcrawler.pages._dateline import split_dateline
from tazcrawler.pages._dom import attr, first, has_class, has_klass, klass, text_of
from tazcrawler.pages._layout import Body
from tazcrawler.pages._related import Entry
from tazcrawler.pages._text import strip_credit_prefix
from tazcrawler.urls import join_url

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

__all__ = ["OldLayout"]

_H1 = etree.XPath("./h1 | ./header/h1")
_KICKER_H4 = etree.XPath("./h4")  # 2016-18 pages: the kicker above the headline
_TEASER = etree.XPath(f"./p[{klass('intro')}]")
_TEASER_ANY = etree.XPath(".//*[@itemprop = 'description']")
# The same elements as descendant::*[@itemprop], in document order; libxml2 evaluates a
# predicate on every element of the page at several times the cost of this attribute step.
_ITEMPROPS = etree.XPath("descendant::*/@itemprop/..")
_AUTHOR_NAME = etree.XPath(".//*[@itemprop = 'name']")
_AUTHOR_URL = etree.XPath(".//a[@itemprop = 'url']/@href | .//a[@rel = 'author']/@href")
_PICTURE = etree.XPath(f"./a[@itemprop = 'image'] | ./a[{klass('picture')}]")
_CAPTION_AFTER = etree.XPath(f"following-sibling::*[1][self::p][{klass('caption')}]")
_CREDIT = etree.XPath(f"descendant::span[{klass('credit')}]")
_ROOTLINE = etree.XPath(f"descendant::ul[{klass('rootline')}]/li")
_CRUMB_NAME = etree.XPath(".//*[@itemprop = 'name']")
_TAGS = etree.XPath(f"descendant::div[{klass('sect_tags')}]/descendant::a[{klass('tag')}]")
_RELATED_HEADINGS = frozenset({"Mehr zum Thema", "Artikel zum Thema"})
_DATE = etree.XPath(f"descendant::li[{klass('date')}][1]")
_RELATED_ITEMS = etree.XPath(".//ul/li")
_ANY_LINK = etree.XPath(".//a[@href]")
_H2 = etree.XPath("./div/h2")
_IMG = etree.XPath("descendant::img[1]")


def _is_credit(element: Element) -> bool:
    return has_class(element, "credit")


def _is_author(element: Element) -> bool:
    return has_class(element, "author")


def _first_child(element: Element) -> Element | None:
    for child in element:
        if isinstance(child.tag, str):
            return child
    return None


class OldLayout:
    """Reads the old layout. ``container`` is ``article.sectbody`` or, on pages of about
    2015, ``div.sect_article > div.sectbody`` (None if absent)."""

    # The layer its authors count as: the old layout reads them as microdata.
    AUTHORS_LAYER = "microdata"
    # What each field is read from, as ``explain`` shows it.
    SELECTORS: ClassVar[dict[str, str]] = {
        "kicker": "h1 > span.kicker | article.sectbody > h4",
        "title": "h1 > span:last-child | h1",
        "teaser": "p.intro[itemprop=description]",
        "authors": "[itemprop=author] [itemprop=name]",
        "published": "li.date (text)",
        "image": "a.picture[itemprop=image], p.caption",
        "paragraphs": ".sectbody > p.article (none: plain p), h6",
        "section": "ul.rootline li",
        "tags": "div.sect_tags a.tag",
        "related": "div.sect_thema | div.sect_related, ul > li",
    }

    def __init__(self, root: Element, container: Element | None, url: str) -> None:
        self.root = root
        self.container = container
        self.url = url

    def heading(self) -> tuple[str | None, str | None]:
        """``h1 > span.kicker`` and the last other ``span``; 2016-18: ``h4`` kicker."""
        if self.container is None:
            return None, None
        kicker = title = None
        h1 = first(_H1(self.container))
        if h1 is not None:
            spans = [child for child in h1 if child.tag == "span"]
            kicker = text_of(first([span for span in spans if has_class(span, "kicker")]))
            rest = [s for s in spans if not has_class(s, "kicker") and not has_class(s, "hide")]
            if rest:
                title = text_of(rest[-1])
            elif not spans:
                title = text_of(h1)
        if kicker is None:
            kicker = text_of(first(_KICKER_H4(self.container)))
        return kicker, title

    def teaser(self) -> str | None:
        if self.container is None:
            return None
        return text_of(first(_TEASER(self.container) or _TEASER_ANY(self.container)))

    @cached_property
    def _itemprops(self) -> list[Element]:
        # Authors and dates are both microdata: one walk of the page finds either.
        found: list[Element] = _ITEMPROPS(self.root)
        return found

    def authors(self) -> list[Author]:
        """Author microdata: ``[itemprop=author]`` (``div`` elements, such as the
        ``div.sect_profile`` box, if there are any) with ``[itemprop=name]`` and a profile
        link, never from the comments ("community")."""
        marked = [
            element
            for element in self._itemprops
            if element.get("itemprop") == "author" and not _in_comments(element)
        ]
        authors = []
        for element in [element for element in marked if element.tag == "div"] or marked:
            name = text_of(first(_AUTHOR_NAME(element)))
            if name is None and not len(element):
                name = text_of(element)
            if name is None:
                continue
            href = element.get("href") if element.tag == "a" else first(_AUTHOR_URL(element))
            url = urljoin(self.url, href.strip()) if href and href.strip() else None
            authors.append(Author(name=name, url=url))
        return authors

    def image(self) -> Image | None:
        """``a.full.picture[itemprop=image]`` (its href is the microdata value), ``p.caption``."""
        if self.container is None:
            return None
        link = first(_PICTURE(self.container))
        if link is None:
            return None
        img = first(_IMG(link))
        src = attr(link, "href") or attr(img, "src")
        if src is None:
            return None
        caption = first(_CAPTION_AFTER(link))
        credit = first(_CREDIT(caption)) if caption is not None else None
        return Image(
            url=urljoin(self.url, src),
            caption=text_of(caption, skip=_is_credit),
            credit=strip_credit_prefix(text_of(credit)),
        )

    def body(self) -> Body:
        """``p.article`` children of the container in order, ``h6`` subheadings between them;
        on a page with no ``p.article`` at all, its plain ``p`` children but the teaser and
        captions.

        The first paragraph's dateline is taken out of its text in each of its forms:
        ``<em>Amman dpa |</em>`` (2016), ``<span>BERLIN</span> <em>taz</em> |`` (2021),
        ``TOKIO <em>taz</em> |`` (2015) and plain "BERLIN taz |" (an agency mark needed).
        """
        body = Body()
        if self.container is None:
            return body
        children = [child for child in self.container if child.tag in ("p", "h6")]
        marked = any(has_class(child, "article") for child in children if child.tag == "p")
        for child in children:
            if child.tag == "p" and (has_class(child, "article") or (not marked and _plain(child))):
                text = text_of(child)
                if text and not body.paragraphs:
                    body.dateline, text = split_dateline(text, need_source=not _marked(child))
                if text:
                    body.paragraphs.append(text)
            elif child.tag == "h6":
                text = text_of(child)
                if text:
                    body.subheadings.append(Subheading(text=text, position=len(body.paragraphs)))
        return body

    def visible_date(self) -> str | None:
        """The date as the page shows it: ``li.date`` ("13. 1. 2020", "10. 04. 2011")."""
        return text_of(first(_DATE(self.root)))

    def microdata(self, name: str) -> str | None:
        """``content`` of a microdata element such as ``li.date[itemprop=datePublished]``."""
        return self._microdata.get(name)

    @cached_property
    def _microdata(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for element in self._itemprops:
            value = (element.get("content") or "").strip()
            if value:
                found.setdefault(element.get("itemprop") or "", value)
        return found

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        """``ul.rootline`` items (BreadcrumbList microdata); the article itself is not listed."""
        crumbs = []
        for item in _rootline(self.root):
            name = text_of(first(_CRUMB_NAME(item))) or text_of(item)
            href = first(_ANY_LINK(item))
            if name:
                url = attr(href, "href")
                crumbs.append((name, join_url(self.url, url) if url else None))
        return crumbs

    def tags(self) -> list[str]:
        return [text for text in map(text_of, _TAGS(self.root)) if text]

    def related_entries(self) -> list[Entry]:
        """``div.sect_thema`` or ``div.sect_related`` headed "Mehr zum Thema" or "Artikel zum
        Thema", its ``ul > li``: ``a.objlink`` with ``h4`` kicker, ``h3`` title, ``p``."""
        blocks = _related_blocks(self.root)
        block = next((b for b in blocks if _is_more_on_topic(b)), first(blocks))
        if block is None:
            return []
        return [entry for entry in map(_related_entry, _RELATED_ITEMS(block)) if entry]


def _rootline(root: Element) -> list[Element]:
    """``ul.rootline > li``: as the XPath finds them, with lxml's walk finding the list (0.32 M
    to 0.19 M instructions a page). Two such lists may nest, where only the XPath gives the
    items in document order."""
    lists = [ul for ul in root.iterdescendants("ul") if has_klass(ul, "rootline")]
    if len(lists) > 1:
        return list(_ROOTLINE(root))
    return [item for ul in lists for item in ul.iterchildren("li")]


def _related_blocks(root: Element) -> list[Element]:
    """div.sect_thema (2023) and div.sect_related (2020-2022), in document order: what
    ``descendant::div[klass('sect_thema') or klass('sect_related')]`` finds, at half its
    instructions (1.26 M to 0.44 M a page; libxml2 evaluates the predicate on every div)."""
    return [
        div
        for div in root.iterdescendants("div")
        if "sect_" in (div.get("class") or "")  # rules out nearly every div, cheaply
        and (has_klass(div, "sect_thema") or has_klass(div, "sect_related"))
    ]


def _related_entry(item: Element) -> Entry | None:
    """``a.objlink`` (else any link) with ``h4`` kicker, ``h3`` title and the first ``p``
    outside the author line; None for an item with neither link nor title."""
    # One walk of the item in document order instead of an XPath per part, each a call
    # into libxml2 and a node-set of its own, for each of up to a dozen items.
    objlink = link = h3 = h4 = teaser = None
    for element in item.iterdescendants("a", "h3", "h4", "p"):
        tag = element.tag
        if tag == "a":
            if element.get("href") is not None:
                link = link if link is not None else element
                if objlink is None and has_class(element, "objlink"):
                    objlink = element
        elif tag == "h3":
            h3 = h3 if h3 is not None else element
        elif tag == "h4":
            h4 = h4 if h4 is not None else element
        elif teaser is None and not _in_author(element, item):
            teaser = element
    link = objlink if objlink is not None else link
    title = text_of(h3)
    if link is None and title is None:
        return None  # a button such as "Alle Artikel zum Thema", not an entry
    return Entry(
        href=attr(link, "href"),
        title=title,
        kicker=text_of(h4),
        teaser=text_of(teaser, skip=_is_author),
    )


def _in_comments(element: Element) -> bool:
    return any(
        ancestor.tag == "div" and "community" in (ancestor.get("class") or "")
        for ancestor in element.iterancestors()
    )


def _in_author(element: Element, item: Element) -> bool:
    """Whether an ancestor of ``element`` has the class "author"; those above ``item`` are
    asked only when none below is, as the block is rarely inside an author box."""
    for ancestor in element.iterancestors():
        if ancestor is item:
            return _is_author(item) or any(map(_is_author, item.iterancestors()))
        if _is_author(ancestor):
            return True
    return False


def _is_more_on_topic(block: Element) -> bool:
    return any(text_of(h2) in _RELATED_HEADINGS for h2 in _H2(block))


def _marked(paragraph: Element) -> bool:
    """Whether an ``em`` or ``span`` among the paragraph's first two children marks a
    dateline: ``<em>Amman dpa |</em>``, ``<span>BERLIN</span> <em>taz</em>``, ``TOKIO
    <em>taz</em>``."""
    child = _first_child(paragraph)
    return child is not None and child.tag in ("em", "span")


def _plain(paragraph: Element) -> bool:
    return not (has_class(paragraph, "intro") or has_class(paragraph, "caption"))
