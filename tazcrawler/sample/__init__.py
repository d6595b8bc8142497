"""The bundled sample: a WARC of this project's crawl of its local test site, replayed offline.

The test site's pages were recorded under the reserved host name ``taz-sample.test``
(RFC 2606: it never resolves), so they cannot pass for taz.de pages and replaying them can
never reach a real server. ``make sample-warc`` (``testsite/record_sample.py``, in the
checkout only) makes the file again: it serves the test site on 127.0.0.1 and crawls it
through that server as an HTTP proxy, so the URLs keep the fixed host name whatever port
the server got.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SAMPLE_BASE_URL", "SAMPLE_SEED", "SAMPLE_WARC"]

SAMPLE_WARC = Path(__file__).resolve().parent / "sample.warc.gz"
SAMPLE_BASE_URL = "http://taz-sample.test"
SAMPLE_SEED = f"{SAMPLE_BASE_URL}/!1000001/"
