"""*Mis documentos* in Debian's Chromium: the particular enters with its e.firma, filters its
documents by kind, downloads an acuse and a guide for everyone; another RFC's never shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from buzon.documentos.servicios import Publicacion, do_publicar_documento
from buzon.efirma import pki
from buzon.evidencia.models import CertificadoSello
from buzon.oficina.servicios import do_alta_oficial
from tests.documentos import ayudas
from tests.documentos.ayudas import RFC_A, RFC_B
from tests.navegador import chromium, elegir_efirma

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]

PASSWORD = "Contraseña-de-prueba-7"


def _credencial(carpeta: Path) -> tuple[Path, Path]:
    ac = pki.crear_ac(carpeta / "ac")
    ahora = datetime.now(UTC)
    cer, key = pki.emitir(
        ac,
        rfc=RFC_A,
        nombre="PATRON UNO",
        password=PASSWORD,
        desde=ahora - timedelta(days=1),
        hasta=ahora + timedelta(days=365),
        registrar=False,
        curp="XIQB891116MGRMZR05",
    )
    return pki.escribir_credencial(carpeta / "efirma", RFC_A, cer, key)


def test_entrar_filtrar_y_descargar(
    live_server: Any, settings: Any, sello: CertificadoSello, tmp_path: Path
) -> None:
    settings.BUZON_URL_PUBLICA = live_server.url
    ahora = datetime.now(UTC)
    constancia = ayudas.acuse(RFC_A, "semanas_cotizadas", ahora - timedelta(days=2))
    ayudas.emision(RFC_A, "Y5412345108", generada=ahora - timedelta(days=1))
    ajeno = ayudas.acuse(RFC_B, "semanas_cotizadas", ahora - timedelta(days=1))
    do_alta_oficial(rfc="XOJI740919U48", nombre="Admin", rol="administrador", subdelegacion="C")
    guia = ayudas.pdf("Guía del buzón")
    do_publicar_documento(
        "XOJI740919U48", Publicacion("Guía del buzón", "Cómo entrar", "guia", "1", guia)
    )
    cer, key = _credencial(tmp_path)
    with chromium() as navegador:
        contexto = navegador.new_context(accept_downloads=True)
        pagina = contexto.new_page()
        pagina.goto(live_server.url + "/buzon/mis-documentos/")
        assert "/entrar/" in pagina.url
        elegir_efirma(pagina, cer, key, PASSWORD, RFC_A)
        pagina.click("#entrar")
        pagina.wait_for_url("**/buzon/mis-documentos/")
        todas = pagina.locator("#lista-documentos tbody tr").count()
        texto_todo = pagina.inner_text("main")
        pagina.select_option("#tipo", "acuse")
        pagina.click("#filtrar")
        pagina.wait_for_url(lambda url: "tipo=acuse" in url)
        filas = pagina.locator("#lista-documentos tbody tr")
        tipos = {filas.nth(i).get_attribute("data-tipo") for i in range(filas.count())}
        folio = filas.first.get_attribute("data-folio")
        verificar = filas.first.locator("a", has_text="Verificar").get_attribute("href")
        with pagina.expect_download() as descarga:
            filas.first.locator("a.descarga").click()
        acuse_pdf = tmp_path / "acuse.pdf"
        descarga.value.save_as(str(acuse_pdf))
        with pagina.expect_download() as descarga_guia:
            pagina.click("#lista-publicos a")
        guia_pdf = tmp_path / "guia.pdf"
        descarga_guia.value.save_as(str(guia_pdf))
    assert todas == 2  # the emisión and the constancia; never the other RFC's
    assert ajeno.folio not in texto_todo
    assert "Constancia de semanas cotizadas" in texto_todo
    assert tipos == {"acuse"} and folio == constancia.folio
    assert verificar == f"/verificar/{constancia.folio}?c={constancia.codigo_verificacion}"
    assert acuse_pdf.read_bytes().startswith(b"%PDF-")
    assert guia_pdf.read_bytes() == guia
