"""Searching the library in Debian's Chromium, with no session: the index, the search, the article
that matched with its highlighted words, and the version it belongs to."""

from __future__ import annotations

from typing import Any

import pytest

from buzon.normatividad.servicios import ResultadoAlta
from tests.navegador import chromium

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]


def test_busca_en_la_biblioteca(live_server: Any, cff: ResultadoAlta) -> None:
    with chromium() as navegador:
        pagina = navegador.new_context().new_page()
        pagina.goto(live_server.url + "/normatividad/")
        assert pagina.locator('#textos tr[data-clave="cff"]').is_visible()
        pagina.fill("#q", "dias INHABILES")
        pagina.click("#buscar")
        pagina.wait_for_selector("#resultados")
        doce = pagina.locator('article[data-articulo="Artículo 12"]')
        marcas = [m.lower() for m in doce.locator("mark").all_text_contents()]
        pagina.fill("#q", "estrados")
        pagina.click("#buscar")
        pagina.wait_for_selector('article[data-articulo="Artículo 139"]')
        pagina.click('article[data-articulo="Artículo 139"] h3 a')
        pagina.wait_for_url("**/normatividad/cff/versiones/1/#a*")
        visible = pagina.locator('article[data-clave="Artículo 139"]').is_visible()
        titulo = pagina.text_content("#titulo-version") or ""
    assert "días" in marcas and "inhábiles" in marcas
    assert visible
    assert "Versión 1 (vigente)" in titulo
