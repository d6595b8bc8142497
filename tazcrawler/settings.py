"""Scrapy settings for tazcrawler: polite defaults for the live site, overridable with -s."""

from __future__ import annotations

from tazcrawler import __version__

BOT_NAME = "tazcrawler"
SPIDER_MODULES = ["tazcrawler.spiders"]
NEWSPIDER_MODULE = "tazcrawler.spiders"

# --- The site -----------------------------------------------------------------------------
# The site the spider crawls; seeds must be article URLs on it. Tests and the bundled sample
# point it at a local server; the code path is the same as for the live site.
TAZ_BASE_URL = "https://taz.de"
# canonical_url is derived from the article id on this base, wherever the page was fetched,
# so the same article gets the same canonical URL from the live site, a mirror or an archive.
TAZ_CANONICAL_BASE = "https://taz.de"
TAZ_MAX_DEPTH = 3
TAZ_MAX_ARTICLES = 1000
# Tag values that are site branding, not topics (the keywords meta mixes them in).
TAZ_TAG_NOISE = ["taz", "tageszeitung", "taz.de", "die tageszeitung"]
# A contact URL or e-mail address for the User-Agent. Set it for live crawls.
TAZ_CONTACT = ""

# --- Output -------------------------------------------------------------------------------
TAZ_OUTPUT_DIR = "output"
# %(output_dir)s is filled from the spider attribute, which the spider takes from
# TAZ_OUTPUT_DIR, so one setting moves all three files; FEEDS itself may be overridden too.
FEEDS = {
    "%(output_dir)s/articles.jsonl": {"format": "jsonlines", "overwrite": True},
    "%(output_dir)s/links.jsonl": {"format": "links", "overwrite": True},
    "%(output_dir)s/graph.graphml": {"format": "graphml", "overwrite": True},
}
FEED_EXPORTERS = {
    "links": "tazcrawler.exporters.links.LinksExporter",
    "graphml": "tazcrawler.exporters.graphml.GraphMLExporter",
}
FEED_EXPORT_ENCODING = "utf-8"
# An empty crawl still writes its (empty) files, so downstream jobs see a complete output.
FEED_STORE_EMPTY = True

# The stats as JSON after the crawl; None: <TAZ_OUTPUT_DIR>/stats.json, "": not written.
TAZ_STATS_FILE = None
EXTENSIONS = {"tazcrawler.extensions.stats_file.StatsFile": 500}

ITEM_PIPELINES = {
    "tazcrawler.pipelines.text.TextPipeline": 100,
    "tazcrawler.pipelines.dates.DatesPipeline": 200,
    "tazcrawler.pipelines.authors.AuthorsPipeline": 300,
    "tazcrawler.pipelines.tags.TagsPipeline": 400,
    "tazcrawler.pipelines.identity.IdentityPipeline": 500,
    "tazcrawler.pipelines.validation.ValidationPipeline": 800,
    "tazcrawler.pipelines.dedupe.DedupePipeline": 900,
}

# --- Crawl order: breadth first (Scrapy's documented recipe) ----------------------------
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
DEPTH_STATS_VERBOSE = True

# --- Politeness for the live site ---------------------------------------------------------
ROBOTSTXT_OBEY = True
USER_AGENT = f"tazcrawler/{__version__} (news corpus research crawler)"
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
# taz articles weigh 130-160 KB; anything near 10 MB is not an article page.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5

# No listening ports: a crawl job is not a server (Scrapy turns these on by default).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
