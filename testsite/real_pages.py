"""Where the real taz.de pages are: the tests and the benchmark read them, never copy them."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["real_pages_candidates", "real_pages_dir"]

_BESIDE = Path("shared") / "fixtures" / "real"


def real_pages_candidates(checkout: Path) -> list[Path]:
    """Where to look, in order: ``TAZCRAWLER_REAL_PAGES`` alone if it is set; else
    ``shared/fixtures/real`` beside ``checkout``, then beside the local repository it was
    cloned from (a clone made in a temporary folder has no ``shared/`` beside it)."""
    configured = os.environ.get("TAZCRAWLER_REAL_PAGES")
    if configured:
        return [Path(configured)]
    candidates = [checkout.parent / _BESIDE]
    origin = _local_origin(checkout)
    if origin is not None and origin.parent / _BESIDE not in candidates:
        candidates.append(origin.parent / _BESIDE)
    return candidates


def real_pages_dir(checkout: Path) -> Path:
    """The first candidate folder that exists, else the first candidate (to name in errors)."""
    candidates = real_pages_candidates(checkout)
    return next((path for path in candidates if path.is_dir()), candidates[0])


def _local_origin(checkout: Path) -> Path | None:
    try:
        url = subprocess.run(
            ["git", "-C", str(checkout), "config", "--get", "remote.origin.url"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:  # no git on this machine
        return None
    if url.startswith("file://"):
        url = urlsplit(url).path
    # A local path, not a network remote ("https://...", "git@host:path").
    if not url or "://" in url or (":" in url and not url.startswith("/")):
        return None
    return Path(url).resolve()
