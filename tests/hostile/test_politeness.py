"""The live-site defaults are polite: robots.txt, an honest User-Agent, delay, AutoThrottle."""

from __future__ import annotations

import logging

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from tazcrawler import settings as project
from tazcrawler.offline import project_settings
from tazcrawler.spiders.taz import TazSpider


def test_defaults_for_the_live_site() -> None:
    settings = project_settings()
    assert settings.get("TAZ_BASE_URL") == "https://taz.de"
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getfloat("DOWNLOAD_DELAY") >= 1
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    assert settings.get("USER_AGENT").startswith("tazcrawler/")
    # Limits a hostile page or server runs into; taz pages weigh 130-160 KB.
    assert 0 < settings.getint("DOWNLOAD_TIMEOUT") <= 60
    assert 1 << 20 <= settings.getint("DOWNLOAD_MAXSIZE") <= 50 << 20
    assert settings.getbool("DOWNLOAD_FAIL_ON_DATALOSS")
    assert 0 < settings.getint("REDIRECT_MAX_TIMES") <= 10


def test_the_user_agent_names_a_contact() -> None:
    settings = Settings()
    settings.setmodule("tazcrawler.settings", priority="project")
    settings.set("TAZ_CONTACT", "https://example.org/contact", priority="cmdline")
    TazSpider.update_settings(settings)
    assert settings.get("USER_AGENT").endswith("(+https://example.org/contact)")


@pytest.mark.parametrize(
    ("base_url", "contact", "replay", "warns"),
    [
        ("https://taz.de", "", "", True),
        ("https://taz.de", "crawler@example.org", "", False),
        ("http://127.0.0.1:8000", "", "", False),  # the local test site
        ("http://taz-sample.test", "", "", False),  # a reserved name (RFC 2606)
        ("https://taz.de", "", "crawl.warc.gz", False),  # a replay asks no site
    ],
)
def test_a_live_crawl_without_contact_warns(
    caplog: pytest.LogCaptureFixture, base_url: str, contact: str, replay: str, warns: bool
) -> None:
    taz = {name: getattr(project, name) for name in dir(project) if name.startswith("TAZ_")}
    taz.update(TAZ_BASE_URL=base_url, TAZ_CONTACT=contact, REPLAY_WARC=replay)
    crawler = get_crawler(TazSpider, taz)
    with caplog.at_level(logging.WARNING):
        TazSpider.from_crawler(crawler, seed=f"{base_url}/!5459263/")
    assert ("TAZ_CONTACT is not set" in caplog.text) is warns


def test_a_site_that_is_down_is_one_line_not_a_traceback(tmp_path) -> None:
    """robots.txt of a site that refuses connections: Scrapy's error line, no traceback."""
    import socket
    import subprocess

    from tests.conftest import ROOT, crawl_command

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    # The port is closed again: every connection to it is refused.
    command = crawl_command(base, tmp_path, "-a", f"seed={base}/!1000001/", "-s", "RETRY_TIMES=0")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    log = result.stderr
    errors = [
        line for line in log.splitlines() if "[scrapy.downloadermiddlewares.robotstxt]" in line
    ]
    assert len(errors) == 1, log[-3000:]
    assert "ERROR: Error downloading" in errors[0]
    assert "Connection was refused" in errors[0]
    assert "Traceback" not in log, log[log.index("Traceback") - 300 :][:2000]
    assert "robotstxt/exception_count/" in log
