"""Notification journeys in Chromium: an official logs in with the e.firma files and issues a
notification signing the PDF in the browser; the employer opens it, gets the acuse and the exact
document; anyone reads the public estrados board. The keys and passwords never leave the pages."""

from __future__ import annotations

import base64
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from buzon.efirma import pki
from buzon.evidencia.models import Acuse, CertificadoSello
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.emision.servicios import Solicitud, do_emitir_notificacion
from buzon.notificaciones.models import Notificacion
from buzon.oficina.servicios import do_alta_oficial
from tests.cuentas.fixtures import Patron
from tests.navegador import chromium
from tests.notificaciones.ayudas import avisar
from tests.notificaciones.fixtures import Funcionario, habilitar, pdf_de_prueba

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]

PASSWORD = "Contraseña-de-prueba-1"
RFC_OFICIAL = "GOMA800101AB6"
RFC_PATRON = "XIQB891116QE4"
# Friday 15 January 2027, 10:00 Zona Centro: an aviso goes at once (a día hábil, in hours).
VIERNES = datetime(2027, 1, 15, 10, 0, tzinfo=ZONA_CENTRO)

Peticiones = list[tuple[str, str, bytes]]


def _credencial(ac: pki.AC, carpeta: Path, rfc: str, nombre: str, curp: str) -> tuple[Path, Path]:
    ahora = datetime.now(UTC)
    cer, key = pki.emitir(
        ac,
        rfc=rfc,
        nombre=nombre,
        curp=curp,
        password=PASSWORD,
        desde=ahora - timedelta(days=1),
        hasta=ahora + timedelta(days=365),
        registrar=False,
    )
    return pki.escribir_credencial(carpeta, rfc, cer, key)


def _pagina(navegador: Any, peticiones: Peticiones) -> Any:
    pagina = navegador.new_context(accept_downloads=True).new_page()
    pagina.on("request", lambda r: peticiones.append((r.method, r.url, r.post_data_buffer or b"")))
    return pagina


def _efirma(pagina: Any, cer: Path, key: Path, rfc: str) -> None:
    pagina.set_input_files("#cer", str(cer))
    pagina.set_input_files("#key", str(key))
    pagina.fill("#password", PASSWORD)
    pagina.wait_for_function(
        f"document.querySelector('[data-efirma=identidad]').textContent.includes('{rfc}')"
    )


def _esperar(pagina: Any, patron: str) -> None:
    try:
        pagina.wait_for_url(patron, timeout=15000)
    except Exception:
        pytest.fail(f"no llegó a {patron}: {pagina.url}\n{pagina.inner_text('main')}")


def _descargar(pagina: Any, selector: str) -> bytes:
    with pagina.expect_download() as descarga:
        pagina.click(selector)
    return Path(descarga.value.path()).read_bytes()


def _nada_secreto_salio(peticiones: Peticiones, llaves: list[Path]) -> None:
    for ruta in llaves:
        llave = ruta.read_bytes()
        for _metodo, url, enviado in peticiones:
            assert PASSWORD.encode() not in enviado, url
            assert llave[:64] not in enviado and llave[-64:] not in enviado, url
            assert base64.b64encode(llave)[:60] not in enviado, url


def test_de_la_oficina_al_buzon(live_server: Any, sello: CertificadoSello, tmp_path: Path) -> None:
    peticiones: Peticiones = []
    pdf = pdf_de_prueba("Resolución firmada en el navegador")
    ruta_pdf = tmp_path / "resolucion.pdf"
    ruta_pdf.write_bytes(pdf)
    with time_machine.travel(VIERNES, tick=True):
        ac = pki.crear_ac(tmp_path / "ac")
        cer_oficial, key_oficial = _credencial(
            ac, tmp_path / "oficial", RFC_OFICIAL, "MARIA GOMEZ ALVAREZ", "GOMA800101MDFMLR09"
        )
        cer_patron, key_patron = _credencial(
            ac, tmp_path / "patron", RFC_PATRON, "BERTHA XOCHITL IBARRA", "XIQB891116MGRMZR05"
        )
        do_alta_oficial(
            rfc=RFC_OFICIAL, nombre="María Gómez Álvarez", rol="notificador", subdelegacion="Centro"
        )
        habilitar(RFC_PATRON)

        with chromium() as navegador:
            # (a) The official logs in with the e.firma and issues, signing the PDF's bytes.
            oficina = _pagina(navegador, peticiones)
            oficina.goto(live_server.url + "/oficina/")
            assert "/oficina/entrar/" in oficina.url
            _efirma(oficina, cer_oficial, key_oficial, RFC_OFICIAL)
            oficina.click("#entrar")
            _esperar(oficina, "**/oficina/notificaciones/")
            oficina.click("text=Emitir una notificación")
            _esperar(oficina, "**/oficina/notificaciones/nueva/")
            oficina.fill("#rfc", RFC_PATRON)
            oficina.select_option("#tipo", "7.1")
            oficina.fill("#asunto", "Resolución determinante de créditos")
            oficina.set_input_files("#documento", str(ruta_pdf))
            _efirma(oficina, cer_oficial, key_oficial, RFC_OFICIAL)
            oficina.click("#emitir")
            _esperar(oficina, "**/oficina/notificaciones/*/?hecho=emitida")
            folio = oficina.inner_text("#hecho strong")
            # Programada until a provider accepts the aviso (7.3 [I-35]); the delivery thread of
            # `buzon servir` delivers right after the commit: here the test does it.
            assert "Programada" in oficina.inner_text("#estado")
            hilo = threading.Thread(target=avisar)  # Playwright's loop owns this thread
            hilo.start()
            hilo.join()
            oficina.reload()
            assert "Avisada" in oficina.inner_text("#estado")
            linea = oficina.inner_text("#linea")
            assert "Firma electrónica del servidor público verificada" in linea
            assert "Aviso aceptado por el proveedor de un medio de contacto" in linea
            oficina.click("text=Volver a las notificaciones")
            _esperar(oficina, "**/oficina/notificaciones/")
            fila_oficina = oficina.locator("#notificaciones tr", has_text=folio).inner_text()
            assert "Resolución determinante de créditos" in fila_oficina
            assert RFC_PATRON in fila_oficina

            # (b) The employer sees it pending with its deadline, opens it, gets acuse and PDF.
            buzon = _pagina(navegador, peticiones)
            buzon.goto(live_server.url + "/buzon/notificaciones/")
            assert "/entrar/" in buzon.url
            _efirma(buzon, cer_patron, key_patron, RFC_PATRON)
            buzon.click("#entrar")
            _esperar(buzon, "**/buzon/notificaciones/")
            fila = buzon.locator("#notificaciones tr", has_text=folio)
            texto_fila = fila.inner_text()
            assert "pendiente" in texto_fila
            assert "Tiene hasta el 20 de enero de 2027 para abrirla" in texto_fila
            fila.locator("a", has_text=folio).click()
            _esperar(buzon, "**/buzon/notificaciones/*/")
            buzon.click("#abrir")
            _esperar(buzon, "**/buzon/notificaciones/*/?abierta=1")
            assert "Se emitió su acuse con folio" in buzon.inner_text("#abierta")
            assert "notificada" in buzon.inner_text("#estado")
            acuse = _descargar(buzon, "#acuse-pdf")
            documento = _descargar(buzon, "#documento")

    assert acuse.startswith(b"%PDF")
    assert documento == pdf
    n = Notificacion.objects.get(folio=folio)
    assert n.rfc == RFC_PATRON and n.firmante_rfc == RFC_OFICIAL
    assert n.abierta is not None and Acuse.objects.get(folio=n.acuse).tipo == "notificacion"
    # The signature made in the browser is over the PDF's exact bytes, with the official's key.
    publica = x509.load_der_x509_certificate(cer_oficial.read_bytes()).public_key()
    assert isinstance(publica, rsa.RSAPublicKey)
    publica.verify(base64.b64decode(n.firma), pdf, padding.PKCS1v15(), hashes.SHA256())
    _nada_secreto_salio(peticiones, [key_oficial, key_patron])
    assert any(
        m == "POST" and u.endswith("/oficina/notificaciones/nueva/") for m, u, _ in peticiones
    )


def test_estrados_publicos(live_server: Any, notificador: Funcionario, patron_b: Patron) -> None:
    # (c) No enabled mailbox, the 180 days gone (in force 2024-08-06, late from 2025-02-05).
    pdf = pdf_de_prueba("Publicado en estrados")
    resultado = do_emitir_notificacion(
        notificador.oficial,
        notificador.patron.cer,
        Solicitud(
            clave="estrados-1",
            rfc=patron_b.rfc,
            tipo="7.1",
            asunto="Crédito fiscal por estrados",
            documento=base64.b64encode(pdf).decode(),
            firma=notificador.patron.firmar(pdf),
        ),
    )
    n = resultado.notificacion
    assert n is not None and n.ruta == Notificacion.Ruta.ESTRADOS
    with chromium() as navegador:
        pagina = navegador.new_context(accept_downloads=True).new_page()
        pagina.goto(live_server.url + "/")
        pagina.click("text=Estrados")
        _esperar(pagina, "**/estrados/")
        fila = pagina.locator("#estrados tr", has_text=n.folio)
        texto = fila.inner_text()
        assert "H&E******469" in texto
        assert "Crédito fiscal por estrados" in texto
        assert patron_b.rfc not in pagina.inner_text("main")
        with pagina.expect_download() as descarga:
            fila.locator("a").click()
        documento = Path(descarga.value.path()).read_bytes()
    assert documento == pdf
