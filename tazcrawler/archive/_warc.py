"""Scrapy requests and responses to WARC records and back: written through warcio, read
back through FastWARC."""

from __future__ import annotations

from http import HTTPStatus
from io import BytesIO
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urldefrag, urlsplit

from fastwarc.warc import ArchiveIterator as FastArchiveIterator
from scrapy.http import Headers, TextResponse
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.recordloader import ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser

from tazcrawler.downloadhandlers.gopher import selector_of

if TYPE_CHECKING:
    from pathlib import Path
    from typing import BinaryIO

    from scrapy import Request
    from scrapy.http import Response
    from warcio.warcwriter import WARCWriter

# Twisted has undone the chunked transfer coding before Scrapy sees a body, so the header
# would lie about the stored bytes. Credentials do not belong in an archive.
_DROPPED_RESPONSE_HEADERS = {"transfer-encoding"}
_DROPPED_REQUEST_HEADERS = {"authorization", "proxy-authorization"}


def target_uri(url: str) -> str:
    """The URL as the server saw it: a fragment is never sent.

    >>> target_uri("http://taz-sample.test/!1000001/#comments")
    'http://taz-sample.test/!1000001/'
    """
    return urldefrag(url)[0]


def _pairs(headers: Headers, dropped: set[str]) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        if name.decode("latin-1").lower() not in dropped
        for value in values
    ]


# A gopher answer as a WARC resource record: WARC has no gopher request or response type.
# The selector (what was sent) and the item type are named in fields of their own.
GOPHER_CONTENT_TYPE = "text/x-gopher-menu; charset=utf-8"
GOPHER_SELECTOR = "Gopher-Selector"
GOPHER_ITEM_TYPE = "Gopher-Item-Type"


def write_exchange(writer: WARCWriter, request: Request, response: Response) -> None:
    """Write a response record and its request record (WARC-Concurrent-To links them); a
    gopher answer as one resource record."""
    uri = target_uri(response.url)
    if uri.startswith("gopher://"):
        _write_gopher(writer, uri, response)
        return
    try:
        phrase = HTTPStatus(response.status).phrase
    except ValueError:
        phrase = ""
    http_headers = StatusAndHeaders(
        f"{response.status} {phrase}".strip(),
        _pairs(response.headers, _DROPPED_RESPONSE_HEADERS),
        protocol=response.protocol or "HTTP/1.1",
    )
    warc_headers = {"WARC-IP-Address": str(response.ip_address)} if response.ip_address else {}
    response_record = writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(response.body),
        length=len(response.body),
        warc_headers_dict=warc_headers,
        http_headers=http_headers,
    )
    parts = urlsplit(uri)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request_headers = _pairs(request.headers, _DROPPED_REQUEST_HEADERS)
    if not any(name.lower() == "host" for name, _ in request_headers):
        # Twisted adds Host when sending; Scrapy's request object does not carry it.
        request_headers.insert(0, ("Host", parts.netloc))
    request_record = writer.create_warc_record(
        uri,
        "request",
        payload=BytesIO(request.body),
        length=len(request.body),
        http_headers=StatusAndHeaders(
            f"{request.method} {path} HTTP/1.1", request_headers, is_http_request=True
        ),
    )
    writer.write_request_response_pair(request_record, response_record)


def _write_gopher(writer: WARCWriter, uri: str, response: Response) -> None:
    item_type, selector = selector_of(uri)
    headers = {GOPHER_SELECTOR: selector, GOPHER_ITEM_TYPE: item_type}
    if response.ip_address:
        headers["WARC-IP-Address"] = str(response.ip_address)
    record = writer.create_warc_record(
        uri,
        "resource",
        payload=BytesIO(response.body),
        length=len(response.body),
        warc_content_type=GOPHER_CONTENT_TYPE,
        warc_headers_dict=headers,
    )
    writer.write_record(record)


class Archived(NamedTuple):
    """An archived response as stored: what ``respond`` answers a request with.

    Picklable, unlike a Response: a worker process that read the record hands it over, so
    the replay does not read the record a second time (12% of its main thread's time with
    two workers, py-spy on a 9,897-article archive).
    """

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    #: "gopher" for a gopher resource record, which has no status or headers.
    protocol: str | None


# warcio's own parser of an HTTP head, as its ArchiveIterator sets it up.
HTTP_HEAD = StatusAndHeadersParser(ArcWarcRecordLoader.HTTP_TYPES, verify=False)


def read_archived(stream: BinaryIO, offset: int) -> Archived:
    """Status, headers and body of the response or gopher record at ``offset`` of
    ``stream``, as stored; the chunked framing undone.

    FastWARC inflates the record and cuts its block at 2.4x warcio's speed (0.43 s against
    1.07 s for the 3,765 responses of a 2,970-article archive, BENCHMARKS.md, fourteenth
    round); the HTTP head is parsed by warcio's own parser, so that status, headers and
    body are the very ones warcio reads.
    """
    stream.seek(offset)
    record = next(iter(FastArchiveIterator(stream, parse_http=False)))
    block = record.reader.read()
    if record.headers.get("WARC-Type") == "resource":
        return Archived(200, [], block, "gopher")
    rest = BytesIO(block)
    http = HTTP_HEAD.parse(rest)
    body = rest.read()
    headers = list(http.headers)
    if any(n.lower() == "transfer-encoding" and "chunked" in v.lower() for n, v in headers):
        # Other tools archive the chunked framing as received; ours never does.
        body = ChunkedDataReader(BytesIO(body)).read()
        headers = [(n, v) for n, v in headers if n.lower() != "transfer-encoding"]
    return Archived(int(http.get_statuscode()), headers, body, http.protocol or None)


def respond(stored: Archived, url: str) -> Response:
    """The archived response ``stored``, for ``url``.

    The body keeps any Content-Encoding it was archived with, so Scrapy's
    HttpCompressionMiddleware decodes it exactly as during the live crawl. A gopher resource
    record gives the response the gopher handler gives.
    """
    if stored.protocol == "gopher":
        return TextResponse(
            url=url, body=stored.body, encoding="utf-8", flags=["replay"], protocol="gopher"
        )
    headers = Headers()
    for name, value in stored.headers:
        headers.appendlist(name, value)
    respcls = responsetypes.from_args(headers=headers, url=url, body=stored.body)
    return respcls(
        url=url,
        status=stored.status,
        headers=headers,
        body=stored.body,
        flags=["replay"],
        protocol=stored.protocol,
    )


def read_warcinfo(path: Path) -> dict[str, str]:
    """The fields of the first warcinfo record of the WARC at ``path`` ({} if it has none)."""
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "warcinfo":
                continue
            text = record.content_stream().read().decode("utf-8")
            fields = (line.split(":", 1) for line in text.splitlines() if ":" in line)
            return {name.strip(): value.strip() for name, value in fields}
    return {}


# warcinfo fields of a tazcrawler crawl that name its site, and the settings they came from.
_SITE_FIELDS = (
    ("tazcrawler-base-url", "TAZ_BASE_URL"),
    ("tazcrawler-canonical-base", "TAZ_CANONICAL_BASE"),
)


def site_settings(warcinfo: dict[str, str]) -> dict[str, str]:
    """The site settings a crawl was made with, from its warcinfo fields.

    >>> site_settings({"tazcrawler-base-url": "http://taz-sample.test", "software": "x"})
    {'TAZ_BASE_URL': 'http://taz-sample.test'}
    """
    return {setting: warcinfo[field] for field, setting in _SITE_FIELDS if warcinfo.get(field)}
