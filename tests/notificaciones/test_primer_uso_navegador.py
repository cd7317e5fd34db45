"""First use in Chromium (issue 19): an official builds a batch in the browser — several PDFs, a
row each, every problem of the round in the error summary, a wrong password reported there like
a server error — signs each PDF's bytes with the e.firma in the page and sends it; the server's
one batch service issues them. The key and the password never leave the page."""

from __future__ import annotations

import base64
import re
import threading
from pathlib import Path
from typing import Any

import pytest
import time_machine
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from buzon.efirma import pki
from buzon.evidencia.models import CertificadoSello
from buzon.notificaciones.emision.lotes import procesar_pendientes
from buzon.notificaciones.models import Lote, Notificacion
from buzon.oficina.servicios import do_alta_oficial
from tests.navegador import chromium
from tests.notificaciones.fixtures import habilitar, pdf_de_prueba
from tests.notificaciones.test_navegador import (
    PASSWORD,
    RFC_OFICIAL,
    RFC_PATRON,
    VIERNES,
    Peticiones,
    _credencial,
    _esperar,
    _nada_secreto_salio,
    _pagina,
)

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]

OTRO_PATRON = "GODE561231GR8"


def _en_hilo(funcion: Any) -> None:
    """ORM work while Playwright's loop owns this thread."""
    hilo = threading.Thread(target=funcion)
    hilo.start()
    hilo.join()


def _entrar(pagina: Any, cer: Path, key: Path, rfc: str) -> None:
    """The e.firma login, waiting with locators (the pages' CSP forbids evaluated strings)."""
    pagina.set_input_files("#cer", str(cer))
    pagina.set_input_files("#key", str(key))
    pagina.fill("#password", PASSWORD)
    pagina.locator("[data-efirma=identidad]", has_text=rfc).wait_for()
    pagina.click("#entrar")


def _resumen(pagina: Any) -> list[tuple[str, str]]:
    pagina.wait_for_selector("#resumen-errores:not([hidden])")
    enlaces = pagina.locator("#resumen-errores a")
    return [
        (str(enlaces.nth(i).get_attribute("href")), enlaces.nth(i).inner_text())
        for i in range(enlaces.count())
    ]


def test_armar_firmar_y_enviar_un_lote(
    live_server: Any, sello: CertificadoSello, tmp_path: Path
) -> None:
    peticiones: Peticiones = []
    documentos = {
        "uno.pdf": pdf_de_prueba("Resolución uno, firmada en el navegador"),
        "dos.pdf": pdf_de_prueba("Resolución dos, firmada en el navegador"),
    }
    for nombre, contenido in documentos.items():
        (tmp_path / nombre).write_bytes(contenido)
    with time_machine.travel(VIERNES, tick=True):
        ac = pki.crear_ac(tmp_path / "ac")
        cer, key = _credencial(
            ac, tmp_path / "oficial", RFC_OFICIAL, "MARIA GOMEZ ALVAREZ", "GOMA800101MDFMLR09"
        )
        do_alta_oficial(
            rfc=RFC_OFICIAL, nombre="María Gómez Álvarez", rol="notificador", subdelegacion="Centro"
        )
        habilitar(RFC_PATRON)
        habilitar(OTRO_PATRON)

        with chromium() as navegador:
            oficina = _pagina(navegador, peticiones)
            oficina.goto(live_server.url + "/oficina/")
            _entrar(oficina, cer, key, RFC_OFICIAL)
            _esperar(oficina, "**/oficina/notificaciones/")
            oficina.goto(live_server.url + "/oficina/lotes/nuevo/")

            # Nothing chosen: every problem at once, each linking to its field, focus on it.
            oficina.click("#armar-firmar")
            lineas = _resumen(oficina)
            assert [h for h, _ in lineas] == [
                "#lote-pdfs",
                "#lote-cer",
                "#lote-key",
                "#lote-password",
            ]
            assert oficina.evaluate("document.activeElement.id") == "resumen-errores"
            oficina.click("#resumen-errores a[href='#lote-cer']")
            assert oficina.evaluate("document.activeElement.id") == "lote-cer"

            # Two PDFs: two rows; the second one left incomplete is flagged by row.
            oficina.set_input_files(
                "#lote-pdfs", [str(tmp_path / "uno.pdf"), str(tmp_path / "dos.pdf")]
            )
            assert oficina.locator("#lote-filas tbody tr").count() == 2
            oficina.fill("#lote-rfc-0", RFC_PATRON.lower())
            oficina.select_option("#lote-tipo-0", "7.1")
            oficina.fill("#lote-asunto-0", "Resolución determinante uno")
            oficina.fill("#lote-rfc-1", "NOESRFC")
            oficina.set_input_files("#lote-cer", str(cer))
            oficina.set_input_files("#lote-key", str(key))
            oficina.fill("#lote-password", PASSWORD)
            oficina.locator("#lote-identidad", has_text=RFC_OFICIAL).wait_for()
            oficina.click("#armar-firmar")
            lineas = _resumen(oficina)
            assert [h for h, _ in lineas] == ["#lote-rfc-1", "#lote-tipo-1", "#lote-asunto-1"]
            assert "«dos.pdf»: «NOESRFC» no es un RFC válido" in lineas[0][1]
            assert oficina.get_attribute("#lote-rfc-1", "aria-invalid") == "true"

            # A wrong password: said in the same summary, as the server words its errors.
            oficina.fill("#lote-rfc-1", OTRO_PATRON)
            oficina.select_option("#lote-tipo-1", "7.1")
            oficina.fill("#lote-asunto-1", "Resolución determinante dos")
            oficina.fill("#lote-password", "no-es-la-contraseña")
            oficina.click("#armar-firmar")
            oficina.locator("#resumen-errores a[href='#lote-password']").wait_for()
            lineas = _resumen(oficina)
            assert lineas == [
                (
                    "#lote-password",
                    "La contraseña de la llave privada no es correcta. Escríbala de nuevo.",
                )
            ]

            oficina.fill("#lote-password", PASSWORD)
            oficina.click("#armar-firmar")
            try:
                oficina.wait_for_url(re.compile(r".*/oficina/lotes/\d+/$"), timeout=20000)
            except Exception:
                pytest.fail(f"no se envió el lote: {oficina.url}\n{oficina.inner_text('main')}")
            _en_hilo(procesar_pendientes)
            # static/notificaciones/lote.js follows the batch and reloads once it has finished.
            oficina.locator("#estado-lote", has_text="terminado").wait_for(timeout=20000)
            avance = oficina.inner_text("#avance")
            assert "2 de 2 líneas procesadas: 2 correctas, 0 con error" in avance

    lote = Lote.objects.get()
    assert lote.nombre_archivo.endswith(".jsonl")
    publica = x509.load_der_x509_certificate(cer.read_bytes()).public_key()
    assert isinstance(publica, rsa.RSAPublicKey)
    emitidas = {n.rfc: n for n in Notificacion.objects.all()}
    assert set(emitidas) == {RFC_PATRON, OTRO_PATRON}
    for rfc, nombre in ((RFC_PATRON, "uno.pdf"), (OTRO_PATRON, "dos.pdf")):
        n = emitidas[rfc]
        assert n.firmante_rfc == RFC_OFICIAL and n.tipo == "7.1"
        # Signed in the browser over the PDF's exact bytes, with the official's key.
        publica.verify(
            base64.b64decode(n.firma), documentos[nombre], padding.PKCS1v15(), hashes.SHA256()
        )
    assert emitidas[RFC_PATRON].asunto == "Resolución determinante uno"
    _nada_secreto_salio(peticiones, [key])
    assert any(m == "POST" and u.endswith("/oficina/lotes/nuevo/") for m, u, _ in peticiones)
