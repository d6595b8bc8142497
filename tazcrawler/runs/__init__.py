"""Scheduled runs: the state store, a run's life and folder, versions, revisits, health.

:class:`~tazcrawler.runs.addon.RunsAddon` installs the components; each reads plain
settings, and the run manager publishes what it decided (crawl id, run folder, resumed) as
settings before the others are built.
"""
