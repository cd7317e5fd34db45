"""The ICSOE end to end (LSS 15 A; issue 11, section 8): the workers' CSV checked row by row
before anything is stored, the period's due date in the detail and sealed in the acuse, and a
filing made under the 2024-08-05 version that still validates, signs and renders after the new one
is vigente."""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from buzon.actuaciones.catalogo import declaracion_de, declaraciones_base, do_importar_tramite
from buzon.actuaciones.models import Actuacion, Anexo, Contenido, Tramite
from buzon.actuaciones.validacion import canonico, validar_datos
from buzon.cuentas.navegador import COOKIE
from buzon.evidencia import almacen
from buzon.evidencia.models import Acuse
from tests.actuaciones.fixtures import (
    ICSOE,
    ICSOE_2024,
    Cliente,
    anexo,
    anexo_csv,
    csv_trabajadores,
    pdf,
    trabajadores,
)

pytestmark = pytest.mark.django_db

DOS_CONTRATOS: dict[str, Any] = {
    **ICSOE,
    "contratos": [
        ICSOE["contratos"][0],
        {**ICSOE["contratos"][0], "numero": "C-2026-015", "objeto": "Limpieza industrial"},
    ],
}


def _filas() -> tuple[int, int, int]:
    return Actuacion.objects.count(), Anexo.objects.count(), Contenido.objects.count()


def test_la_relacion_de_trabajadores_se_presenta_y_se_guarda(
    habilitado: Callable[..., Cliente],
) -> None:
    c = habilitado()
    filas = trabajadores(2) + trabajadores(1, contrato="C-2026-015", desde=2)
    filas[0][1] = "MARÍA JOSÉ PEÑA, «LA JEFA»"  # quoted: a comma inside a field
    tabla = csv_trabajadores(filas)
    registro = pdf("Registro REPSE")
    hecha = c.presentar(
        "icsoe", DOS_CONTRATOS, [anexo_csv(datos=tabla), anexo("registro-stps.pdf", registro)]
    )
    anexos = list(Anexo.objects.filter(actuacion_id=hecha["id"]).order_by("orden"))
    assert [(a.nombre, a.tipo_mime, a.sha256) for a in anexos] == [
        ("trabajadores.csv", "text/csv", hashlib.sha256(tabla).hexdigest()),
        ("registro-stps.pdf", "application/pdf", hashlib.sha256(registro).hexdigest()),
    ]
    assert almacen.leer(anexos[0].sha256, "actuaciones") == tabla
    assert c.get(f"/actuaciones/{hecha['id']}/anexos/0").content == tabla


def test_filas_malas_se_listan_todas_y_nada_se_guarda(habilitado: Callable[..., Cliente]) -> None:
    c = habilitado()
    filas = trabajadores(6)
    filas[1][2] = filas[1][2][:-1] + str((int(filas[1][2][-1]) + 1) % 10)  # CURP check digit
    filas[2][3] = filas[2][3][:-1] + str((int(filas[2][3][-1]) + 1) % 10)  # NSS check digit
    filas[3][0], filas[3][4] = "C-999", "0"  # not a contract of this filing; no salary
    filas[4] = filas[4][:4]  # a column missing
    tabla = csv_trabajadores(filas)
    registro = anexo("registro-stps.pdf", pdf("Registro REPSE, no guardado"))
    antes = _filas()
    respuesta = c.crear("icsoe", ICSOE, [registro, anexo_csv(datos=tabla)])
    assert respuesta.status_code == 400, respuesta.content
    cuerpo = respuesta.json()
    assert (cuerpo["error"], cuerpo["campo"]) == ("anexo_filas_invalidas", "anexos[1].contenido")
    assert "5 error(es); nada se guardó" in cuerpo["mensaje"]
    errores = cuerpo["errores"]
    assert [(e["linea"], e["campo"]) for e in errores] == [
        (3, "curp"),
        (4, "nss"),
        (5, "contrato"),
        (5, "salario_base_cotizacion"),
        (6, "fila"),
    ]
    assert filas[1][2] in errores[0]["mensaje"] and "CURP" in errores[0]["mensaje"]
    assert "dígito verificador" in errores[1]["mensaje"]
    assert "«C-999» no es el número de un contrato" in errores[2]["mensaje"]
    assert "C-2026-014" in errores[2]["mensaje"]  # the contracts it may name
    assert "se esperan 5" in errores[4]["mensaje"]
    assert _filas() == antes
    for contenido in (tabla, pdf("Registro REPSE, no guardado")):
        assert not almacen.existe(hashlib.sha256(contenido).hexdigest(), "actuaciones")


def test_la_tabla_es_un_solo_csv_y_cada_contrato_tiene_trabajadores(
    habilitado: Callable[..., Cliente],
) -> None:
    c = habilitado()
    registro = anexo("registro-stps.pdf", pdf("Registro REPSE"))
    sin_csv = c.crear("icsoe", ICSOE, [registro, anexo("otro.pdf", pdf("otro"))])
    assert (sin_csv.status_code, sin_csv.json()["error"]) == (400, "anexo_tabla_faltante")
    otra = anexo_csv("otra.csv", csv_trabajadores(trabajadores(1, desde=5)))
    dos = c.crear("icsoe", ICSOE, [anexo_csv(), otra, registro])
    assert (dos.status_code, dos.json()["error"], dos.json()["campo"]) == (
        400,
        "anexos_de_mas",
        "anexos",
    )
    sin_trabajadores = c.crear("icsoe", DOS_CONTRATOS, [anexo_csv(), registro])
    assert sin_trabajadores.json()["errores"] == [
        {
            "linea": 0,
            "campo": "contrato",
            "mensaje": "El contrato «C-2026-015» no tiene trabajadores en la relación.",
        }
    ]
    assert not Actuacion.objects.exists()


def test_el_fin_de_vigencia_no_precede_al_inicio(habilitado: Callable[..., Cliente]) -> None:
    c = habilitado()
    archivos = [anexo_csv(), anexo("registro-stps.pdf", pdf("Registro REPSE"))]
    mismo_dia = {**ICSOE["contratos"][0], "fecha_fin": ICSOE["contratos"][0]["fecha_inicio"]}
    assert c.crear("icsoe", {**ICSOE, "contratos": [mismo_dia]}, archivos).status_code == 201
    antes = {**ICSOE["contratos"][0], "fecha_fin": "2026-08-31"}
    respuesta = c.crear("icsoe", {**ICSOE, "contratos": [ICSOE["contratos"][0], antes]}, archivos)
    cuerpo = respuesta.json()
    assert (respuesta.status_code, cuerpo["error"], cuerpo["campo"]) == (
        400,
        "vigencia_invalida",
        "datos.contratos[1].fecha_fin",
    )
    assert cuerpo["mensaje"] == (
        "El fin de vigencia del contrato (2026-08-31) es anterior a su inicio (2026-09-01): "
        "escriba en «Fin de vigencia» una fecha igual o posterior al inicio."
    )
    assert Actuacion.objects.count() == 1


def _pagina(cliente: Cliente) -> Client:
    navegador = Client()
    navegador.cookies[COOKIE] = cliente.cabecera["Authorization"].removeprefix("Bearer ")
    return navegador


def test_la_pagina_lista_las_filas_malas_y_el_detalle_la_fecha_limite(
    habilitado: Callable[..., Cliente],
) -> None:
    from tests.actuaciones.test_paginas import ICSOE_FORMULARIO, anexos_formulario

    c = habilitado()
    navegador = _pagina(c)
    filas = trabajadores(3)
    filas[2][3] = "123"
    mala = navegador.post(
        "/actuaciones/tramites/icsoe/",
        {**ICSOE_FORMULARIO, "anexos": anexos_formulario(csv=csv_trabajadores(filas))},
    )
    assert mala.status_code == 400
    pagina = html.unescape(mala.content.decode())
    assert "Filas del CSV por corregir" in pagina
    assert "<td>4</td><td>nss</td><td>«123» no es un número de seguridad social" in pagina
    assert "«trabajadores.csv»: La relación de trabajadores tiene 1 error(es)" in pagina
    assert not Actuacion.objects.exists()

    buena = navegador.post(
        "/actuaciones/tramites/icsoe/", {**ICSOE_FORMULARIO, "anexos": anexos_formulario()}
    )
    assert buena.status_code == 302, buena.content.decode()
    borrador = navegador.get(buena["Location"]).content.decode()
    assert 'id="fecha-limite">18 de enero de 2027<' in borrador  # by the padrón's ámbito
    actuacion = Actuacion.objects.get()
    firmada = c.firmar(actuacion.pk, actuacion.cadena)
    assert firmada.status_code == 201, firmada.content
    presentada = navegador.get(buena["Location"]).content.decode()
    assert 'id="fecha-limite">18 de enero de 2027<' in presentada  # as the acuse sealed it


def test_un_dia_inhabil_de_su_subdelegacion_corre_la_fecha_limite(
    habilitado: Callable[..., Cliente],
) -> None:
    """Monday 18 Jan 2027 declared inhábil for Tijuana: its employer's due date is Tuesday 19."""
    from datetime import date

    from buzon.calendario.servicios import do_declarar_dia_inhabil
    from buzon.legal.calendario import DiaInhabilDeclarado

    do_declarar_dia_inhabil(
        DiaInhabilDeclarado(
            desde=date(2027, 1, 18),
            hasta=date(2027, 1, 18),
            fuente="Acuerdo de prueba publicado en el DOF",
            subdelegaciones=frozenset({"Tijuana"}),
        ),
        por="XOJI740919U48",
    )
    c = habilitado(subdelegacion="Tijuana", entidad="BCN", zona="America/Tijuana")
    hecha = c.presentar(
        "icsoe", ICSOE, [anexo_csv(), anexo("registro-stps.pdf", pdf("Registro REPSE"))]
    )
    assert Acuse.objects.get(folio=hecha["acuse"]["folio"]).datos["fecha_limite"] == "2027-01-19"
    assert c.get(f"/actuaciones/{hecha['id']}").json()["fecha_limite"] == "2027-01-19"


def test_una_presentada_con_la_version_2024_sigue_valida_y_se_muestra(
    habilitado: Callable[..., Cliente], hacer_oficial: Callable[..., Cliente]
) -> None:
    """Filed, and a draft signed later, under 2024-08-05 (then vigente); after 2026-12-03 is
    imported again both keep validating against their version, sign, and render."""
    version = {d.version: d for d in declaraciones_base() if d.clave == "icsoe"}
    c = habilitado()
    c.get("/tramites")  # the shipped trámites loaded: 2026-12-03 vigente
    assert do_importar_tramite(canonico(version["2024-08-05"].como_json())).nuevo is False
    antigua = c.presentar("icsoe", ICSOE_2024, [anexo("contrato.pdf", pdf("Contrato 2024"))])
    pendiente = c.crear("icsoe", ICSOE_2024).json()
    do_importar_tramite(canonico(version["2026-12-03"].como_json()))
    assert Tramite.objects.get(clave="icsoe", vigente=True).version == "2026-12-03"

    firmada = c.firmar(pendiente["id"], pendiente["cadena"])
    assert firmada.status_code == 201, firmada.content
    for hecha in (antigua, pendiente):
        fila = Actuacion.objects.select_related("tramite").get(pk=hecha["id"])
        assert fila.tramite.version == "2024-08-05"
        datos = json.loads(fila.datos)
        assert datos == ICSOE_2024
        assert validar_datos(declaracion_de(fila.tramite).esquema, datos)[1] == []
        detalle = c.get(f"/actuaciones/{fila.pk}").json()
        assert (detalle["version_tramite"], detalle["datos"]) == ("2024-08-05", ICSOE_2024)
        assert detalle["estado"] == "presentada" and detalle["fecha_limite"] == "2027-01-18"
        for pagina in (
            _pagina(c).get(f"/actuaciones/{fila.pk}/"),
            _pagina(hacer_oficial()).get(f"/oficina/actuaciones/{fila.pk}/"),
        ):
            texto = html.unescape(pagina.content.decode())
            assert pagina.status_code == 200
            assert "Número de trabajadores asignados" in texto  # the 2024 schema's labels
            assert "HERRERIA & ELECTRICOS SA DE CV" in texto and "<td>12</td>" in texto
            assert "18 de enero de 2027" in texto
    assert c.get(f"/actuaciones/{antigua['id']}/anexos/0").content == pdf("Contrato 2024")
    # and new filings follow the vigente version: the 2024 datos no longer pass
    nueva = c.crear("icsoe", ICSOE_2024, [anexo_csv(), anexo("r.pdf")])
    assert (nueva.status_code, nueva.json()["error"]) == (400, "dato_desconocido")
