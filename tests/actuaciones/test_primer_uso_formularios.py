"""First use of the trámite forms (issue 19), without a browser: an employer the padrón knows no
registro patronal of is told why and offered the way out; one round flags every required field
(registro and files included) in a GOV.UK-style summary linking each field."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from buzon.actuaciones.models import Actuacion
from buzon.cuentas.navegador import COOKIE
from buzon.evidencia.models import CertificadoSello
from tests.actuaciones.fixtures import ACLARACION, en_padron, habilitar, pdf
from tests.cuentas.fixtures import Patron, entrar

pytestmark = pytest.mark.django_db


def _navegador(patron: Patron, *, padron: bool = True) -> Client:
    if padron:
        en_padron(patron.rfc)
    habilitar(patron.rfc)
    navegador = Client()
    navegador.cookies[COOKIE] = entrar(Client(), patron)
    return navegador


def _texto(respuesta: Any) -> str:
    return html.unescape(str(respuesta.content.decode()))


def _resumen(pagina: str) -> list[tuple[str, str]]:
    caja = re.search(
        r'<div class="resumen-errores" id="resumen-errores"[^>]*>(.*?)</div>', pagina, re.S
    )
    assert caja is not None, "no error summary"
    return re.findall(r'<a href="#([^"]+)" data-campo="[^"]+">([^<]+)</a>', caja[1])


def test_sin_registro_patronal_explica_y_ofrece_la_salida(
    patron_a: Patron, sello: CertificadoSello
) -> None:
    navegador = _navegador(patron_a, padron=False)
    catalogo = _texto(navegador.get("/actuaciones/tramites/"))
    bloque = re.search(r'id="tramite-aclaracion-cobranza">(.*?)</li>', catalogo, re.S)
    assert bloque is not None
    assert 'href="/actuaciones/tramites/aclaracion-cobranza/"' not in bloque[1]
    assert "no tiene ninguno a nombre de su RFC" in bloque[1]
    assert 'href="/actuaciones/tramites/aclaracion-buzon/"' in bloque[1]
    assert "artículo 15" in bloque[1] or "15-I" in bloque[1]
    # The 5.9 aclaración stays open to this employer.
    assert 'href="/actuaciones/tramites/aclaracion-buzon/"' in catalogo

    pagina = navegador.get("/actuaciones/tramites/aclaracion-cobranza/")
    texto = _texto(pagina)
    assert pagina.status_code == 200
    assert 'id="sin-registro"' in texto and 'id="formulario-tramite"' not in texto
    assert 'id="ir-aclaracion"' in texto and "numeral 5.9" in texto
    assert "subdelegación del IMSS" in texto

    abierta = _texto(navegador.get("/actuaciones/tramites/aclaracion-buzon/"))
    assert 'id="formulario-tramite"' in abierta and 'id="sin-registro"' not in abierta


def test_con_registro_el_tramite_se_ofrece(patron_a: Patron, sello: CertificadoSello) -> None:
    navegador = _navegador(patron_a)
    catalogo = _texto(navegador.get("/actuaciones/tramites/"))
    assert 'href="/actuaciones/tramites/aclaracion-cobranza/"' in catalogo
    assert "no tiene ninguno a nombre de su RFC" not in catalogo
    pagina = _texto(navegador.get("/actuaciones/tramites/aclaracion-cobranza/"))
    assert 'id="formulario-tramite"' in pagina and "Y5412345108" in pagina


def test_una_ronda_marca_todo_en_el_resumen(patron_a: Patron, sello: CertificadoSello) -> None:
    navegador = _navegador(patron_a)
    respuesta = navegador.post("/actuaciones/tramites/aclaracion-cobranza/", {})
    assert respuesta.status_code == 400
    pagina = _texto(respuesta)
    lineas = _resumen(pagina)
    ids = [i for i, _ in lineas]
    # The registro, every required field of the schema and the files: all in this one round.
    assert ids[0] == "registro_patronal"
    for campo in ("campo-concepto", "campo-periodo", "campo-motivo"):
        assert campo in ids, (campo, lineas)
    assert ids[-1] == "anexos"
    for ancla in ids:
        assert f'id="{ancla}"' in pagina, ancla
    mensajes = dict(lineas)
    assert mensajes["campo-concepto"].startswith("Concepto: ")
    assert "registro patronal" in mensajes["registro_patronal"].lower()
    assert "al menos" in mensajes["anexos"]
    assert re.search(r'id="registro_patronal"[^>]*aria-invalid="true"', pagina)
    assert re.search(r'id="anexos"[^>]*aria-invalid="true"', pagina)
    assert "data-nota-archivos" in pagina  # without JavaScript: choose the files again
    assert not Actuacion.objects.exists()


def test_resumen_oculto_sin_errores_y_envio_correcto(
    patron_a: Patron, sello: CertificadoSello
) -> None:
    navegador = _navegador(patron_a)
    pagina = _texto(navegador.get("/actuaciones/tramites/aclaracion-buzon/"))
    assert re.search(r'id="resumen-errores"[^>]*data-resumen hidden', pagina)
    archivo = SimpleUploadedFile("carta.pdf", pdf("Aclaración"), content_type="application/pdf")
    enviada = navegador.post(
        "/actuaciones/tramites/aclaracion-buzon/", {**ACLARACION, "anexos": [archivo]}
    )
    assert enviada.status_code == 302, _texto(enviada)
    assert Actuacion.objects.count() == 1


def test_firma_rechazada_en_el_mismo_resumen(patron_a: Patron, sello: CertificadoSello) -> None:
    navegador = _navegador(patron_a)
    archivo = SimpleUploadedFile("carta.pdf", pdf("Aclaración"), content_type="application/pdf")
    navegador.post("/actuaciones/tramites/aclaracion-buzon/", {**ACLARACION, "anexos": [archivo]})
    actuacion = Actuacion.objects.get()
    mala = navegador.post(f"/actuaciones/{actuacion.pk}/firmar/", {"firma": patron_a.firmar(b"x")})
    assert mala.status_code == 400
    lineas = _resumen(_texto(mala))
    assert len(lineas) == 1 and lineas[0][0] == "cer"
    assert "firma" in lineas[0][1].lower()
