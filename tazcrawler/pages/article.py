"""ArticlePage: one saved or fetched taz.de article page turned into an Article."""

from __future__ import annotations

import codecs
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from lxml import etree
from w3lib.encoding import html_body_declared_encoding, html_to_unicode, read_bom

from tazcrawler.items import Article, Author, Image
from tazcrawler.pages._dom import first
from tazcrawler.pages._new_layout import NewLayout
from tazcrawler.pages._old_layout import OldLayout
from tazcrawler.pages._related import resolve
from tazcrawler.pages._shared import detected_layout, structured_data
from tazcrawler.pages._structured import StructuredData, ld_string
from tazcrawler.pages._text import clean, count_words, split_kicker
from tazcrawler.pages.parsing import parse_html
from tazcrawler.urls import article_id, join_url, url_kind

if TYPE_CHECKING:
    import parsel
    from lxml.etree import _Element as Element

    from tazcrawler.items import Dateline, RelatedArticle, Subheading
    from tazcrawler.pages._layout import Body, LayoutReader

__all__ = ["ArticlePage", "NotAnArticle"]

_CMS_ARTICLE_ID = etree.XPath("descendant::span[@id = 'cmsArticleID']/text()")
_HTML_LANG = etree.XPath("/html/@lang")


class NotAnArticle(ValueError):
    """The page has neither an article id in its markup nor an article body."""


def _digits(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if value.isdigit() else None


def _language(value: str | None) -> str | None:
    """The primary language subtag: "de_DE" and "de-DE" give "de"."""
    value = (value or "").strip().replace("_", "-").split("-")[0].lower()
    return value or None


class ArticlePage:
    """A taz.de article page, in either layout; never fetches anything.

    Each field is read from structured data first (JSON-LD, meta tags, microdata) and from
    the visible markup of the page's layout second, except kicker and title: the ``h1``
    gives them separately, the structured forms only joined as "Kicker: Title".
    Inputs are attributes; fields are small methods over cached, once-parsed parts.
    """

    def __init__(self, url: str, selector: parsel.Selector) -> None:
        self.url = url
        self.selector = selector

    @classmethod
    def from_html(cls, url: str, html: str | bytes) -> ArticlePage:
        """Parse saved HTML; bytes are decoded as a browser would (BOM, meta charset, UTF-8).

        The encoding is chosen as ``w3lib.encoding.html_to_unicode`` chooses it. UTF-8
        without a BOM, the common case, goes to lxml as bytes (parsel replaces invalid
        bytes), which saves decoding the whole page and encoding it again.
        """
        if isinstance(html, str):
            return cls(url, parse_html(url, text=html))
        if read_bom(html)[0] is None:
            declared = html_body_declared_encoding(html) or "utf-8"
            if codecs.lookup(declared).name == "utf-8":
                return cls(url, parse_html(url, body=html))
        _, text = html_to_unicode(None, html)
        return cls(url, parse_html(url, text=text))

    # -- parsed inputs -------------------------------------------------------------------

    @cached_property
    def _root(self) -> Element:
        return self.selector.root

    @cached_property
    def _data(self) -> StructuredData:
        return structured_data(self.selector)

    @cached_property
    def _detected(self) -> tuple[str, Element | None]:
        return detected_layout(self.selector)

    @property
    def layout(self) -> str:
        """The layout: "new" (``article.module-article``, typo-*) or "old" (tazxslt sectbody)."""
        return self._detected[0]

    @cached_property
    def _reader(self) -> LayoutReader:
        layout, container = self._detected
        reader = NewLayout if layout == "new" else OldLayout
        return reader(self._root, container, self.url)

    @cached_property
    def _ld(self) -> dict[str, Any]:
        return self._data.article

    @cached_property
    def _body(self) -> Body:
        return self._reader.body()

    @cached_property
    def _heading(self) -> tuple[str | None, str | None]:
        kicker, title = self._reader.heading()
        full_kicker, full_title = (None, None)
        for full in (
            self._data.meta("name:taz:title"),
            self._data.meta("property:og:title"),
            ld_string(self._ld.get("headline")),
        ):
            full_kicker, full_title = split_kicker(full)
            if full_title:
                break
        if title is None:
            return kicker or full_kicker, full_title
        if kicker is None and full_title == title:
            kicker = full_kicker
        return kicker, title

    # -- fields --------------------------------------------------------------------------

    @cached_property
    def markup_article_id(self) -> str | None:
        """``meta[itemprop=cms-article-ID]``, ``span#cmsArticleID``, ``taz:title`` data-id."""
        data = self._data
        found = _digits(data.meta("itemprop:cms-article-id"))
        if found is None:
            found = next(filter(None, map(_digits, _CMS_ARTICLE_ID(self._root))), None)
        if found is None:
            ids = (meta.get("data-id") for meta in data.meta_elements("name:taz:title"))
            found = next(filter(None, map(_digits, ids)), None)
        return found

    @cached_property
    def article_id(self) -> str | None:
        """From the markup, else from the URL."""
        return self.markup_article_id or article_id(self.url)

    def kicker(self) -> str | None:
        """The Dachzeile from the ``h1``; else split from "Kicker: Title" in taz:title/og:title."""
        return self._heading[0]

    def title(self) -> str | None:
        """The headline from the ``h1``; else split from taz:title/og:title/JSON-LD headline."""
        return self._heading[1]

    def teaser(self) -> str | None:
        """JSON-LD description, the layout's teaser (old: ``p.intro[itemprop=description]``),
        then the description meta tags."""
        return (
            clean(ld_string(self._ld.get("description")))
            or self._reader.teaser()
            or clean(self._data.meta("name:description"))
            or clean(self._data.meta("property:og:description"))
        )

    def authors(self) -> list[Author]:
        """JSON-LD ``author[]``; else the layout's author markup; else ``meta[name=author]`` /
        ``article:author``. Names as found ("Von A und B" is split later), each name once;
        a missing profile URL is taken from the markup entry of the same name."""
        markup = self._reader.authors()
        found = self._ld_authors() or markup
        if not found:
            names = self._data.metas("name:author") or self._data.metas("property:article:author")
            found = [Author(name=name) for name in map(clean, names) if name]
        urls = {author.name: author.url for author in markup if author.url}
        authors: list[Author] = []
        seen: set[str] = set()
        for author in found:
            if author.name.casefold() in seen:
                continue
            seen.add(author.name.casefold())
            authors.append(Author(name=author.name, url=author.url or urls.get(author.name)))
        return authors

    def _ld_authors(self) -> list[Author]:
        value = self._ld.get("author")
        authors = []
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                name, url = clean(item), None
            elif isinstance(item, dict):
                name, url = clean(ld_string(item.get("name"))), ld_string(item.get("url"))
            else:
                continue
            if name:
                authors.append(Author(name=name, url=urljoin(self.url, url) if url else None))
        return authors

    def published(self) -> str | None:
        """Raw: JSON-LD datePublished, ``article:published_time``, itemprop datePublished."""
        return (
            ld_string(self._ld.get("datePublished"))
            or self._data.meta("property:article:published_time")
            or self._itemprop("datePublished")
        )

    def modified(self) -> str | None:
        """Raw: JSON-LD dateModified, ``article:modified_time``, itemprop dateModified."""
        return (
            ld_string(self._ld.get("dateModified"))
            or self._data.meta("property:article:modified_time")
            or self._itemprop("dateModified")
        )

    def _itemprop(self, name: str) -> str | None:
        return self._data.meta(f"itemprop:{name.lower()}") or self._reader.microdata(name)

    def section(self) -> str | None:
        """The most specific ressort: the last breadcrumb before the article itself.

        From the JSON-LD BreadcrumbList (new layout), else the ``ul.rootline`` microdata
        (old layout). "Startseite" (the home page) and a trailing crumb naming this article
        are dropped: for !5928990, Startseite > Politik > Deutschland > <article> gives
        "Deutschland".
        """
        crumbs = self._data.breadcrumbs or self._reader.breadcrumbs()
        names = [name for name, url in crumbs if not self._is_self_or_home(name, url)]
        return names[-1] if names else None

    def _is_self_or_home(self, name: str, url: str | None) -> bool:
        if url is not None:
            absolute = join_url(self.url, url)
            if url_kind(absolute) == "article" or absolute.rstrip("/") == self.url.rstrip("/"):
                return True
            if absolute.split("://", 1)[-1].rstrip("/").count("/") == 0:
                return True  # the site root
        title = self.title()
        return name in ("Startseite", "Home", "taz.de") or (
            title is not None and name.endswith(title)
        )

    def tags(self) -> list[str]:
        """Raw, in page order: ``meta[name=taz:tag]``, ``meta[property=article:tag]``, the
        visible tag links, and only then the keywords meta (which mixes in noise)."""
        data = self._data
        tags = data.metas("name:taz:tag") or data.metas("property:article:tag")
        if not tags:
            tags = self._reader.tags()
        if not tags:
            keywords = data.meta("name:keywords") or ""
            tags = keywords.split(",")
        return [tag for tag in map(clean, tags) if tag]

    def language(self) -> str | None:
        """JSON-LD inLanguage, ``html@lang``, ``meta[name=language]``, og:locale: "de"."""
        data = self._data
        candidates = [
            ld_string(self._ld.get("inLanguage")),
            first(_HTML_LANG(self._root)),
            data.meta("name:language"),
            data.meta("http-equiv:content-language"),
            data.meta("property:og:locale"),
        ]
        return next((lang for lang in map(_language, candidates) if lang), None)

    def dateline(self) -> Dateline | None:
        """Location and source taken out of the first paragraph; location case as written."""
        return self._body.dateline

    def image(self) -> Image | None:
        """The lead image: URL from JSON-LD image, the layout's picture, or og:image;
        caption and credit (without "Foto: ") from the layout's markup."""
        markup = self._reader.image()
        url = self._ld_image() or (markup.url if markup else None)
        url = url or (self._data.meta("property:og:image") or "").strip() or None
        if url is None:
            return None
        url = urljoin(self.url, url)
        if markup is None:
            return Image(url=url)
        return Image(url=url, caption=markup.caption, credit=markup.credit)

    def _ld_image(self) -> str | None:
        value = self._ld.get("image")
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("url") or value.get("contentUrl") or value.get("@id")
        return ld_string(value)

    def paragraphs(self) -> list[str]:
        """Body paragraphs as a reader sees them, without boxes, ads, captions, dateline.

        Whitespace (including no-break spaces) is collapsed and zero-width characters are
        dropped; soft hyphens (U+00AD) are kept as published.
        """
        return list(self._body.paragraphs)

    def subheadings(self) -> list[Subheading]:
        """Subheadings, each with the index of the paragraph it precedes."""
        return list(self._body.subheadings)

    def word_count(self) -> int:
        return count_words(self._body.paragraphs)

    @cached_property
    def _related(self) -> tuple[list[RelatedArticle], list[tuple[str, str]]]:
        return resolve(self._reader.related_entries(), self.url)

    def related(self) -> list[RelatedArticle]:
        """Articles of the "Mehr zum Thema" block only, de-duplicated, fragments stripped."""
        return list(self._related[0])

    def skipped_related(self) -> list[tuple[str, str]]:
        """(absolute url, reason) for entries of the block that are not in :meth:`related`:
        "not_article:<kind>", "off_site", "duplicate", or "no_link" (url "")."""
        return list(self._related[1])

    # -- the item ------------------------------------------------------------------------

    def to_item(self) -> Article:
        """The Article; provenance fields stay at their defaults, canonical_url stays None.

        Raises NotAnArticle if there is no article id at all, or neither a markup id nor a
        body (e.g. an error page served at an article URL).
        """
        ident = self.article_id
        if ident is None or (self.markup_article_id is None and not self.paragraphs()):
            raise NotAnArticle(f"not an article page (no article id and no body): {self.url}")
        return Article(
            article_id=ident,
            url=self.url,
            layout=self.layout,
            kicker=self.kicker(),
            title=self.title(),
            teaser=self.teaser(),
            authors=self.authors(),
            published=self.published(),
            modified=self.modified(),
            section=self.section(),
            tags=self.tags(),
            dateline=self.dateline(),
            image=self.image(),
            paragraphs=self.paragraphs(),
            subheadings=self.subheadings(),
            word_count=self.word_count(),
            language=self.language(),
            related=self.related(),
        )
