"""Test helper: a process started with TAZ_NO_NETWORK_LOG set has no network.

Put this folder first on PYTHONPATH; Python imports ``sitecustomize`` at start-up, before
Scrapy or Twisted. Every attempt to open a connection or resolve a name, to any address,
loopback included, is written to the log file and fails the way an unplugged network does.
The first line a process writes is "armed <pid>", so a test can tell the guard was on.
Without the variable (pytest's own doctest import of this file) it does nothing.
"""

from __future__ import annotations

import os

_LOG = os.environ.get("TAZ_NO_NETWORK_LOG")

if _LOG:
    import errno
    import socket

    def _note(line: str) -> None:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{line}\n")

    _note(f"armed {os.getpid()}")
    _INET = (socket.AF_INET, socket.AF_INET6)
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex

    def _guarded_connect(self: socket.socket, address: object) -> None:
        if self.family in _INET:
            _note(f"blocked connect {address!r}")
            raise OSError(errno.ENETUNREACH, "Network is unreachable (no network in this test)")
        _connect(self, address)

    def _guarded_connect_ex(self: socket.socket, address: object) -> int:
        # Twisted connects with connect_ex and reads the error number.
        if self.family in _INET:
            _note(f"blocked connect_ex {address!r}")
            return errno.ENETUNREACH
        return _connect_ex(self, address)

    def _no_lookup(name: str):  # type: ignore[no-untyped-def]
        def lookup(host: object, *args: object, **kwargs: object) -> object:
            _note(f"blocked {name} {host!r}")
            raise socket.gaierror(socket.EAI_NONAME, "no network in this test")

        return lookup

    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        setattr(socket, _name, _no_lookup(_name))
