"""The local taz test site as data: invented articles, their authors, tags, ressorts and links."""

# German typography: the texts use en dashes on purpose.

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

__all__ = [
    "ARTICLES",
    "AUTHORS",
    "BERLIN",
    "DEPUBLISHED",
    "MISSING_ID",
    "NOISE_KEYWORDS",
    "OFFSITE_URL",
    "RESSORTS",
    "SEED_ID",
    "TAGS",
    "TRAP_IDS",
    "Article",
    "Author",
    "Dateline",
    "Image",
    "RelatedLink",
    "Ressort",
    "Subheading",
    "Tag",
    "bfs_depths",
    "body_links",
    "paragraph_parts",
    "plain_text",
    "related_ids",
    "ressort_chain",
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

    @property
    def keywords(self) -> str:
        """The old layout's keywords meta: tags mixed with noise (ressorts, "taz", ...)."""
        words: list[str] = []
        # As on the real page: plain tags first, then the Schwerpunkt names.
        for tag in sorted(self.tags, key=lambda t: t.category is not None):
            if tag.label not in words:
                words.append(tag.label)
        words += [ressort.name for ressort in reversed(ressort_chain(self.ressort))]
        if any(tag.category for tag in self.tags):
            words.append("Schwerpunkt")
        return ", ".join([*words, "taz", "tageszeitung "])


def _berlin(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


RESSORTS: dict[str, Ressort] = {
    r.path: r
    for r in (
        Ressort("Politik", "/Politik/!p4615/"),
        Ressort("Deutschland", "/Politik/Deutschland/!p4616/", "/Politik/!p4615/"),
        Ressort("Europa", "/Politik/Europa/!p4617/", "/Politik/!p4615/"),
        Ressort("Öko", "/Oeko/!p4610/"),
        Ressort("Ökonomie", "/Oeko/Oekonomie/!p4623/", "/Oeko/!p4610/"),
        Ressort("Ökologie", "/Oeko/Oekologie/!p4624/", "/Oeko/!p4610/"),
        Ressort("Gesellschaft", "/Gesellschaft/!p4611/"),
        Ressort("Alltag", "/Gesellschaft/Alltag/!p4632/", "/Gesellschaft/!p4611/"),
        Ressort("Medien", "/Gesellschaft/Medien/!p4630/", "/Gesellschaft/!p4611/"),
        Ressort("Kultur", "/Kultur/!p4639/"),
        Ressort("Sport", "/Sport/!p4646/"),
        Ressort("Berlin", "/Berlin/!p4649/"),
        Ressort("Nord", "/Nord/!p4650/"),
        Ressort("Hamburg", "/Nord/Hamburg/!p4651/", "/Nord/!p4650/"),
        Ressort("Wahrheit", "/Wahrheit/!p4644/"),
    )
}


def ressort_chain(path: str) -> list[Ressort]:
    """The ressort and its parents, outermost first (the breadcrumb)."""
    chain: list[Ressort] = []
    current: str | None = path
    while current is not None:
        ressort = RESSORTS[current]
        chain.insert(0, ressort)
        current = ressort.parent
    return chain


def _author(name: str, author_id: str, job_title: str, bio: str) -> Author:
    return Author(name, f"/{slugify(name)}/!a{author_id}/", job_title, bio)


# Invented people; any likeness to real journalists is unintended.
LENA = _author(
    "Lena Brodersen",
    "90001",
    "Redakteurin",
    "Schreibt über Stadtentwicklung, Mieten und die Frage, wem die Stadt gehört.",
)
JAKOB = _author(
    "Jakob Wendland",
    "90002",
    "Redakteur",
    "Seit 2015 im Inlandsressort. Interessiert sich für Sozialpolitik und Recht.",
)
MIRIAM = _author(
    "Miriam Okafor",
    "90003",
    "Autorin",
    "Freie Autorin. Schreibt die Kolumne „Zwischen den Wänden“.",
)
PAUL = _author(
    "Paul Szymański",
    "90004",
    "Redakteur",
    "Wirtschaftsredakteur mit Schwerpunkt Bau- und Immobilienbranche.",
)
TUELIN = _author(
    "Tülin Ergün", "90005", "Redakteurin", "Schreibt über Umwelt, Klima und Stadtnatur."
)

AUTHORS: dict[str, Author] = {a.author_id: a for a in (LENA, JAKOB, MIRIAM, PAUL, TUELIN)}

T_WOHNUNGSNOT = Tag("Schwerpunkt Wohnungsnot", "5200001", "Schwerpunkt")
T_MIETEN = Tag("Mieten", "5200002")
T_GENOSSENSCHAFTEN = Tag("Genossenschaften", "5200003")
T_STADTENTWICKLUNG = Tag("Stadtentwicklung", "5200004")
T_BAUWIRTSCHAFT = Tag("Bauwirtschaft", "5200005")
T_STADTGRUEN = Tag("Stadtgrün", "5200006")
T_KLIMAKRISE = Tag("Schwerpunkt Klimakrise", "5200007", "Schwerpunkt")
T_KOLUMNE = Tag("Zwischen den Wänden", "5200008")
T_KOMMENTARE = Tag("In eigener Sache", "5200009")

TAGS: dict[str, Tag] = {
    t.tag_id: t
    for t in (
        T_WOHNUNGSNOT,
        T_MIETEN,
        T_GENOSSENSCHAFTEN,
        T_STADTENTWICKLUNG,
        T_BAUWIRTSCHAFT,
        T_STADTGRUEN,
        T_KLIMAKRISE,
        T_KOLUMNE,
        T_KOMMENTARE,
    )
}

# Words the old layout puts into meta keywords that are not tags.
NOISE_KEYWORDS = frozenset(
    {"taz", "tageszeitung", "Schwerpunkt"} | {r.name for r in RESSORTS.values()}
)

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


def _image(picture_id: str, name: str, alt: str, caption: str, credit: str) -> Image:
    return Image(picture_id, f"{name}-1.jpeg", alt, caption, credit)


_ARTICLE_LIST = (
    Article(
        article_id="1000001",
        slug="Streit-um-das-Vorkaufsrecht",
        layout="new",
        kind="report",
        kicker="Streit um das Vorkaufsrecht",
        title="Der Bezirk zieht die Notbremse",
        teaser="Ein Investor will ein ganzes Straßenkarree am Kanal kaufen. Das Bezirksamt "
        "prüft, ob es selbst zugreifen kann – die Zeit ist knapp.",
        published=_berlin(2024, 11, 14, 9, 12),
        modified=_berlin(2024, 11, 14, 11, 40),
        ressort="/Berlin/!p4649/",
        authors=(LENA,),
        tags=(T_WOHNUNGSNOT, T_MIETEN, T_STADTENTWICKLUNG),
        image=_image(
            "7000001",
            "Karree-am-Kanal",
            "Sechs Altbauten an einem Kanalufer im Herbst",
            "Das Karree zwischen Uferweg und Schleusenstraße",
            "Hanna Kessler",
        ),
        paragraphs=(
            "Am Dienstagabend war der Saal im Rathaus so voll, dass die letzten Gäste im Flur "
            "stehen mussten. Auf der Tagesordnung stand nur ein Punkt: das Karree zwischen "
            "Uferweg und Schleusenstraße, sechs Häuser mit zusammen 214 Wohnungen, die ein "
            "Immobilienfonds kaufen will.",
            "Der Bezirk hat zwei Monate Zeit, um sein Vorkaufsrecht auszuüben. Ob das gelingt, "
            "ist offen. [Die Beratungsstellen im Kiez](/Mieterberatung-im-Kiez/!1000013/) "
            "melden seit Wochen Andrang, und der Kaufpreis liegt nach Angaben aus der "
            "Verwaltung deutlich über dem Verkehrswert.",
            "Als Käuferin käme eine junge Genossenschaft infrage, die bereits zwei Häuser in "
            "der Nachbarschaft verwaltet. Ihr Vorstand sagt, man könne die Finanzierung "
            "innerhalb von sechs Wochen zusammenbekommen, wenn das Land einen Zuschuss gebe.",
            "Die Mieterinnen und Mieter haben sich in einer Initiative zusammengeschlossen. Sie "
            "fürchten, dass nach einem Verkauf die Wohnungen einzeln veräußert werden. "
            "[Ähnliche Fälle](/Mietrecht-im-Bundestag/!1000002/) habe es in den vergangenen "
            "Jahren mehrfach gegeben, sagt eine Sprecherin der Initiative.",
            "Das Bezirksamt will bis Ende des Monats entscheiden. Bis dahin sollen Gutachter "
            "die Gebäude begehen – auch die Keller, über deren Feuchtigkeit sich Bewohner seit "
            "Jahren beklagen.",
        ),
        subheadings=(Subheading("Eine Genossenschaft steht bereit", 2),),
        related=(
            RelatedLink("/Mietrecht-im-Bundestag/!1000002/"),
            RelatedLink("/!1000003/"),
            RelatedLink(
                "/Schwerpunkt-Wohnungsnot/!t5200001/",
                kicker="Schwerpunkt",
                title="Wohnungsnot",
                teaser="Alle Texte über Mieten, Neubau und Verdrängung an einem Ort.",
                image=_image(
                    "7000090",
                    "Schwerpunkt-Wohnungsnot",
                    "Klingelschilder",
                    "Klingelschilder",
                    "Hanna Kessler",
                ),
            ),
            RelatedLink(
                "/Genossenschaft-am-Kanal/!1000005/#matomo:pk_campaign=mehr-zum-thema"
                "&pk_source=taz.de&pk_medium=artikel"
            ),
        ),
    ),
    Article(
        article_id="1000002",
        slug="Mietrecht-im-Bundestag",
        layout="old",
        kind="commentary",
        kicker="Mietrecht im Bundestag",
        title="Halbherzig ist zu wenig",
        teaser="Die Koalition feiert ihre Reform des Mietrechts. Doch wer heute eine Wohnung "
        "sucht, wird davon kaum etwas merken.",
        published=_berlin(2023, 6, 2, 17, 5),
        modified=_berlin(2023, 6, 2, 17, 31),
        ressort="/Politik/Deutschland/!p4616/",
        authors=(JAKOB,),
        tags=(T_WOHNUNGSNOT, T_MIETEN),
        image=_image(
            "7000002",
            "Bundestag-Plenarsaal",
            "Leere Stuhlreihen in einem Plenarsaal",
            "Viel Lob für einen kleinen Schritt",
            "Ole Brandt",
        ),
        paragraphs=(
            "Es ist ein vertrautes Ritual: Ein Gesetz wird in letzter Minute entschärft, und "
            "hinterher loben alle Beteiligten den Kompromiss. So auch diesmal. Die Reform, die "
            "der Bundestag am Donnerstag beschlossen hat, senkt die Kappungsgrenze ein wenig "
            "und verlängert einige Fristen.",
            "Das ist nicht nichts. Aber es ist auch nicht das, was versprochen war. [Wer in "
            "einer Großstadt umziehen muss](/Mieterberatung-im-Kiez/!1000013/), zahlt weiterhin "
            "Preise, die mit der ortsüblichen Vergleichsmiete wenig zu tun haben.",
            "Vor allem die Ausnahmen für möblierte Wohnungen und für Neubauten bleiben "
            "unangetastet. Gerade dort aber steigen die Mieten am schnellsten.",
            "Die Koalition hätte den Mut haben können, diese Lücken zu schließen. Sie hat ihn "
            "nicht gehabt. Nun müssen es wieder die Kommunen richten – mit Mitteln, die ihnen "
            "kaum jemand gegeben hat.",
        ),
        subheadings=(Subheading("Die Ausnahmen bleiben", 2),),
        related=(
            RelatedLink("/Mietpreisbremse/!1000006/"),
            RelatedLink("/!1000005/"),
            RelatedLink("/Streit-um-das-Vorkaufsrecht/!1000001/"),
        ),
    ),
    Article(
        article_id="1000003",
        slug="Neubau-am-Kanal",
        layout="new",
        kind="report",
        kicker="Neubau am Kanal",
        title="Zweihundert Wohnungen, keine davon günstig",
        teaser="Am Nordufer entsteht ein neues Quartier. Sozialwohnungen sind dort nicht "
        "vorgesehen, kritisieren Initiativen.",
        # The day summer time starts: 10:30 is already +02:00.
        published=_berlin(2024, 3, 31, 10, 30),
        ressort="/Berlin/!p4649/",
        authors=(MIRIAM, PAUL),
        # The duplicate is real-site behaviour: taz lists some tags twice.
        tags=(T_STADTENTWICKLUNG, T_WOHNUNGSNOT, T_STADTENTWICKLUNG, T_BAUWIRTSCHAFT),
        dateline=Dateline("BERLIN", "taz"),
        image=_image(
            "7000003",
            "Kraene-am-Nordufer",
            "Drei Baukräne über einer Brache",
            "Wo früher Baustoffe lagerten, entstehen jetzt Wohnungen",
            "Ole Brandt",
        ),
        paragraphs=(
            "Wo bis vor Kurzem ein Lager für Baustoffe stand, drehen sich jetzt drei Kräne. "
            "Bis zum Herbst 2026 sollen am Nordufer zweihundert Wohnungen fertig werden, dazu "
            "eine Kita und Läden im Erdgeschoss.",
            "Der Bauherr verweist auf gestiegene Zinsen und Baukosten. Eine Quote für "
            "geförderten Wohnungs\u00adbau sei unter diesen Bedingungen nicht darstellbar, "
            "heißt es in einer Stellungnahme. [Die Branche klagt seit Monaten über "
            "Stillstand](/Bauwirtschaft-in-der-Krise/!1000008/).",
            "Die Initiative „Ufer für alle“ hält dagegen. Das Grundstück sei vor zehn Jahren "
            "günstig aus öffentlichem Besitz verkauft worden, damals mit dem Versprechen, "
            "bezahlbare Wohnungen zu bauen.",
            "In der Senatsverwaltung verweist man auf den Bezirk, der den Bebauungsplan "
            "aufgestellt hat. Dort wiederum heißt es, man habe keine rechtliche Handhabe "
            "gehabt.",
            "Für die Nachbarschaft bleibt vor allem die Sorge, dass die Mieten ringsum weiter "
            "steigen. [Die Mieterberatung](/Mieterberatung-im-Kiez/!1000013/) hat ihre "
            "Sprechzeiten bereits verdoppelt. Eine Anwohnerin sagt: „Wir sehen jeden Tag, wie "
            "gebaut wird. Nur nicht für uns.“",
        ),
        subheadings=(Subheading("Der Senat verweist auf den Bezirk", 3),),
        related=(
            RelatedLink("/Bauwirtschaft-in-der-Krise/!1000008/"),
            RelatedLink("/Genossenschaft-am-Kanal/!1000005&s=Genossenschaft/"),
            RelatedLink("/Leerstand-in-Hamburg/!1000004/"),
        ),
    ),
    Article(
        article_id="1000004",
        slug="Leerstand-in-Hamburg",
        layout="old",
        kind="report",
        kicker="Leerstand in Hamburg",
        title="Stadt lässt Wohnungen zählen",
        teaser="Wie viele Wohnungen stehen in Hamburg leer? Genau weiß das niemand. Eine "
        "Zählung soll das ändern.",
        # The day summer time ends: 12:15 is already +01:00.
        published=_berlin(2023, 10, 29, 12, 15),
        modified=_berlin(2023, 10, 29, 14, 2),
        ressort="/Nord/Hamburg/!p4651/",
        tags=(T_MIETEN,),
        dateline=Dateline("Hamburg", "dpa"),
        paragraphs=(
            "Die Stadt will erstmals systematisch erfassen, wie viele Wohnungen dauerhaft leer "
            "stehen. Dazu sollen Daten von Stromversorgern und Meldebehörden abgeglichen "
            "werden, teilte die zuständige Behörde am Montag mit.",
            "Schätzungen reichen von einigen Hundert bis zu mehreren Tausend Wohnungen. "
            "Eigentümer, die eine Wohnung länger als sechs Monate leer stehen lassen, müssen "
            "schon heute eine Genehmigung beantragen.",
            "Der Mieterverein begrüßte das Vorhaben, forderte aber mehr Personal für die "
            "Kontrolle. Der Verband der Grundeigentümer sprach von einem unverhältnismäßigen "
            "Eingriff.",
        ),
        related=(
            RelatedLink("/Neubau-am-Kanal/!1000003/"),
            RelatedLink("/Raeumungsklage-in-Neukoelln/!1000007/"),
        ),
    ),
    Article(
        article_id="1000005",
        slug="Genossenschaft-am-Kanal",
        layout="old",
        kind="report",
        kicker="Genossenschaft am Kanal",
        title="Wohnen ohne Rendite",
        teaser="Vierzig Haushalte haben ihr Haus gemeinsam gekauft. Ein Besuch bei Menschen, "
        "die ihre Miete selbst festlegen.",
        # Half past midnight on New Year's Day: still 2022 in UTC.
        published=_berlin(2023, 1, 1, 0, 30),
        modified=_berlin(2023, 1, 2, 9, 0),
        ressort="/Oeko/Oekonomie/!p4623/",
        authors=(TUELIN,),
        tags=(T_GENOSSENSCHAFTEN, T_WOHNUNGSNOT),
        image=_image(
            "7000005",
            "Genossenschaft-Versammlung",
            "Menschen sitzen an langen Tischen in einem Gemeinschaftsraum",
            "Versammlung im Gemeinschaftsraum",
            "Hanna Kessler",
        ),
        paragraphs=(
            "Die Versammlung beginnt mit Kuchen. Im Gemeinschaftsraum im Erdgeschoss sitzen an "
            "diesem Abend gut dreißig Menschen, die Älteste ist 84, der Jüngste schläft im "
            "Tragetuch. Es geht um die Frage, ob das Dach in diesem oder im nächsten Jahr "
            "gedämmt wird.",
            "Seit drei Jahren gehört das Haus seinen Bewohnerinnen und Bewohnern. Die "
            "Genossenschaft hat es mit einem Kredit, Einlagen der Mitglieder und [einem "
            "Zuschuss der Stadt](/Wohnungstausch/!1000016/) gekauft. Die Nutzungsgebühr liegt "
            "bei 7,20\u00a0Euro pro Quadratmeter.",
            "Nicht alles ist einfacher geworden. Entscheidungen dauern, und wer sich nicht "
            "kümmert, merkt schnell, dass andere es tun. „Man muss Versammlungen mögen“, sagt "
            "ein Mitglied und lacht.",
            "Trotzdem will hier niemand zurück. Die Warteliste für frei werdende Wohnungen ist "
            "inzwischen länger als die Liste der Mitglieder.",
        ),
        subheadings=(Subheading("Entscheidungen brauchen Zeit", 2),),
        related=(
            RelatedLink("/Streit-um-das-Vorkaufsrecht/!1000001/"),
            RelatedLink("/Leerstand-in-Hamburg/!1000004/"),
        ),
    ),
    Article(
        article_id="1000006",
        slug="Mietpreisbremse",
        layout="new",
        kind="commentary",
        kicker="Mietpreisbremse",
        title="Verlängern reicht nicht",
        teaser="Die Bundesregierung will die Mietpreisbremse um vier Jahre verlängern. Das ist "
        "richtig – aber es ist nur der Anfang.",
        published=_berlin(2024, 7, 19, 16, 20),
        modified=_berlin(2024, 7, 20, 8, 5),
        ressort="/Politik/Deutschland/!p4616/",
        authors=(JAKOB,),
        tags=(T_MIETEN, T_WOHNUNGSNOT),
        image=_image(
            "7000006",
            "Mietpreisbremse-Schild",
            "Ein Schild „Wohnung zu vermieten“",
            "Angebote sind knapp, die Preise hoch",
            "Ole Brandt",
        ),
        paragraphs=(
            "Man muss der Bundesregierung zugutehalten, dass sie die Mietpreisbremse nicht "
            "einfach auslaufen lässt. Das war lange nicht sicher. Doch ein Instrument zu "
            "verlängern, das seit Jahren an denselben Schwächen leidet, ist noch keine "
            "Wohnungspolitik.",
            "Die Bremse gilt nur dort, wo Länder sie ausdrücklich anordnen, und sie wird kaum "
            "kontrolliert. [Wer sich wehrt, muss selbst klagen](/Raeumungsklage-in-Neukoelln/"
            "!1000007/) – und riskiert den Streit mit dem Vermieter.",
            "Nötig wäre eine Behörde, die Verstöße von sich aus verfolgt. Nötig wären "
            "Bußgelder, die wehtun. Beides steht nicht im Entwurf.",
            "So bleibt die Verlängerung ein Signal. Ein wichtiges vielleicht, aber eben nur ein "
            "Signal.",
        ),
        related=(
            RelatedLink("/Raeumungsklage-in-Neukoelln/!1000007/"),
            RelatedLink("/Genossenschaft-am-Kanal/!1000005"),
            RelatedLink(
                "/Verdraengung-im-Wedding/!1000099/",
                kicker="Verdrängung im Wedding",
                title="Die letzten Mieter",
                teaser="In einem Haus mit 40 Wohnungen sind nur noch drei bewohnt.",
                author="Lena Brodersen",
            ),
            RelatedLink(
                "/Senat-kauft-Haeuser-zurueck/!1000090/",
                kicker="Senat kauft Häuser zurück",
                title="Rekommunalisierung mit Lücken",
                teaser="Das Land übernimmt tausende Wohnungen. Für wen sie am Ende bezahlbar "
                "bleiben, ist offen.",
                author="Lena Brodersen",
                image=_image(
                    "7000091", "Rueckkauf-Wohnungen", "Plattenbauten", "Plattenbauten", "Ole Brandt"
                ),
            ),
        ),
    ),
    Article(
        article_id="1000007",
        slug="Raeumungsklage-in-Neukoelln",
        layout="old",
        kind="report",
        kicker="Räumungsklage in Neukölln",
        title="Ein Haus hält zusammen",
        teaser="Eine Familie soll ihre Wohnung verlassen, weil der Eigentümer Eigenbedarf "
        "anmeldet. Die Nachbarschaft organisiert Widerstand.",
        published=_berlin(2023, 9, 12, 8, 0),
        ressort="/Berlin/!p4649/",
        authors=(LENA,),
        tags=(T_MIETEN, T_WOHNUNGSNOT, T_MIETEN),
        image=_image(
            "7000007",
            "Protest-vor-Amtsgericht",
            "Menschen mit Transparenten vor einem Gerichtsgebäude",
            "Protest vor dem Amtsgericht am Mittwochmorgen",
            "Hanna Kessler",
        ),
        paragraphs=(
            "Vor dem Amtsgericht stehen am Mittwochmorgen gut fünfzig Menschen mit "
            "Transparenten. Drinnen wird über die Räumungsklage gegen eine Familie verhandelt, "
            "die seit 23 Jahren im Vorderhaus wohnt.",
            "Der Eigentümer, eine Firma mit Sitz in der Innenstadt, macht Eigenbedarf für einen "
            "Geschäftsführer geltend. Die Anwältin der Familie bezweifelt das. Die Wohnung sei "
            "[erst vor einem Jahr gekauft](/Streit-um-Eigenbedarf/!1000015/) worden, und der "
            "Geschäftsführer besitze bereits zwei weitere in der Stadt.",
            "Das Gericht will sein Urteil in drei Wochen verkünden. Die Nachbarinnen und "
            "Nachbarn haben angekündigt, auch dann wieder da zu sein.",
        ),
        related=(
            RelatedLink("/Mietrecht-im-Bundestag/!1000002/"),
            RelatedLink("/Leerstand-in-Hamburg/!1000004/"),
        ),
    ),
    Article(
        article_id="1000008",
        slug="Bauwirtschaft-in-der-Krise",
        layout="new",
        kind="report",
        kicker="Bauwirtschaft in der Krise",
        title="Kräne stehen still",
        teaser="Die Zahl der Baugenehmigungen ist erneut gesunken. Verbände warnen vor "
        "Entlassungen, Ökonominnen vor falschen Rezepten.",
        published=_berlin(2024, 5, 6, 13, 45),
        ressort="/Oeko/Oekonomie/!p4623/",
        authors=(PAUL,),
        tags=(T_BAUWIRTSCHAFT, T_WOHNUNGSNOT),
        image=_image(
            "7000008",
            "Baustelle-Stillstand",
            "Eine verlassene Baustelle mit Kran",
            "Stillstand auf vielen Baustellen",
            "Ole Brandt",
        ),
        paragraphs=(
            "Im ersten Quartal wurden erneut weniger Wohnungen genehmigt als im "
            "Vorjahreszeitraum, das Minus liegt bei rund 18\u00a0Prozent. Besonders stark ist "
            "der Rückgang bei Mehrfamilienhäusern.",
            "Die Bauverbände fordern niedrigere Standards und Steuererleichterungen. Eine "
            "Ökonomin eines Forschungsinstituts hält das für den falschen Weg: Das Problem "
            "seien vor allem die Zinsen und die Bodenpreise, nicht die Vorschriften.",
            "Gebaut wird derzeit vor allem dort, wo öffentliche Gesellschaften oder "
            "[Genossenschaften](/Genossenschaft-am-Kanal/!1000005/) mit langem Atem planen. "
            "Private Projektentwickler haben viele Vorhaben auf Eis gelegt.",
            "Ob sich das ändert, hängt auch an der Förderpolitik. Die nächste Runde der "
            "Haushaltsverhandlungen beginnt im Herbst.",
        ),
        subheadings=(Subheading("Wo trotzdem gebaut wird", 2),),
        related=(
            RelatedLink("/Wohnen-im-Altbau/!1000009/"),
            RelatedLink(
                OFFSITE_URL,
                kicker="Anderswo gelesen",
                title="Bauen auf Vorrat",
                teaser="Ein Text auf einer anderen Seite, die taz-artige Adressen verwendet.",
                author="Redaktion",
                image=_image("7000092", "Anderswo", "Ein Bauzaun", "Ein Bauzaun", "Ole Brandt"),
            ),
            RelatedLink("/Genossenschaft-am-Kanal/!1000005/", absolute=True),
        ),
    ),
    Article(
        article_id="1000009",
        slug="Wohnen-im-Altbau",
        layout="old",
        kind="column",
        column_name="Zwischen den Wänden",
        kicker="Wohnen im Altbau",
        title="Die Heizung singt",
        teaser="Jeden Winter beginnt in unserem Haus ein Konzert, das niemand bestellt hat. "
        "Eine Hommage an die Rohre.",
        published=_berlin(2022, 2, 14, 19, 0),
        modified=_berlin(2022, 2, 14, 19, 0),
        ressort="/Gesellschaft/Alltag/!p4632/",
        authors=(MIRIAM,),
        tags=(T_KOLUMNE,),
        image=_image(
            "7000009",
            "Heizkoerper-Altbau",
            "Ein alter Rippenheizkörper unter einem Fenster",
            "Laut, aber warm",
            "Miriam Okafor",
        ),
        paragraphs=(
            "Es beginnt immer Ende Oktober. Irgendwo im Keller springt die Anlage an, und eine "
            "Stunde später klopft es in den Rohren, erst leise, dann fordernd, als wolle jemand "
            "eingelassen werden.",
            "Die Nachbarin im dritten Stock behauptet, sie könne am Klang erkennen, ob die "
            "Hausverwaltung wieder am Thermostat gespart hat. Ich halte das für übertrieben. "
            "Sie hat trotzdem meistens recht.",
            "Ein Handwerker hat uns einmal erklärt, Luft im System sei schuld. Seitdem "
            "entlüften wir im Herbst gemeinsam, Wohnung für Wohnung, mit einem Schlüssel, der "
            "zwischen den Etagen wandert.",
            "Vielleicht ist das das Schönste am Altbau: Er zwingt einen, miteinander zu reden. "
            "Notfalls über die Heizung.",
        ),
        related=(
            RelatedLink("/Hitze-in-der-Stadt/!1000010/"),
            RelatedLink("/Wohnen-ohne-Rendite/!1000005/"),
        ),
    ),
    Article(
        article_id="1000010",
        slug="Hitze-in-der-Stadt",
        layout="new",
        kind="report",
        kicker="Hitze in der Stadt",
        title="Schatten ist ungleich verteilt",
        teaser="Eine Auswertung von Satellitendaten zeigt: In ärmeren Vierteln stehen deutlich "
        "weniger Bäume. Dort wird es im Sommer am heißesten.",
        published=_berlin(2021, 8, 23, 7, 30),
        modified=_berlin(2021, 8, 24, 10, 15),
        ressort="/Oeko/Oekologie/!p4624/",
        authors=(TUELIN,),
        tags=(T_KLIMAKRISE, T_STADTGRUEN),
        image=_image(
            "7000010",
            "Linden-im-Sommer",
            "Eine Straße mit alten Linden im Sommerlicht",
            "Unter alten Linden ist es deutlich kühler",
            "Tülin Ergün",
        ),
        paragraphs=(
            "An einem Nachmittag im Juli liegt die Oberflächentemperatur auf manchen Plätzen "
            "bei über 45 Grad. Wenige Straßen weiter, unter alten Linden, sind es fast "
            "fünfzehn Grad weniger.",
            "Eine Forschungsgruppe hat Satellitenbilder aus fünf Sommern ausgewertet und mit "
            "Sozialdaten verknüpft. Das Ergebnis: Je niedriger das durchschnittliche Einkommen "
            "in einem Quartier, desto geringer der Anteil an Baumkronen.",
            "Die Forscherinnen sehen Potenzial vor allem in versiegelten Innenhöfen. [Erste "
            "Projekte zeigen](/Gruene-Innenhoefe/!1000011/), dass sich dort mit wenig Geld viel "
            "erreichen lässt.",
            "Die Stadtverwaltung kündigte an, die Daten bei der Planung neuer Pflanzungen zu "
            "berücksichtigen. Ein Budget dafür gibt es bislang nicht.",
        ),
        subheadings=(Subheading("Innenhöfe als Reserve", 2),),
        related=(
            RelatedLink("/!1000011/"),
            RelatedLink("/Gruene-Innenhoefe/!1000011/"),
            RelatedLink("/Wohnen-im-Altbau/!1000009/"),
        ),
    ),
    Article(
        article_id="1000011",
        slug="Gruene-Innenhoefe",
        layout="old",
        kind="report",
        kicker="Grüne Innenhöfe",
        title="Entsiegeln mit der Spitzhacke",
        teaser="In einem Wohnblock haben Mieter den Asphalt im Hof aufgebrochen. Jetzt wachsen "
        "dort Johannisbeeren.",
        published=_berlin(2020, 11, 2, 11, 11),
        modified=_berlin(2020, 11, 2, 12, 0),
        ressort="/Gesellschaft/Alltag/!p4632/",
        authors=(JAKOB,),
        tags=(T_STADTGRUEN,),
        dateline=Dateline("Bremen", "taz"),
        paragraphs=(
            "Der Asphalt kam an einem Samstag weg. Zwanzig Leute, drei geliehene "
            "Presslufthämmer und ein Container, den die Wohnungsbaugesellschaft bezahlt hat – "
            "mehr brauchte es nicht.",
            "Ein Jahr später wachsen im Hof Johannisbeeren, zwei junge Ahornbäume und eine "
            "Wiese, die im Sommer niemand mäht. Wenn es stark regnet, versickert das Wasser "
            "jetzt dort, wo früher Pfützen standen.",
            "Die Idee stammt von einer Mieterin, die als Landschaftsgärtnerin arbeitet. Sie "
            "berät inzwischen andere Hausgemeinschaften.",
        ),
        related=(
            RelatedLink("/Regenwasser-im-Quartier/!1000012/"),
            RelatedLink("/Wohnen-im-Altbau/!1000009/"),
        ),
    ),
    Article(
        article_id="1000012",
        slug="Regenwasser-im-Quartier",
        layout="new",
        kind="report",
        kicker="Regenwasser im Quartier",
        title="Die Schwammstadt wächst langsam",
        teaser="Mulden, Gründächer, Rigolen: Das Konzept der Schwammstadt ist beliebt. "
        "Umgesetzt wird es bisher nur in Neubaugebieten.",
        published=_berlin(2019, 4, 3, 15, 0),
        ressort="/Nord/!p4650/",
        authors=(MIRIAM,),
        tags=(T_KLIMAKRISE, T_STADTGRUEN, T_STADTENTWICKLUNG),
        image=_image(
            "7000012",
            "Versickerungsmulde",
            "Eine begrünte Mulde zwischen Neubauten",
            "Eine Versickerungsmulde im Neubaugebiet",
            "Hanna Kessler",
        ),
        paragraphs=(
            "Im neuen Quartier am Stadtrand fließt kein Tropfen Regenwasser in die "
            "Kanalisation. Es wird in Mulden gesammelt, versickert oder verdunstet über "
            "begrünte Dächer.",
            "In den älteren Vierteln ist das schwieriger. Leitungen liegen im Weg, Flächen sind "
            "knapp, und jeder Umbau muss mit vielen Eigentümern abgestimmt werden.",
            "Dennoch gibt es Versuche: Ein Pilotprojekt koppelt Baumscheiben an unterirdische "
            "Speicher, die sich bei Starkregen füllen und die Bäume in trockenen Wochen "
            "versorgen.",
            "Bis die ganze Stadt ein Schwamm ist, werden Jahrzehnte vergehen, sagt ein Planer. "
            "Aber irgendwo müsse man anfangen.",
        ),
        subheadings=(Subheading("Kleine Schritte im Bestand", 2),),
        related=(
            RelatedLink("/Streit-um-das-Vorkaufsrecht/!1000001/"),
            RelatedLink("/Gruene-Innenhoefe/!1000011/"),
        ),
    ),
    # Traps: never named by a related block reachable from the seed.
    Article(
        article_id="1000013",
        slug="Mieterberatung-im-Kiez",
        layout="new",
        kind="report",
        kicker="Mieterberatung im Kiez",
        title="Warteschlange bis auf die Straße",
        teaser="Die Beratungsstellen sind überlastet. Wer Hilfe sucht, muss früh aufstehen.",
        published=_berlin(2024, 2, 10, 12, 0),
        ressort="/Berlin/!p4649/",
        authors=(LENA,),
        tags=(T_MIETEN,),
        paragraphs=(
            "Um halb acht stehen die Ersten vor der Tür, obwohl die Sprechstunde erst um zehn "
            "beginnt. Die meisten halten Briefe in der Hand: Mieterhöhungen, "
            "Nebenkostenabrechnungen, Kündigungen.",
            "Die Beraterinnen schaffen an einem Vormittag etwa vierzig Gespräche. Wer danach "
            "noch wartet, bekommt einen Termin in drei Wochen.",
            "Der Bezirk hat zusätzliche Mittel beantragt. Ob sie kommen, entscheidet sich mit "
            "dem nächsten Haushalt.",
        ),
        related=(
            RelatedLink("/Wohnungstausch/!1000016/"),
            RelatedLink("/Streit-um-das-Vorkaufsrecht/!1000001/"),
        ),
    ),
    Article(
        article_id="1000014",
        slug="In-eigener-Sache",
        layout="old",
        kind="report",
        kicker="In eigener Sache",
        title="So funktioniert die Kommentarspalte",
        teaser="Warum wir Kommentare prüfen, bevor sie erscheinen, und was Sie tun können, wenn "
        "Ihrer fehlt.",
        published=_berlin(2018, 5, 25, 10, 0),
        ressort="/Gesellschaft/Medien/!p4630/",
        tags=(T_KOMMENTARE,),
        paragraphs=(
            "Jeder Kommentar auf dieser Seite wird von einem Menschen gelesen, bevor er "
            "erscheint. Das dauert manchmal ein paar Stunden, am Wochenende auch länger.",
            "Wir veröffentlichen keine Beleidigungen, keine Falschbehauptungen über Personen "
            "und keine Werbung. Alles andere darf kontrovers sein.",
            "Wenn Ihr Kommentar nach einem Tag nicht erschienen ist, schreiben Sie uns gern. Wir "
            "antworten, so schnell wir können.",
        ),
        related=(RelatedLink("/Streit-um-Eigenbedarf/!1000015/"),),
    ),
    Article(
        article_id="1000015",
        slug="Streit-um-Eigenbedarf",
        layout="new",
        kind="commentary",
        kicker="Streit um Eigenbedarf",
        title="Das Gesetz schützt die Falschen",
        teaser="Eigenbedarfskündigungen sind zum Geschäftsmodell geworden. Der Gesetzgeber "
        "schaut zu.",
        published=_berlin(2024, 10, 1, 18, 30),
        ressort="/Politik/Deutschland/!p4616/",
        authors=(TUELIN,),
        tags=(T_MIETEN,),
        image=_image(
            "7000015",
            "Umzugskartons",
            "Gestapelte Umzugskartons in einem leeren Zimmer",
            "Wer gekündigt wird, muss oft schnell packen",
            "Ole Brandt",
        ),
        paragraphs=(
            "Eigenbedarf war einmal als Ausnahme gedacht: für die Tochter, die zurück in die "
            "Stadt zieht, für die Eltern, die Pflege brauchen. Heute ist er ein Werkzeug "
            "geworden, mit dem sich alte Mietverträge loswerden lassen.",
            "Die Gerichte prüfen selten, ob der Bedarf echt ist. Und wenn sich später "
            "herausstellt, dass er vorgeschoben war, ist die Wohnung längst neu vermietet.",
            "Es braucht Sperrfristen, die auch für Firmen gelten, und Schadenersatz, der "
            "abschreckt. Alles andere ist Symbolpolitik.",
        ),
        related=(RelatedLink("/Mieterberatung-im-Kiez/!1000013/"),),
    ),
    Article(
        article_id="1000016",
        slug="Wohnungstausch",
        layout="old",
        kind="report",
        kicker="Wohnungstausch",
        title="Groß gegen klein",
        teaser="Eine Plattform soll älteren Menschen den Umzug in kleinere Wohnungen "
        "erleichtern. Bisher nutzen sie nur wenige.",
        # An hour after the spring-forward gap (02:00-03:00 does not exist that night).
        published=_berlin(2023, 3, 26, 3, 30),
        ressort="/Nord/Hamburg/!p4651/",
        authors=(PAUL,),
        tags=(T_MIETEN,),
        paragraphs=(
            "Vier Zimmer, 110 Quadratmeter, seit den Kindern allein: So wie Frau K. geht es "
            "vielen. Eine kleinere Wohnung wäre günstiger und leichter zu putzen – wenn es denn "
            "eine gäbe, die nicht teurer ist als die alte.",
            "Die städtische Tauschbörse soll genau das ermöglichen: Wer tauscht, behält seinen "
            "Quadratmeterpreis. Nach einem Jahr sind allerdings erst 37 Tausche zustande "
            "gekommen.",
            "Die Betreiber wollen nun gezielter beraten, auch zu Hause. Viele Ältere, heißt es, "
            "scheuten vor allem den Umzug selbst.",
        ),
        related=(RelatedLink("/In-eigener-Sache/!1000014/"),),
    ),
)

ARTICLES: dict[str, Article] = {a.article_id: a for a in _ARTICLE_LIST}


def related_ids(article_id: str) -> list[str]:
    """Ids named by the related block of ``article_id``: in order, deduplicated, on-site
    article URLs only (including ids that answer 404 or redirect to a non-article page).

    Ids without an article page (404, depublished) have no related block: [].

    >>> related_ids("1000001")
    ['1000002', '1000003', '1000005']
    """
    article = ARTICLES.get(article_id)
    if article is None:
        return []
    ids: list[str] = []
    for link in article.related:
        target = link.target_id
        if target is not None and target not in ids:
            ids.append(target)
    return ids


def bfs_depths(seed: str = SEED_ID) -> dict[str, int]:
    """Breadth-first depth of every id reachable from ``seed`` through related blocks.

    >>> bfs_depths()["1000003"]
    1
    """
    depths = {seed: 0}
    queue = deque([seed])
    while queue:
        current = queue.popleft()
        for target in related_ids(current):
            if target not in depths:
                depths[target] = depths[current] + 1
                queue.append(target)
    return depths


def body_links(article_id: str) -> list[str]:
    """Hrefs of the in-text links in the body of ``article_id``, in order."""
    article = ARTICLES[article_id]
    return [m.group(2) for p in article.paragraphs for m in _LINK_RE.finditer(p)]
