"""Lets scrapyd-deploy build the project's egg (``setup.py bdist_egg``); the metadata,
package data and the ``scrapy`` settings entry point all live in pyproject.toml."""

from setuptools import setup

setup()
