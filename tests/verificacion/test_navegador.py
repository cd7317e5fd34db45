"""The public verification pages in Debian's Chromium: a genuine acuse, and a file compared in
the browser without being uploaded; the printed document of a personal notification, from its QR
code to the page that shows it authentic; and «¿Es auténtico este aviso?»."""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine

from buzon.avisos.entrega import entregar_todo
from buzon.evidencia.cadena import Documento
from buzon.evidencia.folio import nuevo_folio
from buzon.evidencia.models import CertificadoSello
from buzon.evidencia.selectors import url_verificacion
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from buzon.legal.calendario import Calendario
from buzon.legal.zonas import ZONA_CENTRO
from tests.evidencia.test_pdf import correr, herramienta, nss_con_ac, pdfsig
from tests.navegador import chromium
from tests.notificaciones.fixtures import Funcionario, habilitar, pdf_de_prueba

__all__ = ["nss_con_ac"]  # a fixture, used by name

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]


def test_pagina_de_verificacion(live_server: Any, sello: CertificadoSello, tmp_path: Path) -> None:
    contenido = b"%PDF-1.7\nresolucion firmada\n"
    acuse = do_emitir_acuse(
        SolicitudAcuse(
            tipo="notificacion",
            rfc="H&E951128469",
            documentos=[Documento("resolucion.pdf", hashlib.sha256(contenido).hexdigest())],
        )
    )
    ruta = url_verificacion(acuse).split("8000", 1)[1]
    with chromium() as navegador:
        _recorrer(navegador, live_server.url, ruta, acuse.folio, contenido, tmp_path)


def _recorrer(
    navegador: Any, base: str, ruta: str, folio: str, contenido: bytes, tmp_path: Path
) -> None:
    pagina = navegador.new_page()
    peticiones: list[str] = []
    pagina.on("request", lambda r: peticiones.append(f"{r.method} {r.url}"))
    pagina.goto(base + ruta)
    texto = pagina.inner_text("main")
    assert "Acuse auténtico" in texto
    assert "H&E******469" in texto
    assert "Constancia de notificación electrónica" in texto
    assert "Zona Centro" in texto
    propio = tmp_path / "resolucion.pdf"
    propio.write_bytes(contenido)
    pagina.set_input_files("#archivo", str(propio))
    pagina.click("#comparar button")
    pagina.wait_for_function(
        "document.getElementById('resultado-archivo').textContent.includes('coincide')"
    )
    assert "El archivo coincide" in pagina.inner_text("#resultado-archivo")
    otro = tmp_path / "otro.pdf"
    otro.write_bytes(contenido + b"x")
    pagina.set_input_files("#archivo", str(otro))
    pagina.click("#comparar button")
    pagina.wait_for_function(
        "document.getElementById('resultado-archivo').textContent.includes('NO coincide')"
    )
    assert not [p for p in peticiones if p.startswith("POST")]  # the file never left the page
    pagina.screenshot(path=str(tmp_path / "verificacion.png"), full_page=True)
    falso = navegador.new_page()
    falso.goto(f"{base}/verificar/{folio}?c=INVENTADO")
    assert "No encontramos un documento con esos datos" in falso.inner_text("main")


# ------------------------------------------- the printed document and the aviso (issue 11 §6)

PATRON_PERSONAL = "H&E951128469"
PATRON_AVISADO = "XIQB891116QE4"


def _dia_habil_reciente() -> datetime:
    """10:00 Zona Centro of the latest día hábil before yesterday (the test e.firmas are valid
    from 30 days ago): avisos go out at once then."""
    dia = datetime.now(ZONA_CENTRO).date() - timedelta(days=2)
    calendario = Calendario()
    while not calendario.es_habil(dia):
        dia -= timedelta(days=1)
    return datetime.combine(dia, time(10, 0), tzinfo=ZONA_CENTRO)


def _qr_de_la_ultima_pagina(pdf: Path, carpeta: Path) -> str:
    pdftoppm = herramienta("pdftoppm", "poppler-utils")
    zbarimg = herramienta("zbarimg", "zbar-tools")
    correr(pdftoppm, "-r", "200", "-png", pdf, carpeta / "hoja")
    ultima = sorted(carpeta.glob("hoja*.png"))[-1]
    (url,) = correr(zbarimg, "--quiet", "--raw", ultima).stdout.splitlines()
    return url


def test_documento_impreso_y_aviso_autentico(
    live_server: Any,
    settings: Any,
    notificador: Funcionario,
    nss_con_ac: Path,
    tmp_path: Path,
) -> None:
    settings.BUZON_URL_PUBLICA = live_server.url
    habilitar(PATRON_AVISADO, correo="rosa.ruiz@acme.mx", celular="5512341234")
    original = pdf_de_prueba("Oficio de inicio de auditoría 09-CEN-0042")
    with time_machine.travel(_dia_habil_reciente(), tick=False):
        personal = notificador.emitir(PATRON_PERSONAL, "impresa-1", pdf=original, ruta="personal")
        assert personal.status_code == 201, personal.content
        avisada = notificador.emitir(PATRON_AVISADO, "aviso-1")
        assert avisada.status_code == 201, avisada.content
        entregar_todo()  # the console providers accept at once
    folio_personal, folio_avisado = personal.json()["folio"], avisada.json()["folio"]
    impresa = notificador.cliente.get(
        f"/api/v1/oficina/notificaciones/{personal.json()['id']}/impresa",
        **notificador.encabezados(),
    )
    assert impresa.status_code == 200, impresa.content
    assert impresa.content[: len(original)] == original
    ruta_impresa = tmp_path / "impresa.pdf"
    ruta_impresa.write_bytes(impresa.content)
    url = _qr_de_la_ultima_pagina(ruta_impresa, tmp_path)
    assert url.startswith(f"{live_server.url}/verificar/{folio_personal}?c="), url
    assert "Signature is Valid." in pdfsig(impresa.content, tmp_path, nss_con_ac)
    alterado = bytearray(impresa.content)
    alterado[len(original) // 2] ^= 0x01  # one bit of the official's pages
    salida = pdfsig(bytes(alterado), tmp_path, nss_con_ac)
    assert "Signature is Valid." not in salida, salida
    ruta_original = tmp_path / "oficio.pdf"
    ruta_original.write_bytes(original)
    with chromium() as navegador:
        _documento_autentico(navegador, url, ruta_original, ruta_impresa, tmp_path)
        _aviso_autentico(navegador, live_server.url, folio_avisado, tmp_path)


def _documento_autentico(
    navegador: Any, url: str, original: Path, impresa: Path, tmp_path: Path
) -> None:
    pagina = navegador.new_page()
    peticiones: list[str] = []
    pagina.on("request", lambda r: peticiones.append(f"{r.method} {r.url}"))
    pagina.goto(url)
    texto = pagina.inner_text("main")
    assert "Documento auténtico" in texto
    assert "H&E******469" in texto and PATRON_PERSONAL not in texto
    assert "Servidor GOMA800101AB6" in texto and "Notificador" in texto
    assert "notificación personal pendiente" in pagina.inner_text("#estado")
    assert hashlib.sha256(original.read_bytes()).hexdigest() in texto
    assert "nunca traen ligas" in texto
    for archivo, esperado in ((original, "coincide con el documento verificado"),
                              (impresa, "en sus primeros")):  # fmt: skip
        pagina.set_input_files("#archivo", str(archivo))
        pagina.click("#comparar button")
        pagina.wait_for_function(
            "t => document.getElementById('resultado-archivo').textContent.includes(t)",
            arg=esperado,
        )
    assert not [p for p in peticiones if p.startswith("POST")]  # the files never left the page
    pagina.screenshot(path=str(tmp_path / "documento.png"), full_page=True)


def _aviso_autentico(navegador: Any, base: str, folio: str, tmp_path: Path) -> None:
    pagina = navegador.new_page()
    pagina.goto(base + "/")
    pagina.click("main >> text=¿Es auténtico este aviso?")
    pagina.fill("#folio", folio)
    pagina.click("#consultar-aviso button")
    texto = pagina.inner_text("main")
    assert f"El IMSS envió un aviso con el folio {folio}" in texto
    assert "r***@acme.mx" in texto and "******1234" in texto
    assert "rosa.ruiz" not in texto and PATRON_AVISADO not in texto
    pagina.screenshot(path=str(tmp_path / "aviso.png"), full_page=True)
    pagina.fill("#folio", nuevo_folio(2026))  # well formed, never issued
    pagina.click("#consultar-aviso button")
    assert "No encontramos un aviso del IMSS con ese folio" in pagina.inner_text("main")
