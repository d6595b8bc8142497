"""ArticlePage: one saved or fetched taz.de article page turned into an Article."""

from __future__ import annotations

import codecs
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, ClassVar, cast
from urllib.parse import urljoin

from lxml import etree
from w3lib.encoding import html_body_declared_encoding, html_to_unicode, read_bom

from tazcrawler.items import Article, Author, Extraction, Image
from tazcrawler.pages import _fallback
from tazcrawler.pages._dom import first
from tazcrawler.pages._layers import Found, pick
from tazcrawler.pages._layout import Body
from tazcrawler.pages._new_layout import NewLayout
from tazcrawler.pages._old_layout import OldLayout
from tazcrawler.pages._related import resolve
from tazcrawler.pages._shared import detected_layout, structured_data
from tazcrawler.pages._structured import StructuredData, ld_string
from tazcrawler.pages._text import clean, count_words, split_kicker
from tazcrawler.pages.kind import page_kind
from tazcrawler.pages.parsing import parse_html
from tazcrawler.urls import article_id, join_url, url_kind

if TYPE_CHECKING:
    from collections.abc import Callable

    import parsel
    from lxml.etree import _Element as Element

    from tazcrawler.items import Dateline, RelatedArticle, Subheading
    from tazcrawler.pages._layers import Candidate
    from tazcrawler.pages._layout import LayoutReader

__all__ = ["FIELDS", "ArticlePage", "NotAnArticle"]

_CMS_ARTICLE_ID = etree.XPath("descendant::span[@id = 'cmsArticleID']/text()")
_HTML_LANG = etree.XPath("/html/@lang")


# The fields whose layer is recorded, besides the body's (paragraphs, subheadings, dateline).
_SOURCE_FIELDS = (
    "article_id", "kicker", "title", "teaser", "authors", "published", "modified", "section",
    "tags", "image", "language", "related",
)  # fmt: skip
# Every field extraction records, in record order, as ``explain`` shows them.
FIELDS = (*_SOURCE_FIELDS[:-1], "paragraphs", "subheadings", "dateline", "related")


@cache
def _labelled(layout: str, selector: str) -> str:
    return f"{layout}: {selector}"


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
        """The layout: "new" (``article.module-article``, typo-*), "old" (tazxslt sectbody)
        or "generic" (no known one: only structured data and the fallback are read)."""
        return self._detected[0]

    @cached_property
    def _reader(self) -> LayoutReader:
        layout, container = self._detected
        reader = NewLayout if layout == "new" else OldLayout
        return cast("LayoutReader", reader(self._root, container, self.url))

    @cached_property
    def _ld(self) -> dict[str, Any]:
        return self._data.article

    @cached_property
    def _heading(self) -> tuple[str | None, str | None]:
        return self._reader.heading()

    def _layout(
        self, field: str, read: Callable[[], Any], layer: str = "layout"
    ) -> list[Candidate]:
        """The layout's candidate for ``field``; none on a page of no known layout."""
        if self.layout == "generic":
            return []
        return [(layer, _labelled(self.layout, self._reader.SELECTORS[field]), read)]

    # -- the layers of each field --------------------------------------------------------

    def _article_id(self) -> list[Candidate]:
        data = self._data
        return [
            ("microdata", "meta[itemprop=cms-article-ID]",
             lambda: _digits(data.meta("itemprop:cms-article-id"))),
            # Hidden metadata markup on every template so far, not a layout's.
            ("meta", "span#cmsArticleID",
             lambda: next(filter(None, map(_digits, _CMS_ARTICLE_ID(self._root))), None)),
            ("meta", "meta[name=taz:title]@data-id", lambda: next(filter(None, map(
                _digits, (m.get("data-id") for m in data.meta_elements("name:taz:title"))
            )), None)),
            ("url", "!<digits> in the URL", lambda: article_id(self.url)),
        ]  # fmt: skip

    @cached_property
    def _full_titles(self) -> list[tuple[str, str, str | None]]:
        # The "Kicker: Title" forms; the h1 gives the two apart, these only joined.
        return [
            ("meta", "meta[name=taz:title]", self._data.meta("name:taz:title")),
            ("meta", "meta[property=og:title]", self._data.meta("property:og:title")),
            ("jsonld", "NewsArticle.headline", ld_string(self._ld.get("headline"))),
        ]

    def _kicker(self) -> list[Candidate]:
        def split(full: str | None) -> Callable[[], str | None]:
            def read() -> str | None:
                kicker, title = split_kicker(full)
                shown = self._heading[1] if self.layout != "generic" else None
                # Beside a title from the h1, only a split that gives that same title.
                return kicker if title and (shown is None or title == shown) else None

            return read

        return [
            *self._layout("kicker", lambda: self._heading[0]),
            *((layer, selector, split(full)) for layer, selector, full in self._full_titles),
        ]

    def _title(self) -> list[Candidate]:
        def split(full: str | None) -> Callable[[], str | None]:
            return lambda: split_kicker(full)[1]

        return [
            *self._layout("title", lambda: self._heading[1]),
            *((layer, selector, split(full)) for layer, selector, full in self._full_titles),
            ("fallback", _fallback.SELECTORS["title"], lambda: _fallback.title(self._root)),
        ]

    def _teaser(self) -> list[Candidate]:
        data = self._data
        return [
            ("jsonld", "NewsArticle.description",
             lambda: clean(ld_string(self._ld.get("description")))),
            *self._layout("teaser", self._reader.teaser),
            ("meta", "meta[name=description]", lambda: clean(data.meta("name:description"))),
            ("meta", "meta[property=og:description]",
             lambda: clean(data.meta("property:og:description"))),
        ]  # fmt: skip

    def _authors(self) -> list[Candidate]:
        def from_meta() -> list[Author]:
            names = self._data.metas("name:author") or self._data.metas("property:article:author")
            return [Author(name=name) for name in map(clean, names) if name]

        return [
            ("jsonld", "NewsArticle.author", self._ld_authors),
            *self._layout("authors", lambda: self._markup_authors, self._reader.AUTHORS_LAYER),
            ("meta", "meta[name=author] | meta[property=article:author]", from_meta),
            (
                "fallback",
                _fallback.SELECTORS["authors"],
                lambda: _fallback.authors(self._root, self.url),
            ),
        ]

    @cached_property
    def _markup_authors(self) -> list[Author]:
        return self._reader.authors()

    def _published(self) -> list[Candidate]:
        return [
            ("jsonld", "NewsArticle.datePublished",
             lambda: ld_string(self._ld.get("datePublished"))),
            ("meta", "meta[property=article:published_time]",
             lambda: self._data.meta("property:article:published_time")),
            ("microdata", "[itemprop=datePublished]@content",
             lambda: self._itemprop("datePublished")),
            *self._layout("published", self._reader.visible_date),
            ("fallback", _fallback.SELECTORS["published"],
             lambda: _fallback.published(self._root)),
        ]  # fmt: skip

    def _modified(self) -> list[Candidate]:
        return [
            ("jsonld", "NewsArticle.dateModified",
             lambda: ld_string(self._ld.get("dateModified"))),
            ("meta", "meta[property=article:modified_time]",
             lambda: self._data.meta("property:article:modified_time")),
            ("microdata", "[itemprop=dateModified]@content",
             lambda: self._itemprop("dateModified")),
        ]  # fmt: skip

    def _section(self) -> list[Candidate]:
        return [
            ("jsonld", "BreadcrumbList", lambda: self._ressort(self._data.breadcrumbs)),
            *self._layout("section", lambda: self._ressort(self._reader.breadcrumbs())),
            ("meta", "meta[property=article:section]",
             lambda: clean(self._data.meta("property:article:section"))),
        ]  # fmt: skip

    def _tags(self) -> list[Candidate]:
        data = self._data

        def cleaned(tags: list[str]) -> list[str]:
            return [tag for tag in map(clean, tags) if tag]

        return [
            ("meta", "meta[name=taz:tag] | meta[property=article:tag]",
             lambda: cleaned(data.metas("name:taz:tag") or data.metas("property:article:tag"))),
            *self._layout("tags", lambda: cleaned(self._reader.tags())),
            # Last: it mixes in noise ("taz", "tageszeitung", ressort names).
            ("meta", "meta[name=keywords]",
             lambda: cleaned((data.meta("name:keywords") or "").split(","))),
        ]  # fmt: skip

    def _language(self) -> list[Candidate]:
        data = self._data
        return [
            ("jsonld", "NewsArticle.inLanguage",
             lambda: _language(ld_string(self._ld.get("inLanguage")))),
            ("meta", "html@lang", lambda: _language(first(_HTML_LANG(self._root)))),
            ("meta", "meta[name=language] | meta[http-equiv=content-language]",
             lambda: _language(data.meta("name:language"))
             or _language(data.meta("http-equiv:content-language"))),
            ("meta", "meta[property=og:locale]",
             lambda: _language(data.meta("property:og:locale"))),
        ]  # fmt: skip

    def _image(self) -> list[Candidate]:
        return [
            ("jsonld", "NewsArticle.image", self._ld_image),
            *self._layout("image", lambda: self._markup_image),
            ("meta", "meta[property=og:image]",
             lambda: (self._data.meta("property:og:image") or "").strip() or None),
        ]  # fmt: skip

    def _body_layers(self) -> list[Candidate]:
        # The layout first, not JSON-LD articleBody: articleBody is plain text that loses
        # the subheadings and the dateline's markup, so it is trusted only when the markup
        # gives no body.
        return [
            *self._layout("paragraphs", self._reader.body),
            ("jsonld", "NewsArticle.articleBody",
             lambda: _fallback.body_from_text(ld_string(self._ld.get("articleBody")))),
            ("fallback", _fallback.SELECTORS["paragraphs"], self._fallback_body),
        ]  # fmt: skip

    def _fallback_body(self) -> Body:
        # Any page has text: only one that its markup names an article is read this way,
        # never an error page served at an article URL.
        if self.markup_article_id is None and page_kind(self.url, self.selector) != "article":
            return Body()
        known = {self.title(), self.kicker(), self.teaser()}
        return _fallback.body(self._root, {text for text in known if text})

    def _related_layers(self) -> list[Candidate]:
        return [
            *self._layout("related", self._reader.related_entries),
            ("fallback", _fallback.SELECTORS["related"], lambda: _fallback.related(self._root)),
        ]

    _LAYERS: ClassVar[dict[str, str]] = {
        "article_id": "_article_id", "kicker": "_kicker", "title": "_title",
        "teaser": "_teaser", "authors": "_authors", "published": "_published",
        "modified": "_modified", "section": "_section", "tags": "_tags",
        "image": "_image", "body": "_body_layers", "language": "_language",
        "related": "_related_layers",
    }  # fmt: skip

    def found(self, field: str, *, ask_all: bool = False) -> Found:
        """What the layers of ``field`` (one of ``FIELDS``) gave; cached."""
        if not ask_all and field in self._found:
            return self._found[field]
        result = pick(getattr(self, self._LAYERS[field])(), ask_all=ask_all)
        self._found.setdefault(field, result)
        return result

    @cached_property
    def _found(self) -> dict[str, Found]:
        return {}

    @cached_property
    def _body(self) -> Body:
        return self.found("body").value or Body()

    # -- fields --------------------------------------------------------------------------

    @cached_property
    def markup_article_id(self) -> str | None:
        """``meta[itemprop=cms-article-ID]``, ``span#cmsArticleID``, ``taz:title`` data-id."""
        found = self.found("article_id")
        return found.value if found.layer != "url" else None

    @cached_property
    def article_id(self) -> str | None:
        """From the markup, else from the URL."""
        return cast("str | None", self.found("article_id").value)

    def kicker(self) -> str | None:
        """The Dachzeile from the ``h1``; else split from "Kicker: Title" in taz:title,
        og:title or the JSON-LD headline, when it gives the ``h1``'s title."""
        return cast("str | None", self.found("kicker").value)

    def title(self) -> str | None:
        """The headline from the ``h1``; else split from taz:title/og:title/JSON-LD
        headline; else the generic fallback (any ``h1``, ``article h2``, ``<title>``)."""
        return cast("str | None", self.found("title").value)

    def teaser(self) -> str | None:
        """JSON-LD description, the layout's teaser (old: ``p.intro[itemprop=description]``),
        then the description meta tags."""
        return cast("str | None", self.found("teaser").value)

    def authors(self) -> list[Author]:
        """JSON-LD ``author[]``; else the layout's author markup; else ``meta[name=author]`` /
        ``article:author``; else ``a[rel=author]``. Names as found ("Von A und B" is split
        later), each name once; a missing profile URL is taken from the markup entry of the
        same name."""
        found = self.found("authors").value or []
        markup = self._markup_authors if self.layout != "generic" else []
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
        """Raw: JSON-LD datePublished, ``article:published_time``, itemprop datePublished,
        the date the layout shows ("10. 04. 2011"), a ``time[datetime]``."""
        return cast("str | None", self.found("published").value)

    def modified(self) -> str | None:
        """Raw: JSON-LD dateModified, ``article:modified_time``, itemprop dateModified."""
        return cast("str | None", self.found("modified").value)

    def _itemprop(self, name: str) -> str | None:
        return self._data.meta(f"itemprop:{name.lower()}") or self._reader.microdata(name)

    def section(self) -> str | None:
        """The most specific ressort: the last breadcrumb before the article itself.

        From the JSON-LD BreadcrumbList (new layout), else the ``ul.rootline`` microdata
        (old layout), else ``article:section``. "Startseite" (the home page) and a trailing
        crumb naming this article are dropped: for !5928990, Startseite > Politik >
        Deutschland > <article> gives "Deutschland".
        """
        return cast("str | None", self.found("section").value)

    def _ressort(self, crumbs: list[tuple[str, str | None]]) -> str | None:
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
        return list(self.found("tags").value or [])

    def language(self) -> str | None:
        """JSON-LD inLanguage, ``html@lang``, ``meta[name=language]``, og:locale: "de"."""
        return cast("str | None", self.found("language").value)

    def dateline(self) -> Dateline | None:
        """Location and source taken out of the first paragraph; location case as written."""
        return self._body.dateline

    def image(self) -> Image | None:
        """The lead image: URL from JSON-LD image, the layout's picture, or og:image;
        caption and credit (without "Foto: ") from the layout's markup."""
        found = self.found("image").value
        if found is None or isinstance(found, Image):  # the layout's, caption and credit too
            return found
        markup = self._markup_image
        url = urljoin(self.url, found)
        if markup is None:
            return Image(url=url)
        return Image(url=url, caption=markup.caption, credit=markup.credit)

    @cached_property
    def _markup_image(self) -> Image | None:
        return self._reader.image() if self.layout != "generic" else None

    def _ld_image(self) -> str | None:
        value = self._ld.get("image")
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("url") or value.get("contentUrl") or value.get("@id")
        return ld_string(value)

    def paragraphs(self) -> list[str]:
        """Body paragraphs as a reader sees them, without boxes, ads, captions, dateline,
        reader comments.

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
        return resolve(self.found("related").value or [], self.url)

    def related(self) -> list[RelatedArticle]:
        """Articles of the "Mehr zum Thema" block only, de-duplicated, fragments stripped."""
        return list(self._related[0])

    def skipped_related(self) -> list[tuple[str, str]]:
        """(absolute url, reason) for entries of the block that are not in :meth:`related`:
        "not_article:<kind>", "off_site", "duplicate", or "no_link" (url "")."""
        return list(self._related[1])

    def extraction(self) -> Extraction:
        """The layout and, for each field found, the layer it came from."""
        body = self.found("body").layer
        sources = {field: self.found(field).layer for field in _SOURCE_FIELDS}
        sources["paragraphs"] = body
        sources["subheadings"] = body if self._body.subheadings else None
        sources["dateline"] = body if self._body.dateline else None
        if not self._related[0]:
            sources["related"] = None
        return Extraction(
            layout=self.layout,
            sources={field: layer for field, layer in sources.items() if layer is not None},
        )

    # -- the item ------------------------------------------------------------------------

    def to_item(self) -> Article:
        """The Article; provenance fields stay at their defaults, canonical_url stays None.

        Raises NotAnArticle if there is no article id at all, or neither a markup id nor a
        body (e.g. an error page served at an article URL).
        """
        ident = self.article_id
        if ident is None:
            raise NotAnArticle(f"not an article page (no article id in URL or markup): {self.url}")
        if self.markup_article_id is None and not self.paragraphs():
            raise NotAnArticle(
                f"not an article page (no article id in the markup and no body): {self.url}"
            )
        return Article(
            article_id=ident,
            url=self.url,
            layout=self.layout if self.layout != "generic" else None,
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
            extraction=self.extraction(),
        )
