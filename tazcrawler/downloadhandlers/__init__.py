"""Download handlers for schemes Scrapy has none for."""
