"""The new taz.de layout (Bulma/Alpine, "typo-*" classes): articles and all non-article pages."""

# The templates keep the real pages' long attribute lines, and German text uses en dashes.
# ruff: noqa: E501

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from testsite._common import (
    AUTHOR_LABELS,
    MOST_COMMENTED_IDS,
    NAV_ARTICLE_ID,
    article_teaser,
    attr,
    author_picture,
    comment_text,
    digest,
    esc,
    inline_html,
    iso,
    iso_naive,
    joined,
    json_ld,
    number,
    related_teaser,
)
from testsite.content import ARTICLES, AUTHORS, RESSORTS, TAGS, ressort_chain
from testsite.model import plain_text, slugify

if TYPE_CHECKING:
    from testsite._common import Teaser
    from testsite.model import Article, Author, Image, Ressort, Tag

__all__ = [
    "render_article",
    "render_author_page",
    "render_error_page",
    "render_front_page",
    "render_ressort_page",
    "render_tag_page",
]

_ARTICLE_WIDTHS = (665, 624, 495, 410, 310, 140, 96, 14)
_TEASER_WIDTHS = (310, 300, 240, 140, 14)
_TOP_RESSORTS = (
    "/Politik/!p4615/",
    "/Oeko/!p4610/",
    "/Gesellschaft/!p4611/",
    "/Kultur/!p4639/",
    "/Sport/!p4646/",
    "/Berlin/!p4649/",
    "/Nord/!p4650/",
    "/Wahrheit/!p4644/",
)
# Publisher pages ("!v=<uuid>") in the menus; invented uuids.
_VERLAG_LINKS = (
    ("verlag", "/!v=00000000-0000-4000-8000-000000000001/"),
    ("veranstaltungen", "/!v=00000000-0000-4000-8000-000000000002/"),
    ("fragen &amp; hilfe", "/!v=00000000-0000-4000-8000-000000000003/"),
)
_SUPPORT_LINKS = (
    ("abo", "/!v=00000000-0000-4000-8000-000000000004/"),
    ("genossenschaft", "/!v=00000000-0000-4000-8000-000000000005/"),
)
_ADZONE = (
    '<div class="is-flex full is-justify-content-center is-align-items-center '
    'ad_zone-container-inner " x-cloak="">\n<span class="ad_bin sold contentad">\n'
    '<div class="ad_zone ad_zone_contentad ad_zone_badged ad_zone_sold"></div>\n</span>\n</div>'
)


def _picture(image: Image, base: str, widths: tuple[int, ...], *, lazy: bool, caption: bool) -> str:
    sources = joined(
        f'<source srcset="{attr(base + image.url(w))}" media="(min-width: {w}px)" '
        f'type="image/jpeg"></source>'
        for w in widths
    )
    loading = ' loading="lazy"' if lazy else ""
    return (
        f'<picture style="display: block;\n" alt="{attr(image.alt)}" '
        f'iesrc="{attr(base + image.url(1900))}">\n'
        f'<source srcset="{attr(base + image.url(665))}" media="(max-device-aspect-ratio: 1/1) '
        f'and (max-device-width:550px)" type="image/jpeg"></source>\n'
        f"{sources}\n"
        f'<img src="{attr(base + image.url(14))}" alt="{attr(image.alt)}"{loading} '
        f'title="{attr(image.alt)}"></img>\n'
        f'<noscript>\n<img src=" {attr(base + image.url(widths[0]))}" '
        f'class="  {"withcaption" if caption else "withnocaption"}" alt="{attr(image.alt)}">'
        f"</img>\n</noscript>\n</picture>"
    )


def _head(
    *,
    title: str,
    description: str,
    canonical: str | None,
    base: str,
    extra: str = "",
    robots: str = "index, follow, max-image-preview:large ",
) -> str:
    canonical_link = (
        f'<link rel="canonical" href="{attr(canonical)}"></link>\n' if canonical else ""
    )
    website = {
        "@context": "https://schema.org/",
        "@type": "WebPage",
        "url": f"{base}/",
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": "TAZ Verlags- und Vertriebs GmbH",
            "logo": {
                "@type": "ImageObject",
                "url": f"{base}/lib/taz-verlag-node/icons/taz_logo_web.jpg",
            },
            "url": f"{base}/",
        },
    }
    return f"""<head>
<title>{esc(title)} | taz.de </title>
<meta name="viewport" content="initial-scale=1, maximum-scale=3, width=device-width"></meta>
<meta http-equiv="content-type" content="text/html; charset=UTF-8"></meta>
<meta name="robots" content="{attr(robots)}"></meta>
{canonical_link}<meta name="copyright" content="TAZ Verlags- und Vertriebs GmbH"></meta>
<meta name="description" content="{attr(description)}"></meta>
<meta property="og:site_name" content="taz.de">
{extra}<meta name="twitter:site" content="@tazgezwitscher">
<meta property="og:locale" content="de_DE">
<script type="application/ld+json">
{json_ld(website)}</script>
<link rel="preload" href="/lib/taz-verlag-node/fonts/AktivGrotesk_W_Rg.latin.woff2" type="font/woff2" crossorigin="anonymous" as="font"></link>
<link rel="preload" href="/lib/taz-verlag-node/icons/DT_taz_logo-min.svg" type="image/svg+xml" as="image"></link>
<link rel="stylesheet" type="text/css" media="screen, print" href="/lib/taz-verlag-node/css/styles__news.min.css"></link>
<script type="text/javascript" src="/lib/taz-verlag-node/js/cash-dom/dist/cash.min.js"></script>
<script type="module">
import Alpine from '/lib/taz-verlag-node/js/alpinejs/dist/module.esm.js'
window.Alpine = Alpine;
Alpine.start();
</script>
<link rel="icon" type="image/png" sizes="32x32" href="/lib/taz-verlag-node/favicon-32x32.png">
<meta name="theme-color" content="#ffffff">
<script type="text/javascript">
// IVW pageview
IOMm('pageview', {{ cp: "Redaktion,Artikel" }});
</script>
</head>"""


def _drawer(base: str) -> str:
    """The slide-in menu: ressorts with absolute links, topics with relative ones."""
    sections = []
    for top_path in _TOP_RESSORTS:
        top = RESSORTS[top_path]
        children = [r for r in RESSORTS.values() if r.parent == top_path]
        if top_path == "/Wahrheit/!p4644/":
            nav_article = ARTICLES[NAV_ARTICLE_ID]
            child_links = [(nav_article.kicker.lower(), f"{base}{nav_article.path}")]
        else:
            child_links = [(c.name.lower(), f"{base}{c.path}") for c in children]
        items = joined(
            f'<li class="full level-1\n pv-small \n tablet-order-6 mobile-order-6\n" '
            f'style="border-top: .2px solid #565656">\n'
            f'<a class=" full typo-drawer-subsection pv-small" href="{attr(href)}">\n'
            f"{esc(name)}\n</a>\n</li>"
            for name, href in child_links
        )
        sections.append(
            f'<li class="pv-small level-0\n tablet-order-6 mobile-order-6\n" '
            f'style="border-top: .2px solid #565656">\n<details>\n<summary class="is-flex">\n'
            f'<a class="typo-drawer-head-section full " href="{attr(base + top.path)}">\n'
            f"{esc(top.name.lower())}\n</a>\n</summary>\n<ul>\n{items}\n</ul>\n</details>\n</li>"
        )
    topics = joined(
        f'<li class="full level-1\n pv-small \n" style="border-top: .2px solid #565656">\n'
        f'<a class=" full typo-drawer-subsection pv-small" href="{attr(tag.path)}">\n'
        f"{esc(tag.label.lower())}\n</a>\n</li>"
        for tag in TAGS.values()
        if tag.category
    )
    sections.append(
        f'<li class="pv-small level-0\n tablet-order-6 mobile-order-6\n" '
        f'style="border-top: .2px solid #565656">\n<details>\n<summary class="is-flex">\n'
        f'<a class="typo-drawer-head-section full " href="/Themen/!p5360/">\nthemen\n</a>\n'
        f"</summary>\n<ul>\n{topics}\n</ul>\n</details>\n</li>"
    )
    return f"""<div x-cloak="" class="header-nav-wing  " :class="wingIsActive ? 'is-active' : ''">
<nav class="header-nav-wing-inner is-align-items-flex-start p-small pt-medium pb-xlarge" aria-label="Hauptnavigation">
<div class="is-flex is-align-items-center  ">
<form role="search" class="taz-wing-search full mgr-medium is-flex  is-align-items-center " method="POST" action="{attr(base)}/!s=/">
<input name="s" minlength="2" required="required" type="text" id="wing-search" class="  ph-medium full taz-wing-search__input" placeholder="taz.de durchsuchen" aria-label="Inhalte suchen">
<button type="submit" class="icon   pl-medium  pr-small center suche_redhov small "></button>
</input></form>
</div>
<ul class="  mgt-medium is-flex is-flex-direction-column ">
{joined(sections)}
</ul>
</nav>
</div>"""


def _top_nav(base: str) -> str:
    links = joined(
        f'<div class="is-flex ">\n<a href="{attr(href)}" title="{name}" role="link" '
        f'class="p-0 pr-small mgr-xsmall pv-xsmall navbar-second-level-link is-flex full '
        f'is-justify-content-right navbar-link is-arrowless ">\n{name}\n</a>\n</div>\n'
        f'<hr class="decent"></hr>'
        for name, href in _VERLAG_LINKS
    )
    tag_links = joined(
        f'<a href="{attr(tag.path)}" title="{attr(tag.name)}" role="link" class="is-flex '
        f"is-align-items-center pr-small mgr-xsmall is-flex is-flex-shrink-0 line-height-reset "
        f'navbar-second-level-link ">\n<span class="navbar-second-level-link-inner ">'
        f"{esc(tag.label)}</span>\n</a>"
        for tag in TAGS.values()
        if tag.category or tag.tag_id == "5200002"
    )
    return f"""<nav class="navbar navbar-first-level sticky mg-0  " role="navigation" aria-label="main navigation">
<div class="is-flex is-align-items-center navbar-first-level-inner-wrapper">
<a href="{attr(base)}" class="taz-header-container not-funnel is-flex-shrink-0">
<picture class="is-flex">
<img class="taz-header" width="167" height="88" src="/lib/taz-verlag-node/icons/DT_taz_logo-min.svg" alt="taz logo"></img>
</picture>
</a>
</div>
<div id="head-navbar" class="ph-gap navbar-menu is-align-items-center hasMultiply has-background-light-button  mgr-0">
<div class="ph-gap-mobile mgb-xxlarge-mobile  full pt-small-mobile is-flex is-flex-direction-column-mobile">
<div class="navbar-start  typo-navigation-menu ">
<a class="invisible p-0 pr-small mgr-xsmall pv-xsmall navbar-second-level-link is-flex   navbar-link is-arrowless  " href="#hauptinhalt">Hauptinhalt anspringen</a>
{links}
</div>
</div>
</div>
</nav>
<header class="header sticky">
<div class="header-background-container">
<div class="  portal-and-second-level-wrapper is-align-items-center full  is-flex ">
<div class=" navbar-second-level-wrapper full ">
<nav id="hauptnavigation" class="is-flex-shrink-1 ph-gap   navbar-second-level  typo-r-header-schwerpunkt-small   is-align-items-center overflow-scroll">
<div class="navbarScrollbar">
{tag_links}
</div>
</nav>
</div>
</div>
</div>
</header>"""


def _footer(base: str) -> str:
    ressorts = joined(
        f'<li class="listitem">\n<a href="{attr(p)}" title="{attr(RESSORTS[p].name)}" token="link" '
        f'class="link footer-link">\n{esc(RESSORTS[p].name)}\n</a>\n</li>'
        for p in _TOP_RESSORTS
    )
    topics = joined(
        f'<li class="listitem">\n<a href="{attr(t.path)}" title="{attr(t.label)}" token="link" '
        f'class="link footer-link">\n{esc(t.label)}\n</a>\n</li>'
        for t in TAGS.values()
        if t.category
    )
    support = joined(
        f'<li class="listitem">\n<a href="{attr(base + href)}" title="{name}" token="link" '
        f'class="link footer-link">\n{name}\n</a>\n</li>'
        for name, href in _SUPPORT_LINKS
    )
    nav_article = ARTICLES[NAV_ARTICLE_ID]
    return f"""<footer id="footer" class="module pb-xxxlarge has-text-white has-background-black hasMultiply htmlSkeleton module-htmlSkeleton footer ph-gap ">
<div class="columns is-multiline footer-header mg-0">
<div class="column is-flex is-flex-direction-row-tablet is-align-items-center ph-0 pt-0">
<a href="{attr(base)}" class="taz-header mgt-large-mobile mgr-auto">taz<span class="logo"></span></a>
</div>
</div>
<hr class="has-text-white">
<section class="columns footer-zone is-multiline ">
<div class="column is-3  ">
<a href="{attr(base)}/Ressorts/!p4608/" class="  icon-link-wrapper footer-link is-flex is-align-items-center ">
<span class="typo-head-extrasmall "> Ressorts</span>
</a>
<ul class="typo-linklist list">
{ressorts}
</ul>
</div>
<div class="column is-3  ">
<a href="{attr(base)}/Themen/!p5360/" class="  icon-link-wrapper footer-link is-flex is-align-items-center ">
<span class="typo-head-extrasmall "> Themen</span>
</a>
<ul class="typo-linklist list">
{topics}
</ul>
</div>
<div class="column is-3  ">
<a href="{attr(base)}/!v=00000000-0000-4000-8000-000000000006/" class="  icon-link-wrapper footer-link is-flex is-align-items-center ">
<span class="typo-head-extrasmall "> Unterstützen</span>
</a>
<ul class="typo-linklist list">
{support}
</ul>
</div>
<div class="column is-3  ">
<a href="{attr(base)}/!v=00000000-0000-4000-8000-000000000003/" class="  icon-link-wrapper footer-link is-flex is-align-items-center ">
<span class="typo-head-extrasmall "> Fragen &amp; Hilfe</span>
</a>
<ul class="typo-linklist list">
<li class="listitem">
<a href="{attr(base + nav_article.path)}" title="Kommentarregeln" token="link" class="link footer-link">
Kommentarregeln
</a>
</li>
</ul>
</div>
</section>
<hr class="lineImp mgt-medium mgt-0-mobile has-text-white">
<div class="columns mgt-small-medium  pb-medium  ">
<div class="column is-flex">
<p class="typo-teaser-text mgt-small-medium-mobile"> © 2024 taz Verlags und Vertriebs GmbH</p>
<span class="typo-small-print">Alle Rechte vorbehalten. Diese Seite ist eine lokale Testseite mit erfundenen Texten.</span>
</div>
<div class="column agb mgt-large-mobile">
<div class=" typo-linklist  mgl-auto mgl-0-mobile ">
<a href="{attr(base)}/!vn9000001/" title="Redaktionsstatut " class="pr-xsmall link footer-link">
Redaktionsstatut
</a>
<a href="{attr(base)}/Impressum/!vn9000002/" title="Impressum " class="pr-xsmall link footer-link">
Impressum
</a>
</div>
</div>
</div>
</hr></hr></footer>"""


def _page(*, head: str, body_kind: str, page_id: str, main: str, base: str) -> str:
    return f"""<!DOCTYPE html><html lang="de" prefix="og: http://ogp.me/ns# fb: http://ogp.me/ns/fb# ">
{head}
<body x-data="{{menuIsActive: false, wingIsActive: false}}" class="  multi-module  body
{body_kind}
taz-sector-news
" data-pageId="{attr(page_id)}">
{_drawer(base)}
<div class="container is-max-desktop has-background-white ">
<section id="adzone_wall" class="is-hidden-mobile">
<aside class="rechts">
{_ADZONE}
</aside>
</section>
{_top_nav(base)}
<main id="hauptinhalt" class="main" data-role="initial-display" data-xml-entry-tagName="content">
{_ADZONE}
{main}
</main>
{_ADZONE}
{_footer(base)}
</div>
</body>
<script id="main-script" type="text/javascript" src="/lib/taz-verlag-node/js/own_functions.js"></script>
</html>
"""


def _breadcrumb(
    crumbs: list[tuple[str, str]], current: str, base: str, tag: Tag | None = None
) -> str:
    items = [
        f'<li data-breadcrumb-level="{level}">\n'
        + (
            ""
            if level == 0
            else '<span class="icon small line-height-reset read_more_redhov '
            'no-hover mgr-0"></span>\n'
        )
        + f'<a class="p-0" href="{attr(base + path)}">\n{esc(name)}\n</a>\n</li>'
        for level, (name, path) in enumerate(crumbs)
    ]
    if tag is not None:
        items.append(
            f'<li>\n<span class="icon small read_more_redhov no-hover"></span>\n'
            f'<a class="p-0" href="{attr(tag.path)}">{esc(tag.label)}</a>\n</li>'
        )
    items.append(
        f'<li>\n<span class="icon small read_more_redhov no-hover  ">\n</span>\n{current}\n</li>'
    )
    return (
        f'<div id="breadcrumb" class="breadcrumb column is-12 mgt-xsmall-mobile ">\n'
        f'<ul x-data="" class="breadcrumb typo-breadcrumb overflow-scroll line-height-reset '
        f'is-flex is-flex-wrap-nowrap is-align-items-center ">\n{joined(items)}\n</ul>\n</div>'
    )


def _breadcrumb_ld(crumbs: list[tuple[str, str]], base: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": f"{base}{path}"}
            for i, (name, path) in enumerate(crumbs, start=1)
        ],
    }
    return f'<script type="application/ld+json">\n{json_ld(data)}\n</script>'


def _teaser_div(teaser: Teaser, index: int, base: str, *, order: int) -> str:
    """One teaser as in "Mehr zum Thema": with an image, TWO a.teaser-link to the same href."""
    href = attr(teaser.href)
    image_part = ""
    if teaser.image is not None:
        image_part = (
            f'<div class="column is-12 pt-0   item {index}  mobile-order-1">\n'
            f'<a class="teaser-link " href="{href}">\n'
            f'<figure id="" class=" image \nis-3by2\n ">\n'
            f"{_picture(teaser.image, base, _TEASER_WIDTHS, lazy=True, caption=False)}\n"
            f"</figure>\n</a>\n</div>\n"
        )
    opinion = teaser.kind == "commentary"
    head_class = "typo-r-head-meinung-small" if opinion else "typo-r-head-small"
    names = " und ".join(teaser.authors)
    label = AUTHOR_LABELS.get(teaser.kind, "Von")
    author_block = (
        f'<div class="is-flex is-justify-content-top">\n'
        f'<div class="{"mgb-small" if opinion else "mgt-small"} is-flex is-align-items-center   ">\n'
        f'<div>\n<span class="typo-r-name-reg">{label}</span>\n'
        f'<span class="typo-r-name">{esc(names)}</span>\n</div>\n</div>\n</div>\n'
        if names
        else ""
    )
    subline = f'<div class=" typo-r-subline mgt-xsmall-mobile">\n{esc(teaser.teaser)}\n</div>\n'
    text_block = author_block + subline if opinion else subline + author_block
    return (
        f'<div class="column article-teaser  is-4 dotted pt-0  mobile-order-{order}">\n'
        f'<div class="columns  is-multiline  ">\n'
        f"{image_part}"
        f'<div class="column  is-12 mgt-0 item mgt-0-mobile mobile-order-2">\n'
        f'<a href="{href}" class="mgt-small-medium-mobile teaser-link">\n <span class=" "> \n'
        f'<p class=" mgb-small typo-r-topline mgr-small">\n{esc(teaser.kicker)}\n</p>\n'
        f'<p class="headline link {head_class} mgt-xsmall-mobile mgb-xsmall-mobile mgb-small">\n'
        f"{esc(teaser.title)}\n</p>\n </span> \n</a>\n"
        f"{text_block}"
        f"</div>\n</div>\n</div>"
    )


def _related_section(article: Article, base: str) -> str:
    if not article.related:
        return ""
    teasers = joined(
        _teaser_div(related_teaser(link, base), i, base, order=i + 1)
        for i, link in enumerate(article.related, start=1)
    )
    return (
        f'<section class="columns force-full-dotted is-multiline " id="articleTeaser">\n'
        f'<header class="column is-12 typo-r-sectiontitle mgb-small-mobile mobile-order-1">\n'
        f"Mehr zum Thema\n</header>\n{teasers}\n</section>"
    )


def _most_commented() -> str:
    items = []
    for rank, article_id in enumerate(MOST_COMMENTED_IDS, start=1):
        article = ARTICLES[article_id]
        items.append(
            f'<div class="column article-teaser  is-4 dotted  mobile-order-{rank + 1}">\n'
            f'<div class="columns  is-multiline is-mobile ">\n'
            f'<div class="column is-2-tablet is-2-mobile mobile-order-1">\n'
            f'<span class="typo-r-mostread">\n{rank}\n</span>\n</div>\n'
            f'<div class="column  is-10 mgt-0 item mgt-0-mobile mobile-order-2">\n'
            f'<a href="{attr(article.path)}" class="  teaser-link">\n <span class=" "> \n'
            f'<p class=" mgb-small typo-r-topline mgr-small">\n{esc(article.kicker)}\n</p>\n'
            f'<p class="headline link typo-r-head-xxs mgt-xsmall-mobile mgb-xsmall-mobile '
            f'mgb-small">\n{esc(article.title)}\n</p>\n </span> \n</a>\n</div>\n</div>\n</div>'
        )
    return (
        f'<div class="column most-commented-container mobile-order-2">\n'
        f'<div class="columns is-multiline">\n'
        f'<header class="column is-12 mobile-order-1  icon-link-wrapper">\n'
        f'<p class="typo-r-sectiontitle text-link mgv-small-medium-mobile  ">\nmeistkommentiert\n'
        f"</p>\n</header>\n{joined(items)}\n</div>\n</div>"
    )


def _comments(article: Article) -> str:
    user, text = comment_text(article)
    comment_id = number(article.article_id, "comment")
    user_id = number(user, digits=6)
    moment = article.published + timedelta(hours=2, minutes=17)
    return f"""<section class="columns is-multiline ">
<div id="kommune" name="kommune" class="mini news community page column is-12 mobile-order-1">
<section role="region" class="columns is-multiline  typo-r-subline-detail">
<div class="is-8 is-offset-2 column    mobile-order-1">
<div class="is-flex">
<p class="headline typo-head-small ">
1 Kommentar
</p>
</div>
</div>
</section>
<ul class="comments-list comments-container columns is-multiline ">
<li class="member column pt-0-tablet is-12-tablet mobile-order-1 comment mgt-medium  " id="bb_message_{comment_id}" data-cid="{comment_id}">
<div class="columns is-mobile">
<div class="column is-7-tablet is-10-mobile   mobile-order-2">
<div>
<a href="/!ku{user_id}/">
<span class="author typo-short-text-bold">{esc(user)}</span>
</a>
</div>
<time datetime="{iso(moment)}" class="has-text-text-icon-grey typo-meta-data">
<span class="date">{moment:%d.%m.%Y}</span>, <span class="mgb-small time">{moment:%H:%M} Uhr</span>
</time>
<div class="typo-short-text text pt-small message-text-container hyphens break-word">
<p>{esc(text)}</p>
</div>
</div>
</div>
</li>
</ul>
</div>
{_most_commented()}
</section>"""


def _corpus(article: Article) -> tuple[str, list[str]]:
    """The article body's HTML, and its text as the JSON-LD articleBody joins it."""
    blocks: list[str] = []
    texts: list[str] = []
    headings = {s.position: s.text for s in article.subheadings}
    opinion = article.kind == "commentary"
    order = 0
    pos = 0

    def link(text: str, href: str) -> str:
        return f'<a href="{href}" target="_blank" class="link in-text-link">{text}</a>'

    last = len(article.paragraphs) - 1
    for index, paragraph in enumerate(article.paragraphs):
        if index in headings:
            order += 1
            pos += 1
            heading = headings[index]
            blocks.append(
                f'      <h2 class="typo-head-small headline column pv-0  is-8-tablet '
                f'mgh-auto-tablet   mobile-order-{order}" id="{slugify(heading).lower()}">'
                f"{esc(heading)}</h2>"
            )
            texts.append(heading)
        order += 1
        pos += 1
        tail = (
            f'typo-bodytext is-block column pv-0 is-8-tablet mgh-auto-tablet mobile-order-{order}"'
        )
        if index == 0 and article.dateline is not None:
            dateline = article.dateline
            html = (
                f"<location>{esc(dateline.location)}</location> "
                f'<em class="source">{esc(dateline.source)}</em> | {inline_html(paragraph, link)}'
            )
            blocks.append(f'<p class="bodytext paragraph first  {tail} pos="{pos}">{html}</p>')
            texts.append(f"{dateline.location} {dateline.source} | {plain_text(paragraph)}")
        elif index == 0:
            # The drop cap splits the first word; text extractors see "N a endlich!".
            initial_class = "typo-r-initial-meinung" if opinion else "typo-r-initial"
            letter, rest = paragraph[0], paragraph[1:]
            html = (
                f'<span class="initial-letter-outer "><span class="initial-letter  '
                f'{initial_class} pl-xsmall pr-small ph-xsmall-mobile ">{esc(letter)}</span>'
                f'</span> <span class="is-inline">{inline_html(rest, link)}</span>'
            )
            blocks.append(f'<p class="Initial paragraph first  {tail} pos="{pos}">{html}</p>')
            texts.append(f"{letter} {plain_text(rest)}")
        else:
            last_class = " last" if index == last else ""
            blocks.append(
                f'      <p class="bodytext paragraph{last_class}  {tail} pos="{pos}">'
                f"{inline_html(paragraph, link)}</p>"
            )
            texts.append(plain_text(paragraph))
        if index == 1 and last > 1:
            order += 1
            blocks.append(
                f'      <div data-pos="{pos}" data-for="webelement_adzone" class="column is-12 '
                f"pv-0 mgt-0 webelement-wrapper webelement_adzone webelement-pos-{pos} "
                f'mobile-order-{order}">\n{_ADZONE}\n</div>'
            )
    html = (
        f'<div class="column main-article-corpus is-12 pt-0 mgt-xlarge mgt-large-mobile '
        f'mobile-order-6">\n<div class="columns is-multiline">\n{joined(blocks)}\n</div>\n</div>'
    )
    return html, texts


def _author_top(article: Article, base: str) -> str:
    if not article.authors:
        return ""
    label = AUTHOR_LABELS[article.kind]
    wrappers = joined(
        f'<div class=" author-pic-name-wrapper is-flex is-flex-wrap-wrap '
        f'is-justify-content-flex-start is-align-items-center  ">\n'
        f'<figure class="pr-small is-flex-shrink-0" title="{attr(a.name)}">\n'
        f'<img class="image is-rounded author-profile  " src="{attr(author_picture(base, a.path))}" '
        f'alt="{attr(a.name)} ">\n</img></figure>\n'
        f'<div class="typo-name-detail pr-xsmall pv-small">\n'
        + (f'<span class="typo-name-detail ">{label} </span>\n' if i == 0 else "")
        + f'<a class="teaser-link" href="{attr(a.path)}">\n'
        f'<span class="typo-name-detail-bold link ">{esc(a.name)}</span></a>\n</div>\n</div>'
        for i, a in enumerate(article.authors)
    )
    return (
        f'<div class="author-container column is-flex is-flex-wrap-wrap mgt-xlarge '
        f"mgt-large-mobile p-0 pl-small-medium mgt-0 is-8-tablet mgh-auto-tablet-only "
        f'mgh-auto-desktop mgt-large  mobile-order-2">\n{wrappers}\n</div>'
    )


def _author_bottom(author: Author, base: str) -> str:
    return f"""<div class="author-container column  mgt-medium mgb-medium-large mgt-0 ph-gap-mobile ph-0-desktop ph-0-tablet pl-small-medium is-7 is-offset-2   mobile-order-8">
<div class="author-pic-name-wrapper  ph-gap-mobile ph-0-desktop ph-0-tablet is-flex is-block-mobile is-justify-content-flex-start  pl-xxlarge-xxxlarge  pr-xxxlarge mgl-large-negative-tablet ">
<figure class="pr-large is-flex-shrink-0  pl-small-mobile mgl-0-mobile mgl-large-negative-tablet   " title="{attr(author.name)}">
<img class=" image author-profile  is-rounded large mgl-small-medium-mobile  " src="{attr(author_picture(base, author.path))}" alt="{attr(author.name)} ">
</img></figure>
<div class="author-name-wrapper  pt-small-mobile   ">
<a class="teaser-link" href="{attr(author.path)}">
<p class=" typo-short-text-head  link ">
{esc(author.name)}</p>
</a>
<span class="is-flex is-flex-wrap-nowrap is-justify-content-flex-start typo-name-detail    ">
{esc(author.job_title)}
</span>
<div class="author-description typo-short-text is-justify-content-flex-start pb-small pt-small-medium pt-small-mobile   ">
{esc(author.bio)}
</div>
</div>
</div>
</div>"""


def _article_picture(image: Image, base: str) -> str:
    return (
        f'<div data-pos="not-numeric" data-for="picture" class="column is-12-tablet '
        f"is-flex-direction-column-mobile is-flex-direction-row is-flex  mgt-medium "
        f"mgt-xsmall-mobile  pt-medium pb-medium-large image-overflow-right  webelement-wrapper "
        f'picture  webelement-pos-0 mobile-order-5">\n'
        f'<figure id="lightbox--standard" class=" image \nfull  konvektion-L\n '
        f'no-static-aspect-ratio \npswp-gallery pswp-gallery--single-column  ">\n'
        f'<a class="slides icon maximize_opahov large pswp-slides pl-0" '
        f'href="{attr(base + image.url(1900))}" data-pswp-width="1900">\n'
        f"{_picture(image, base, _ARTICLE_WIDTHS, lazy=False, caption=True)}\n</a>\n</figure>\n"
        f'<figcaption class="mgt-xsmall typo-caption caption full  konvektion-L  '
        f'typo-r-caption-detail ">\n{esc(image.caption)}\n<span>&ensp;</span>\n'
        f'<span class="  typo-fotocredit  ">\n<span class="credit-name ">\nFoto: \n'
        f"{esc(image.credit)}\n</span>\n</span>\n</figcaption>\n</div>"
    )


def _article_head(article: Article, base: str) -> str:
    url = f"{base}{article.path}"
    metas = [
        f'<meta property="og:url" content="{attr(url)}">',
        f'<meta property="og:title" content="{attr(article.headline)}">',
        f'<meta property="og:description" content="{attr(article.teaser)}"></meta>',
        # taz ends this one with a zero-width space.
        f'<meta name="taz:title" data-id="{article.article_id}" '
        f'content="{attr(article.headline)}\u200b">',
        '<meta property="og:type" content="article"></meta>',
    ]
    for tag in article.tags:
        category = f' data-tag-category="{attr(tag.category)}"' if tag.category else ""
        metas.append(
            f'<meta property="article:tag" name="taz:tag" data-id="{tag.tag_id}" '
            f'data-tag-id="{tag.tag_id}"{category} content="{attr(tag.name)}"></meta>'
        )
    metas += [
        f'<meta property="article:author" content="{attr(a.name)}"></meta>' for a in article.authors
    ]
    metas.append(
        f'<meta property="article:published_time" content="{iso_naive(article.published)}">'
    )
    if article.image is not None:
        image_url = attr(base + article.image.url(1200))
        metas += [
            f'<meta property="og:image:alt" content="{attr(article.image.alt)}">',
            # The trailing space is in the real page too.
            f'<meta property="og:image" content="{image_url} ">',
            f'<meta name="twitter:image" content="{image_url} ">',
            '<meta name="twitter:card" content="summary_large_image">',
            '<meta property="og:image:width" content="1200">',
            '<meta property="og:image:height" content="800">',
        ]
    metas.append('<meta name="twitter:card" content="summary">')
    return _head(
        title=article.headline,
        description=article.teaser,
        canonical=url,
        base=base,
        extra="".join(f"{m}\n" for m in metas),
    )


def _news_article_ld(article: Article, base: str, body_texts: list[str]) -> str:
    url = f"{base}{article.path}"
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "articleBody": "\n      \n      " + "\n      ".join(body_texts) + "\n    ",
        "isAccessibleForFree": "true",
        "mainEntityOfPage": url,
        "url": url,
        "headline": article.headline,
        "description": article.teaser,
    }
    if article.image is not None:
        data["image"] = base + article.image.url(948)
    if article.authors:
        data["author"] = [
            {"@type": "Person", "name": a.name, "url": f"{base}{a.path}"} for a in article.authors
        ]
    data["publisher"] = {
        "@type": "Organization",
        "name": "taz",
        "logo": {
            "@type": "ImageObject",
            "url": f"{base}/lib/taz-verlag-node/icons/DT_taz_logo-min.svg",
        },
    }
    data["datePublished"] = iso(article.published)
    if article.modified is not None:
        data["dateModified"] = iso(article.modified)
    return f'<script type="application/ld+json">\n{json_ld(data)}\n</script>'


def render_article(article: Article, base: str) -> str:
    """The article page in the new layout; ``base`` is "http://host:port" of the request."""
    chain = ressort_chain(article.ressort)
    crumbs = [("Startseite", "/"), *((r.name, r.path) for r in chain)]
    schwerpunkt = next((t for t in article.tags if t.category), None)
    opinion = article.kind == "commentary"
    corpus, body_texts = _corpus(article)
    published = article.published
    head_class = "typo-r-head-meinung-detail" if opinion else "typo-r-head-detail"
    tags = "".join(
        f'<a href="{attr(base + t.path)}" class="pr-small-medium">\n#{esc(t.label)}\n</a>'
        for t in article.tags
    )
    share_id = digest(article.article_id, "share", length=9)
    current = f"{esc(article.kicker)}:\n{esc(article.title)}"
    main = f"""{_breadcrumb(crumbs, current, base, schwerpunkt)}
{_breadcrumb_ld([*crumbs, (article.headline, article.path)], base)}
<section class="outerwrapper   contains-module-article  has-no-background    ">
<article class="module columns is-multiline article module-article   contains-article is-first  mgt-large pb-0  article article-type-{article.kind}">
<div class="metadata is-hidden " itemscope="">
<meta itemprop="cms-article-ID" content="{article.article_id}"></meta>
<meta itemprop="url-ID" content="{article.article_id}"></meta>
<meta itemprop="cms-obj-ID" content="{article.image.picture_id if article.image else article.article_id}"></meta>
<meta itemprop="vgwort-counter-ID" content="{digest(article.article_id, "vgwort")}"></meta>
<span id="articleID">{number(article.article_id, "obj")}</span>
<span id="cmsArticleID">{article.article_id}</span>
<img src="/count/vgwort/{digest(article.article_id, "vgwort")}.gif" width="1" height="1" alt=""></img>
</div>
<h1 class="column is-8-tablet mgh-auto-tablet-only pv-0 mgt-xlarge mgt-0-mobile mgh-auto-desktop {"seiteneinstieg-opinion" if opinion else "seiteneinstieg"}    mobile-order-1">
<span class="is-flex headline typo-r-topline-detail">{esc(article.kicker)}</span><span class="is-hidden">: </span><span class="is-flex headline {head_class}">{esc(article.title)}</span>
</h1>
{_author_top(article, base)}
<p class="column mgt-large is-8-desktop is-8-tablet mgh-auto-tablet-only mgh-auto-desktop typo-r-subline-detail mobile-order-3">
{esc(article.teaser)}
</p>
<div class="meta-data-container column is-flex is-align-items-center is-8-tablet mgh-auto-tablet-only mgh-auto-desktop mgt-large mgt-medium-mobile mgb-0 mobile-order-4 ">
<time datetime="{published:%Y-%m-%d}" class="has-text-text-icon-grey  typo-meta-data pr-small">
{published.day}.{published.month}.{published.year}
</time>
<time datetime="{published:%H:%M}" class="has-text-text-icon-grey typo-meta-data">
{published:%H:%M} Uhr
</time>
<button class=" mgl-auto js-modal-trigger icon-link-wrapper is-flex is-align-items-center" data-target="modal-{share_id}" aria-label="Teilen">
<span class="icon-link-text typo-meta-data  ">teilen</span>
</button>
</div>
{_article_picture(article.image, base) if article.image else ""}
{corpus}
<div x-data="{{}}" class="tzi-bottom-container is-12 pt-large pb-xlarge hasMultiply has-background-highlighted typo-bodytext column  mgt-medium mgb-0 mobile-order-7">
<div class="sect_text tziBottom columns is-multiline">
<p class="column is-8  mgh-auto-tablet-only mgh-auto-desktop headline typo-head-small pv-xsmall mobile-order-1">Unabhängig lesen</p>
<p class="article column first is-8  mgh-auto-tablet-only mgh-auto-desktop   mobile-order-2">
Diese Testseite zeigt erfundene Texte im Markup von taz.de. Hier stünde ein Aufruf, freiwillig für Journalismus zu bezahlen.
<a href="/Unterstuetzen/!v=00000000-0000-4000-8000-000000000007/#matomo:pk_campaign=tzi-Bottom&amp;pk_source=taz.de" class="button primary-button typo-button-text" role="link" aria-label="jetzt unterstützen">
Jetzt unterstützen
</a>
</p>
</div>
</div>
{joined(_author_bottom(a, base) for a in article.authors)}
</article>
<section class="columns is-multiline p-0 force-full-dotted ">
<div class="column is-8 mgh-auto-tablet-only mgh-auto-desktop pt-0 mgt-medium mgb-large-desktop tags-bottom-container  mobile-order-1">
<div id="content_nav">
<span class="pr-small-medium typo-teaser-text-bold">Themen</span>
<span class="has-text-text-icon-grey typo-link link">
{tags}</span>
</div>
</div>
</section>
<section class="columns pb-0 mgb-large-desktop mgt-medium">
<div class="column pv-0 is-8 mgh-auto-tablet-only error-note-container mgh-auto-desktop mobile-order-1">
<div class="pr-small-medium typo-teaser-text-bold">Feedback
<span class="has-text-text-icon-grey typo-link link">
<a href="#kommune" class="ph-small-medium">
Kommentieren
</a>
<a href="{attr(base)}/!v=00000000-0000-4000-8000-000000000003/" class="pr-small-medium">
Fehlerhinweis
</a>
</span>
</div>
</div>
</section>
{_related_section(article, base)}
{_news_article_ld(article, base, body_texts)}
{_comments(article)}
</section>"""
    return _page(
        head=_article_head(article, base),
        body_kind="isArticle",
        page_id=article.article_id,
        main=main,
        base=base,
    )


def _listing(
    *,
    title: str,
    intro: str,
    teasers: list[Teaser],
    crumbs: list[tuple[str, str]],
    canonical_path: str,
    page_id: str,
    base: str,
    extra: str = "",
) -> str:
    items = joined(_teaser_div(t, i, base, order=i + 1) for i, t in enumerate(teasers, start=1))
    main = f"""{_breadcrumb(crumbs, esc(title), base)}
{_breadcrumb_ld([*crumbs, (title, canonical_path)], base)}
<section class="outerwrapper   contains-module-teaser  has-no-background    ">
<header class="column is-12 typo-r-pagetitle mgt-large">
<h1 class="typo-r-head-detail">{esc(title)}</h1>
</header>
<p class="column is-8 typo-r-subline-detail">{esc(intro)}</p>
{extra}
<section class="columns force-full-dotted is-multiline ">
{items}
</section>
</section>"""
    head = _head(
        title=title,
        description=intro,
        canonical=f"{base}{canonical_path}",
        base=base,
        extra=f'<meta property="og:url" content="{attr(base + canonical_path)}">\n'
        '<meta property="og:type" content="website"></meta>\n',
    )
    return _page(head=head, body_kind="isOverview", page_id=page_id, main=main, base=base)


def _newest_first(articles: list[Article]) -> list[Teaser]:
    return [article_teaser(a) for a in sorted(articles, key=lambda a: a.published, reverse=True)]


def _name_from_slug(slug: str) -> str:
    return slug.replace("-", " ").strip() or "taz"


def render_tag_page(tag_id: str, slug: str, base: str) -> str:
    """A tag or "Schwerpunkt" page listing the articles with that tag; unknown ids get an
    empty page named after the slug, as the crawler only needs a 200 non-article page."""
    tag = TAGS.get(tag_id)
    name = tag.name if tag else _name_from_slug(slug)
    path = tag.path if tag else f"/{slug}/!t{tag_id}/"
    articles = [a for a in ARTICLES.values() if tag in a.tags] if tag else []
    return _listing(
        title=name,
        intro=f"Alle Artikel zum Thema {name}.",
        teasers=_newest_first(articles),
        crumbs=[("Startseite", "/")],
        canonical_path=path,
        page_id=f"t{tag_id}",
        base=base,
    )


def render_ressort_page(page_id: str, slug: str, base: str) -> str:
    ressort: Ressort | None = next((r for r in RESSORTS.values() if r.page_id == page_id), None)
    name = ressort.name if ressort else _name_from_slug(slug.rsplit("/", 1)[-1])
    path = ressort.path if ressort else f"/{slug}/!p{page_id}/" if slug else f"/!p{page_id}/"
    if ressort is None:
        articles: list[Article] = []
        crumbs = [("Startseite", "/")]
    else:
        articles = [a for a in ARTICLES.values() if ressort in ressort_chain(a.ressort)]
        crumbs = [
            ("Startseite", "/"),
            *((r.name, r.path) for r in ressort_chain(ressort.path)[:-1]),
        ]
    return _listing(
        title=name,
        intro=f"Aktuelle Artikel aus dem Ressort {name}.",
        teasers=_newest_first(articles),
        crumbs=crumbs,
        canonical_path=path,
        page_id=f"p{page_id}",
        base=base,
    )


def render_author_page(author_id: str, slug: str, base: str) -> str:
    author = AUTHORS.get(author_id)
    name = author.name if author else _name_from_slug(slug)
    path = author.path if author else f"/{slug}/!a{author_id}/"
    articles = [a for a in ARTICLES.values() if author in a.authors] if author else []
    extra = ""
    if author is not None:
        extra = (
            f'<div class="author-container column is-8">\n<figure class="pr-large" '
            f'title="{attr(author.name)}">\n<img class=" image author-profile is-rounded large" '
            f'src="{attr(author_picture(base, author.path))}" alt="{attr(author.name)} ">\n'
            f'</img></figure>\n<span class="typo-name-detail">{esc(author.job_title)}</span>\n'
            f'<div class="author-description typo-short-text">\n{esc(author.bio)}\n</div>\n</div>'
        )
    return _listing(
        title=name,
        intro=f"Alle Texte von {name}.",
        teasers=_newest_first(articles),
        crumbs=[("Startseite", "/")],
        canonical_path=path,
        page_id=f"a{author_id}",
        base=base,
        extra=extra,
    )


def render_front_page(base: str) -> str:
    return _listing(
        title="Startseite",
        intro="Die neuesten Artikel dieser Testseite.",
        teasers=_newest_first(list(ARTICLES.values())),
        crumbs=[],
        canonical_path="/",
        page_id="4608",
        base=base,
    )


def render_error_page(base: str) -> str:
    """taz's "page not found" page; served with status 404."""
    main = f"""<section class="outerwrapper   contains-module-error  has-no-background    ">
<article class="module columns is-multiline module-error error-page mgt-large">
<h1 class="column is-8 mgh-auto-desktop typo-r-head-detail">Fehler 404 – Seite nicht gefunden</h1>
<p class="column is-8 mgh-auto-desktop typo-r-subline-detail">
Die angeforderte Seite gibt es leider nicht (mehr). Vielleicht wurde sie verschoben oder gelöscht.
</p>
<p class="column is-8 mgh-auto-desktop typo-bodytext">
Versuchen Sie es mit der <a href="{attr(base)}/!s=/" class="link in-text-link">Suche</a> oder gehen Sie zur <a href="/" class="link in-text-link">Startseite</a>.
</p>
</article>
</section>"""
    head = _head(
        title="Seite nicht gefunden",
        description="Fehler 404",
        canonical=None,
        base=base,
        robots="noindex, follow",
    )
    return _page(head=head, body_kind="isError", page_id="404", main=main, base=base)
