"""Feed exporters: JSON Lines, Parquet, CSV and the link graph (registered in FEED_EXPORTERS)."""
