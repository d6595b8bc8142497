"""The generic fallback: fields of a page whose template is unknown, or whose known layout
lost them. Asked only after structured data and the known layouts found nothing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from tazcrawler.items import Author, Subheading
from tazcrawler.pages._dateline import split_dateline
from tazcrawler.pages._dom import attr, first, text_of
from tazcrawler.pages._layout import Body
from tazcrawler.pages._related import Entry
from tazcrawler.pages._text import clean
from tazcrawler.urls import join_url

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

__all__ = ["SELECTORS", "authors", "body", "body_from_text", "published", "related", "title"]

SELECTORS = {
    "title": "h1 | article h2 | title",
    "authors": "a[rel=author]",
    "published": "time[datetime]",
    "paragraphs": "trafilatura (reader comments removed)",
    "related": 'block headed "Mehr zum Thema" | "Artikel zum Thema", a[href]',
}

_H1 = etree.XPath("descendant::h1")
# The title of the template the live site may have moved to (December 2025: "article h2").
_ARTICLE_H2 = etree.XPath("descendant::article/descendant::h2[1] | descendant::main//h2[1]")
_TITLE = etree.XPath("/html/head/title")
_TITLE_SUFFIX = re.compile(r"\s+[-|–]\s+taz\.de$", re.IGNORECASE)
_TIME = etree.XPath("descendant::time[@datetime]")
_REL_AUTHOR = etree.XPath("descendant::a[@rel = 'author']")
_HEADINGS = etree.XPath("descendant::*[self::h2 or self::h3 or self::header]")
_LINKS = etree.XPath("descendant::a[@href]")
_LINK_TITLE = etree.XPath("descendant::h3[1]")
_RELATED_HEADINGS = frozenset({"mehr zum thema", "artikel zum thema"})
# Containers of reader comments: old pages carry them below the article, and a generic
# reader (trafilatura among them) reads them as body text.
# Whole class or id tokens, or their parts between "_" and "-": "commentary" (a genre,
# the article's own wrapper) is not one.
_COMMENT_TOKEN = re.compile(
    r"(?:^|[_-])(?:comments?|commentlinks|kommentare?|leserkommentare|community)(?:$|[_-])",
    re.IGNORECASE,
)
_CONTAINER_TAGS = frozenset({"div", "section", "ul", "ol", "aside", "article", "footer"})


def _is_comments(element: Element) -> bool:
    if element.tag not in _CONTAINER_TAGS:
        return False
    marks = f"{element.get('class') or ''} {element.get('id') or ''}".split()
    return any(_COMMENT_TOKEN.search(mark) for mark in marks)


def _in_comments(element: Element) -> bool:
    return any(map(_is_comments, element.iterancestors()))


def title(root: Element) -> str | None:
    """The first ``h1`` outside comments, else the first ``h2`` of an ``article`` or
    ``main``, else the document title without " - taz.de"."""
    for h1 in _H1(root):
        if not _in_comments(h1):
            text = text_of(h1)
            if text:
                return text
    text = text_of(first(_ARTICLE_H2(root)))
    if text:
        return text
    text = text_of(first(_TITLE(root)))
    return clean(_TITLE_SUFFIX.sub("", text)) if text else None


def published(root: Element) -> str | None:
    """The first ``time[datetime]`` outside comments (those are the comments' dates)."""
    for element in _TIME(root):
        value = attr(element, "datetime")
        if value and not _in_comments(element):
            return value
    return None


def authors(root: Element, url: str) -> list[Author]:
    """``a[rel=author]`` outside comments, once each, with the link as profile URL."""
    found: list[Author] = []
    for link in _REL_AUTHOR(root):
        name = text_of(link)
        if name and not _in_comments(link) and name not in (a.name for a in found):
            href = attr(link, "href")
            found.append(Author(name=name, url=join_url(url, href) if href else None))
    return found


def related(root: Element) -> list[Entry]:
    """The links of the first block headed "Mehr zum Thema" or "Artikel zum Thema": the
    heading's parent, or the parent's parent when the heading sits in a head of its own."""
    for heading in _HEADINGS(root):
        if (text_of(heading) or "").casefold() not in _RELATED_HEADINGS:
            continue
        block = heading.getparent()
        while block is not None:
            links = [link for link in _LINKS(block) if attr(link, "href")]
            if links:
                return [
                    Entry(
                        href=attr(link, "href"),
                        title=text_of(first(_LINK_TITLE(link))) or text_of(link),
                    )
                    for link in links
                ]
            block = block.getparent() if block.getparent() is not root else None
    return []


def body(root: Element, known: set[str]) -> Body:
    """The body as trafilatura reads it from the page without its reader comments.

    trafilatura, not a heuristic of this project's: it is maintained for pages never seen,
    and it is asked only when the layouts found no body, so its cost (about 50 ms a page,
    ten times the whole extraction of a known layout, bench/fallback.py) is paid only then.
    Headings before the first paragraph and paragraphs equal to ``known`` texts (title,
    kicker, teaser) are left out; later headings become subheadings.
    """
    import trafilatura  # imported here: its import costs a second, and few pages need it

    page = _without_comments(root)
    xml = trafilatura.extract(
        etree.tostring(page, encoding="unicode", method="html"),
        output_format="xml",
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
        with_metadata=False,
    )
    found = Body()
    if not xml:
        return found
    main = first(etree.fromstring(xml.encode("utf-8")).xpath("/doc/main"))
    if main is None:
        return found
    for element in main.iter("p", "head"):
        text = clean("".join(element.itertext()))
        if not text or text in known:
            continue
        if element.tag == "head":
            if found.paragraphs:
                found.subheadings.append(Subheading(text=text, position=len(found.paragraphs)))
            continue
        if not found.paragraphs:
            found.dateline, text = split_dateline(text, need_source=True)
        if text:
            found.paragraphs.append(text)
    # A subheading after the last paragraph precedes nothing.
    found.subheadings = [s for s in found.subheadings if s.position < len(found.paragraphs)]
    return found


def body_from_text(text: str | None) -> Body:
    """A JSON-LD ``articleBody``: one paragraph a non-empty line."""
    found = Body()
    for line in (text or "").splitlines():
        paragraph = clean(line)
        if paragraph and not found.paragraphs:
            found.dateline, paragraph = split_dateline(paragraph, need_source=True)
        if paragraph:
            found.paragraphs.append(paragraph)
    return found


def _without_comments(root: Element) -> Element:
    page = etree.fromstring(etree.tostring(root), etree.HTMLParser())
    for element in list(page.iter(*_CONTAINER_TAGS)):
        if _is_comments(element) and element.getparent() is not None:
            element.getparent().remove(element)
    return page
