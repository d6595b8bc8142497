"""TextEditionPage: taz.de's text edition (a gopher menu, raw or as a proxy renders it)."""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from tazcrawler.items import Article, Image, RelatedArticle, Subheading
from tazcrawler.pages._dateline import split_dateline
from tazcrawler.pages._menu import GopherError, Line, Menu, read_menu
from tazcrawler.pages._related import MAX_RELATED, Entry, resolve
from tazcrawler.pages._text import clean, count_words, split_kicker
from tazcrawler.pages.article import NotAnArticle
from tazcrawler.pipelines.dates import is_date_only, parse_berlin
from tazcrawler.urls import article_id

if TYPE_CHECKING:
    from collections.abc import Callable

    from tazcrawler.items import Dateline

__all__ = ["TextEditionPage", "is_text_edition_url"]

# "# taz.de -- Kicker: Title"; the site name is optional, the "#" is not when it is absent.
_HEADING = re.compile(r"^(?:#+\s*(?:taz\.de\s+--\s+)?|taz\.de\s+--\s+)(?P<text>\S.*)$")
_SECTION = re.compile(r"^##\s+(?P<name>\S.*)$")
_TAGS, _RELATED = "TAGS", "ARTIKEL ZUM THEMA"
# A line that ends a sentence: the next line of a related block that holds ": " starts an
# entry ("Kicker: Title") rather than continuing the teaser.
_SENTENCE_END = re.compile(r"[.!?…“”\"»)]$")
_CUT = "…"
# Share of U+FFFD (undecodable bytes) or control characters above which a body is no text.
_MAX_JUNK = 0.05
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")


class _Parts(NamedTuple):
    heading: list[Line]
    teaser: list[Line]
    caption: list[Line]
    body: list[Line]
    date: list[Line]
    tags: list[Line]
    related: list[Line]


_NO_PARTS = _Parts([], [], [], [], [], [], [])


def is_text_edition_url(url: str) -> bool:
    """True for a gopher URL: its response is a text-edition menu, not an HTML page.

    >>> is_text_edition_url("gopher://taz.de/1/!5928990"), is_text_edition_url("https://taz.de/")
    (True, False)
    """
    return url.startswith("gopher://")


class TextEditionPage:
    """One article of the text edition; never fetches anything.

    ``url`` is where the text came from (a gopher URL, or a file URL offline); the article
    id is read from it, as the text itself names none. ``kind`` says what the text is
    ("article", "error", "not_text", "other") and ``reason`` why it is not an article.
    Fields the edition does not carry (authors, section, language, modified, image URL)
    are empty, never guessed.
    """

    layout = "text"

    def __init__(self, url: str, text: str) -> None:
        self.url = url
        self.text = text

    @classmethod
    def from_bytes(cls, url: str, body: bytes) -> TextEditionPage:
        """Decode as UTF-8 (gopher names no charset; taz serves UTF-8), bad bytes replaced."""
        return cls(url, body.decode("utf-8", errors="replace"))

    # -- what the text is ----------------------------------------------------------------

    @cached_property
    def _read(self) -> tuple[str, str, Menu | None, _Parts]:
        """(kind, reason, menu, parts); parts are empty unless the text is an article."""
        text = self.text
        if not text.strip():
            return "other", "empty text", None, _NO_PARTS
        if len(_CONTROL.findall(text)) > _MAX_JUNK * len(text):
            return "not_text", "binary data, not a text menu", None, _NO_PARTS
        try:
            menu = read_menu(text)
        except GopherError as exc:
            return "error", f"the server answered with an error item: {exc}", None, _NO_PARTS
        first = next((line.text for line in menu.lines if line.text.strip()), "")
        if not _HEADING.match(first.strip()):
            why = f"no heading line ('# taz.de -- Kicker: Title'); first {first!r}"
            return "other", why, menu, _NO_PARTS
        parts = _parts_of(menu)
        if not parts.body:
            why = "no article text under the heading (an index or another menu)"
            return "other", why, menu, _NO_PARTS
        return "article", "", menu, parts

    @property
    def kind(self) -> str:
        return self._read[0]

    @property
    def reason(self) -> str:
        return self._read[1]

    @property
    def _parts(self) -> _Parts:
        return self._read[3]

    # -- fields --------------------------------------------------------------------------

    @cached_property
    def article_id(self) -> str | None:
        """From the URL: the menu's selector ``/!<id>`` (the text names no id)."""
        return article_id(self.url)

    @cached_property
    def _heading(self) -> tuple[str | None, str | None]:
        lines = self._parts.heading
        match = _HEADING.match(lines[0].text.strip()) if lines else None
        return split_kicker(match["text"]) if match else (None, None)

    def kicker(self) -> str | None:
        """The part of the heading before the first ": "."""
        return self._heading[0]

    def title(self) -> str | None:
        """The heading after "taz.de -- " and the kicker."""
        return self._heading[1]

    def teaser(self) -> str | None:
        """The "> " lines under the heading, rejoined."""
        return clean(" ".join(line.text.lstrip(">") for line in self._parts.teaser))

    def image(self) -> Image | None:
        """The "Bild: " line: a caption without an image URL; a caption cut with "…" is
        marked ``caption_truncated`` and kept without the "…"."""
        lines = self._parts.caption
        caption = clean(lines[0].text.removeprefix("Bild:")) if lines else None
        if caption is None:
            return None
        cut = caption.endswith(_CUT)
        return Image(url=None, caption=clean(caption.removesuffix(_CUT)), caption_truncated=cut)

    @cached_property
    def _body(self) -> tuple[Dateline | None, list[str], list[Subheading]]:
        paragraphs: list[str] = []
        subheadings: list[Subheading] = []
        menu = self._read[2]
        blank_ends = menu is not None and menu.form == "menu"
        for block in _blocks(self._parts.body, blank_ends):
            match = _SECTION.match(block[0]) if len(block) == 1 else None
            if match:
                subheadings.append(Subheading(text=match["name"], position=len(paragraphs)))
            elif text := clean(" ".join(block)):
                paragraphs.append(text)
        dateline = None
        if paragraphs:
            dateline, first = split_dateline(paragraphs[0])
            if dateline is not None:
                paragraphs[0] = first
                if not first:
                    del paragraphs[0]
        subheadings = [s for s in subheadings if s.position < len(paragraphs)]
        return dateline, paragraphs, subheadings

    def dateline(self) -> Dateline | None:
        """ "Beirut ap |" before the first paragraph: location "Beirut", source "ap"."""
        return self._body[0]

    def paragraphs(self) -> list[str]:
        """Body lines rejoined into paragraphs. A paragraph ends where the source ends it:
        at an empty line, and in a rendering (or a menu without empty lines) at a line
        the next word would have fitted on, as a hard wrap leaves it."""
        return list(self._body[1])

    def subheadings(self) -> list[Subheading]:
        """ "## " lines inside the body (none seen; the edition's headings use the form)."""
        return list(self._body[2])

    def published(self) -> str | None:
        """The date line ("9 Nov 2017") as written; the dates pipeline keeps it a date."""
        lines = self._parts.date
        return clean(lines[0].text) if lines else None

    def tags(self) -> list[str]:
        """The lines (or link items) of ``## TAGS``, in order, duplicates included."""
        return [tag for tag in (clean(line.text) for line in self._parts.tags) if tag]

    @cached_property
    def _related(self) -> tuple[list[RelatedArticle], list[tuple[str, str]]]:
        lines = [line for line in self._parts.related if line.text.strip()]
        if any(line.is_link for line in lines):
            return self._linked_related(lines)
        return self._rendered_related(lines), []

    def _linked_related(
        self, lines: list[Line]
    ) -> tuple[list[RelatedArticle], list[tuple[str, str]]]:
        # A menu: each link item is an entry ("Kicker: Title"), the text lines under it its
        # teaser; text before the first link belongs to no entry.
        entries: list[tuple[Line, list[str]]] = []
        for line in lines:
            if line.is_link:
                entries.append((line, []))
            elif entries:
                entries[-1][1].append(line.text)
        resolved: list[Entry] = []
        for link, teaser in entries:
            kicker, title = split_kicker(link.text)
            resolved.append(
                Entry(link.url(), title=title, kicker=kicker, teaser=clean(" ".join(teaser)))
            )
        return resolve(resolved, self.url)

    def _rendered_related(self, lines: list[Line]) -> list[RelatedArticle]:
        # A rendering shows no links: an entry starts at a "Kicker: Title" line after a
        # sentence's end; the lines until the next entry are its teaser.
        entries: list[list[str]] = []
        for line in lines:
            text = line.text.strip()
            starts = not entries or (
                ": " in text and len(entries[-1]) > 1 and _SENTENCE_END.search(entries[-1][-1])
            )
            if starts:
                entries.append([text])
            else:
                entries[-1].append(text)
        related = []
        for position, (heading, *teaser) in enumerate(entries[:MAX_RELATED], start=1):
            kicker, title = split_kicker(heading)
            related.append(
                RelatedArticle(
                    article_id=None,
                    url=None,
                    position=position,
                    title=title,
                    kicker=kicker,
                    teaser=clean(" ".join(teaser)),
                )
            )
        return related

    def related(self) -> list[RelatedArticle]:
        """The ``## ARTIKEL ZUM THEMA`` entries: kicker, title, teaser, and the id and URL
        where the menu links the entry (a rendering shows no links: both None)."""
        return list(self._related[0])

    def skipped_related(self) -> list[tuple[str, str]]:
        """(url, reason) for linked entries that are not related articles, as ArticlePage."""
        return list(self._related[1])

    # -- the item ------------------------------------------------------------------------

    def to_item(self) -> Article:
        """The Article; raises NotAnArticle, with the reason, for any other text."""
        if self.kind != "article":
            raise NotAnArticle(f"not a text-edition article ({self.reason}): {self.url}")
        paragraphs = self.paragraphs()
        return Article(
            article_id=self.article_id,
            url=self.url,
            layout=self.layout,
            kicker=self.kicker(),
            title=self.title(),
            teaser=self.teaser(),
            published=self.published(),
            tags=self.tags(),
            dateline=self.dateline(),
            image=self.image(),
            paragraphs=paragraphs,
            subheadings=self.subheadings(),
            word_count=count_words(paragraphs),
            related=self.related(),
        )


def _parts_of(menu: Menu) -> _Parts:
    """The article's parts in their order: the heading line, "> " teaser lines, the
    "Bild: " line, the body, the date line; then the TAGS and ARTIKEL ZUM THEMA sections."""
    head, sections = _sections(menu.lines)
    heading, rest = head[:1], head[1:]
    while rest and not rest[0].text.strip():
        rest.pop(0)
    teaser = _take(rest, lambda line: line.text.startswith(">"))
    caption = _take(rest, lambda line: line.text.startswith("Bild:"))[:1]
    # Link items are no body text: a menu of links under a heading is an index.
    body = [line for line in rest if not line.is_link]
    # The date is the last line of the article part that is one; what follows it (none
    # seen) is not body text.
    date: list[Line] = []
    for index in range(len(body) - 1, -1, -1):
        value = body[index].text.strip()
        if is_date_only(value) and parse_berlin(value) is not None:
            date, body = [body[index]], body[:index]
            break
    if not any(line.text.strip() for line in body):
        body = []
    return _Parts(
        heading, teaser, caption, body, date, sections.get(_TAGS, []), sections.get(_RELATED, [])
    )


def _sections(lines: list[Line]) -> tuple[list[Line], dict[str, list[Line]]]:
    """The lines before the first ``## TAGS`` or ``## ARTIKEL ZUM THEMA``, and each such
    section's lines; a later section of another name ends the one before it."""
    head: list[Line] = []
    sections: dict[str, list[Line]] = {}
    current = head
    for line in lines:
        match = _SECTION.match(line.text.strip())
        name = match["name"].strip().upper() if match else None
        if name in (_TAGS, _RELATED):
            current = sections.setdefault(name, [])
        elif match and current is not head:
            current = []  # an unknown section after the article: not read
        else:
            current.append(line)
    return head, sections


def _take(lines: list[Line], wanted: Callable[[Line], bool]) -> list[Line]:
    """Remove and return the leading lines of ``lines`` for which ``wanted`` holds."""
    taken = []
    while lines and wanted(lines[0]):
        taken.append(lines.pop(0))
    return taken


def _blocks(lines: list[Line], blank_ends: bool) -> list[list[str]]:
    """The body's lines grouped into paragraphs (a "## " line is a block of its own).

    In a menu an empty text line ends a paragraph; when there is none (and always in a
    rendering), a line ends one if the next line's first word would have fitted on it:
    the text was wrapped at the widest line's width.
    """
    texts = [line.text.strip() for line in lines]
    has_blank = any(not text for text in texts)
    by_width = not (blank_ends and has_blank)
    width = max((len(text) for text in texts), default=0)
    blocks: list[list[str]] = []
    current: list[str] = []
    for index, text in enumerate(texts):
        if not text:
            if current:
                blocks.append(current)
            current = []
            continue
        if _SECTION.match(text):
            if current:
                blocks.append(current)
            blocks.append([text])
            current = []
            continue
        current.append(text)
        following = texts[index + 1] if index + 1 < len(texts) else ""
        if by_width and following and len(text) + 1 + len(following.split()[0]) <= width:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks
