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
            yield _SinCspParaPlaywright(navegador)
        finally:
            navegador.close()


class _SinCspParaPlaywright:
    """The browser, whose pages let Playwright's own helpers run under the pages' strict CSP:
    `wait_for_function` with a string polls through `new Function`, which `script-src 'self'`
    refuses whenever the condition is not already true (a race). The pages' scripts are still
    theirs; the test that proves the CSP itself asks for `bypass_csp=False`."""

    def __init__(self, navegador: Any) -> None:
        self._navegador = navegador

    def new_context(self, **opciones: Any) -> Any:
        opciones.setdefault("bypass_csp", True)
        return self._navegador.new_context(**opciones)

    def new_page(self, **opciones: Any) -> Any:
        opciones.setdefault("bypass_csp", True)
        return self._navegador.new_page(**opciones)

    def __getattr__(self, nombre: str) -> Any:
        return getattr(self._navegador, nombre)


def registrar_peticiones(pagina: Any) -> list[tuple[str, str, bytes]]:
    """Every request the page sends (method, URL, body), to prove what never leaves the browser."""
    peticiones: list[tuple[str, str, bytes]] = []
    pagina.on("request", lambda r: peticiones.append((r.method, r.url, r.post_data_buffer or b"")))
    return peticiones


def elegir_efirma(pagina: Any, cer: Path, key: Path, password: str, rfc: str) -> None:
    """Choose the e.firma files and password in the page's form and wait until the browser has
    read the certificate (its RFC shown)."""
    pagina.set_input_files("#cer", str(cer))
    pagina.set_input_files("#key", str(key))
    pagina.fill("#password", password)
    pagina.wait_for_function(
        f"document.querySelector('[data-efirma=identidad]').textContent.includes('{rfc}')"
    )
