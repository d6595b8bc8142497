"""`make bench` pins its extraction loops to one core, then gives the later steps all cores.

The crawls, their server and the re-extractions are started after the loops; had they
inherited the loop's single core, a two-worker re-extraction would run no faster than one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# In a process of its own, whose affinity the test may change: what the children of a
# benchmark run get after its first extraction loop.
SCRIPT = """
import json, os, subprocess, sys
from bench import run
run.pin_self(run.CRAWLER_CPU)
during = sorted(os.sched_getaffinity(0))
run.unpin_self()
show = [sys.executable, "-c", "import os; print(sorted(os.sched_getaffinity(0)))"]
server = subprocess.run(show, preexec_fn=run.pinned(run.SERVER_CPU), capture_output=True, text=True)
anywhere = subprocess.run(show, capture_output=True, text=True)
print(json.dumps({
    "cpus": sorted(run.CPUS), "during": during, "after": sorted(os.sched_getaffinity(0)),
    "server": json.loads(server.stdout), "anywhere": json.loads(anywhere.stdout),
}))
"""


def test_the_steps_after_an_extraction_loop_run_on_every_core() -> None:
    found = json.loads(
        subprocess.run(
            [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    )
    cpus = found["cpus"]
    assert found["after"] == found["anywhere"] == cpus
    if len(cpus) >= 2:  # the CI machines have two cores
        assert found["during"] == [0]
        assert found["server"] == [1]
    else:
        assert found["during"] == found["server"] == cpus
