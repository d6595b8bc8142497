"""Archive records and their replay, in process: what is stored, and which URL finds it."""

from __future__ import annotations

import gzip
from io import BytesIO
from typing import TYPE_CHECKING

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tazcrawler.archive import WarcIndex
from tazcrawler.archive._warc import write_exchange
from tazcrawler.sample import SAMPLE_BASE_URL, SAMPLE_WARC

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

HTML = "<html><body><p>Grüße aus dem Archiv</p></body></html>".encode()


@pytest.fixture(scope="module")
def sample() -> Iterator[WarcIndex]:
    index = WarcIndex([SAMPLE_WARC])
    yield index
    index.close()


def test_bodies_are_archived_as_received_and_replayed_so(tmp_path: Path) -> None:
    # As the downloader hands it over: still gzip-compressed, the chunked coding undone.
    url = "http://taz-sample.test/Gruss/!1000042/"
    headers = {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Encoding": "gzip",
        "Transfer-Encoding": "chunked",
    }
    body = gzip.compress(HTML, mtime=0)
    response = HtmlResponse(url, body=body, headers=headers, protocol="HTTP/1.1")
    request = Request(url, headers={"Accept-Encoding": "gzip", "Proxy-Authorization": "x"})
    path = tmp_path / "one.warc.gz"
    with path.open("wb") as stream:
        write_exchange(WARCWriter(stream, gzip=True), request, response)

    index = WarcIndex([path])
    replayed = index.response(url)
    index.close()
    assert replayed is not None
    assert replayed.status == 200
    assert replayed.body == body, "the archive keeps the bytes as received"
    assert replayed.headers["Content-Encoding"] == b"gzip"
    assert "Transfer-Encoding" not in replayed.headers, "the body is no longer chunked"
    assert replayed.flags == ["replay"]
    assert gzip.decompress(replayed.body) == HTML
    assert b"Proxy-Authorization" not in gzip.decompress(path.read_bytes())


def test_chunked_bodies_of_other_tools_are_dechunked(tmp_path: Path) -> None:
    url = "http://taz-sample.test/robots.txt"
    path = tmp_path / "other.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        http = StatusAndHeaders("200 OK", [("Transfer-Encoding", "chunked")], protocol="HTTP/1.1")
        payload = b"5\r\nUser-\r\n6\r\nagent:\r\n0\r\n\r\n"
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=BytesIO(payload), length=len(payload), http_headers=http
            )
        )
    index = WarcIndex([path])
    replayed = index.response(url)
    index.close()
    assert replayed is not None
    assert replayed.body == b"User-agent:"


SPEAKING = f"{SAMPLE_BASE_URL}/Neubau-am-Kanal/!1000003/"


@pytest.mark.parametrize(
    "url",
    [
        SPEAKING,
        f"{SAMPLE_BASE_URL}/!1000003",  # short form, no slash (the archive has "/!1000003/")
        f"{SAMPLE_BASE_URL}/Ein-anderer-Slug/!1000003/",
        f"{SAMPLE_BASE_URL}/Archiv-Suche/!1000003&s=Kanal&SuchRahmen=Print/",
        f"{SAMPLE_BASE_URL}/Neubau-am-Kanal/!1000003",
        f"{SAMPLE_BASE_URL}/Neubau-am-Kanal/!1000003/#kommentare",
        "https://www.taz-sample.test/Neubau-am-Kanal/!1000003/",
    ],
)
def test_every_url_form_of_an_article_finds_its_page(sample: WarcIndex, url: str) -> None:
    response = sample.response(url)
    assert response is not None
    assert (response.status, response.url) == (200, SPEAKING)


def test_an_archived_redirect_replays_as_a_redirect(sample: WarcIndex) -> None:
    response = sample.response(f"{SAMPLE_BASE_URL}/!1000003/")
    assert response is not None
    assert response.status == 301
    assert response.headers["Location"] == SPEAKING.encode()


@pytest.mark.parametrize(
    "url",
    [
        f"{SAMPLE_BASE_URL}/!1999999/",  # an article the archive does not have
        "https://taz.de/Neubau-am-Kanal/!1000003/",  # the same id on another site
        f"{SAMPLE_BASE_URL}/Kultur/!p4639/",  # not an article, not archived
    ],
)
def test_what_the_archive_lacks_is_not_found(sample: WarcIndex, url: str) -> None:
    assert sample.response(url) is None


@pytest.mark.parametrize("level", [0, 1, 4, 9])
def test_every_record_is_its_own_gzip_member_at_the_set_level(tmp_path: Path, level: int) -> None:
    from warcio.archiveiterator import ArchiveIterator

    from tazcrawler.archive.writer import GzipMembers

    urls = [f"http://taz-sample.test/A/!{1000050 + n}/" for n in range(3)]
    path = tmp_path / "levels.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(GzipMembers(stream, level), gzip=False, warc_version="1.1")
        for url in urls:
            response = HtmlResponse(url, body=HTML, headers={"Content-Type": "text/html"})
            write_exchange(writer, Request(url), response)
    data = path.read_bytes()
    # Six records (response and request per page), each a gzip member warcio can seek to.
    with path.open("rb") as stream:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"))
            for r in ArchiveIterator(stream, check_digests=True)
        ]
    assert records == [(kind, url) for url in urls for kind in ("response", "request")]
    assert data.count(b"\x1f\x8b\x08") >= 6
    assert gzip.decompress(data).count(HTML) == 3
    index = WarcIndex([path])
    assert index.response(urls[1]).body == HTML
    index.close()


def test_a_wrong_gzip_level_is_refused() -> None:
    from tazcrawler.archive.writer import GzipMembers

    with pytest.raises(ValueError, match="TAZ_WARC_GZIP_LEVEL must be 0 to 9, not 10"):
        GzipMembers(BytesIO(), 10)


def test_the_level_is_the_compression_used() -> None:
    from tazcrawler.archive.writer import GzipMembers

    url = "http://taz-sample.test/A/!1000060/"
    body = HTML * 50
    sizes = {}
    for level in (0, 1, 9):
        stream = BytesIO()
        writer = WARCWriter(GzipMembers(stream, level), gzip=False, warc_version="1.1")
        write_exchange(writer, Request(url), HtmlResponse(url, body=body))
        sizes[level] = len(stream.getvalue())
    assert sizes[0] > len(body) > sizes[1] >= sizes[9]


@pytest.mark.parametrize("gzipped", [False, True])
def test_a_file_cut_anywhere_in_a_record_keeps_the_records_before_it(
    tmp_path: Path, gzipped: bool
) -> None:
    # Cut inside a record's WARC headers, warcio may hold a WARC-Type without the
    # WARC-Target-URI that follows it and fail in its own code, or read a record that lacks
    # its Content-Length as whole, or stop reading without a word.
    from warcio.archiveiterator import ArchiveIterator

    from tazcrawler.archive.writer import GzipMembers

    urls = [f"http://taz-sample.test/A/!{1000070 + n}/" for n in range(2)]
    stream = BytesIO()
    writer = WARCWriter(GzipMembers(stream, 1) if gzipped else stream, gzip=False)
    for url in urls:
        write_exchange(writer, Request(url), HtmlResponse(url, body=HTML))
    data = stream.getvalue()
    iterator = ArchiveIterator(BytesIO(data))
    offsets = [iterator.get_record_offset() for _ in iterator]
    second_response, its_request = offsets[2], offsets[3]
    path = tmp_path / "cut.warc"
    for cut in range(second_response + 1, its_request):
        path.write_bytes(data[:cut])
        index = WarcIndex([path])
        assert index.response(urls[0]).body == HTML, cut
        served = index.response(urls[1])
        if served is None:
            ((offset, _),) = index.torn[path]
            assert offsets[1] < offset <= second_response, cut
        else:  # only what follows its block is cut: the blank lines, the gzip trailer
            assert served.body == HTML, cut
        index.close()
