"""The crawl frontier: which request goes next (breadth first) and which one is a duplicate."""

from tazcrawler.frontier.dupefilter import ArticleDupeFilter
from tazcrawler.frontier.scheduler import BreadthFirstScheduler

__all__ = ["ArticleDupeFilter", "BreadthFirstScheduler"]
