"""The old taz.de layout (generator "tazxslt", sect/sectbody classes, until 2024-10): articles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from testsite._common import (
    AUTHOR_LABELS,
    MOST_COMMENTED_IDS,
    NAV_ARTICLE_ID,
    PROMO_ARTICLE_ID,
    attr,
    digest,
    esc,
    inline_html,
    iso,
    joined,
    number,
    related_teaser,
)
from testsite.content import ARTICLES, RESSORTS, ressort_chain

if TYPE_CHECKING:
    from testsite._common import Teaser
    from testsite.model import Article, Author

__all__ = ["keywords", "render_article"]

_NEWS_NAV = (
    "/Politik/!p4615/",
    "/Oeko/!p4610/",
    "/Gesellschaft/!p4611/",
    "/Kultur/!p4639/",
    "/Sport/!p4646/",
    "/Berlin/!p4649/",
    "/Nord/!p4650/",
    "/Wahrheit/!p4644/",
)
_CORP_NAV = (
    ("Abo", "/Abo/!p4209/", "4209"),
    ("Genossenschaft", "/Genossenschaft/!p4271/", "4271"),
    ("Info", "/Info/!p4206/", "4206"),
    ("Archiv", "/Archiv/!p4311/", "4311"),
    ("Hilfe", "/Hilfe/!p4591/", "4591"),
)
_KIND_CLASSES = {
    "report": "report article",
    "commentary": "subjective commentary article",
    "column": "subjective column article",
}


def _odd_even(index: int, count: int) -> str:
    """The "first odd", "even", "last odd" position classes of tazxslt lists."""
    classes = []
    if index == 0:
        classes.append("first")
    if index == count - 1:
        classes.append("last")
    classes.append("odd" if index % 2 == 0 else "even")
    classes.append("treven" if index % 3 == 2 else "trodd")
    return " ".join(classes)


def _nav_list(
    items: list[tuple[str, str, str]], selected: str | None = None, start: int = 0
) -> str:
    """Menu items; ``start`` counts items already in the list (the "home" entry)."""
    total = len(items) + start
    return "".join(
        f'<li class="{_odd_even(i, total)}{" selected" if href == selected else ""}">'
        f'<a href="{attr(href)}" id="menu_p{menu_id}"><span>{esc(name)}</span></a></li>'
        for i, (name, href, menu_id) in enumerate(items, start=start)
    )


def keywords(article: Article) -> str:
    """The old layout's keywords meta: tags mixed with noise (ressorts, "taz", ...)."""
    words: list[str] = []
    # As on the real page: plain tags first, then the Schwerpunkt names.
    for tag in sorted(article.tags, key=lambda t: t.category is not None):
        if tag.label not in words:
            words.append(tag.label)
    words += [ressort.name for ressort in reversed(ressort_chain(article.ressort))]
    if any(tag.category for tag in article.tags):
        words.append("Schwerpunkt")
    return ", ".join([*words, "taz", "tageszeitung "])


def _head(article: Article, base: str) -> str:
    image = article.image
    tags = "".join(
        f'<meta name="taz:tag" content="{attr(t.name)}" data-tag-id="{t.tag_id}"'
        + (f' data-tag-category="{attr(t.category)}"' if t.category else "")
        + "></meta>"
        for t in article.tags
    )
    author = (
        f'<meta name="author" content="{attr(", ".join(a.name for a in article.authors))}"></meta>'
        if article.authors
        else ""
    )
    images = (
        f'<meta property="og:image" content="{attr(base + image.url(948))}"></meta>'
        f'<meta name="twitter:image" content="{attr(base + image.url(948))}"></meta>'
        if image
        else ""
    )
    modified = (
        f'<meta property="article:modified_time" content="{iso(article.modified)}"></meta>'
        if article.modified
        else ""
    )
    opinion = "true" if article.kind != "report" else "false"
    headline = attr(article.headline)
    return (
        f'<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        f"<!--\n\t\t\tpage_id :: {ressort_page_id(article)}-->"
        f'<meta http-equiv="Content-Script-Type" content="text/javascript"></meta>'
        f'<meta name="robots" content="index,follow,noarchive,max-image-preview:large "></meta>'
        f'<meta name="language" content="de"></meta>'
        f'<meta name="copyright" content="TAZ Verlags- und Vertriebs GmbH"></meta>'
        f"<title>{esc(article.headline)} - taz.de</title>{author}"
        f'<meta name="description" content="{attr(article.teaser)}"></meta>'
        f'<meta name="keywords" content="{attr(keywords(article))}"></meta>'
        f'<meta name="taz:title" data-id="{article.article_id}" content="{headline}"></meta>'
        f'{tags}<meta name="generator" content="tazxslt, 0.55; "></meta>'
        # The old layout's og:url is the short form.
        f'<meta property="og:url" content="{attr(base)}/!{article.article_id}/"></meta>'
        f'<meta property="og:locale" content="de_DE"></meta>'
        f'<meta property="og:type" content="article"></meta>'
        f'<meta name="twitter:card" content="summary_large_image"></meta>'
        f'<meta name="twitter:site" content="@tazgezwitscher"></meta>'
        f'<meta property="og:title" content="{headline}"></meta>'
        f'<meta property="article:opinion" content="{opinion}"></meta>'
        f'<meta property="article:content_tier" content="free"></meta>'
        f'<meta name="twitter:title" content="{headline}"></meta>'
        f'<meta property="og:description" content="{attr(article.teaser)}"></meta>'
        # The leading space is in the real page too.
        f'<meta name="twitter:description" content=" {attr(article.teaser)}"></meta>'
        f"{images}"
        f'<meta property="article:published_time" content="{iso(article.published)}"></meta>'
        f"{modified}\n"
        f'<script type="text/javascript">/* tracking omitted */</script>'
        f'<link rel="preload" href="/lib/share/fonts/Taz_4_.woff2" type="font/woff2" '
        f'crossorigin="anonymous" as="font"></link>'
        f'<link rel="canonical" href="{attr(base + article.path)}"></link>'
        f'<link rel="alternate" type="application/rss+xml" title="taz.de - Schlagzeilen" '
        f'href="/rss.xml"></link>'
        f'<link rel="home" type="text/html" title="taz.de - Schlagzeilen" href="/"></link>'
        f'<link rel="stylesheet" type="text/css" media="screen, print" '
        f'href="/lib/ch/web/css/news2020-12-08_09.css"></link>'
        f'<script type="text/javascript" src="/lib/ch/web/js/2020-12-08_09.js"></script>'
        f'<meta name="theme-color" content="#ffffff"></meta></head>'
    )


def ressort_page_id(article: Article) -> str:
    return RESSORTS[article.ressort].page_id


def _image(article: Article) -> str:
    image = article.image
    if image is None:
        return ""
    return (
        f'\n      <a xmlns="" class="full picture" href="{attr(image.url(948))}" '
        f'target="fullImage" onclick="\n\t\tvar href = this.href;\n\t\treturn false;\n\t" '
        f'itemprop="image"><img src="{attr(image.url(624))}" alt="{attr(image.alt)}" '
        f'title="{attr(image.alt)}"></a><p xmlns="" class="caption">{esc(image.caption)} '
        f'<span class="credit"> Foto: {esc(image.credit)}</span></p>\n    '
    )


def _body(article: Article) -> str:
    headings = {s.position: s.text for s in article.subheadings}
    count = len(article.paragraphs)
    parts: list[str] = []

    def link(text: str, href: str) -> str:
        return f'<a target="_blank" href="{href}">{text}</a>'

    for index, paragraph in enumerate(article.paragraphs):
        if index in headings:
            parts.append(f'      <h6 xmlns="">{esc(headings[index])}</h6>')
        classes = ["article"]
        if index == 0:
            classes.append("first")
        if index == count - 1:
            classes.append("last")
        classes.append("odd" if index % 2 == 0 else "even")
        html = inline_html(paragraph, link)
        if index == 0 and article.dateline is not None:
            # 2016-era pages: "<em>Beirut ap</em> | Der Traum ...".
            dateline = article.dateline
            html = f"<em>{esc(dateline.location)} {esc(dateline.source)}</em> | {html}"
        elif index == 0:
            classes.append("Initial")
        parts.append(f'      <p xmlns="" class="{" ".join(classes)}">{html}</p>')
        if index == 1 and count > 2:
            parts.append(
                '      \n      <span id="ad_bin_artikel_medrec_1" class="ad_bin sold contentad">'
                '<div id="ad_zone_artikel_medrec_1" name="artikel_medrec-1" class="ad_zone '
                'ad_zone_contentad ad_zone_badged ad_zone_sold"></div></span>\n    '
            )
    return joined(parts)


def _profile(author: Author, label: str, base: str) -> str:
    return (
        f'<div role="region" id="" class="odd sect sect_profile big pictured "><div '
        f'class="secthead" role="heading"><h2><a name="{label}"><span>{label}</span></a></h2>'
        f'</div><div class="sectbody" itemscope="itemscope" itemtype="http://schema.org/Person" '
        f'itemprop="author"><a rel="author" class="big pictured \n        \n\t\t\tauthor \n\t\t'
        f'community \n        person objlink" itemprop="url" href="{attr(base + author.path)}">'
        f'<h4 itemprop="name">{esc(author.name)}</h4><h5 itemprop="jobTitle">'
        f'{esc(author.job_title)}</h5><img itemprop="image" '
        f'src="/kommune/files/images/profile/138x138/{author.author_id}.png" '
        f'alt="{attr(author.name)}" title="{attr(author.name)}"></img></a></div></div>'
        f'<div role="region" id="" class="odd sect sect_profile-descr "><p class="sectbody">'
        f"<!--0-->{esc(author.bio)}</p></div>"
    )


def _wing(article: Article, base: str) -> str:
    parts = []
    schwerpunkt = next((t for t in article.tags if t.category), None)
    if schwerpunkt is not None:
        parts.append(
            f'<div role="region" id="" class="odd sect sect_description decorated focus '
            f'directory no_body"><div class="secthead" role="heading"><h2><a '
            f'name="{attr(schwerpunkt.name)}" href="{attr(schwerpunkt.path)}/"><span>'
            f'{esc(schwerpunkt.name)}</span></a></h2></div><div class="sectbody"></div></div>'
        )
    chain = ressort_chain(article.ressort)
    rootline = "".join(
        f'<li class="{_odd_even(i, len(chain))} selected" itemscope="" '
        f'itemprop="itemListElement" itemtype="http://schema.org/ListItem"><meta '
        f'itemprop="position" content="{i + 1}"></meta><a itemprop="item" '
        f'href="{attr(r.path)}" id="menu_p{r.page_id}"><span itemprop="name">{esc(r.name)}'
        f"</span></a></li>"
        for i, r in enumerate(chain)
    )
    published = article.published
    modified = (
        f'<meta itemprop="dateModified" content="{iso(article.modified)}"></meta>'
        if article.modified
        else ""
    )
    parts.append(
        f'<div role="region" id="" class="even sect sect_meta "><div class="sectbody"><ul '
        f'role="navigation" class="left rootline toolbar" itemscope="" '
        f'itemtype="http://schema.org/BreadcrumbList">{rootline}</ul><ul role="navigation" '
        f'class="right toolbar"><li class="date" itemprop="datePublished" '
        f'content="{iso(published)}">{published.day}. {published.month}. {published.year}'
        f'<span>, {published:%H:%M} Uhr</span></li><li itemprop="publisher" itemscope="" '
        f'itemtype="http://schema.org/Organization " style=" display:none; "><span '
        f'itemprop="url" content="{attr(base)}"></span><span itemprop="name" content="TAZ '
        f'Verlags- und Vertriebs GmbH"></span></li>{modified}</ul></div></div>'
    )
    label = AUTHOR_LABELS[article.kind]
    parts += [_profile(a, label, base) for a in article.authors]
    plain_tags = [t for t in article.tags if not t.category]
    if plain_tags:
        items = "".join(
            f'<li class="{_odd_even(i, len(plain_tags))} tag"><a role="link" '
            f'href="{attr(base + t.path)}" class="tag dirlink"><span>{esc(t.name)}</span></a></li>'
            for i, t in enumerate(plain_tags)
        )
        parts.append(
            f'<div role="region" id="" class="even sect sect_tags "><div class="secthead" '
            f'role="heading"><h2><a name="Themen"><span>Themen</span></a></h2></div><ul '
            f'role="directory" class="news directory sectbody">{items}</ul></div>'
        )
    return joined(f"\n    \n\t{p}" for p in parts)


def _objlink_li(teaser: Teaser, index: int, count: int) -> str:
    """One entry of an old-layout teaser list (li > a.objlink with h4, h3, p)."""
    kind = _KIND_CLASSES.get(teaser.kind, "report article")
    pictured = " leaded pictured" if teaser.image else " leaded"
    resource = f' ratioURL-ressource="{teaser.target_id}"' if teaser.target_id else ""
    names = ", ".join(teaser.authors)
    if teaser.kind == "column":
        text = (
            f'<span class="category_and_name"><div><span>Kolumne<b> '
            f'{esc(teaser.column_name or "")} </b></span><span class="author"><p>von '
            f"<b>{esc(names)}</b> </p></span></div><p>{esc(teaser.teaser)}  </p></span>"
        )
    else:
        author = f'<span class="author">{esc(names)}</span>' if names else ""
        text = f"<p>{esc(teaser.teaser)}  {author}</p>"
    image = ""
    if teaser.image is not None:
        alt = attr(teaser.image.alt)
        image = (
            f'<img class="lozad" src="{attr(teaser.image.url(14))}" '
            f'data-src="{attr(teaser.image.url(300))}" alt="{alt}" title="{alt}"></img>'
            f'<noscript><img src="{attr(teaser.image.url(300))}" alt="{alt}" title="{alt}">'
            f"</img></noscript>"
        )
    return (
        f'<li class=" {_odd_even(index, count)}    {kind}{pictured}"><a '
        f'href="{attr(teaser.href)}"{resource} class="objlink {kind}{pictured} noavatar" '
        f'role="link"><h4>{esc(teaser.kicker)}</h4><h3>{esc(teaser.title)}</h3>{text}{image}'
        f"</a></li>"
    )


def _related(article: Article, base: str) -> str:
    if not article.related:
        return ""
    count = len(article.related)
    items = "".join(
        _objlink_li(related_teaser(link, base), i, count) for i, link in enumerate(article.related)
    )
    return (
        f'<div role="region" id="" class="first last odd sect sect_thema clip_small plain '
        f'style_clip_small plain "><div class="secthead" role="heading"><h2><a name="Mehr zum '
        f'Thema"><span>Mehr zum Thema</span></a></h2><ul class="toolbar" role="toolbar"></ul>'
        f'</div><ul role="directory" class="sectbody news  directory">{items}'
        # The button has no href: it is not a link to follow.
        f'<a class="button cta">Alle Artikel zum Thema</a></ul></div>'
    )


def _most_commented() -> str:
    count = len(MOST_COMMENTED_IDS)
    items = "".join(
        f'<li class=" {_odd_even(i, count)}   "><a href="{attr(ARTICLES[a].path)}" '
        f'class="objlink noavatar" role="link"><h4>{esc(ARTICLES[a].kicker)}</h4>'
        f"<h3>{esc(ARTICLES[a].title)}</h3></a></li>"
        for i, a in enumerate(MOST_COMMENTED_IDS)
    )
    return (
        f'<div role="region" id="" class="first last odd sect sect_shop style_shop "><div '
        f'class="secthead" role="heading"><h2><a name="meistkommentiert"><span>meistkommentiert'
        f'</span></a></h2><ul class="toolbar" role="toolbar"></ul></div><ul role="directory" '
        f'class="sectbody news  directory">{items}</ul></div>'
    )


def _promo() -> str:
    promo = ARTICLES[PROMO_ARTICLE_ID]
    ressort = RESSORTS[promo.ressort]
    return (
        f'<div role="region" id="xid{number(promo.article_id, digits=6)}" class="last even sect '
        f'sect_adr style_adr "><ul role="directory" class="sectbody corp  directory"><li '
        f'class=" first last odd trodd online   story leaded"><a class="dept" '
        f'href="{attr(ressort.path)}">{esc(ressort.name)}</a><a href="{attr(promo.path)}" '
        f'ratioURL-ressource="{promo.article_id}" class="objlink story leaded noavatar" '
        f'role="link"><h4>{esc(promo.kicker)}</h4><h3>{esc(promo.title)}</h3><p class="brief">'
        f"{esc(promo.teaser)}</p></a></li></ul></div>"
    )


def _footer(article: Article, base: str) -> str:
    groups = []
    for i, top_path in enumerate(_NEWS_NAV):
        top = RESSORTS[top_path]
        children = [r for r in RESSORTS.values() if r.parent == top_path]
        sub = [(c.name, c.path, c.page_id) for c in children]
        if top_path == "/Wahrheit/!p4644/":
            nav_article = ARTICLES[NAV_ARTICLE_ID]
            sub.append((nav_article.kicker, nav_article.path, "4684"))
        selected = article.ressort if article.ressort in {c.path for c in children} else None
        groups.append(
            f'<li class="{_odd_even(i, len(_NEWS_NAV))}"><a href="{attr(top.path)}" '
            f'id="menu_p{top.page_id}"><span>{esc(top.name)}</span></a><ul>'
            f"{_nav_list(sub, selected)}</ul></li>"
        )
    legal = _nav_list(
        [
            ("Hilfe", "/Hilfe/!p4591/", "4591"),
            # Short-form article links in the legal menu, as taz has for its imprint.
            ("Kommentarregeln", f"{base}/!{NAV_ARTICLE_ID}/", "4679"),
            ("Datenschutz", f"{base}/Datenschutz/!vn9000003/", "4681"),
        ]
    )
    return (
        f'<div id="footer"><ul role="navigation" class="sitemap"><li class="news"><span><a '
        f'href="/"><span>taz</span></a></span><ul>{"".join(groups)}</ul></li><li class="corp">'
        f'<ul>{_nav_list(list(_CORP_NAV))}</ul></li><li class="help"><ul id="legal">{legal}</ul>'
        f'</li></ul><div class="copyright">Alle Rechte vorbehalten. Diese Seite ist eine lokale '
        f"Testseite mit erfundenen Texten.</div></div>"
    )


def render_article(article: Article, base: str) -> str:
    """The article page in the old layout; ``base`` is "http://host:port" of the request."""
    kind = _KIND_CLASSES[article.kind].removesuffix(" article")
    news_nav = [(RESSORTS[p].name, p, RESSORTS[p].page_id) for p in _NEWS_NAV]
    top_ressort = ressort_chain(article.ressort)[0].path
    speaking = f"/{article.slug}/!{article.article_id}"
    main_entity = (
        f'<meta itemprop="isAccessibleForFree" content="true"></meta><a '
        f'itemprop="mainEntityOfPage" href="{attr(base + speaking)}"></a>'
    )
    vgwort = digest(article.article_id, "vgwort")
    teaser = esc(article.teaser)
    return (
        f'<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:my="mynames" '
        f'lang=""><!-- DEBUG start page_id={ressort_page_id(article)} :: testsite-->'
        f"{_head(article, base)}"
        f'<body class=""><div class="topo_wit" id="counter"></div><div id="background" '
        f'class="topo_bin"><div id="skirt"></div><div id="centered">'
        f'<div id="pages" class="news"><ul role="navigation" id="globalnavigation" '
        f'class="navbar">{_nav_list(list(_CORP_NAV))}</ul>'
        f'<div class="full news {kind} article page first odd first_page n1" itemscope="" '
        f'itemtype="http://schema.org/NewsArticle"><div class="head" role="head"><ul '
        f'role="navigation" class="news navbar newsnavigation"><li class="first odd trodd home">'
        f'<a href="/" id="menu_p4608"><span>taz</span><div class="tazze logo"></div></a></li>'
        f"{_nav_list(news_nav, top_ressort, start=1)}</ul>"
        f'<form class="search" role="search" action="/!s=/" method="POST"><div class="frame">'
        f'<input type="text" minlength="2" required="required" placeholder="suchen ..." '
        f'class="text preset" name="s"></input></div></form></div>'
        f'<span class="body" role="main"><div class="main rack" '
        f'id="xid{number(article.article_id, "rack", digits=6)}">\n    \n\t'
        f'<div xmlns="" class="metadata" itemscope="">\n<a id="articleURL" '
        f'href="/!{article.article_id}"></a><a id="speakingURL" href="{attr(speaking)}"></a>'
        f'<meta itemprop="cms-article-ID" content="{article.article_id}"></meta>'
        f'<meta itemprop="url-ID" content="{article.article_id}"></meta>'
        f'<meta itemprop="vgwort-counter-ID" content="{vgwort}"></meta>'
        f'<span id="articleID"></span><span id="cmsArticleID">{article.article_id}</span>'
        f'<img src="/count/vgwort/{vgwort}.gif" width="1" height="1" alt="">\n</div>\n'
        f'<div role="region" id="" class="odd sect sect_article news {kind}"><article '
        f'class="sectbody" itemprop="articleBody"><h1 xmlns="" itemprop="headline">\n'
        f'<span class="kicker">{esc(article.kicker)}</span><span class="hide">: </span>'
        f"<span>{esc(article.title)}</span>\n</h1>\n"
        f'<p xmlns="" itemprop="description" class="intro ">{teaser}</p>\n      '
        f"{_image(article)}\n{_body(article)}\n    </article></div>\n\n"
        f'  <div role="region" id="" class="odd sect sect_text "><div class="sectbody"><p>\n'
        f"\tFehler auf taz.de entdeckt?\n\t    </p><p>\n\tInhaltliches Feedback? Lesen Sie "
        f'zuerst unsere <a href="/Kommentarregeln/!{NAV_ARTICLE_ID}/"> Kommentarregeln</a>.'
        f"\n\t\t</p></div></div></div></span>"
        f'<span class="wing" role="contentinfo"><div class="rack first_rack" '
        f'id="xid{number(article.article_id, "wing", digits=6)}">{_wing(article, base)}'
        f"\n\n\t</div></span>"
        f'<span class="tail" role="complementary"><div class="rack" id="xid893593">\n'
        f"{_promo()}\n\t</div></span>{main_entity}</div>"
        f'<div class="full no_rightbar below news page even n2"><div class="head" role="head">'
        f'<div class="nose" role="heading" id="pg_hd"><h2><a name="Volle Spalte unterm Artikel"'
        f' href="/Volle-Spalte-unterm-Artikel/!p5315//"><span>Volle Spalte unterm Artikel'
        f'</span></a></h2></div></div><span class="body" role="main"><div class="rack '
        f'first_rack" id="xid841997">\n    \n\t{_related(article, base)}\n\n\t</div></span>'
        f'<span class="headed wing" role="complementary"></span>{main_entity}</div>'
        f'<div class="full community page last odd n3"><div class="head" role="head"><ul '
        f'role="navigation" class=" navbar newsnavigation"></ul></div><span class="body" '
        f'role="main"><form name="form" method="post" id="send-comment" class="even sect '
        f'sect_send-comment_form style_commentlinks " action="{attr(base)}/kommune/post.php">'
        f'<input class="constant" type="hidden" name="id" value="{article.article_id}"></input>'
        f'</form></span><span class="wing" role="complementary"><div class="rack" '
        f'id="xid524032">\n    \n{_most_commented()}\n\n\t</div></span>{main_entity}</div>'
        f"{_footer(article, base)}</div></div></div></body><!-- DEBUG end--></html>\n"
    )
