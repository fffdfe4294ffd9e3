"""Scrapy settings of the paperscope crawlers: polite to the real sites, resumable, store-backed.

Override per run with ``-s NAME=value`` (``scrapy crawl``) or through ``paperscope crawl``, which
passes ``PAPERSCOPE_HOME`` (where the store and the PDFs go) and a ``JOBDIR``.
"""

import os

BOT_NAME = "paperscope"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Politeness toward the real proceedings sites.
USER_AGENT = "paperscope/0.1 (research crawler of ML proceedings; +https://github.com/paperscope/paperscope)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 100 * 1024 * 1024  # the PDF store's cap
RETRY_TIMES = 3
RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry; doubles each time
RETRY_BACKOFF_MAX = 60.0
TELNETCONSOLE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.BackoffRetryMiddleware": 550,
    "crawlers.middlewares.StoredPaperMiddleware": 50,
}
ITEM_PIPELINES = {
    "crawlers.pipelines.PaperPipeline": 300,
    "crawlers.pipelines.PdfPipeline": 400,
}
EXTENSIONS = {
    "crawlers.extensions.JobDirGuard": 0,
    "crawlers.extensions.ProgressFile": 500,
}

# Where the store lives (None: $PAPERSCOPE_HOME or ./paperscope-data); a mirror for the NeurIPS spider.
PAPERSCOPE_HOME = None
PAPERSCOPE_PROGRESS_FILE = None
NEURIPS_SITE = None
# a mirror of arxiv.org for the PDFs a note's links name there (tests; the real site otherwise)
ARXIV_SITE = os.environ.get("PAPERSCOPE_ARXIV_SITE") or None

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
