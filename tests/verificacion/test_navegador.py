"""The public verification page in Debian's Chromium: genuine acuse, and a file compared
in the browser without being uploaded."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from buzon.evidencia.cadena import Documento
from buzon.evidencia.models import CertificadoSello
from buzon.evidencia.selectors import url_verificacion
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from tests.navegador import chromium

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
    assert "No se encontró un acuse auténtico" in falso.inner_text("main")
