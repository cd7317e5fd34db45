"""Route meta-tests: a worker never reaches another worker's constancia nor an employer's data.

1. Every route of this app (pages and API operations, enumerated from the URLconf and the API's
   routers, so a new one is covered the day it is added) refuses a worker another worker's
   folio (404) and answers an employer's session with the linkage error, never the data.
2. Every page and API GET of the whole site that takes no argument and is marked `particular`,
   opened with a worker's session, never shows the data of the employer that employs them (its
   RFC, its other worker, its opinión's folio).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from buzon.comun import acceso
from buzon.config.api import api
from buzon.derechohabientes.models import Constancia
from buzon.evidencia.models import CertificadoSello
from buzon.opinion.consultante import Consultante
from buzon.opinion.servicios import do_emitir_opinion
from tests.actuaciones.fixtures import Cliente
from tests.cuentas.fixtures import Patron
from tests.derechohabientes.ayudas import (
    EMPLEADOR,
    OTRO,
    REGISTRO_A,
    TRABAJADOR,
    asegurado,
    movimientos,
    trabajador,
)

pytestmark = pytest.mark.django_db

PREFIJO_PAGINAS = "buzon/derechohabiente/"
PREFIJO_API = "/derechohabiente"


def _patrones(resolver: URLResolver, prefijo: str = "") -> Iterator[tuple[str, URLPattern]]:
    for patron in resolver.url_patterns:
        if isinstance(patron, URLResolver):
            yield from _patrones(patron, prefijo + str(patron.pattern))
        else:
            yield prefijo + str(patron.pattern), patron


def _operaciones() -> Iterator[tuple[str, str, Any]]:
    for ruta, router in api._routers:
        for subruta, vista in router.path_operations.items():
            for operacion in vista.operations:
                for metodo in operacion.methods:
                    yield metodo, f"{ruta.rstrip('/')}{subruta}", operacion.view_func


@pytest.fixture
def mundo(
    hacer_patron: Callable[..., Patron], patron_b: Patron, sello: CertificadoSello
) -> dict[str, Any]:
    """Worker A (with both constancias), worker B, and an employer with another worker."""
    a = asegurado(1, TRABAJADOR[1])
    movimientos(a, REGISTRO_A, [("08", "2024-01-01", "500.00")])
    b = asegurado(2, OTRO[1], "Luisa Pérez García")
    movimientos(b, REGISTRO_A, [("08", "2025-01-01", "700.00")])
    yo = Cliente(Client(), trabajador(hacer_patron))
    folios = {
        "semanas": yo.post("/derechohabiente/semanas", {}).json()["folio"],
        "vigencia": yo.post("/derechohabiente/vigencia", {}).json()["folio"],
    }
    opinion = do_emitir_opinion(EMPLEADOR, consultante=Consultante("titular", rfc=EMPLEADOR))
    return {
        "yo": yo,
        "otro": Cliente(Client(), trabajador(hacer_patron, OTRO)),
        "empleador": Cliente(Client(), patron_b),
        "folios": folios,
        "b": b,
        "opinion": opinion.folio,
    }


def _con_folio(ruta: str, folios: dict[str, str]) -> str:
    tipo = "vigencia" if "vigencia" in ruta else "semanas"
    return ruta.replace("<str:folio>", folios[tipo]).replace("{folio}", folios[tipo])


def test_cada_ruta_de_paginas_aisla_al_trabajador(mundo: dict[str, Any]) -> None:
    rutas = [r for r, _ in _patrones(get_resolver()) if r.startswith(PREFIJO_PAGINAS)]
    assert len(rutas) == 5, rutas
    otro, empleador = mundo["otro"], mundo["empleador"]
    for ruta in rutas:
        url = "/" + _con_folio(ruta, mundo["folios"])
        if "<str:folio>" in ruta:
            assert Client().get(url).status_code == 302  # no session: to the login page
        for quien, esperado in ((otro, "Luisa Pérez García"), (empleador, None)):
            navegador = Client()
            navegador.cookies["buzon_sesion"] = quien.cabecera["Authorization"].split()[1]
            r = navegador.get(url)
            texto = r.content.decode(errors="replace")
            assert mundo["folios"]["semanas"] not in texto and TRABAJADOR[0] not in texto, url
            if quien is empleador:
                assert r.status_code == 404 and 'data-codigo="sin_curp"' in texto, url
            elif "<str:folio>" in ruta:
                assert r.status_code == 404, url
            else:
                assert r.status_code == 200 and esperado is not None and esperado in texto, url
    # the lists take a folio too: another worker's is a 404
    navegador = Client()
    navegador.cookies["buzon_sesion"] = otro.cabecera["Authorization"].split()[1]
    for tipo, folio in mundo["folios"].items():
        r = navegador.get(f"/{PREFIJO_PAGINAS}{tipo}/?folio={folio}")
        assert r.status_code == 404 and folio not in r.content.decode(), tipo


def test_cada_operacion_de_la_api_aisla_al_trabajador(mundo: dict[str, Any]) -> None:
    operaciones = [(m, r) for m, r, _ in _operaciones() if r.startswith(PREFIJO_API)]
    assert len(operaciones) == 5, operaciones
    for metodo, ruta in operaciones:
        url = _con_folio(ruta, mundo["folios"])
        for quien in (mundo["otro"], mundo["empleador"]):
            r = quien.get(url) if metodo == "GET" else quien.post(url, {})
            texto = r.content.decode(errors="replace")
            assert mundo["folios"]["semanas"] not in texto, (metodo, url)
            assert TRABAJADOR[0] not in texto and mundo["yo"].patron.rfc not in texto
            if quien is mundo["empleador"] and ruta != PREFIJO_API:
                assert r.status_code == 404 and r.json()["error"] == "sin_curp", (metodo, url)
            elif "{folio}" in ruta:
                assert r.status_code == 404 and r.json()["error"] == "no_encontrado", url
    assert Constancia.objects.filter(asegurado=mundo["b"]).count() == 2  # B's own, via POST


def test_un_trabajador_no_alcanza_datos_de_su_empleador_en_ningun_lado(
    mundo: dict[str, Any],
) -> None:
    yo: Cliente = mundo["yo"]
    token = yo.cabecera["Authorization"].split()[1]
    navegador = Client(raise_request_exception=False)
    navegador.cookies["buzon_sesion"] = token
    secretos = [EMPLEADOR, mundo["opinion"], mundo["b"].nss, "Luisa Pérez García"]
    vistas = 0
    for ruta, patron in _patrones(get_resolver()):
        if ruta.startswith("api/") or patron.pattern.converters:
            continue
        if acceso.clase_de(patron.callback) != "particular":
            continue
        r = navegador.get("/" + ruta)
        vistas += 1
        texto = r.content.decode(errors="replace")
        for secreto in secretos:
            assert secreto not in texto, (ruta, secreto)
    for metodo, ruta, vista in _operaciones():
        if metodo != "GET" or "{" in ruta or acceso.clase_de(vista) != "particular":
            continue
        r = yo.get(ruta)
        vistas += 1
        for secreto in secretos:
            assert secreto not in r.content.decode(errors="replace"), (ruta, secreto)
    assert vistas > 20
