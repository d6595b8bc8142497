"""Every command the docs show runs, and prints what the docs say it prints.

The convention (docs/README.md): a ```console block holds ``$ command`` lines, each followed
by its expected output; a ```sh block is an example that is not run and holds no transcript.
A console block runs in one bash, so ``$?`` and ``cd`` carry from one command to the next,
from the root of a temporary copy of the checkout: every top-level entry is linked, except
``output/``, which is a fresh empty folder; for a block that names ``../shared/``, that is
the folder of the real pages the other tests read (``TAZCRAWLER_REAL_PAGES``). The
project's virtual environment comes first on PATH; HTTP and HTTPS go to a proxy that is not
there, so a command that would reach a live site fails instead. Output (stdout and stderr as
one stream) is compared line by line, trailing blanks ignored: a line ``...`` matches any
lines, none included; ``<...>`` within a line matches any text of that line.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A console block is one bash session; a command that waits for input or a server ends it.
BLOCK_TIMEOUT = 120
# Printed by the test's own script after each command, with the command's exit status.
MARK = "\x1etazcrawler-docs-command-done"
# Nothing listens on the discard port: a request that would leave the machine fails at once.
DEAD_PROXY = "http://127.0.0.1:9"
_FENCE = re.compile(r"^(?P<indent> *)```(?P<info>[^`]*)$")


@dataclass(frozen=True)
class Command:
    line: int
    text: str
    expected: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """One fenced block of a docs page; ``problem`` says why it cannot be run as written."""

    page: str
    line: int
    language: str
    body: tuple[str, ...]
    commands: tuple[Command, ...] = ()
    problem: str | None = None

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"


def read_blocks(page: str, text: str) -> Iterator[Block]:
    """The fenced blocks of a Markdown page, console blocks split into their commands."""
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        fence = _FENCE.match(lines[number])
        number += 1
        if fence is None:
            continue
        start, indent = number, fence["indent"]
        language = fence["info"].strip().split(" ")[0] if fence["info"].strip() else ""
        body: list[str] = []
        while number < len(lines) and lines[number].strip() != "```":
            body.append(lines[number].removeprefix(indent))
            number += 1
        if number == len(lines):
            yield Block(page, start, language, tuple(body), problem="the block is not closed")
            return
        number += 1
        yield _block(page, start, language, body)


def _block(page: str, start: int, language: str, body: list[str]) -> Block:
    block = Block(page, start, language, tuple(body))
    if not language:
        return _with(block, "a block without a language: say console (run) or sh (not run)")
    if language == "sh":
        transcript = [line for line in body if line.startswith("$ ")]
        if transcript:
            return _with(block, f"a sh block holds a transcript line ({transcript[0]!r})")
        return block
    if language != "console":
        return block  # file contents (ini, json, python, text): not commands
    if not body:
        return _with(block, "a console block without a $ command")
    if not body[0].startswith("$ "):
        return _with(block, f"output before the first $ command: {body[0]!r}")
    commands: list[Command] = []
    offset = 0
    while offset < len(body):
        text = body[offset][2:]
        command_line = start + 1 + offset
        offset += 1
        while text.endswith("\\") and offset < len(body):  # a command continued on more lines
            text += "\n" + body[offset]
            offset += 1
        expected: list[str] = []
        while offset < len(body) and not body[offset].startswith("$ "):
            expected.append(body[offset])
            offset += 1
        commands.append(Command(command_line, text, tuple(expected)))
    return Block(page, start, language, tuple(body), tuple(commands))


def _with(block: Block, problem: str) -> Block:
    return Block(block.page, block.line, block.language, block.body, problem=problem)


BLOCKS = [
    block
    for path in PAGES
    for block in read_blocks(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))
]
CONSOLE = [b for b in BLOCKS if b.language == "console" or b.problem]


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` lines fit the ``expected`` ones (``...`` lines, ``<...>`` in lines)."""
    reachable = {0}  # how many actual lines the expected lines so far can have consumed
    for line in expected:
        if line == "...":
            reachable = set(range(min(reachable), len(actual) + 1))
            continue
        pattern = re.compile(".*".join(re.escape(part) for part in line.split("<...>")))
        reachable = {n + 1 for n in reachable if n < len(actual) and pattern.fullmatch(actual[n])}
        if not reachable:
            return False
    return len(actual) in reachable


def normalised(text: str) -> list[str]:
    """Lines without trailing blanks, and without the blank lines at the end."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def script(commands: tuple[Command, ...]) -> str:
    """The block as one bash script; after each command a mark with its exit status."""
    parts = []
    for command in commands:
        parts.append(command.text)
        # $? is the command's status again for the next command (echo $? works as typed).
        parts.append(f"__rc=$?; printf '\\n{MARK} %d\\n' \"$__rc\"; (exit $__rc)")
    return "\n".join(parts) + "\n"


def sandbox(tmp: Path, real_pages: Path | None) -> Path:
    """A checkout to run in: links to the repository's entries, a fresh ``output/``."""
    checkout = tmp / "checkout"
    checkout.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in ("output", ".git"):
            (checkout / entry.name).symlink_to(entry)
    (checkout / "output").mkdir()
    if real_pages is not None:
        # Docs name the real pages ../shared/fixtures/real/..., as they lie beside a checkout.
        if real_pages.parts[-3:] == ("shared", "fixtures", "real"):
            (tmp / "shared").symlink_to(real_pages.parent.parent)
        else:
            (tmp / "shared" / "fixtures").mkdir(parents=True)
            (tmp / "shared" / "fixtures" / "real").symlink_to(real_pages)
    return checkout


def run(commands: tuple[Command, ...], cwd: Path) -> tuple[list[str], list[int]]:
    """Each command's output and exit status."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SCRAPY_", "BASH_ENV"))}
    environ.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONUNBUFFERED="1",  # stdout and stderr interleave as on a terminal
        LC_ALL="C.UTF-8",
        COLUMNS="100",
        http_proxy=DEAD_PROXY,
        https_proxy=DEAD_PROXY,
        no_proxy="127.0.0.1,localhost",
    )
    process = subprocess.Popen(
        ["bash", "-c", script(commands)],
        cwd=cwd,
        env=environ,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        out, _ = process.communicate(timeout=BLOCK_TIMEOUT)
    except subprocess.TimeoutExpired:
        _stop_group(process.pid, signal.SIGKILL)
        out, _ = process.communicate()
        pytest.fail(f"the block did not finish in {BLOCK_TIMEOUT} s; output:\n{out.decode()}")
    # What the block started in the background (a local server) ends with the block.
    _stop_group(process.pid, signal.SIGTERM)
    pieces = re.split(rf"\n{MARK} (\d+)\n", out.decode("utf-8", "replace"))
    # One more output than statuses: what came after the last mark (bash ended early).
    return pieces[0::2], [int(status) for status in pieces[1::2]]


def _stop_group(group: int, how: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, how)


@pytest.mark.parametrize("block", CONSOLE, ids=[b.where for b in CONSOLE])
def test_console_block(block: Block, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if block.problem:
        pytest.fail(f"{block.where}: {block.problem}")
    needs_pages = any("../shared/" in c.text for c in block.commands)
    real_pages = request.getfixturevalue("real_pages_dir") if needs_pages else None
    outputs, statuses = run(block.commands, sandbox(tmp_path, real_pages))
    for number, command in enumerate(block.commands):
        if number >= len(statuses):
            pytest.fail(
                f"{block.page}:{command.line}: $ {command.text}\n"
                f"bash ended before this command did; its output:\n{outputs[number]}"
            )
        actual = normalised(outputs[number])
        expected = normalised("\n".join(command.expected))
        if not matches(expected, actual):
            diff = "\n".join(
                difflib.unified_diff(expected, actual, "shown in the docs", "printed", lineterm="")
            )
            pytest.fail(
                f"{block.page}:{command.line}: $ {command.text}\n"
                f"exit status {statuses[number]}; the output differs:\n{diff}"
            )


@pytest.mark.parametrize(
    "page",
    [
        "README.md",
        "docs/crawling.md",
        "docs/scheduled-runs.md",
        "docs/archive-and-replay.md",
        "docs/output.md",
        "docs/debugging.md",
        "docs/faults-and-scope.md",
        "docs/architecture.md",
        "docs/discovery.md",
    ],
)
def test_page_shows_tested_commands(page: str) -> None:
    """These pages show commands with their output (so the test above is not vacuous)."""
    assert any(b.page == page and b.commands for b in BLOCKS), f"{page} has no console block"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\nb\n", ["a", "b"]),
        ("a\n<...>z\n", ["a", "xyz"]),
        ("...\nc\n", ["a", "b", "c"]),
        ("...\nc\n", ["c"]),
        ("a\n...\n", ["a"]),
        ("a <...> c\n", ["a b c"]),
    ],
)
def test_matches(text: str, expected: list[str]) -> None:
    assert matches(normalised(text), expected)


@pytest.mark.parametrize(
    ("text", "actual"),
    [
        ("a\nb\n", ["a"]),
        ("a\n", ["a", "b"]),
        ("a <...> c\n", ["a b", "c"]),  # <...> stays within its line
        ("...\nc\n", ["c", "d"]),
        ("a.b\n", ["axb"]),  # only <...> is a pattern
    ],
)
def test_does_not_match(text: str, actual: list[str]) -> None:
    assert not matches(normalised(text), actual)


def test_reading_and_running_blocks(tmp_path: Path) -> None:
    text = (
        "text\n\n```console\n$ echo a; \\\n  echo b\na\nb\n$ false\n$ echo $?\n1\n```\n\n"
        "- item\n\n  ```sh\n  make crawl\n  ```\n\n```console\nno command\n```\n"
        "```sh\n$ make crawl\n```\n```\nplain\n```\n"
    )
    blocks = list(read_blocks("page.md", text))
    assert [(b.line, b.language) for b in blocks] == [
        (3, "console"),
        (15, "sh"),
        (19, "console"),
        (22, "sh"),
        (25, ""),
    ]
    first = blocks[0]
    assert [(c.line, c.text, c.expected) for c in first.commands] == [
        (4, "echo a; \\\n  echo b", ("a", "b")),
        (8, "false", ()),
        (9, "echo $?", ("1",)),
    ]
    assert blocks[1].problem is None
    assert "before the first $ command" in (blocks[2].problem or "")
    assert "transcript" in (blocks[3].problem or "")
    assert "without a language" in (blocks[4].problem or "")
    outputs, statuses = run(first.commands, tmp_path)
    assert [normalised(o) for o in outputs] == [["a", "b"], [], ["1"], []]
    assert statuses == [0, 1, 0]
    # A block whose bash ends early: the output of the unfinished command is kept.
    outputs, statuses = run((Command(1, "echo x; exit 4", ()), Command(2, "echo y", ())), tmp_path)
    assert (outputs, statuses) == (["x\n"], [])


def test_background_jobs_end_with_their_block(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    run((Command(1, f"sleep 600 > /dev/null 2>&1 & echo $! > {pid_file}", ()),), tmp_path)
    pid = int(pid_file.read_text())
    for _ in range(50):  # the signal is delivered at once, the process is reaped meanwhile
        if not Path(f"/proc/{pid}").exists() or "Z" in _state(pid):
            break
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists() or "Z" in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_no_request_leaves_the_machine(tmp_path: Path) -> None:
    command = Command(
        1, "python -c 'import urllib.request; urllib.request.urlopen(\"https://taz.de/\")'", ()
    )
    outputs, statuses = run((command,), tmp_path)
    assert statuses == [1]
    assert "Connection refused" in outputs[0]
