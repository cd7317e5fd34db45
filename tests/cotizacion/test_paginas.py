"""The pages: subscribe and cancel, the months, one month's report with its alerts and a
«Denunciar» per row pre-filled; another worker's report is a 404; an employer has no report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from django.test import Client

from buzon.cotizacion.generacion import do_generar_reportes
from buzon.cotizacion.models import Suscripcion
from buzon.cuentas.navegador import COOKIE
from tests.cotizacion.ayudas import (
    CURP_A,
    CURP_B,
    NSS_A,
    NSS_B,
    OTRO_REGISTRO,
    REGISTRO,
    asegurado,
    mov,
    registros,
    trabajador_b,
)
from tests.cuentas.fixtures import Patron, entrar

pytestmark = pytest.mark.django_db
AHORA = datetime(2026, 5, 3, 12, tzinfo=UTC)


def _navegador(patron: Patron) -> Client:
    cliente = Client()
    cliente.cookies[COOKIE] = entrar(Client(), patron)
    return cliente


@pytest.fixture
def libro() -> None:
    registros()
    a = asegurado(NSS_A, CURP_A)
    b = asegurado(NSS_B, CURP_B)
    mov(a, "08", "2025-06-01", "600.00")
    mov(a, "02", "2026-04-10")
    mov(a, "08", "2026-04-16", "400.00", registro=OTRO_REGISTRO)
    mov(b, "08", "2026-04-01", "350.00")


def test_suscribirse_y_ver_el_reporte(libro: None, patron_a: Patron) -> None:
    paginas = _navegador(patron_a)
    inicio = paginas.get("/cotizacion/")
    assert inicio.status_code == 200 and "No está suscrito" in inicio.content.decode()
    hecho = paginas.post("/cotizacion/suscripcion/", {"accion": "suscribir"})
    assert hecho.status_code == 302 and Suscripcion.objects.filter(cancelada_en=None).count() == 1
    do_generar_reportes("2026-04", ahora=AHORA)
    lista = paginas.get("/cotizacion/").content.decode()
    assert "Suscrito desde" in lista and 'href="/cotizacion/2026-04/"' in lista
    html = paginas.get("/cotizacion/2026-04/").content.decode()
    assert "HERRERIA Y ELECTRICOS SA DE CV" in html and "$600.00" in html and "$400.00" in html
    assert 'data-alerta="baja"' in html and 'data-alerta="alta"' in html
    assert f"registro={REGISTRO}&amp;periodo=2026-04&amp;tipo=Me%20dio%20de%20baja" in html
    paginas.post("/cotizacion/suscripcion/", {"accion": "cancelar"})
    assert "No está suscrito" in paginas.get("/cotizacion/").content.decode()
    assert paginas.get("/cotizacion/2026-04/").status_code == 200  # still theirs


def test_otro_trabajador_no_llega_al_reporte_ajeno(
    libro: None, patron_a: Patron, hacer_patron: Callable[..., Patron]
) -> None:
    _navegador(patron_a).post("/cotizacion/suscripcion/", {"accion": "suscribir"})
    do_generar_reportes("2026-04", ahora=AHORA)
    otro = _navegador(trabajador_b(hacer_patron))
    assert otro.get("/cotizacion/2026-04/").status_code == 404
    assert 'href="/cotizacion/2026-04/"' not in otro.get("/cotizacion/").content.decode()


def test_un_patron_no_tiene_reporte_y_se_le_explica(
    libro: None, hacer_patron: Callable[..., Patron]
) -> None:
    paginas = _navegador(hacer_patron("H&E951128469"))
    respuesta = paginas.get("/cotizacion/")
    assert respuesta.status_code == 404 and "CURP" in respuesta.content.decode()
    assert paginas.get("/cotizacion/2026-04/").status_code == 404


def test_sin_sesion_lleva_a_entrar() -> None:
    respuesta = Client().get("/cotizacion/")
    assert respuesta.status_code == 302 and respuesta["Location"].startswith("/entrar/")
