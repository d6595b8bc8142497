"""Shared by the property tests: the fallback's library imported before the first example."""

from __future__ import annotations

import importlib

import pytest


@pytest.fixture(scope="session", autouse=True)
def _fallback_imported() -> None:
    # trafilatura is imported when a page first needs the generic fallback; that import (a
    # second or more on a busy machine) would count against one example's deadline.
    importlib.import_module("trafilatura")
