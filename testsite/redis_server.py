"""A real Redis server for the shared frontier: ``python -m testsite.redis_server``.

Debian's ``redis-server`` (``make redis-server`` installs it), on 127.0.0.1, a free port,
its files in a temporary folder removed when it stops, nothing saved to disk. The first line
on stdout is its URL (``redis://127.0.0.1:PORT/0``), as the test site prints its base URL;
the server stops on SIGTERM, SIGINT or when stdin, a pipe, reaches end of file.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from testsite.__main__ import _stdin_is_pipe, _watch_stdin

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["RedisServer", "RedisServerError", "main"]


class RedisServerError(RuntimeError):
    """redis-server is missing or did not start; the message says what to do."""


def _free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


class RedisServer:
    """One redis-server process; ``with RedisServer() as server: server.url``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, timeout: float = 10.0) -> None:
        self.host = host
        self.port = port or _free_port(host)
        self.timeout = timeout
        self.url = f"redis://{host}:{self.port}/0"
        self._dir: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RedisServerError(
                "redis-server not found: install it with `make redis-server` "
                "(Debian's package, as root) or your system's package manager"
            )
        self._dir = Path(tempfile.mkdtemp(prefix="tazcrawler-redis-"))
        self._process = subprocess.Popen(
            [
                binary,
                *("--bind", self.host),
                *("--port", str(self.port)),
                *("--dir", str(self._dir)),
                # A frontier for tests and single-machine use: kept in memory only.
                *("--save", ""),
                *("--appendonly", "no"),
                *("--protected-mode", "yes"),
                *("--logfile", str(self._dir / "redis.log")),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + self.timeout
        while not self._answers():
            if self._process.poll() is not None or time.monotonic() > deadline:
                log = (self._dir / "redis.log").read_text(errors="replace")[-500:]
                self.stop()
                raise RedisServerError(f"redis-server did not start on {self.url}: {log}")
            time.sleep(0.05)
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m testsite.redis_server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    args = parser.parse_args(argv)
    try:
        server = RedisServer(args.host, args.port).start()
    except RedisServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if _stdin_is_pipe():
        threading.Thread(target=_watch_stdin, args=(stop,), daemon=True).start()
    print(server.url, flush=True)
    try:
        stop.wait()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
