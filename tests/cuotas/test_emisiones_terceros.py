"""A third party with a signed `emisiones` authorisation reads the holder's emisiones (relación
9.5, 9.6): the list with `?rfc=TITULAR`, the detail, PDF, CSV and cotejo, API and pages; without
it (never granted, revoked or expired) the list is a 403 `no_autorizado` in Spanish and every id
route the same 404 as a missing emisión."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from buzon.cuentas.navegador import COOKIE
from buzon.cuotas.emisiones import generacion
from buzon.cuotas.emisiones.modelos import Emision
from tests.cuentas.fixtures import Patron, entrar
from tests.cuotas.test_emisiones_generacion import RFC_A, RFC_B, ledger, nss
from tests.terceros.fixtures import OTRO, cliente, otorgar, revocar

__all__ = ["ledger"]  # a fixture, used by name

pytestmark = pytest.mark.django_db


def _api(patron: Patron) -> Client:
    c = Client()
    c.defaults["HTTP_AUTHORIZATION"] = f"Bearer {entrar(c, patron)}"
    return c


def _navegador(patron: Patron) -> Client:
    navegador = Client()
    navegador.cookies[COOKIE] = entrar(Client(), patron)
    return navegador


def _rutas(c: Client, emision: Emision) -> dict[str, Any]:
    """Every id route of the emisiones API, answered for `c`."""
    ruta = f"/api/v1/emisiones/{emision.pk}"
    archivo = SimpleUploadedFile("m.csv", b"nss,cuota_fija_patron\r\n", "text/csv")
    return {
        "detalle": c.get(ruta),
        "pdf": c.get(ruta + "/pdf"),
        "csv": c.get(ruta + "/csv"),
        "cotejo": c.post(ruta + "/cotejo", {"archivo": archivo}),
    }


def test_el_tercero_autorizado_lee_las_emisiones_del_titular(
    ledger: None, hacer_patron: Callable[..., Patron], sello: Any
) -> None:
    generacion.generar("2026-04")
    patron_a, patron_b = hacer_patron(RFC_A), hacer_patron(RFC_B)
    tercero = _api(patron_b)
    de_a = Emision.objects.filter(rfc=RFC_A).order_by("registro_patronal").first()
    assert de_a is not None

    # Not authorised: the list is a 403 in Spanish naming the holder; the id routes a 404.
    negada = tercero.get(f"/api/v1/emisiones?rfc={RFC_A}")
    assert negada.status_code == 403
    assert negada.json()["error"] == "no_autorizado"
    assert RFC_A in negada.json()["mensaje"] and "sus emisiones" in negada.json()["mensaje"]
    for nombre, respuesta in _rutas(tercero, de_a).items():
        assert respuesta.status_code == 404, (nombre, respuesta.content)
        assert respuesta.json()["error"] == "no_encontrado"
    malo = tercero.get("/api/v1/emisiones?rfc=NO-ES-RFC")
    assert (malo.status_code, malo.json()["campo"]) == (400, "rfc")

    # An `opinion` authorisation does not open the emisiones.
    titular = cliente(patron_a)
    otorgar(titular, RFC_B, "opinion")
    assert tercero.get(f"/api/v1/emisiones?rfc={RFC_A}").status_code == 403

    # Authorised for emisiones: the holder's list, detail and downloads.
    hecha = otorgar(titular, RFC_B, "emisiones")
    lista = tercero.get(f"/api/v1/emisiones?rfc={RFC_A.lower()}")
    assert lista.status_code == 200, lista.content
    assert sorted(e["registro_patronal"] for e in lista.json()["emisiones"]) == [
        "Y5412345108",
        "Y5412345109",
    ]
    # Its own emisiones stay what they were, with or without ?rfc= its own RFC.
    propias = tercero.get("/api/v1/emisiones").json()["emisiones"]
    assert [e["registro_patronal"] for e in propias] == ["Z0000000001"]
    assert tercero.get("/api/v1/emisiones", {"rfc": RFC_B}).json()["emisiones"] == propias
    respuestas = _rutas(tercero, de_a)
    assert respuestas["detalle"].status_code == 200
    assert respuestas["detalle"].json()["rfc"] == RFC_A
    assert respuestas["pdf"].status_code == 200 and respuestas["pdf"].content.startswith(b"%PDF")
    assert de_a.registro_patronal == "Y5412345108"
    assert nss(1) in respuestas["csv"].getvalue().decode()
    assert respuestas["cotejo"].status_code in (200, 400)
    assert respuestas["cotejo"].json().get("error") != "no_encontrado"
    # Pages: the list with ?rfc= and the emisión's page.
    pagina = _navegador(patron_b)
    lista_html = pagina.get(f"/buzon/documentos/?rfc={RFC_A}")
    assert lista_html.status_code == 200
    assert "Y5412345108" in lista_html.content.decode()
    assert pagina.get(f"/buzon/documentos/emisiones/{de_a.pk}/").status_code == 200
    # Someone else not authorised: still refused.
    ajeno = _api(hacer_patron(OTRO))
    assert ajeno.get(f"/api/v1/emisiones?rfc={RFC_A}").status_code == 403
    assert ajeno.get(f"/api/v1/emisiones/{de_a.pk}").status_code == 404

    # Revoked: refused again, at once.
    revocar(titular, hecha["id"])
    assert tercero.get(f"/api/v1/emisiones?rfc={RFC_A}").status_code == 403
    for nombre, respuesta in _rutas(tercero, de_a).items():
        assert respuesta.status_code == 404, nombre
    negada_html = pagina.get(f"/buzon/documentos/?rfc={RFC_A}")
    assert negada_html.status_code == 403
    assert "no le ha autorizado" in negada_html.content.decode()
    assert pagina.get(f"/buzon/documentos/emisiones/{de_a.pk}/").status_code == 404
