"""A taz test site of any size: N generated articles in both layouts, at real page size."""

from __future__ import annotations

import functools
import random
from collections import deque
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from testsite.content import AUTHORS, PUBLISHED, RESSORTS, TAGS
from testsite.feeds import Listings
from testsite.model import BERLIN, Article, Dateline, Image, RelatedLink, Subheading, slugify
from testsite.server import ARTICLE_PATH_RE, HTML, Response, render_article
from testsite.server import route as sample_route

__all__ = ["FIRST_ID", "MAX_ARTICLES", "MIN_ARTICLES", "NEWS_COUNT", "GeneratedSite"]

MIN_ARTICLES = 10
MAX_ARTICLES = 100_000
# Generated ids: FIRST_ID + index, 7 digits like taz's, apart from the sample site's 10000xx.
FIRST_ID = 3_000_000
# Ids named by related links that answer 404: never articles of any generated site.
_MISSING_BASE = 3_900_000
# Real article pages weigh 130-160 KB; each page draws its size from this range.
PAGE_BYTES = (134_000, 156_000)
# Share of related links that are short URLs ("/!<id>/", answered by a 301 to the slug
# URL), that name a missing article (404), and that point at a hub.
_SHORT_SHARE = 0.15
_MISSING_SHARE = 0.03
_HUB_SHARE = 0.2
# Every _ORPHAN_EVERY-th article is linked from nowhere: not reachable from the seed.
_ORPHAN_EVERY = 97

_VOCABULARY = (
    "Berlin Hamburg Bezirk Senat Land Bund Stadt Kiez Miete Mieten Wohnung Wohnungen Haus "
    "Häuser Neubau Altbau Genossenschaft Initiative Verwaltung Gericht Gesetz Urteil Klage "
    "Vermieter Mieterin Mieter Eigentümer Fonds Investor Kaufpreis Verkehrswert Gutachten "
    "Sanierung Heizung Energie Klima Kohle Wind Strom Preis Preise Haushalt Zuschuss "
    "Förderung Programm Quote Antrag Ausschuss Sitzung Abstimmung Mehrheit Koalition "
    "Opposition Fraktion Partei Sprecherin Sprecher Bürgermeisterin Stadtrat Ministerium "
    "Behörde Amt Termin Woche Monat Jahr Jahren Sommer Winter Herbst Frühjahr Straße Platz "
    "Ufer Kanal Park Schule Kita Arbeit Lohn Rente Familie Kinder Eltern Nachbarn Menschen "
    "viele wenige einige alle neue alte große kleine schnelle lange schwierige offene "
    "teure günstige städtische private öffentliche soziale politische rechtliche "
    "sagt erklärt fordert prüft plant baut kauft verkauft kündigt zahlt wartet hofft "
    "fürchtet kritisiert beschließt verhandelt entscheidet und oder aber doch denn weil "
    "dass wenn ob als wie nach vor seit bis mit ohne für gegen über unter zwischen bei "
    "aus von zu im am in auf an der die das den dem des ein eine einen einem nicht noch "
    "schon nur auch sehr mehr weniger immer wieder bereits bisher künftig jetzt heute"
)
_WORDS = tuple(_VOCABULARY.split())
_LOCATIONS = ("BERLIN", "HAMBURG", "BREMEN", "LEIPZIG", "KÖLN", "MÜNCHEN", "BRÜSSEL")
_SOURCES = ("taz", "dpa", "afp", "epd", "rtr")
_CREDITS = ("Hanna Kessler", "Ole Brandt", "Jonas Weber", "Mira Falk", "dpa", "imago")
# Inner ressorts only: ressort_chain() needs the path to exist in RESSORTS.
_RESSORT_PATHS = tuple(RESSORTS)
_AUTHOR_LIST = tuple(AUTHORS.values())
_TAG_LIST = tuple(TAGS.values())
# Before the new layout went live (mid October 2024) pages were saved in the old one.
_NEW_LAYOUT_FROM = datetime(2024, 10, 15, tzinfo=BERLIN)
# A generated site's news sitemap and feed list its newest 250 articles: taz's news sitemap
# spans two days, at 100 to 150 articles a day.
NEWS_COUNT = 250


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(_WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(_WORDS, k=rng.randint(low, high))).capitalize()


def _layout_and_published(rng: random.Random) -> tuple[str, datetime]:
    """The first draws of an article's stream: its layout and publication time."""
    layout = "new" if rng.random() < 0.5 else "old"
    if layout == "new":
        published = _NEW_LAYOUT_FROM + timedelta(minutes=rng.randrange(400 * 24 * 60))
    else:
        published = datetime(2016, 1, 4, tzinfo=BERLIN) + timedelta(
            minutes=rng.randrange(3000 * 24 * 60)
        )
    # Whole minutes in local time, away from the night of a DST switch.
    return layout, published.replace(hour=rng.randint(6, 22), second=0, microsecond=0)


class GeneratedSite:
    """``articles`` invented articles, a pure function of (``articles``, ``seed``).

    Article ``FIRST_ID + i`` is built from its own random stream, so any page is rendered
    without building the others; the "Mehr zum Thema" graph (2-8 entries a page) has a ring
    through all linked articles (cycles, every one reachable from the seed), hubs that many
    pages link to, links to missing articles (404) and short URLs (301 to the slug URL).
    Every ``_ORPHAN_EVERY``-th article is linked from nowhere.
    """

    def __init__(self, articles: int, seed: int = 0) -> None:
        if not MIN_ARTICLES <= articles <= MAX_ARTICLES:
            raise ValueError(f"articles must be {MIN_ARTICLES}..{MAX_ARTICLES}, not {articles}")
        self.articles = articles
        self.seed = seed
        rng = random.Random(f"taz-site:{articles}:{seed}:hubs")
        hub_count = max(3, round(articles**0.5 / 4))
        self.hubs = tuple(sorted(rng.sample(range(1, articles), min(hub_count, articles - 1))))
        # Pages and articles are built on demand into bounded caches: a 100,000-article site
        # is never held whole. Headings and related hrefs, ~300 bytes an article, are kept.
        self._article = functools.lru_cache(maxsize=4096)(self._build_article)
        self._page = functools.lru_cache(maxsize=256)(self._render_page)
        self._headings = functools.lru_cache(maxsize=None)(self._build_heading)
        self.related_hrefs = functools.lru_cache(maxsize=None)(self._related_hrefs)
        self._by_date = functools.cache(self._order_by_date)
        self.listings = Listings(self.newest, NEWS_COUNT)

    # -- the graph ------------------------------------------------------------------------

    @property
    def seed_id(self) -> str:
        return str(FIRST_ID)

    def article_ids(self) -> range:
        return range(FIRST_ID, FIRST_ID + self.articles)

    def index(self, article_id: str) -> int | None:
        """The index of ``article_id`` in this site, None if no such article."""
        if not article_id.isdigit():
            return None
        index = int(article_id) - FIRST_ID
        return index if 0 <= index < self.articles else None

    def _is_orphan(self, index: int) -> bool:
        return index % _ORPHAN_EVERY == _ORPHAN_EVERY - 1 and index not in self.hubs

    def _next_linked(self, index: int) -> int:
        following = (index + 1) % self.articles
        while self._is_orphan(following):
            following = (following + 1) % self.articles
        return following

    def _rng(self, index: int, what: str) -> random.Random:
        return random.Random(f"taz-site:{self.seed}:{index}:{what}")

    def _related_hrefs(self, index: int) -> tuple[str, ...]:
        """The hrefs of article ``index``'s related block, in order (``related_hrefs``)."""
        rng = self._rng(index, "related")
        count = rng.randint(2, 8)
        targets = [self._next_linked(index)]
        missing: list[int] = []
        while len(targets) + len(missing) < count:
            roll = rng.random()
            if roll < _MISSING_SHARE:
                missing.append(_MISSING_BASE + rng.randrange(self.articles))
                continue
            target = (
                rng.choice(self.hubs)
                if roll < _MISSING_SHARE + _HUB_SHARE
                else rng.randrange(self.articles)
            )
            if target != index and target not in targets and not self._is_orphan(target):
                targets.append(target)
        rng.shuffle(targets)
        hrefs = []
        for target in targets:
            article_id = FIRST_ID + target
            if rng.random() < _SHORT_SHARE:
                hrefs.append(f"/!{article_id}/")
            else:
                hrefs.append(f"/{self._slug(target)}/!{article_id}/")
        # Missing articles go last, as depublished entries tend to sit at the end.
        hrefs += [f"/Depubliziert/!{m}/" for m in missing]
        return tuple(hrefs)

    def related_ids(self, article_id: str) -> list[str]:
        """Ids named by the related block of ``article_id`` ([] if it is no article here)."""
        index = self.index(article_id)
        if index is None:
            return []
        return [href.rstrip("/").rsplit("!", 1)[1] for href in self.related_hrefs(index)]

    def reachable(self, max_depth: int | None = None) -> dict[str, int]:
        """Breadth-first depth of every existing article reachable from the seed."""
        depths = {self.seed_id: 0}
        queue = deque([self.seed_id])
        while queue:
            current = queue.popleft()
            if max_depth is not None and depths[current] >= max_depth:
                continue
            for target in self.related_ids(current):
                if target not in depths and self.index(target) is not None:
                    depths[target] = depths[current] + 1
                    queue.append(target)
        return depths

    # -- the articles ---------------------------------------------------------------------

    def _heading(self, index: int) -> tuple[str, str, str]:
        """Kicker, title and teaser: what teasers elsewhere show of article ``index``."""
        return self._headings(index)

    def _build_heading(self, index: int) -> tuple[str, str, str]:
        rng = self._rng(index, "heading")
        return _phrase(rng, 2, 3), _phrase(rng, 4, 7), _sentence(rng, 14, 26)

    def _slug(self, index: int) -> str:
        return slugify(self._heading(index)[0]) or "Artikel"

    def article(self, index: int) -> Article:
        """Article ``index`` (0-based; the seed is 0)."""
        return self._article(index)

    def _build_article(self, index: int) -> Article:
        rng = self._rng(index, "article")
        kicker, title, teaser = self._heading(index)
        layout, published = _layout_and_published(rng)
        paragraphs = []
        for _ in range(rng.randint(8, 16)):
            paragraph = " ".join(_sentence(rng, 8, 22) for _ in range(rng.randint(2, 5)))
            if rng.random() < 0.08:
                # An in-text link to another article: never followed by the crawler.
                other = rng.randrange(self.articles)
                paragraph += f" [Mehr dazu](/{self._slug(other)}/!{FIRST_ID + other}/)."
            paragraphs.append(paragraph)
        subheadings = tuple(
            Subheading(_phrase(rng, 2, 5), position)
            for position in sorted(rng.sample(range(2, len(paragraphs)), rng.randint(0, 3)))
        )
        related = []
        for href in self.related_hrefs(index):
            target = self.index(href.rstrip("/").rsplit("!", 1)[1])
            if target is None:
                kicker_r, title_r, teaser_r = _phrase(rng, 2, 3), _phrase(rng, 4, 6), ""
            else:
                kicker_r, title_r, teaser_r = self._heading(target)
            related.append(
                RelatedLink(
                    href,
                    kicker=kicker_r,
                    title=title_r,
                    teaser=teaser_r,
                    author=rng.choice(_AUTHOR_LIST).name,
                    image=self._image(rng, f"r{index}") if rng.random() < 0.7 else None,
                )
            )
        article_id = str(FIRST_ID + index)
        return Article(
            article_id=article_id,
            slug=self._slug(index),
            layout=layout,
            kind="commentary" if rng.random() < 0.15 else "report",
            kicker=kicker,
            title=title,
            teaser=teaser,
            published=published,
            modified=published + timedelta(minutes=rng.randint(5, 600))
            if rng.random() < 0.4
            else None,
            ressort=rng.choice(_RESSORT_PATHS),
            paragraphs=tuple(paragraphs),
            authors=tuple(rng.sample(_AUTHOR_LIST, rng.choice((1, 1, 1, 2)))),
            tags=tuple(rng.sample(_TAG_LIST, rng.randint(1, 4))),
            dateline=Dateline(rng.choice(_LOCATIONS), rng.choice(_SOURCES))
            if rng.random() < 0.3
            else None,
            image=self._image(rng, article_id) if rng.random() < 0.85 else None,
            subheadings=subheadings,
            related=tuple(related),
        )

    @staticmethod
    def _image(rng: random.Random, key: str) -> Image:
        name = _phrase(rng, 1, 3).replace(" ", "-")
        caption = _sentence(rng, 5, 12)
        return Image(
            str(7_100_000 + rng.randrange(800_000)),
            f"{slugify(name) or 'Bild'}-1.jpeg",
            caption,
            caption,
            rng.choice(_CREDITS),
        )

    def _order_by_date(self) -> tuple[int, ...]:
        # From the first draws only: 100,000 articles are ordered without building one.
        dates = [_layout_and_published(self._rng(i, "article"))[1] for i in range(self.articles)]
        return tuple(sorted(range(self.articles), key=dates.__getitem__, reverse=True))

    def newest(self, count: int | None = None) -> list[Article]:
        """The site's articles and those published on it (``testsite.publish``), newest
        first: the first ``count`` of them (all for None: every article built, ~1 ms each).
        """
        order = self._by_date()[:count]
        own = [self.article(index) for index in order]
        articles = sorted([*own, *PUBLISHED.values()], key=lambda a: a.published, reverse=True)
        return articles[:count]

    # -- the pages ------------------------------------------------------------------------

    def page(self, index: int, base: str) -> bytes:
        """The article page of ``index`` as served from ``base``, at its drawn size."""
        return self._page(index, base)

    def _render_page(self, index: int, base: str) -> bytes:
        article = self.article(index)
        html = render_article(article, base).encode("utf-8")
        head_end = html.index(b"</head>")
        body_end = html.rindex(b"</body>")
        head_blob, teasers = _boilerplate(article.layout, base, self.articles)
        rng = self._rng(index, "size")
        target = rng.randint(*PAGE_BYTES)
        # The "Schlagzeilen" boxes: teasers of other articles (links the crawler must not
        # follow), added until the page nears its size; an ad-config script fills the rest.
        parts = [html[:head_end], head_blob, html[head_end:body_end]]
        size = len(html) + len(head_blob) + len(_FILL_OPEN) + len(_FILL_CLOSE)
        start = rng.randrange(len(teasers))
        for step in range(len(teasers)):
            teaser = teasers[(start + step) % len(teasers)]
            if size + len(teaser) > target:
                break
            parts.append(teaser)
            size += len(teaser)
        parts += [_FILL_OPEN, _filler(max(0, target - size)), _FILL_CLOSE, html[body_end:]]
        return b"".join(parts)

    # -- serving --------------------------------------------------------------------------

    def route(self, target: str, base: str) -> Response:
        """What the generated site answers to a GET of ``target``; other pages as the sample."""
        path = urlsplit(target).path
        match = ARTICLE_PATH_RE.match(path)
        if match is None or int(match.group("id")) < FIRST_ID or match.group("id") in PUBLISHED:
            return sample_route(target, base)
        index = self.index(match.group("id"))
        if index is None:
            return sample_route("/gibt/es/nicht", base)
        if not match.group("prefix"):
            return Response(301, location=f"{base}/{self._slug(index)}/!{FIRST_ID + index}/")
        return Response(200, self.page(index, base), HTML)


_FILL_OPEN = b'\n<script type="application/json" id="ad-config">{"slots":"'
_FILL_CLOSE = b'"}</script>\n'


def _filler(size: int) -> bytes:
    pattern = b"aZ0_bY1-cX2.dW3~eV4"
    return (pattern * (size // len(pattern) + 1))[:size]


_JS_NAMES_TEXT = (
    "consent tracking adzone paywall newsletter lightbox share comments login audio video "
    "piano matomo ivw sourcepoint bookmark darkmode fontsize teaser slider podcast"
)
_JS_NAMES = tuple(_JS_NAMES_TEXT.split())


def _script(rng: random.Random, size: int) -> str:
    """Inline JavaScript shaped like taz's: config objects and small handler functions."""
    lines = []
    total = 0
    while total < size:
        name = rng.choice(_JS_NAMES)
        key = rng.choice(_JS_NAMES)
        line = (
            f"window.taz.{name}=window.taz.{name}||{{}};window.taz.{name}.{key}"
            f"=function(e){{var t=document.querySelectorAll('[data-{key}]');"
            f"for(var i=0;i<t.length;i++){{t[i].classList.toggle('is-{name}',!!e);}}"
            f"return t.length+{rng.randrange(1000)};}};"
        )
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)


@functools.cache
def _boilerplate(layout: str, base: str, articles: int) -> tuple[bytes, tuple[bytes, ...]]:
    """The scripts in the head and a pool of teaser boxes, the same on every page."""
    rng = random.Random(f"taz-site:boilerplate:{layout}:{articles}")
    # Old pages carry about 80 KB of inline scripts, new ones about 25 KB (the real pages).
    sizes = (19_000, 8_500, 7_500, 7_100, 6_800, 5_000, 3_100) if layout == "old" else (9_600,)
    head = "".join(
        f'<script type="text/javascript">\n{_script(rng, s)}\n</script>\n' for s in sizes
    )
    teasers = []
    for box in range(24):
        items = []
        for _ in range(6):
            other = rng.randrange(articles)
            kicker, title, teaser = (
                _phrase(rng, 2, 3),
                _phrase(rng, 4, 7),
                _sentence(rng, 10, 20),
            )
            href = f"/{slugify(kicker) or 'Artikel'}/!{FIRST_ID + other}/"
            picture = str(7_100_000 + rng.randrange(800_000))
            if layout == "old":
                items.append(
                    f'<li class="  leaded pictured"><a href="{href}" class="objlink leaded '
                    f'pictured" role="link"><img src="/picture/{picture}/300/1.jpeg" alt="" '
                    f'loading="lazy"></img><h4>{kicker}</h4><h3>{title}</h3><p>{teaser}</p>'
                    f"</a></li>"
                )
            else:
                sources = "".join(
                    f'<source srcset="{base}/picture/{picture}/{w}/1.jpeg" '
                    f'media="(min-width: {w}px)" type="image/jpeg"></source>\n'
                    for w in (310, 300, 240, 140, 14)
                )
                items.append(
                    f'<div class="column article-teaser is-4 dotted pt-0">\n'
                    f'<a class="teaser-link" href="{href}">\n<figure class="image is-3by2">\n'
                    f'<picture>\n{sources}<img src="{base}/picture/{picture}/14/1.jpeg" '
                    f'alt="" loading="lazy"></img>\n</picture>\n</figure>\n</a>\n'
                    f'<a href="{href}" class="teaser-link">\n<p class="typo-r-topline">'
                    f'{kicker}</p>\n<p class="headline typo-r-head-small">{title}</p>\n</a>\n'
                    f'<div class="typo-r-subline">{teaser}</div>\n</div>'
                )
        if layout == "old":
            teasers.append(
                f'<div role="region" class="sect sect_leaded style_leaded"><div class="secthead">'
                f'<h2><span>Schlagzeilen {box + 1}</span></h2></div><ul role="directory" '
                f'class="sectbody news directory">{"".join(items)}</ul></div>\n'
            )
        else:
            teasers.append(
                f'<section class="columns force-full-dotted is-multiline" id="schlagzeilen-'
                f'{box + 1}">\n<header class="column is-12 typo-r-sectiontitle">Schlagzeilen'
                f"</header>\n{''.join(items)}\n</section>\n"
            )
    return head.encode("utf-8"), tuple(t.encode("utf-8") for t in teasers)
