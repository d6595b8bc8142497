"""End to end: seeds beyond ``max_articles`` are counted as seeds, not as related links."""

from __future__ import annotations

import json
import subprocess
from typing import TYPE_CHECKING

from tests.conftest import ROOT, crawl_command
from testsite.content import ARTICLES, SEED_ID

if TYPE_CHECKING:
    from pathlib import Path


def test_seeds_beyond_max_articles_are_counted_as_seeds(site: str, tmp_path: Path) -> None:
    others = [a.path for i, a in ARTICLES.items() if i != SEED_ID][:3]
    seeds = ",".join(site + path for path in [ARTICLES[SEED_ID].path, *others])
    command = crawl_command(
        site,
        tmp_path,
        *("-a", f"seed={seeds}", "-a", "max_articles=1", "-a", "max_depth=1"),
        *("-s", "TAZ_STATE_DB="),
    )
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["taz/seeds/beyond_max_articles"] == 3
    # The one article's related links meet the limit too; those are related links.
    related = len(ARTICLES[SEED_ID].related)
    assert 0 < stats["taz/related/beyond_max_articles"] <= related
    assert result.stderr.count("Not requested: 3 seeds beyond max_articles=1") == 1
    assert stats["item_scraped_count"] == 1
