"""*Mi opinión de cumplimiento* in Debian's Chromium: the holder, logged in, obtains its opinión,
reads its sentido and motivos, and downloads the sealed PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from buzon.cuentas.navegador import COOKIE
from buzon.evidencia.models import CertificadoSello
from buzon.opinion.models import Consulta, Opinion
from tests.cuentas.fixtures import Patron, entrar
from tests.navegador import chromium
from tests.opinion.ayudas import titular_con_trabajadores

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]


def test_el_titular_obtiene_su_opinion_en_el_navegador(
    live_server: Any, sello: CertificadoSello, patron_a: Patron, tmp_path: Path
) -> None:
    titular_con_trabajadores(tmp_path)
    token = entrar(Client(), patron_a)
    with chromium() as navegador:
        contexto = navegador.new_context(accept_downloads=True)
        contexto.add_cookies([{"name": COOKIE, "value": token, "url": live_server.url}])
        pagina = contexto.new_page()
        pagina.goto(live_server.url + "/buzon/")
        pagina.click("text=Mi opinión de cumplimiento")
        pagina.wait_for_url("**/buzon/opinion/")
        assert pagina.locator("#sin-opiniones").is_visible()
        pagina.fill("#motivo", "Licitación pública")
        pagina.click("#obtener-opinion")
        pagina.wait_for_selector("#opinion")
        sentido = pagina.get_attribute("#opinion", "data-sentido")
        folio = pagina.text_content("#folio")
        motivos = pagina.text_content("#motivos") or ""
        with pagina.expect_download() as descarga:
            pagina.click("#descargar-pdf")
        ruta = tmp_path / "opinion.pdf"
        descarga.value.save_as(str(ruta))
        anteriores = pagina.locator("#anteriores tbody tr").count()
    assert sentido == "positiva"
    assert "3 trabajadores vigentes" in motivos
    assert ruta.read_bytes().startswith(b"%PDF-")
    assert anteriores == 1
    opinion = Opinion.objects.get()
    assert opinion.folio == folio
    assert Consulta.objects.get(opinion=opinion).motivo == "Licitación pública"
