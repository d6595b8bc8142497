"""Downloader middlewares: keep redirects on the configured site, repair mislabelled charsets."""
