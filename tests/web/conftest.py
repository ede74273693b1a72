"""The browser tests reuse the app tests' personas, and share one headless Chromium a module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.apps.conftest import world

__all__ = ["world"]

CHROMIUM = os.environ.get("TUMBUH_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, started once for the browser tests of a module (not once a test)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        started = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield started
        started.close()


@pytest.fixture
def browser(chromium: Any) -> Iterator[Any]:
    """The module's Chromium for one test: the contexts the test opens (each with cookies,
    storage and service workers of its own) are closed after it, so no test sees another's."""
    yield chromium
    for context in list(chromium.contexts):
        context.close()
