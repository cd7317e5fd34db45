"""The actuaciones pages without a browser: the catalogue, the form generated from the schema with
inline errors, the draft signed with what efirma.js would post, the acuse, Mis actuaciones, the
officials' inbox, and no employer reaching another's pages."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from buzon.actuaciones.models import Actuacion
from buzon.cuentas.navegador import COOKIE
from buzon.evidencia.models import CertificadoSello
from tests.actuaciones.fixtures import (
    ACLARACION,
    Cliente,
    csv_trabajadores,
    en_padron,
    habilitar,
    pdf,
    png,
)
from tests.cuentas.fixtures import Patron, entrar

pytestmark = pytest.mark.django_db

ICSOE_FORMULARIO = {
    "ejercicio": "2026",
    "cuatrimestre": "septiembre-diciembre",
    "prestador.nombre": "SERVICIOS ESPECIALIZADOS DEL NORTE SA DE CV",
    "prestador.rfc": "SEN100101AB3",
    "prestador.domicilio": "Av. Reforma 100, Col. Juárez, 06600, Ciudad de México",
    "prestador.correo": "contacto@senorte.mx",
    "prestador.telefono": "5511112222",
    "contratos[0].numero": "C-2026-014",
    "contratos[0].rfc_beneficiario": "H&E951128469",
    "contratos[0].nombre_beneficiario": "HERRERIA & ELECTRICOS SA DE CV",
    "contratos[0].domicilio_beneficiario": "Calle Hidalgo 5, Centro, 64000, Monterrey, N.L.",
    "contratos[0].correo_beneficiario": "compras@herreria.mx",
    "contratos[0].telefono_beneficiario": "8183334444",
    "contratos[0].objeto": "Mantenimiento de subestaciones",
    "contratos[0].fecha_inicio": "2026-09-01",
    "contratos[0].fecha_fin": "2026-12-31",
    "contratos[0].registro_stps": "AR12345/2021",
}


def anexos_formulario(*otros: SimpleUploadedFile, csv: bytes | None = None) -> list[Any]:
    """The files the ICSOE form requires (workers' CSV, STPS registration PDF), then `otros`."""
    return [
        SimpleUploadedFile("trabajadores.csv", csv or csv_trabajadores(), "text/csv"),
        SimpleUploadedFile("registro-stps.pdf", pdf("Registro REPSE"), "application/pdf"),
        *otros,
    ]


def _con_sesion(patron: Patron, habilitado: bool = True) -> Client:
    en_padron(patron.rfc)
    if habilitado:
        habilitar(patron.rfc)
    navegador = Client()
    navegador.cookies[COOKIE] = entrar(Client(), patron)
    return navegador


def _texto(respuesta: Any) -> str:
    return str(respuesta.content.decode())


def test_sin_sesion_las_paginas_llevan_a_entrar(client: Client) -> None:
    for ruta in ("/actuaciones/", "/actuaciones/tramites/", "/actuaciones/tramites/icsoe/"):
        respuesta = client.get(ruta)
        assert respuesta.status_code == 302
        assert respuesta["Location"].startswith("/entrar/?siguiente=")
    oficina = client.get("/oficina/actuaciones/")
    assert oficina.status_code == 302
    assert oficina["Location"].startswith("/oficina/entrar/?siguiente=")


def test_catalogo_segun_la_habilitacion(patron_a: Patron, sello: CertificadoSello) -> None:
    atorado = _con_sesion(patron_a, habilitado=False)
    pagina = _texto(atorado.get("/actuaciones/tramites/"))
    assert "Aclaración u orientación sobre el Buzón IMSS" in pagina
    assert "Informativa de contratos de servicios u obras especializadas (ICSOE)" in pagina
    assert 'href="/actuaciones/tramites/aclaracion-buzon/"' in pagina
    assert 'href="/actuaciones/tramites/icsoe/"' not in pagina
    habilitar(patron_a.rfc)
    assert 'href="/actuaciones/tramites/icsoe/"' in _texto(atorado.get("/actuaciones/tramites/"))


def test_formulario_generado_del_esquema(patron_a: Patron, sello: CertificadoSello) -> None:
    pagina = _texto(_con_sesion(patron_a).get("/actuaciones/tramites/icsoe/"))
    for nombre in (
        "ejercicio",
        "cuatrimestre",
        "prestador.rfc",
        "prestador.correo",
        "contratos[0].numero",
        "contratos[0].rfc_beneficiario",
        "contratos[0].fecha_inicio",
        "contratos[0].fecha_fin",
        "contratos[0].registro_stps",
    ):
        assert f'name="{nombre}"' in pagina, nombre
    assert 'name="contratos[__i__].rfc_beneficiario"' in pagina  # the row template
    assert 'type="date"' in pagina and 'type="number"' in pagina
    assert '<option value="mayo-agosto">' in pagina
    assert 'name="anexos"' in pagina and 'accept="application/pdf,text/csv"' in pagina
    assert 'name="_agregar" value="contratos"' in pagina
    desconocido = _con_sesion(patron_a).get("/actuaciones/tramites/no-existe/")
    assert desconocido.status_code == 404
    assert "No existe ese trámite" in _texto(desconocido)


def test_errores_junto_a_cada_campo_y_valores_conservados(
    patron_a: Patron, sello: CertificadoSello
) -> None:
    navegador = _con_sesion(patron_a)
    mal = {**ICSOE_FORMULARIO, "contratos[0].rfc_beneficiario": "NOESRFC", "ejercicio": ""}
    respuesta = navegador.post("/actuaciones/tramites/icsoe/", mal)
    assert respuesta.status_code == 400
    pagina = _texto(respuesta)
    error_rfc = re.search(r'id="campo-contratos-0-rfc_beneficiario-error">([^<]+)<', pagina)
    assert error_rfc is not None and "no es un RFC válido" in html.unescape(error_rfc[1])
    assert re.search(r'id="campo-ejercicio-error">Este dato es obligatorio\.<', pagina)
    assert 'value="NOESRFC"' in pagina
    assert 'value="HERRERIA &amp; ELECTRICOS SA DE CV"' in pagina
    assert not Actuacion.objects.exists()


def test_agregar_fila_sin_javascript(patron_a: Patron, sello: CertificadoSello) -> None:
    navegador = _con_sesion(patron_a)
    respuesta = navegador.post(
        "/actuaciones/tramites/icsoe/", {**ICSOE_FORMULARIO, "_agregar": "contratos"}
    )
    assert respuesta.status_code == 200
    pagina = _texto(respuesta)
    assert 'name="contratos[1].rfc_beneficiario"' in pagina
    assert 'value="AR12345/2021"' in pagina
    assert "error-campo" not in pagina


def test_de_la_captura_al_acuse(
    patron_a: Patron, sello: CertificadoSello, hacer_oficial: Callable[..., Cliente]
) -> None:
    navegador = _con_sesion(patron_a)
    archivo = SimpleUploadedFile("contrato.pdf", pdf("ICSOE"), content_type="application/pdf")
    respuesta = navegador.post(
        "/actuaciones/tramites/icsoe/",
        {**ICSOE_FORMULARIO, "anexos": [archivo, *anexos_formulario()]},
    )
    assert respuesta.status_code == 302, _texto(respuesta)
    actuacion = Actuacion.objects.get()
    assert respuesta["Location"] == f"/actuaciones/{actuacion.pk}/"
    pagina = _texto(navegador.get(respuesta["Location"]))
    cadena = re.search(r'data-cadena="([^"]+)"', pagina)
    assert cadena is not None and html.unescape(cadena[1]) == actuacion.cadena
    assert "Por firmar" in pagina and "contrato.pdf" in pagina
    assert '"rfc_beneficiario":"H&E951128469"' in actuacion.cadena

    mala = navegador.post(f"/actuaciones/{actuacion.pk}/firmar/", {"firma": patron_a.firmar(b"x")})
    assert mala.status_code == 400
    assert "firma" in _texto(mala).lower()
    firmada = navegador.post(
        f"/actuaciones/{actuacion.pk}/firmar/",
        {"firma": patron_a.firmar(actuacion.cadena.encode()), "certificado": "ignorado"},
    )
    assert firmada.status_code == 302
    actuacion.refresh_from_db()
    assert firmada["Location"] == f"/actuaciones/{actuacion.pk}/?acuse={actuacion.acuse}"
    acuse = _texto(navegador.get(firmada["Location"]))
    assert "Su actuación quedó presentada" in acuse
    assert actuacion.acuse in acuse and "Recepción legal" in acuse
    lista = _texto(navegador.get("/actuaciones/"))
    assert "Presentada" in lista and actuacion.acuse in lista
    descarga = navegador.get(f"/actuaciones/{actuacion.pk}/anexos/0")
    assert descarga.status_code == 200 and descarga.content == pdf("ICSOE")

    oficial = hacer_oficial()
    oficina = Client()
    oficina.cookies[COOKIE] = oficial.cabecera["Authorization"].removeprefix("Bearer ")
    bandeja = _texto(oficina.get("/oficina/actuaciones/"))
    assert "Informativa de contratos de servicios u obras especializadas (ICSOE)" in bandeja
    assert patron_a.rfc in bandeja
    detalle = _texto(oficina.get(f"/oficina/actuaciones/{actuacion.pk}/"))
    assert "HERRERIA &amp; ELECTRICOS SA DE CV" in detalle and "Presentada" in detalle
    assert oficina.get(f"/oficina/actuaciones/{actuacion.pk}/anexos/0").content == pdf("ICSOE")
    filtrada = _texto(oficina.get("/oficina/actuaciones/?tramite=aclaracion-buzon"))
    assert f'href="/oficina/actuaciones/{actuacion.pk}/"' not in filtrada
    lejano = hacer_oficial("GODE561231GR8", "supervisor", "Mérida")
    otra = Client()
    otra.cookies[COOKIE] = lejano.cabecera["Authorization"].removeprefix("Bearer ")
    assert otra.get(f"/oficina/actuaciones/{actuacion.pk}/").status_code == 404
    assert otra.get(f"/oficina/actuaciones/{actuacion.pk}/anexos/0").status_code == 404
    assert patron_a.rfc not in _texto(otra.get("/oficina/actuaciones/"))


def test_anexo_rechazado_en_la_pagina(patron_a: Patron, sello: CertificadoSello) -> None:
    navegador = _con_sesion(patron_a)
    disfrazado = SimpleUploadedFile("foto.pdf", png(), content_type="application/pdf")
    respuesta = navegador.post(
        "/actuaciones/tramites/icsoe/",
        {**ICSOE_FORMULARIO, "anexos": anexos_formulario(disfrazado)},
    )
    assert respuesta.status_code == 400
    assert "«foto.pdf»: Por su contenido, el archivo es PNG" in html.unescape(_texto(respuesta))
    assert not Actuacion.objects.exists()


def test_ningun_patron_ve_las_paginas_de_otro(
    patron_a: Patron, patron_b: Patron, sello: CertificadoSello
) -> None:
    a = Cliente(Client(), patron_a)
    en_padron(patron_a.rfc)
    habilitar(patron_a.rfc)
    hecha = a.presentar("aclaracion-buzon", ACLARACION, [])
    borrador = a.crear("aclaracion-buzon", ACLARACION).json()
    b = _con_sesion(patron_b)
    for actuacion_id in (hecha["id"], borrador["id"]):
        assert b.get(f"/actuaciones/{actuacion_id}/").status_code == 404
        assert b.get(f"/actuaciones/{actuacion_id}/anexos/0").status_code == 404
        intento = b.post(
            f"/actuaciones/{actuacion_id}/firmar/",
            {"firma": patron_b.firmar(borrador["cadena"].encode())},
        )
        assert intento.status_code == 404
    assert "Aclaración" not in _texto(b.get("/actuaciones/"))
    assert Actuacion.objects.get(pk=borrador["id"]).presentada is None
    # a particular's session does not open the officials' inbox
    assert b.get("/oficina/actuaciones/").status_code == 302
