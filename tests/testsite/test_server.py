"""The test site over HTTP, served in-process with serve()."""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin, urlsplit

import pytest
from parsel import Selector

from tests.testsite.helpers import dedup, fetch, href_id, related_block_hrefs
from testsite import (
    ARTICLES,
    DEPUBLISHED,
    MISSING_ID,
    SEED_ID,
    make_server,
    related_ids,
    serve,
)


@pytest.mark.parametrize("article_id", ["1000001", "1000002"])
def test_article_in_each_layout(site, article_id):
    article = ARTICLES[article_id]
    response = fetch(f"{site}{article.path}")
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(response.headers["Content-Length"]) == len(response.body)
    assert article.title in response.text
    marker = "article.module-article" if article.layout == "new" else "article.sectbody"
    assert Selector(response.text).css(marker)


def test_short_form_redirects_to_the_speaking_url(site):
    response = fetch(f"{site}/!1000003/")
    assert response.status == 301
    assert response.headers["Location"] == f"{site}/Neubau-am-Kanal/!1000003/"


def test_unknown_id_is_a_taz_style_404(site):
    for path in (f"/Verdraengung-im-Wedding/!{MISSING_ID}/", f"/!{MISSING_ID}/", "/gibt/es/nicht"):
        response = fetch(f"{site}{path}")
        assert response.status == 404
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        page = Selector(response.text)
        assert "Seite nicht gefunden" in page.css("h1::text").get()
        assert page.css("footer#footer a")


@pytest.mark.parametrize(
    "path",
    [
        "/Genossenschaft-am-Kanal/!1000005&s=Genossenschaft/",
        "/Genossenschaft-am-Kanal/!1000005",
        "/Wohnen-ohne-Rendite/!1000005/",
        "/Archiv-Suche/!1000005&s=Rendite&SuchRahmen=Print",
        "/Genossenschaft-am-Kanal/!1000005/?utm=x",
    ],
)
def test_url_variants_serve_the_same_article(site, path):
    canonical = fetch(f"{site}/Genossenschaft-am-Kanal/!1000005/")
    response = fetch(f"{site}{path}")
    assert response.status == 200
    assert response.body == canonical.body


def test_depublished_article_redirects_to_a_ressort(site):
    ((article_id, target),) = DEPUBLISHED.items()
    response = fetch(f"{site}/Senat-kauft-Haeuser-zurueck/!{article_id}/")
    assert response.status == 301
    assert response.headers["Location"] == f"{site}{target}"
    assert fetch(response.headers["Location"]).status == 200


def test_robots_txt(site):
    response = fetch(f"{site}/robots.txt")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text.splitlines() == ["User-agent: *", "Disallow: /Archiv-Suche/private/"]


@pytest.mark.parametrize(
    "path",
    [
        "/Politik/!p4615/",
        "/Politik/Deutschland/!p4616/",
        "/Schwerpunkt-Wohnungsnot/!t5200001/",
        "/Schwerpunkt-Wohnungsnot/!t5200001//",
        "/Irgendein-Thema/!t4999999/",
        "/Lena-Brodersen/!a90001/",
        "/",
    ],
)
def test_non_article_pages(site, path):
    response = fetch(f"{site}{path}")
    assert response.status == 200
    assert not Selector(response.text).css("article.module-article, article.sectbody")


def test_absolute_urls_follow_the_host_header(site):
    port = urlsplit(site).port
    response = fetch(f"{site}/x/!{SEED_ID}/", headers={"Host": f"localhost:{port}"})
    page = Selector(response.text)
    assert page.css("link[rel=canonical]::attr(href)").get() == (
        f"http://localhost:{port}{ARTICLES[SEED_ID].path}"
    )
    assert page.css("meta[property='og:url']::attr(content)").get().startswith("http://localhost:")


def test_a_bad_host_header_falls_back_to_the_server_address(site):
    response = fetch(f"{site}/x/!{SEED_ID}/", headers={"Host": 'evil"><script>'})
    assert "evil" not in response.text
    assert f'href="{site}{ARTICLES[SEED_ID].path}"' in response.text


@pytest.mark.parametrize("article_id", sorted(ARTICLES))
def test_served_related_block_agrees_with_related_ids(site, article_id):
    html = fetch(f"{site}{ARTICLES[article_id].path}").text
    ids = dedup([i for h in related_block_hrefs(html) if (i := href_id(h, site)) is not None])
    assert ids == related_ids(article_id)


def test_every_related_link_answers_as_expected(site):
    statuses: dict[str, int] = {}
    for article in ARTICLES.values():
        for link in article.related:
            if link.on_site:
                url = urljoin(site, link.resolve(site)).split("#")[0]
                statuses[link.href] = fetch(url).status
    assert statuses["/Schwerpunkt-Wohnungsnot/!t5200001/"] == 200
    assert statuses[f"/Verdraengung-im-Wedding/!{MISSING_ID}/"] == 404
    assert statuses["/Senat-kauft-Haeuser-zurueck/!1000090/"] == 301
    assert statuses["/!1000003/"] == 301
    assert set(statuses.values()) == {200, 301, 404}


def test_concurrent_requests(site):
    paths = [ARTICLES[i].path for i in sorted(ARTICLES)] * 4
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda p: fetch(f"{site}{p}").status, paths))
    assert statuses == [200] * len(paths)


def test_make_server_binds_a_free_port():
    server = make_server()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        assert port > 0
    finally:
        server.server_close()


def test_serve_shuts_down_cleanly():
    with serve() as base:
        assert fetch(f"{base}/robots.txt").status == 200
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{base}/robots.txt", timeout=2)
