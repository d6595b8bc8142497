"""Pages read ahead in worker processes: the spider's own answer, for the very page only."""

from __future__ import annotations

import gzip
import random
from concurrent.futures import Future
from io import BytesIO
from typing import TYPE_CHECKING, Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tazcrawler.archive._warc import respond
from tazcrawler.archive.ahead import AHEAD, ExtractionAhead, page_key, read_ahead, start_workers
from tazcrawler.archive.index import WarcIndex
from tazcrawler.archive.replay import ReplayMiddleware
from tazcrawler.downloadermiddlewares import charset
from tazcrawler.pages import _text
from tazcrawler.pages._text import count_words
from tazcrawler.pages.extracted import extract_page
from tazcrawler.pipelines.text import TextPipeline
from testsite.generate import GeneratedSite

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    MakeAhead = Callable[..., tuple[ExtractionAhead, WarcIndex]]

BASE = "http://127.0.0.1:8000"
SITE = GeneratedSite(200, 1)
SETTINGS = {"DOWNLOAD_MAXSIZE": 10 * 2**20, "DOWNLOAD_WARNSIZE": 2 * 2**20}


def write_warc(path: Path, pages: range, *, encoding: str = "", binary: bool = False) -> list[str]:
    urls = []
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for index in pages:
            url = BASE + SITE.article(index).path
            body = SITE.page(index, BASE)
            headers = [("Content-Type", "text/html; charset=utf-8")]
            if binary:
                body, headers = b"\x89PNG\r\n\x1a\n\x00" * 64, [("Content-Type", "image/png")]
            if encoding == "gzip":
                body = gzip.compress(body)
                headers.append(("Content-Encoding", "gzip"))
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
            )
            writer.write_record(record)
            urls.append(url)
    return urls


def crawl_response(url: str, ahead: object = None) -> HtmlResponse:
    index = next(i for i in range(200) if BASE + SITE.article(i).path == url)
    request = Request(url, meta={AHEAD: ahead} if ahead is not None else {})
    return HtmlResponse(url, body=SITE.page(index, BASE), encoding="utf-8", request=request)


@pytest.fixture
def ahead_of() -> Iterator[MakeAhead]:
    made: list[tuple[ExtractionAhead, WarcIndex]] = []

    def make(warcs: list[Path], **kwargs: int) -> tuple[ExtractionAhead, WarcIndex]:
        index = WarcIndex(warcs)
        pool = start_workers(index.paths, 2, SETTINGS)
        ahead = ExtractionAhead(index.pages, pool, 2, **kwargs)
        made.append((ahead, index))
        return ahead, index

    yield make
    for ahead, index in made:
        ahead.close()
        index.close()


def test_a_page_read_ahead_is_what_the_spider_would_read(
    tmp_path: Path, ahead_of: MakeAhead
) -> None:
    first, second = tmp_path / "a.warc.gz", tmp_path / "b.warc.gz"
    urls = write_warc(first, range(0, 30)) + write_warc(second, range(30, 40))
    ahead, index = ahead_of([first, second], chunk=4)
    assert len(index.pages) == 40
    asked = list(reversed(urls[-12:]))  # the second file, and not in file order
    for url in asked:
        plan(ahead, index, url)
    for url in asked:
        entry = index.find(url)
        assert entry is not None
        answer = ahead.get(entry.file, entry.offset)
        assert answer is not None
        stored, found = answer
        assert respond(stored, url).body == index.read(entry).body
        response = crawl_response(url, found)
        assert read_ahead(response) == extract_page(crawl_response(url))
        assert AHEAD not in response.meta, "a result is used once, not kept with the request"


def test_the_text_pipeline_takes_the_workers_word_count(
    tmp_path: Path, ahead_of: MakeAhead, monkeypatch: pytest.MonkeyPatch
) -> None:
    warc = tmp_path / "words.warc.gz"
    urls = write_warc(warc, range(3))
    ahead, index = ahead_of([warc])
    entry = plan(ahead, index, urls[1])
    answer = ahead.get(entry.file, entry.offset)
    assert answer is not None
    assert answer[1] is not None
    words = answer[1][2]
    item = extract_page(crawl_response(urls[1])).item
    assert item is not None
    assert words == item.word_count == count_words(item.paragraphs) > 100
    count_words(["something else"])  # this process counted other paragraphs last
    extracted = read_ahead(crawl_response(urls[1], answer[1]))
    assert extracted is not None
    assert extracted.item is not None

    class NoCounting:
        def _counted(self, *args: object) -> None:
            raise AssertionError("counted again in the replay process")

        findall = search = _counted

    # count_words counts with one of these two on any text that holds a word.
    monkeypatch.setattr(_text, "_WORDLESS", NoCounting())
    monkeypatch.setattr(_text, "_WORD", NoCounting())
    normalised = TextPipeline(MemoryStatsCollector(get_crawler())).process_item(extracted.item)
    assert normalised.word_count == words


def test_a_gzip_archived_page_is_read_as_the_crawl_decodes_it(
    tmp_path: Path, ahead_of: MakeAhead
) -> None:
    warc = tmp_path / "gzip.warc.gz"
    urls = write_warc(warc, range(5), encoding="gzip")
    ahead, index = ahead_of([warc])
    entry = plan(ahead, index, urls[2])
    answer = ahead.get(entry.file, entry.offset)
    assert answer is not None
    stored, found = answer
    archived_response = index.read(entry)
    assert respond(stored, urls[2]).headers == archived_response.headers
    assert respond(stored, urls[2]).body == archived_response.body, "still gzip: as archived"
    assert found is not None
    key, extracted, _ = found
    assert key == page_key(crawl_response(urls[2]))
    assert key[2] is not stored.body, "decompressed: not proven UTF-8 by the worker"
    assert extracted.item is not None
    assert extracted.item.title == SITE.article(2).title


def test_another_page_than_the_one_read_ahead_is_read_by_the_spider() -> None:
    url = BASE + SITE.article(1).path
    other = extract_page(crawl_response(BASE + SITE.article(2).path))
    stale = (page_key(crawl_response(BASE + SITE.article(2).path)), other, 0)
    assert read_ahead(crawl_response(url, stale)) is None
    assert read_ahead(crawl_response(url)) is None


def test_pages_are_read_in_the_order_planned_whatever_the_file_order(
    tmp_path: Path, ahead_of: MakeAhead
) -> None:
    warc = tmp_path / "many.warc.gz"
    urls = write_warc(warc, range(80))
    random.Random(5).shuffle(urls)
    ahead, index = ahead_of([warc], chunk=2, window=4)
    entries = [plan(ahead, index, url) for url in urls]
    assert len(ahead.sent) <= 4
    for entry in entries:
        assert ahead.get(entry.file, entry.offset) is not None, entry
        assert len(ahead.sent) <= 4, "no more than the window sent ahead"


def test_a_higher_priority_goes_out_before_a_lower_one_planned_earlier(
    tmp_path: Path, ahead_of: MakeAhead
) -> None:
    # The scheduler hands out depth 1 (priority -1) before depth 2, whenever scheduled.
    warc = tmp_path / "levels.warc.gz"
    urls = write_warc(warc, range(20))
    ahead, index = ahead_of([warc], chunk=1, window=2)
    deeper = [plan(ahead, index, url, priority=-2) for url in urls[:10]]
    assert len(ahead.sent) == 2, "the window is full: the rest of the deeper pages wait"
    shallower = [plan(ahead, index, url, priority=-1) for url in urls[10:]]
    for entry in deeper[:2] + shallower + deeper[2:]:
        assert ahead.get(entry.file, entry.offset) is not None, entry


def test_a_dropped_request_is_not_read_and_a_stale_page_is_let_go(
    tmp_path: Path, ahead_of: MakeAhead
) -> None:
    warc = tmp_path / "dropped.warc.gz"
    urls = write_warc(warc, range(60))
    ahead, index = ahead_of([warc], chunk=1, window=2)
    stale, first = plan(ahead, index, urls[0]), plan(ahead, index, urls[1])
    dropped = plan(ahead, index, urls[2])
    ahead.unplan_last()  # the scheduler dropped its request at once: never sent
    entries = [first] + [plan(ahead, index, url) for url in urls[3:]]
    for entry in entries:
        assert ahead.get(entry.file, entry.offset) is not None
        assert (dropped.file, dropped.offset) not in ahead.sent
        assert len(ahead.sent) <= 2
    # Never asked for in the 58 pages after it was sent, far past 4 windows: let go, and
    # read by the spider should its request come after all.
    assert ahead.get(stale.file, stale.offset) is None
    assert ahead.get(dropped.file, dropped.offset) is None


def test_a_page_asked_for_again_is_not_read_ahead_twice(
    tmp_path: Path, ahead_of: MakeAhead
) -> None:
    warc = tmp_path / "again.warc.gz"
    urls = write_warc(warc, range(3))
    ahead, index = ahead_of([warc])
    entry = plan(ahead, index, urls[0])
    assert ahead.get(entry.file, entry.offset) is not None
    assert not ahead.plan(entry.file, entry.offset, entry.url, 0)


def test_the_replay_answers_with_the_record_its_worker_read(
    tmp_path: Path, ahead_of: MakeAhead, monkeypatch: pytest.MonkeyPatch
) -> None:
    warc = tmp_path / "answered.warc.gz"
    urls = write_warc(warc, range(4))
    ahead, index = ahead_of([warc])
    replay = ReplayMiddleware(index, False, MemoryStatsCollector(get_crawler()), ahead)
    for url in urls:
        plan(ahead, index, url)
    expected = {url: index.read(index.find(url)) for url in urls}  # type: ignore[arg-type]

    def read_twice(entry: object) -> None:
        raise AssertionError(f"read again in the replay: {entry}")

    monkeypatch.setattr(index, "read", read_twice)
    for url in urls:
        request = Request(url)
        response = replay.process_request(request)
        assert response is not None
        assert (response.url, response.status) == (url, 200)
        assert response.headers == expected[url].headers
        assert response.body == expected[url].body
        assert read_ahead(response.replace(request=request)) is not None
        # The worker's CharsetRepairMiddleware decoded these bytes; this one need not.
        assert charset._proven == [response.body]
        assert charset._proven[0] is response.body


def test_a_record_that_is_no_page_comes_back_as_stored(tmp_path: Path, ahead_of: MakeAhead) -> None:
    warc = tmp_path / "binary.warc.gz"
    urls = write_warc(warc, range(2), binary=True)
    ahead, index = ahead_of([warc])
    entry = plan(ahead, index, urls[1])
    answer = ahead.get(entry.file, entry.offset)
    assert answer is not None
    stored, found = answer
    assert found is None, "no text: the spider handles it as it would any download"
    assert respond(stored, urls[1]).body == index.read(entry).body


class RecordingPool:
    """An executor that answers each task at once and keeps the number of pages it held."""

    def __init__(self) -> None:
        self.tasks: list[int] = []

    def submit(self, function: object, part: list[tuple[int, int, str]]) -> Future[Any]:
        self.tasks.append(len(part))
        future: Future[Any] = Future()
        future.set_result({(file, offset): (None, None) for file, offset, _ in part})
        return future


def test_once_the_window_is_full_each_task_holds_a_whole_chunk() -> None:
    pages = [(0, offset, f"{BASE}/!{offset}/") for offset in range(3000)]
    pool = RecordingPool()
    ahead = ExtractionAhead(pages, pool, 2, chunk=8, window=64)  # type: ignore[arg-type]
    planned = 0
    for asked in range(3000):  # the replay schedules three requests a page, asks in order
        for _ in range(3):
            if planned < 3000:
                assert ahead.plan(0, planned, pages[planned][2], -1)
                planned += 1
        assert ahead.get(0, asked) is not None, asked
    assert sum(pool.tasks) == 3000
    # While the window fills, the pages go out as they are planned; the last may be short.
    assert pool.tasks[:60] == [1] * 60
    assert set(pool.tasks[100:-1]) == {8}
    assert len(pool.tasks) < 100 + 3000 // 8


def test_a_page_planned_above_those_in_flight_goes_out_at_once() -> None:
    # A redirect's target is scheduled at its depth after deeper pages: it is asked for
    # before them, so it cannot wait for room for a whole chunk.
    pages = [(0, offset, f"{BASE}/!{offset}/") for offset in range(200)]
    pool = RecordingPool()
    ahead = ExtractionAhead(pages, pool, 2, chunk=8, window=64)  # type: ignore[arg-type]
    for offset in range(100):
        assert ahead.plan(0, offset, pages[offset][2], -2)
    assert ahead.get(0, 0) is not None
    assert ahead.get(0, 1) is not None  # one place free in the window, not eight
    sent = len(pool.tasks)
    assert ahead.plan(0, 150, pages[150][2], -2)
    assert len(pool.tasks) == sent, "a page behind those in flight waits for a whole chunk"
    assert ahead.plan(0, 199, pages[199][2], -1)
    assert pool.tasks[sent:] == [1]
    assert ahead.get(0, 199) is not None


def plan(ahead: ExtractionAhead, index: WarcIndex, url: str, priority: int = 0) -> Any:
    entry = index.find(url)
    assert entry is not None
    assert ahead.plan(entry.file, entry.offset, entry.url, priority)
    return entry
