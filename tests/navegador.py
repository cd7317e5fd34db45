"""Debian's Chromium under Playwright, for the browser tests (never a downloaded browser)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTOS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium() -> Iterator[Any]:
    """A browser for one test. Start it after the test's own database work: Playwright's sync API
    runs an event loop in this thread, where Django then refuses database calls."""
    if not CHROMIUM.exists():
        pytest.skip("*** FALTA /usr/bin/chromium: instale el paquete chromium de Debian ***")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTOS)
        try:
            yield navegador
        finally:
            navegador.close()
