"""The index of an archive read in stretches by several workers is the one read in order,
whole or torn anywhere, the stretches' edges included."""

from __future__ import annotations

import gzip
import random
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from io import BytesIO
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tazcrawler.archive import index as index_module
from tazcrawler.archive._check import checked_records
from tazcrawler.archive._warc import read_archived, write_exchange
from tazcrawler.archive.ahead import start_workers
from tazcrawler.archive.index import WarcIndex, split_points
from tazcrawler.archive.writer import GzipMembers
from testsite.generate import GeneratedSite

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from concurrent.futures import Executor
    from pathlib import Path

BASE = "http://127.0.0.1:8000"
SITE = GeneratedSite(300, 1)
PAGES = 300


def page_url(number: int) -> str:
    return BASE + SITE.article(number).path


def short_url(number: int) -> str:
    return f"{BASE}/!{SITE.article(number).article_id}/"


def gopher_url(number: int) -> str:
    return f"gopher://127.0.0.1:7070/0/!{SITE.article(number).article_id}"


def write_archive(path: Path, *, gzipped: bool = True) -> None:
    """Pages with their requests, a redirect from the short form before some of them and a
    gopher answer after some: every kind of record the index tells apart."""
    with path.open("wb") as stream:
        writer = WARCWriter(GzipMembers(stream, 6) if gzipped else stream, gzip=False)
        for number in range(PAGES):
            url = page_url(number)
            if number % 3 == 0:
                short = short_url(number)
                moved = Response(short, status=301, headers={"Location": url})
                write_exchange(writer, Request(short), moved)
            body = SITE.page(number, BASE)
            page = HtmlResponse(url, body=body, headers={"Content-Type": "text/html"})
            write_exchange(writer, Request(url), page)
            if number % 5 == 0:
                menu = TextResponse(gopher_url(number), body=b"iARTIKEL\r\n.\r\n", encoding="utf-8")
                write_exchange(writer, Request(gopher_url(number)), menu)


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("whole") / "crawl.warc.gz"
    write_archive(path)
    return path.read_bytes()


@pytest.fixture(scope="module")
def threads() -> Iterator[ThreadPoolExecutor]:
    # Stretches are read by a function of the file path alone: threads read them as
    # processes do, and start faster.
    with ThreadPoolExecutor(6) as pool:
        yield pool


URLS = [
    url
    for number in range(PAGES)
    for url in (page_url(number), short_url(number), gopher_url(number), page_url(number)[:-1])
]


def contents(index: WarcIndex) -> tuple[Any, ...]:
    found = {url: index.find(url) for url in URLS}
    # Where a gzip member fails to inflate depends on where the reader's blocks begin, so
    # on where its reading began: the same torn record may be "unreadable bytes" or "cut
    # short" (and by how much). Where it is, and what is read after it, may not differ.
    torn = {path: [offset for offset, _ in torn] for path, torn in index.torn.items()}
    return len(index), index.pages, torn, index.unreadable, found


def read(paths: list[Path], workers: Executor | None = None, stretches: int = 1) -> tuple[Any, ...]:
    index = WarcIndex(paths, workers, stretches)
    try:
        return contents(index)
    finally:
        index.close()


def offsets(data: bytes, path: Path) -> list[int]:
    path.write_bytes(data)
    with path.open("rb") as stream:
        return [checked.offset for checked in checked_records(stream)]


def test_the_archive_has_every_kind_of_record(whole: bytes, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(whole)
    index = WarcIndex([path])
    assert len(index.pages) == PAGES
    assert index.find(short_url(3)).status == 301
    assert index.find(short_url(4)).status == 200  # no redirect archived: the page
    assert index.find(gopher_url(5)) is not None
    assert index.find(gopher_url(6)) is None
    assert not index.torn
    index.close()


@pytest.mark.parametrize("parts", [2, 3, 5, 8])
def test_a_file_is_split_where_records_begin(whole: bytes, tmp_path: Path, parts: int) -> None:
    path = tmp_path / "crawl.warc.gz"
    starts = offsets(whole, path)
    with path.open("rb") as stream:
        points = split_points(stream, parts)
    assert len(points) == parts
    assert set(points) <= set(starts)
    largest = max(b - a for a, b in pairwise(starts))
    for part, point in enumerate(points):
        assert 0 <= point - len(whole) * part // parts <= largest


def test_a_false_gzip_header_is_no_place_to_split(whole: bytes, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    starts = offsets(whole, path)
    middle = next(start for start in starts if start >= len(whole) // 2)
    # A gzip header that inflates to something else, where the split would be.
    false = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    junk = false.compress(b"HTTP/1.1 200 OK\r\n" * 20) + false.flush()
    data = whole[:middle] + junk + whole[middle:]
    path.write_bytes(data)
    with path.open("rb") as stream:
        assert split_points(stream, 2) == [0, middle + len(junk)]
    assert read([path], ThreadPoolExecutor(2), 2) == read([path])


def test_a_file_not_gzipped_is_read_in_one_stretch(tmp_path: Path, threads: Executor) -> None:
    path = tmp_path / "crawl.warc"
    write_archive(path, gzipped=False)
    with path.open("rb") as stream:
        assert split_points(stream, 4) == [0]
    assert read([path], threads, 4) == read([path])


def tear(data: bytes, rng: random.Random, starts: list[int], near: int) -> bytes:
    """``data`` torn at or near the offset ``near`` in one of the ways archives tear."""
    # The record that begins at or after ``near``, or one of its neighbours.
    at = min(range(len(starts)), key=lambda n: abs(starts[n] - near)) + rng.choice([-1, 0, 1])
    at = max(1, min(at, len(starts) - 2))
    start, end = starts[at], starts[at + 1]
    inside = rng.randrange(start, end)
    how = rng.choice(["cut", "flip", "junk", "drop-head"])
    if how == "cut":  # bytes lost in the middle of a record
        return data[:inside] + data[rng.randrange(inside, end + 1) :]
    if how == "flip":  # one byte changed: inflating fails, or a digest does not match
        return data[:inside] + bytes([data[inside] ^ 0x5A]) + data[inside + 1 :]
    if how == "junk":  # bytes that are no record, a false gzip header among them
        junk = b"\x1f\x8b\x08" + rng.randbytes(rng.randrange(1, 3000))
        return data[:start] + junk + data[start:]
    return data[:start] + data[start + rng.randrange(1, 40) :]  # a record's head lost


def inflated(data: bytes, start: int, end: int) -> bytes | None:
    """The gzip member ``data[start:end]`` inflated, or None where it does not inflate."""
    try:
        return zlib.decompress(data[start:end], 16 + zlib.MAX_WBITS)
    except zlib.error:
        return None


# Where in a member a byte is flipped: anywhere, or in the compressed WARC headers (after
# gzip's own 10-byte header).
FLIPPED = {
    "anywhere": lambda start, end: (start + 20, end - 8),
    "headers": lambda s, e: (s + 10, s + 120),
}


@pytest.mark.parametrize("where", FLIPPED)
def test_a_member_that_does_not_inflate_hides_no_record_after_it(
    whole: bytes, tmp_path: Path, capfd: pytest.CaptureFixture[str], where: str
) -> None:
    path = tmp_path / "flipped.warc.gz"
    starts = offsets(whole, path)
    rng = random.Random(7)
    # 100 records of one archive: one of five archives (their record ids and dates differ)
    # held the gzip magic in a torn member's remaining bytes among 25.
    for at in rng.sample(range(1, len(starts) - 1), 100):
        inside = rng.randrange(*FLIPPED[where](starts[at], starts[at + 1]))
        flipped = whole[:inside] + bytes([whole[inside] ^ 0x5A]) + whole[inside + 1 :]
        path.write_bytes(flipped)
        index = WarcIndex([path])
        if inflated(flipped, starts[at], starts[at + 1]) == inflated(
            whole, starts[at], starts[at + 1]
        ):
            # Only the unused bits after the member's last deflate code changed (once in
            # 2,500 flips, 25 archives): the record is whole.
            assert index.torn == {}, inside
            assert len(index.pages) == PAGES, inside
        else:
            assert [offset for offset, _ in index.torn[path]] == [starts[at]], inside
            assert len(index.pages) >= PAGES - 1, inside
        index.close()
    assert capfd.readouterr().err == "", "warcio's own messages stay out of the terminal"


@pytest.mark.parametrize("seed", range(12))
def test_a_torn_file_read_in_stretches_is_indexed_as_in_order(
    whole: bytes, tmp_path: Path, threads: Executor, seed: int
) -> None:
    rng = random.Random(seed)
    path = tmp_path / "torn.warc.gz"
    data = whole
    parts = 2 + seed % 5
    # Torn where the stretches would begin, and elsewhere.
    for near in [len(whole) * part // parts for part in range(1, parts)] + [
        rng.randrange(len(whole)) for _ in range(3)
    ]:
        data = tear(data, rng, offsets(data, path), near)
    path.write_bytes(data)
    in_order = read([path])
    assert in_order[2], "torn records were found"
    for stretches in range(2, 7):
        assert read([path], threads, stretches) == in_order, stretches


def test_a_file_cut_short_in_its_last_stretch(
    whole: bytes, tmp_path: Path, threads: Executor
) -> None:
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(whole[: len(whole) - 5000])
    in_order = read([path])
    assert len(in_order[1]) < PAGES
    assert read([path], threads, 3) == in_order


def test_several_files_give_the_first_whole_copy(
    whole: bytes, tmp_path: Path, threads: Executor
) -> None:
    first, second = tmp_path / "first.warc.gz", tmp_path / "second.warc.gz"
    starts = offsets(whole, first)
    middle = next(start for start in starts if start >= len(whole) // 2)
    first.write_bytes(whole[:middle] + whole[middle + 100 :])  # torn where it is split
    second.write_bytes(whole)
    in_order = read([first, second])
    assert in_order[2]
    assert read([first, second], threads, 2) == in_order


def test_a_stretch_that_begins_inside_a_record_is_read_in_order(
    whole: bytes, tmp_path: Path, threads: Executor, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "crawl.warc.gz"
    starts = offsets(whole, path)
    inside = starts[len(starts) // 2] + 10
    monkeypatch.setattr(index_module, "split_points", lambda stream, parts: [0, inside])
    assert read([path], threads, 2) == read([path])


class FailingWorkers(ThreadPoolExecutor):
    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(RuntimeError("a worker died"))
        return future


def test_a_stretch_whose_worker_failed_is_read_here(whole: bytes, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(whole)
    with FailingWorkers(1) as failing:
        assert read([path], failing, 3) == read([path])


def test_worker_processes_index_as_one_process(whole: bytes, tmp_path: Path) -> None:
    path = tmp_path / "torn.warc.gz"
    rng = random.Random(99)
    data = tear(whole, rng, offsets(whole, path), len(whole) // 2)
    path.write_bytes(data)
    pool = start_workers([path], 2, {})
    try:
        assert read([path], pool, 2) == read([path])
    finally:
        pool.shutdown()


def stretches(path: Path, parts: int) -> list[tuple[int, int | None]]:
    with path.open("rb") as stream:
        starts: list[int | None] = [*split_points(stream, parts), None]
    return [(start, stop) for start, stop in pairwise(starts) if start is not None]


@pytest.mark.parametrize("gzipped", [True, False], ids=["gzipped", "plain"])
def test_whole_records_are_read_by_fastwarc_as_warcio_reads_them(
    whole: bytes, tmp_path: Path, gzipped: bool
) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    if gzipped:
        path.write_bytes(whole)
    else:
        write_archive(path, gzipped=False)
    with path.open("rb") as stream:
        for start, stop in [(0, None), *stretches(path, 4)]:
            fast = index_module._whole(stream, start, stop)
            assert fast is not None, "a whole archive takes the fast reading"
            assert fast == index_module._checked(stream, start, stop)
            assert fast.records, "the stretch holds responses"


@pytest.mark.parametrize("seed", range(12))
def test_a_torn_archive_is_read_by_warcio_and_its_torn_records_named(
    whole: bytes, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    path = tmp_path / "torn.warc.gz"
    data = tear(whole, rng, offsets(whole, path), rng.randrange(len(whole)))
    path.write_bytes(data)
    with path.open("rb") as stream:
        checked = index_module._checked(stream, 0, None)
        assert checked.torn, "the tear is found"
        assert index_module._whole(stream, 0, None) is None
        assert index_module.scan(stream) == checked
        # A stretch before the tear is whole, and is read fast all the same.
        first, _ = checked.torn[0]
        early = [(a, b) for a, b in stretches(path, 4) if b is not None and b <= first]
        for start, stop in early:
            assert index_module._whole(stream, start, stop) == index_module._checked(
                stream, start, stop
            )


def test_a_record_without_a_block_digest_is_read_by_warcio(tmp_path: Path) -> None:
    path = tmp_path / "nodigest.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(GzipMembers(stream, 6), gzip=False)
        for number in range(3):
            url = page_url(number)
            body = SITE.page(number, BASE)
            page = HtmlResponse(url, body=body, headers={"Content-Type": "text/html"})
            write_exchange(writer, Request(url), page)
        # As tools that write no digests do: nothing proves this record whole.
        stream.write(
            gzip.compress(
                b"WARC/1.1\r\nWARC-Type: resource\r\n"
                b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
                b"WARC-Date: 2026-12-03T00:00:00Z\r\nWARC-Target-URI: http://127.0.0.1:8000/x\r\n"
                b"Content-Type: text/plain\r\nContent-Length: 1\r\n\r\nx\r\n\r\n"
            )
        )
    with path.open("rb") as stream:
        assert index_module._whole(stream, 0, None) is None
        found = index_module.scan(stream)
        assert found == index_module._checked(stream, 0, None)
    assert len(found.records) == 3
    assert not found.torn


def test_records_are_read_back_as_warcio_reads_them(whole: bytes, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(whole)
    # Another tool's response, its chunked framing archived as received.
    with path.open("ab") as stream:
        writer = WARCWriter(GzipMembers(stream, 6), gzip=False)
        http = StatusAndHeaders(
            "200 OK",
            [("Transfer-Encoding", "chunked"), ("Content-Type", "text/html; charset=utf-8")],
            protocol="HTTP/1.1",
        )
        chunked = b"5\r\n<html\r\n2\r\n/>\r\n0\r\n\r\n"
        record = writer.create_warc_record(
            BASE + "/chunked",
            "response",
            payload=BytesIO(chunked),
            length=len(chunked),
            http_headers=http,
        )
        writer.write_record(record)
    expected = []
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            # warcio's offset, after the record is read: asking first empties its stream.
            if record.rec_type == "resource":
                body = record.raw_stream.read()
                expected.append((iterator.get_record_offset(), (200, [], body, "gopher")))
            elif record.rec_type == "response":
                http_headers = record.http_headers
                body = record.raw_stream.read()
                headers = list(http_headers.headers)
                expected.append(
                    (
                        iterator.get_record_offset(),
                        (int(http_headers.get_statuscode()), headers, body, http_headers.protocol),
                    )
                )
    assert len(expected) > PAGES
    with path.open("rb") as stream:
        for offset, answer in expected[:-1]:
            assert tuple(read_archived(stream, offset)) == tuple(answer), offset
        last = read_archived(stream, expected[-1][0])
    assert last.body == b"<html/>"
    assert last.headers == [("Content-Type", "text/html; charset=utf-8")]
