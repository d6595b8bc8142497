"""Feed exporters for the link graph (registered in FEED_EXPORTERS)."""
