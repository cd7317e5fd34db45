"""The API: subscription, the reports by period; a worker never reaches another's report; an
employer's session has no asegurado (404 on every operation)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from django.test import Client

from buzon.cotizacion.generacion import do_generar_reportes
from buzon.cotizacion.models import CambioSuscripcion, Suscripcion
from buzon.evidencia.models import CertificadoSello
from tests.actuaciones.fixtures import Cliente, habilitar
from tests.cotizacion.ayudas import (
    CURP_A,
    CURP_B,
    NSS_A,
    NSS_B,
    REGISTRO,
    asegurado,
    mov,
    registros,
    trabajador_b,
)
from tests.cuentas.fixtures import Patron

pytestmark = pytest.mark.django_db
AHORA = datetime(2026, 5, 3, 12, tzinfo=UTC)


@pytest.fixture
def libro() -> None:
    registros()
    a = asegurado(NSS_A, CURP_A)
    b = asegurado(NSS_B, CURP_B)
    mov(a, "08", "2025-06-01", "600.00")
    mov(b, "08", "2026-04-16", "350.00")


def test_suscribirse_cancelar_y_ver_el_reporte(
    libro: None, client: Client, patron_a: Patron
) -> None:
    a = Cliente(client, patron_a)
    primera = a.post("/cotizacion/suscripcion", {})
    assert primera.status_code == 201, primera.content
    assert primera.json()["suscrita"] is True and primera.json()["nss"] == NSS_A
    assert a.post("/cotizacion/suscripcion", {}).status_code == 200  # idempotent
    habilitar(patron_a.rfc)
    do_generar_reportes("2026-04", ahora=AHORA)
    lista = a.get("/cotizacion/reportes").json()
    assert [r["periodo"] for r in lista["reportes"]] == ["2026-04"]
    detalle = a.get("/cotizacion/reportes/2026-04")
    assert detalle.status_code == 200
    cuerpo = detalle.json()
    assert cuerpo["renglones"] == [
        {
            "registro_patronal": REGISTRO,
            "patron": "HERRERIA Y ELECTRICOS SA DE CV",
            "dias_cotizados": 30,
            "dias_vigentes": 30,
            "sbc": "600.00",
            "vigente_al_cierre": True,
        }
    ]
    assert cuerpo["tramite_denuncia"] == "denuncia-patron"
    baja = client.delete("/api/v1/cotizacion/suscripcion", headers=a.cabecera)
    assert baja.status_code == 200 and baja.json()["suscrita"] is False
    assert a.get("/cotizacion/reportes").json()["reportes"]  # kept after cancelling
    acciones = list(CambioSuscripcion.objects.order_by("id").values_list("accion", flat=True))
    assert acciones == ["suscribir", "cancelar"]


def test_un_trabajador_no_ve_el_reporte_de_otro(
    libro: None, client: Client, patron_a: Patron, hacer_patron: Callable[..., Patron]
) -> None:
    a = Cliente(client, patron_a)
    assert a.post("/cotizacion/suscripcion", {}).status_code == 201
    do_generar_reportes("2026-04", ahora=AHORA)
    b = Cliente(Client(), trabajador_b(hacer_patron))
    # B (not subscribed) has no report of April: A's is not reachable by period.
    respuesta = b.get("/cotizacion/reportes/2026-04")
    assert respuesta.status_code == 404 and respuesta.json()["error"] == "no_encontrado"
    assert b.get("/cotizacion/reportes").json()["reportes"] == []
    assert b.post("/cotizacion/suscripcion", {}).status_code == 201
    assert set(Suscripcion.objects.values_list("asegurado__nss", flat=True)) == {NSS_A, NSS_B}
    do_generar_reportes("2026-04", ahora=AHORA)
    suyo = b.get("/cotizacion/reportes/2026-04").json()
    assert [r["dias_cotizados"] for r in suyo["renglones"]] == [15]  # B's own, not A's 30


def test_un_patron_no_tiene_reporte(
    libro: None, client: Client, hacer_patron: Callable[..., Patron]
) -> None:
    patron = Cliente(client, hacer_patron("H&E951128469"))  # a persona moral: no own CURP
    for respuesta in (
        patron.post("/cotizacion/suscripcion", {}),
        patron.get("/cotizacion/reportes"),
        patron.get("/cotizacion/reportes/2026-04"),
    ):
        assert respuesta.status_code == 404
        assert respuesta.json()["error"] == "sin_curp"


def test_periodo_mal_escrito_y_sin_sesion(
    libro: None, client: Client, patron_a: Patron, sello: CertificadoSello
) -> None:
    a = Cliente(client, patron_a)
    respuesta = a.get("/cotizacion/reportes/2026-13")
    assert respuesta.status_code == 400 and respuesta.json()["campo"] == "periodo"
    assert Client().get("/api/v1/cotizacion/reportes").status_code == 401
