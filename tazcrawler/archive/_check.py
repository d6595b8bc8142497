"""Every record of a WARC file read through and checked: whole (length and digests) or torn."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from typing import BinaryIO

    from warcio.recordloader import ArcWarcRecord

__all__ = [
    "GZIP_MEMBER",
    "MANDATORY",
    "CheckedRecord",
    "checked_records",
    "next_member",
    "record_member",
    "warc_problem",
]

# Each record of a gzipped WARC is its own gzip member; a reader that lost its place finds
# the next record at the next member's header (magic, deflate).
GZIP_MEMBER = b"\x1f\x8b\x08"
# What the reader raises on bytes that are no WARC record. Its messages quote those bytes,
# so they are never logged: the offset says where. AttributeError is warcio's own, on a
# record cut in its headers after WARC-Type and before WARC-Target-URI.
_UNREADABLE = (ArchiveLoadFailed, zlib.error, EOFError, ValueError, AttributeError)
# The headers every WARC record has (WARC 1.1, section 5); a record cut in its headers
# lacks some of them, and warcio reads it as a record all the same.
MANDATORY = ("WARC-Type", "WARC-Record-ID", "WARC-Date", "Content-Length")
_CUT_SHORT = "cut short: "  # a block shorter than its Content-Length


class _QuietReader(DecompressingBufferedReader):  # type: ignore[misc]  # warcio is untyped
    # warcio writes zlib's message for a gzip member that fails to inflate part way to
    # stderr itself, naming neither file nor offset; the record is reported as torn here.
    def _decompress(self, data: bytes) -> bytes:
        if not (self.decompressor and data and self.num_block_read):
            return super()._decompress(data)  # type: ignore[no-any-return]
        try:
            return self.decompressor.decompress(data)  # type: ignore[no-any-return]
        except zlib.error:
            return b""


class _QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]  # warcio is untyped
    # warcio writes this warning, with the raw bytes that follow a bad record, to stderr
    # itself; here the bad record is reported as torn, by its offset.
    INC_RECORD = ""

    def __init__(self, stream: BinaryIO, *, check_digests: bool) -> None:
        super().__init__(stream, check_digests=check_digests)
        self.reader = _QuietReader(self.fh)


@dataclass(frozen=True)
class CheckedRecord:
    offset: int
    #: None where the bytes at ``offset`` could not be read as a record at all.
    record: ArcWarcRecord | None
    #: Why the record is torn (cut short, a digest that does not match), None if whole.
    problem: str | None


def checked_records(stream: BinaryIO, start: int = 0) -> Iterator[CheckedRecord]:
    """Each record of the WARC in ``stream`` from ``start`` (the offset of a record), read
    to its end, with what is wrong with it.

    A record is whole when its block has the length its Content-Length declares and its
    WARC-Block-Digest and WARC-Payload-Digest (where present) match; warcio checks the
    digests only of a block read to its declared end, and says nothing of one cut short
    ("digest present but not checked"), so the length is checked here. After bytes that
    are no record the reading goes on at the next gzip member, so one torn record does not
    hide the rest of the file. The record's headers stay readable; its content is consumed.

    Reading and hashing every block costs little over reading the headers alone, since
    warcio decompresses each member either way: 3.72 s against 3.58 s for 2,000 pages
    (43 MB), ``python -m bench.replay_index``.
    """
    stream.seek(start)
    gzipped = stream.read(2) == GZIP_MEMBER[:2]
    at: int | None = start
    while at is not None:
        stream.seek(at)
        iterator = _QuietArchiveIterator(stream, check_digests=True)
        # Where the next record begins: where the reading failed, if it fails.
        following = at
        torn_at = None
        try:
            for record in iterator:
                offset = iterator.get_record_offset()
                following = offset + iterator.get_record_length()
                problem = _problem(record)
                yield CheckedRecord(offset, record, problem)
                if gzipped and problem is not None:
                    # warcio ends a member that does not inflate as if the file ended
                    # there, and the length it gives then points past it: every record
                    # after it was lost (a test flips bytes in members, in a record's
                    # headers too). The next record is the next member that begins one.
                    torn_at = offset
                    break
            else:
                # warcio also stops, without a word, at a record cut in its headers.
                stream.seek(following)
                if not stream.read(1 << 16).strip():
                    return
        except _UNREADABLE:
            pass
        if torn_at is None:
            yield CheckedRecord(following, None, "unreadable bytes, not a WARC record")
            torn_at = following
        # A torn member's compressed bytes may hold the gzip magic too (3 of 15 archives of
        # 300 generated pages, each flipped at 25 places): from there, it was a second
        # torn record where there is one.
        at = record_member(stream, torn_at + 1) if gzipped else next_member(stream, torn_at + 1)


def _problem(record: ArcWarcRecord) -> str | None:
    if record.format != "warc":  # warcio guesses ARC for bytes that are neither
        return "not a WARC record"
    lacking = [name for name in MANDATORY if not record.rec_headers.get_header(name)]
    if lacking:
        return f"cut short in its headers: no {', '.join(lacking)}"
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    missing = getattr(raw, "limit", 0)
    if missing:
        return f"{_CUT_SHORT}{record.length - missing} of {record.length} bytes"
    checker = record.digest_checker
    if checker is not None and checker.passed is False:
        return "; ".join(checker.problems)
    return None


def next_member(stream: BinaryIO, position: int) -> int | None:
    """The offset of the first gzip member header at ``position`` or after it, or None."""
    stream.seek(position)
    carried = b""
    while chunk := stream.read(1 << 20):
        data = carried + chunk
        found = data.find(GZIP_MEMBER)
        if found >= 0:
            return position - len(carried) + found
        position += len(chunk)
        carried = data[-(len(GZIP_MEMBER) - 1) :]
    return None


def record_member(stream: BinaryIO, position: int) -> int | None:
    """The offset of the first gzip member at ``position`` or after it that begins a WARC
    record, or None."""
    # The gzip magic also turns up in compressed bytes (some 14 times in 228 MB): only a
    # member that inflates to a WARC record's first line is one.
    while (found := next_member(stream, position)) is not None:
        stream.seek(found)
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(stream.read(1024), 5)
        except zlib.error:
            head = b""
        if head == b"WARC/":
            return found
        position = found + 1
    return None


def warc_problem(path: Path) -> str | None:
    """Why the file at ``path`` is no WARC to replay (empty, not a WARC), or None.

    Only its first record is read: torn records later in a file are skipped and counted
    by the replay itself.
    """
    try:
        with path.open("rb") as stream:
            first = next(iter(checked_records(stream)), None)
    except OSError as exc:
        return f"cannot read it: {exc.strerror}"
    if first is None:
        return "empty, it holds no WARC record"
    if first.problem is not None:
        return f"not a WARC file ({first.problem} at offset {first.offset})"
    return None
