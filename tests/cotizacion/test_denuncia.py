"""The denuncia: prepared from a report row, filed and signed through the actuaciones flow; the
employer never sees it nor its author (its API, its pages, its officials' inbox by subdelegación),
the Institute's default inbox does, with the datos fiscalización reads."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from buzon.actuaciones.models import Actuacion
from buzon.cuentas.navegador import COOKIE
from buzon.evidencia.models import Acuse, CertificadoSello
from tests.actuaciones.fixtures import Cliente, habilitar
from tests.cotizacion.ayudas import EMPLEADOR, REGISTRO, registros
from tests.cuentas.fixtures import Patron, entrar

pytestmark = pytest.mark.django_db

DATOS = {
    "tipo": "Me registró con un salario menor",
    "registro_patronal": REGISTRO,
    "periodo_desde": "2026-02",
    "periodo_hasta": "2026-04",
    "descripcion": "Me pagan 900 pesos diarios y me registraron con 550.",
}


def _navegador(patron: Patron) -> Client:
    cliente = Client()
    cliente.cookies[COOKIE] = entrar(Client(), patron)
    return cliente


@pytest.fixture
def presentada(
    client: Client, patron_a: Patron, sello: CertificadoSello
) -> tuple[Cliente, dict[str, Any]]:
    """Worker A files a denuncia against the employer of REGISTRO through the API."""
    registros()
    habilitar(patron_a.rfc)
    a = Cliente(client, patron_a)
    return a, a.presentar("denuncia-patron", DATOS)


def test_la_denuncia_guarda_el_registro_solo_en_sus_datos(
    presentada: tuple[Cliente, dict[str, Any]], patron_a: Patron
) -> None:
    _, hecha = presentada
    fila = Actuacion.objects.get(pk=hecha["id"])
    assert fila.presentada is not None and fila.rfc == patron_a.rfc
    assert fila.registro_patronal == "" and fila.subdelegacion == ""
    assert json.loads(fila.datos) == DATOS
    assert Acuse.objects.get(folio=fila.acuse).registro_patronal == ""


def test_el_patron_nunca_ve_la_denuncia_ni_a_su_autor(
    presentada: tuple[Cliente, dict[str, Any]],
    hacer_patron: Callable[..., Patron],
    hacer_oficial: Callable[..., Cliente],
    patron_a: Patron,
) -> None:
    _, hecha = presentada
    ident = hecha["id"]
    empleador = hacer_patron(EMPLEADOR)
    habilitar(EMPLEADOR)
    api = Cliente(Client(), empleador)
    lista = api.get("/actuaciones")
    assert lista.status_code == 200
    assert ident not in [x["id"] for x in lista.json()["actuaciones"]]
    assert api.get(f"/actuaciones/{ident}").status_code == 404
    paginas = _navegador(empleador)
    mias = paginas.get("/actuaciones/")
    assert mias.status_code == 200 and patron_a.rfc not in mias.content.decode()
    assert paginas.get(f"/actuaciones/{ident}/").status_code == 404
    for ruta in ("/api/v1/oficina/actuaciones", f"/api/v1/oficina/actuaciones/{ident}"):
        assert Client().get(ruta, headers=api.cabecera).status_code == 401  # not an official
    # The officials of the employer's subdelegación do not get it (it is not routed by registro);
    # the Institute's default inbox (a supervisor) does, with the datos.
    centro = hacer_oficial("XOJI740919U48", rol="notificador", subdelegacion="Centro")
    assert ident not in [x["id"] for x in centro.get("/oficina/actuaciones").json()["actuaciones"]]
    assert centro.get(f"/oficina/actuaciones/{ident}").status_code == 404
    supervisor = hacer_oficial("MOHR730517UF8", rol="supervisor", subdelegacion="Norte")
    visto = supervisor.get(f"/oficina/actuaciones/{ident}")
    assert visto.status_code == 200
    assert visto.json()["datos"]["registro_patronal"] == REGISTRO
    assert visto.json()["registro_patronal"] is None


def test_la_pagina_prepara_la_denuncia_desde_un_renglon(
    patron_a: Patron, sello: CertificadoSello
) -> None:
    registros()
    habilitar(patron_a.rfc)
    paginas = _navegador(patron_a)
    forma = paginas.get(
        "/cotizacion/denuncia/",
        {"registro": REGISTRO, "periodo": "2026-04", "tipo": "Me dio de baja y sigo trabajando"},
    )
    html = forma.content.decode()
    assert forma.status_code == 200
    assert f'value="{REGISTRO}"' in html and 'value="2026-04"' in html
    assert '<option value="Me dio de baja y sigo trabajando" selected>' in html
    al_reves = paginas.post(
        "/cotizacion/denuncia/", {**DATOS, "periodo_desde": "2026-05", "periodo_hasta": "2026-04"}
    )
    assert al_reves.status_code == 400
    assert "campo-periodo_hasta-error" in al_reves.content.decode()
    malo = paginas.post("/cotizacion/denuncia/", {**DATOS, "registro_patronal": "Y54"})
    assert malo.status_code == 400 and "campo-registro_patronal-error" in malo.content.decode()
    assert not Actuacion.objects.exists()
    hecha = paginas.post("/cotizacion/denuncia/", DATOS)
    assert hecha.status_code == 302
    actuacion = Actuacion.objects.get()
    assert hecha["Location"] == f"/actuaciones/{actuacion.pk}/"
    assert actuacion.presentada is None and json.loads(actuacion.datos) == DATOS


def test_sin_buzon_habilitado_se_explica(patron_a: Patron) -> None:
    registros()
    respuesta = _navegador(patron_a).post("/cotizacion/denuncia/", DATOS)
    assert respuesta.status_code == 409 and "habilitado" in respuesta.content.decode()
