"""tazcrawler: a Scrapy project that turns taz.de articles into a clean dataset."""

__version__ = "0.1.0"
