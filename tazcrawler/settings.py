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
# The spider's arguments (-a seed=, seeds_file=, max_depth=, max_articles=) become these
# settings; every component reads them here, none from the spider.
TAZ_SEEDS: list[str] = []
TAZ_MAX_DEPTH = 3
TAZ_MAX_ARTICLES = 1000
# Seeds from sitemaps, sitemap indexes, robots.txt and RSS/Atom feeds (-a seeds_from=,
# since=, max_discovered=; docs/discovery.md). TAZ_SINCE empty: with a state store, since the
# start of the last finished run that read one of the same listings; "all": every entry.
TAZ_SEEDS_FROM: list[str] = []
TAZ_SINCE = ""
# At most this many discovered seeds a run; a news sitemap lists at most 1000 articles.
TAZ_MAX_DISCOVERED = 1000
# Tag values that are site branding, not topics (the keywords meta mixes them in).
TAZ_TAG_NOISE = ["taz", "tageszeitung", "taz.de", "die tageszeitung"]
# Stored in every article as crawl_id; empty: one is made per run (20261125T193000Z-1a2b3c4d).
TAZ_CRAWL_ID = ""
# A contact URL or e-mail address for the User-Agent. Set it for live crawls.
TAZ_CONTACT = ""

# --- Output -------------------------------------------------------------------------------
TAZ_OUTPUT_DIR = "output"
# %(output_dir)s is the run folder (scheduled crawls) or TAZ_OUTPUT_DIR, so one setting moves
# all three files; FEEDS itself may be overridden too.
FEED_URI_PARAMS = "tazcrawler.runs.feeds.uri_params"
# Local files: appended to by a resumed run, a full disk at close one reason (disk_full).
FEED_STORAGES = {
    "": "tazcrawler.runs.feeds.RunFeedStorage",
    "file": "tazcrawler.runs.feeds.RunFeedStorage",
}
FEEDS = {
    "%(output_dir)s/articles.jsonl": {"format": "jsonlines", "overwrite": True},
    "%(output_dir)s/links.jsonl": {"format": "links", "overwrite": True},
    "%(output_dir)s/graph.graphml": {"format": "graphml", "overwrite": True},
    # Typed copies for data tools (docs/data-tools.md): Parquet with the Arrow schema of
    # tazcrawler/schema/arrow.py, GEXF for Gephi, the edge list as CSV.
    "%(output_dir)s/articles.parquet": {"format": "parquet", "overwrite": True},
    "%(output_dir)s/links.parquet": {"format": "links_parquet", "overwrite": True},
    "%(output_dir)s/graph.gexf": {"format": "gexf", "overwrite": True},
    "%(output_dir)s/links.csv": {"format": "links_csv", "overwrite": True},
}
FEED_EXPORTERS = {
    "jsonlines": "tazcrawler.exporters.jsonlines.RecordJsonLinesExporter",
    "links": "tazcrawler.exporters.links.LinksExporter",
    "graphml": "tazcrawler.exporters.graphml.GraphMLExporter",
    "parquet": "tazcrawler.exporters.parquet.ArticlesParquetExporter",
    "links_parquet": "tazcrawler.exporters.parquet.LinksParquetExporter",
    "gexf": "tazcrawler.exporters.gexf.GexfExporter",
    "links_csv": "tazcrawler.exporters.csv.LinksCsvExporter",
    # `-o articles.csv`: one flat row an article (Scrapy's own would write Python reprs).
    "csv": "tazcrawler.exporters.csv.ArticlesCsvExporter",
}
FEED_EXPORT_ENCODING = "utf-8"
# An empty crawl still writes its (empty) files, so downstream jobs see a complete output.
FEED_STORE_EMPTY = True

# Scrapy's collector without its costly check of every attribute (see the class).
STATS_CLASS = "tazcrawler.statscollectors.PlainStatsCollector"
# The stats as JSON after the crawl; None: <TAZ_OUTPUT_DIR>/stats.json, "": not written.
TAZ_STATS_FILE = None
EXTENSIONS: dict[str, int | None] = {
    "tazcrawler.extensions.stats_file.StatsFile": 500,
    # A progress line every LOGSTATS_INTERVAL (queue, depth, failures, time left) and a
    # summary at the end, instead of Scrapy's "Crawled N pages" line. After Health (-90):
    # the summary reports its verdict.
    "scrapy.extensions.logstats.LogStats": None,
    "tazcrawler.extensions.progress.Progress": 900,
}

# Items (and requests) of one response go through the pipelines one at a time. The
# pipelines are synchronous CPU work, so parallel slots buy nothing, and Scrapy starts an
# asyncio task per slot for every response: at the default 100 that was a third of the
# crawl's CPU time (BENCHMARKS.md).
CONCURRENT_ITEMS = 1
# Scrapy reads a callback's source with inspect and ast to warn about "return value" in a
# generator; its cache is keyed by the bound method, made anew for every request, so this
# ran for a tenth of the pages. tests/spiders/test_taz_callbacks.py checks the callbacks
# once instead.
WARN_ON_GENERATOR_RETURN_VALUE = False

ITEM_PIPELINES = {
    "tazcrawler.pipelines.sources.SourcesPipeline": 50,
    "tazcrawler.pipelines.text.TextPipeline": 100,
    "tazcrawler.pipelines.dates.DatesPipeline": 200,
    "tazcrawler.pipelines.authors.AuthorsPipeline": 300,
    "tazcrawler.pipelines.tags.TagsPipeline": 400,
    "tazcrawler.pipelines.identity.IdentityPipeline": 500,
    "tazcrawler.pipelines.validation.ValidationPipeline": 800,
    "tazcrawler.pipelines.dedupe.DedupePipeline": 900,
}

# --- Crawl order: breadth first ----------------------------------------------------------
# Scrapy's documented recipe (depth priority, FIFO queues), made exact by the scheduler: a
# level goes out when the one before it is done, and each article once, by its shortest
# path (tazcrawler/frontier/). Its priorities must be the depths, so retries and redirects
# keep theirs.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
SCHEDULER = "tazcrawler.frontier.BreadthFirstScheduler"
# One priority order across download slots (Scrapy's default interleaves slots).
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.ScrapyPriorityQueue"
DUPEFILTER_CLASS = "tazcrawler.frontier.ArticleDupeFilter"
RETRY_PRIORITY_ADJUST = 0
REDIRECT_PRIORITY_ADJUST = 0
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

# --- Archive and replay -------------------------------------------------------------------
# Every crawl archives what it downloads, with the requests, as one gzipped WARC (ISO 28500).
# None: <TAZ_OUTPUT_DIR>/warc/<crawl id>.warc.gz; "": no archive.
TAZ_WARC_FILE = None
# gzip level of the archive (zlib-ng's deflate), 0-9. 3 takes half the CPU of zlib's 4 for
# files 1% larger (a 150 KB page: 0.8 against 1.6 ms), a quarter of warcio's own zlib 9;
# 1 is faster still, a third larger.
TAZ_WARC_GZIP_LEVEL = 3
EXTENSIONS["tazcrawler.archive.WarcWriter"] = 510
# Answer requests from these WARC files (a list; with -s, comma-separated) instead of the
# network. A URL they lack fails its request (stat taz/replay/missing), never goes out unless
# REPLAY_FALLBACK_TO_NETWORK is True.
REPLAY_WARC: list[str] = []
REPLAY_FALLBACK_TO_NETWORK = False
# Worker processes that read archived pages ahead of a replay (`tazcrawler reextract
# --workers`): 1, the crawl process reads every page itself; 0, one per core once the
# archives hold enough pages to pay for starting them (tazcrawler/archive/ahead.py).
TAZ_REEXTRACT_WORKERS = 0
# Last before the downloader, where HttpCacheMiddleware (900) sits: after robots.txt, headers
# and redirects are handled, before any socket. If another block needs DOWNLOADER_MIDDLEWARES,
# add to this dict rather than defining a second one.
DOWNLOADER_MIDDLEWARES: dict[str, int | None] = {"tazcrawler.archive.ReplayMiddleware": 950}
# scrapy crawl needs a seed; this project's check, parse and shell (tazcrawler/commands/)
# make their own requests and set this to False.
TAZ_REQUIRE_SEED = True
# An article without an id is dropped (IdentityPipeline); `tazcrawler extract` on a saved
# text edition, which names no id, sets this to False and prints the record with id null.
TAZ_REQUIRE_ARTICLE_ID = True
COMMANDS_MODULE = "tazcrawler.commands"
SPIDER_CONTRACTS = {"tazcrawler.contracts.FilledContract": 10}

# --- Hostile input and faults (issue 5) ---------------------------------------------------
# The limits are the politeness block's DOWNLOAD_TIMEOUT (the whole response, slow drips
# included), DOWNLOAD_MAXSIZE (on the wire and again after decompression: gzip and brotli
# bombs), RETRY_TIMES and REDIRECT_MAX_TIMES. Every failed request reaches the spider's
# errback and is counted as taz/fetch_failed/<reason>; see README "Hostile input and faults".
# A body cut short fails the request (data_loss) rather than yielding half an article.
DOWNLOAD_FAIL_ON_DATALOSS = True
# The spider logs each failed request once, with its reason, as a warning; Scrapy's "Gave up
# retrying" says the same and is no error of the crawl.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
# Redirects to another host, a private address or back into their own chain fail with a
# reason (process_response runs before RedirectMiddleware's at 600).
DOWNLOADER_MIDDLEWARES["tazcrawler.downloadermiddlewares.scope.RedirectScopeMiddleware"] = 650
# After decompression (HttpCompressionMiddleware, 590): "UTF-8" pages in Latin-1 are repaired.
DOWNLOADER_MIDDLEWARES["tazcrawler.downloadermiddlewares.charset.CharsetRepairMiddleware"] = 580
# Scrapy's meta refresh redirects, after the repair as before, reading only a page's head.
DOWNLOADER_MIDDLEWARES |= {
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "tazcrawler.downloadermiddlewares.metarefresh.HeadMetaRefreshMiddleware": 579,
}

# --- Scheduled crawls ---------------------------------------------------------------------
# tazcrawler/runs/ and its add-on: each run writes into <TAZ_OUTPUT_DIR>/runs/<crawl id>/ with
# a manifest.json; a finished run publishes the consolidated dataset (latest version of each
# article, merged graph) as <TAZ_OUTPUT_DIR>/articles.jsonl, links.jsonl, graph.graphml.
# See docs/scheduled-runs.md.
ADDONS = {"tazcrawler.runs.addon.RunsAddon": 0}

# --- Several workers on one frontier (docs/workers.md) -------------------------------------
# A Redis URL (scrapy-redis's setting): the crawl shares its frontier (queue, article ids,
# leases) and the site's politeness budget with every worker of the same TAZ_CRAWL_ID there.
# Empty: one process, the in-process frontier above. The add-on goes first: it decides the
# worker's output folder before the run package reads it.
REDIS_URL = ""
ADDONS["tazcrawler.frontier.redis_addon.RedisFrontierAddon"] = -10
# This worker's name (w1, w2 ...): its files go to <TAZ_OUTPUT_DIR>/runs/<crawl id>/workers/<name>/.
TAZ_WORKER = ""
# Keys in Redis are <TAZ_REDIS_PREFIX>:<crawl id>:..., the budget <TAZ_REDIS_PREFIX>:budget:<site>.
TAZ_REDIS_PREFIX = "tazcrawler"
# A request a worker took and did not finish goes back to the queue this long after the
# worker was last heard of (a live worker renews its leases four times a lease).
TAZ_LEASE_SECONDS = 60.0
# Hold all workers together to DOWNLOAD_DELAY and CONCURRENT_REQUESTS_PER_DOMAIN.
TAZ_SHARED_BUDGET = True
# scrapy-redis's: keep the frontier in Redis after the crawl (False: the last worker clears it).
SCHEDULER_PERSIST = False
# Every crawl that writes into TAZ_OUTPUT_DIR holds <TAZ_OUTPUT_DIR>/.lock while it runs.
TAZ_OUTPUT_LOCK = True
# The state store. None: <TAZ_OUTPUT_DIR>/state.sqlite3; "": off (no runs, no incremental
# export: every crawl exports everything into TAZ_OUTPUT_DIR).
TAZ_STATE_DB = None
# The store's class: anything with the methods of tazcrawler.runs.store.StateStore.
TAZ_STATE_STORE = "tazcrawler.runs.sqlite.SQLiteStore"
# A known article is fetched again when it was last checked this many seconds ago (given
# seeds are always fetched; seeds from listings when they date it later, docs/discovery.md).
# 0: every article on every run.
TAZ_REVISIT_INTERVAL = 24 * 60 * 60
# Resume the unfinished run (stopped or killed) with the same arguments instead of
# starting a new one.
TAZ_RESUME = True
# Scrapy's JOBDIR for the clean stop (SIGINT/SIGTERM). None: <TAZ_OUTPUT_DIR>/job; "": off.
# A JOBDIR set directly wins. A resumed run discards it: the state store rebuilds the run.
TAZ_JOBDIR = None
# Write the consolidated dataset to <TAZ_OUTPUT_DIR> when a run finishes.
TAZ_PUBLISH_LATEST = True
# Health verdict at the end of a run; the crawl command exits 3 when it is unhealthy.
TAZ_HEALTH_ENABLED = True
TAZ_HEALTH_FINISH_REASONS = ["finished"]
# Errors logged (spider or pipeline exceptions; failed fetches are warnings).
TAZ_HEALTH_MAX_ERRORS = 0
# Articles extracted in the run, exported or found unchanged (seeds are always checked).
TAZ_HEALTH_MIN_ARTICLES = 1
# Share of extracted articles that have each field (date: published; body: paragraphs).
# Floors that a broken extractor falls below, not quality goals: agency pieces have no
# author, short news and some layouts no related block.
TAZ_HEALTH_MIN_COVERAGE = {
    "title": 0.95,
    "date": 0.9,
    "authors": 0.5,
    "body": 0.95,
    "related": 0.25,
}
# --- A full disk --------------------------------------------------------------------------
# ENOSPC in the JOBDIR queue, its seen-requests file, a feed or the WARC stops the crawl with
# finish reason "disk_full" (tazcrawler/diskfull/, docs/faults.md) instead of hanging it.
# The frontier's scheduler and dupefilter (above) are the disk-full ones' subclasses.
EXTENSIONS["scrapy.extensions.feedexport.FeedExporter"] = None
EXTENSIONS["tazcrawler.diskfull.feedexport.DiskFullFeedExporter"] = 0
EXTENSIONS["scrapy.extensions.spiderstate.SpiderState"] = None
EXTENSIONS["tazcrawler.diskfull.spiderstate.DiskFullSpiderState"] = 0

# --- Pages that end early -----------------------------------------------------------------
# A page nested past the HTML parser's limit inside its body, or cut short (no </body> or
# </html>), is counted (taz/pages/truncated/<why>) and logged; "flag" exports its article
# with "truncated" set to why, "refuse" skips it (taz/pages/refused/truncated).
TAZ_TRUNCATED_PAGES = "flag"

# --- The text edition (gopher) --------------------------------------------------------------
# taz.de serves every article over gopher too (docs/text-edition.md): gopher://taz.de/1/!<id>.
# Same host, so the same download slot, delay and concurrency as the web site.
DOWNLOAD_HANDLERS = {"gopher": "tazcrawler.downloadhandlers.gopher.GopherDownloadHandler"}
# robots.txt is a web convention: a gopher request is judged by the web site's robots.txt
# (TAZ_BASE_URL) for the same path, instead of asking gopher for the selector "obots.txt".
DOWNLOADER_MIDDLEWARES["scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"] = None
DOWNLOADER_MIDDLEWARES["tazcrawler.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"] = 100

# Layout drift (tazcrawler/pages/drift.py, docs/extraction.md): unhealthy when more than
# this share of a run's articles is read by the generic fallback (the page's template is
# unknown, or its layout gave no body) ...
TAZ_HEALTH_DRIFT_MAX_FALLBACK = 0.5
# ... or lacks a field that an earlier article of the run had, more often than this share.
# Fields that many articles lack by nature (dateline, image, subheadings, related) are not
# judged.
TAZ_HEALTH_DRIFT_MAX_LOST = {
    "title": 0.2,
    "kicker": 0.5,
    "authors": 0.8,
    "published": 0.2,
    "paragraphs": 0.2,
    "tags": 0.8,
}
# Runs with fewer articles than this are too small to judge drift in.
TAZ_HEALTH_DRIFT_MIN_ARTICLES = 20
