"""The test site's content: the invented articles, authors, tags and ressorts it serves.

The data is in ``testsite/data/site.toml`` and ``testsite/data/articles.toml``; this module
loads it into the dataclasses of :mod:`testsite.model` once, at import. The special ids
below name what the crawl tests look for in the graph the articles make.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from testsite.model import (
    BERLIN,
    Article,
    Author,
    Dateline,
    Image,
    RelatedLink,
    Ressort,
    Subheading,
    Tag,
    slugify,
)

__all__ = [
    "ARTICLES",
    "AUTHORS",
    "DATA",
    "DEPUBLISHED",
    "MISSING_ID",
    "NOISE_KEYWORDS",
    "OFFSITE_URL",
    "PUBLISHED",
    "RESSORTS",
    "SEED_ID",
    "TAGS",
    "TRAP_IDS",
    "load_articles",
    "ressort_chain",
]

DATA = Path(__file__).resolve().parent / "data"

SEED_ID = "1000001"
# An article-form URL that answers 301 to a ressort page: a depublished article.
DEPUBLISHED: dict[str, str] = {"1000090": "/Politik/!p4615/"}
# An article-form URL with no article behind it: 404.
MISSING_ID = "1000099"
# Looks like a taz article URL (it has an id), but lives on another host.
OFFSITE_URL = "https://example.org/Some/!1000077/"
# Articles linked only from bodies, navigation, "meistkommentiert" and teaser boxes, or from
# the related blocks of other such articles: a crawl that follows only related blocks from
# the seed never fetches them.
TRAP_IDS = ("1000013", "1000014", "1000015", "1000016")
# Articles testsite.publish added in this process, by id (also in ARTICLES): a generated
# site serves and lists them beside its own.
PUBLISHED: dict[str, Article] = {}


def _read(name: str) -> dict[str, Any]:
    with (DATA / name).open("rb") as stream:
        return tomllib.load(stream)


_SITE = _read("site.toml")

RESSORTS: dict[str, Ressort] = {r["path"]: Ressort(**r) for r in _SITE["ressorts"]}
AUTHORS: dict[str, Author] = {
    a["id"]: Author(a["name"], f"/{slugify(a['name'])}/!a{a['id']}/", a["job_title"], a["bio"])
    for a in _SITE["authors"]
}
TAGS: dict[str, Tag] = {t["id"]: Tag(t["name"], t["id"], t.get("category")) for t in _SITE["tags"]}

# Words the old layout puts into meta keywords that are not tags.
NOISE_KEYWORDS = frozenset(
    {"taz", "tageszeitung", "Schwerpunkt"} | {r.name for r in RESSORTS.values()}
)


def ressort_chain(path: str) -> list[Ressort]:
    """The ressort and its parents, outermost first (the breadcrumb)."""
    chain: list[Ressort] = []
    current: str | None = path
    while current is not None:
        ressort = RESSORTS[current]
        chain.insert(0, ressort)
        current = ressort.parent
    return chain


def _article(data: dict[str, Any]) -> Article:
    # TOML local date-times are Berlin wall-clock times here.
    modified = data.get("modified")
    image = data.get("image")
    dateline = data.get("dateline")
    return Article(
        article_id=data["id"],
        slug=data["slug"],
        layout=data["layout"],
        kind=data["kind"],
        kicker=data["kicker"],
        title=data["title"],
        teaser=data["teaser"],
        published=data["published"].replace(tzinfo=BERLIN),
        modified=modified.replace(tzinfo=BERLIN) if modified else None,
        ressort=data["ressort"],
        paragraphs=tuple(data["paragraphs"]),
        authors=tuple(AUTHORS[i] for i in data.get("authors", ())),
        tags=tuple(TAGS[i] for i in data.get("tags", ())),
        dateline=Dateline(**dateline) if dateline else None,
        image=Image(**image) if image else None,
        subheadings=tuple(Subheading(**s) for s in data.get("subheadings", ())),
        related=tuple(_related(r) for r in data.get("related", ())),
        column_name=data.get("column_name"),
    )


def _related(data: dict[str, Any]) -> RelatedLink:
    image = data.get("image")
    return RelatedLink(**{**data, "image": Image(**image) if image else None})


def load_articles(path: Path = DATA / "articles.toml") -> dict[str, Article]:
    """The articles of a TOML file like ``data/articles.toml``, by id, in file order."""
    with path.open("rb") as stream:
        articles = [_article(a) for a in tomllib.load(stream)["article"]]
    return {a.article_id: a for a in articles}


ARTICLES: dict[str, Article] = load_articles()
