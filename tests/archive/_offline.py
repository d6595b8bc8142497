"""Run a command as a subprocess with no network, and tell which connections it tried."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

GUARD = Path(__file__).resolve().parent / "no_network"


@dataclass
class Run:
    result: subprocess.CompletedProcess[str]
    #: One line per attempt to connect or resolve a name ("blocked connect_ex ('127.0.0.1', 80)").
    attempts: list[str]
    #: How many processes (the command and its children) ran with the guard on.
    armed: int


def run_offline(
    command: list[str], log_dir: Path, *, cwd: Path = ROOT, timeout: float = 120
) -> Run:
    """Run ``command`` (and any Python children) with every connection and lookup blocked."""
    log = log_dir / "network.log"
    log.unlink(missing_ok=True)
    python_path = os.pathsep.join(filter(None, [str(GUARD), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": python_path, "TAZ_NO_NETWORK_LOG": str(log)}
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return Run(
        result=result,
        attempts=[line for line in lines if line.startswith("blocked")],
        armed=sum(line.startswith("armed") for line in lines),
    )
