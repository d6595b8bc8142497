"""``make bench``: extraction and crawl figures, side by side with baselines (not a test)."""
