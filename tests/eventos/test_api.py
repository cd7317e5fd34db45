"""The API: GET /eventos, GET/PUT /eventos/preferencias, and isolation (each session reaches only
its own RFC's events and preferences; nothing names another RFC)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from buzon.eventos.models import Preferencias
from tests.cuentas.fixtures import Patron
from tests.eventos import ayudas as a
from tests.notificaciones.fixtures import sesion_particular

pytestmark = pytest.mark.django_db


def test_mis_eventos_de_un_periodo(patron_a: Patron) -> None:
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    cliente, auth = sesion_particular(patron_a)
    r = cliente.get("/api/v1/eventos?desde=2026-09-01&hasta=2026-09-30", **auth)
    assert r.status_code == 200
    datos = r.json()
    assert (datos["desde"], datos["hasta"]) == ("2026-09-01", "2026-09-30")
    primero = datos["eventos"][0]
    assert primero["clase"] == "obligacion"
    assert primero["clave"] == "cuotas_mensuales"
    assert primero["fecha"] == "2026-09-17"
    assert primero["fundamento"] == "LSS art. 39"
    assert primero["registros_patronales"] == [a.REGISTRO_A]
    assert primero["recordatorio"] == "2026-09-11"  # 3 días hábiles before, 16 Sep skipped


def test_rango_por_omision_y_errores(patron_a: Patron) -> None:
    cliente, auth = sesion_particular(patron_a)
    r = cliente.get("/api/v1/eventos", **auth)
    assert r.status_code == 200
    hoy = timezone.now().date()
    desde = date.fromisoformat(r.json()["desde"])
    assert abs((desde - hoy).days) <= 1
    assert date.fromisoformat(r.json()["hasta"]) == desde + timedelta(days=90)
    invertido = cliente.get("/api/v1/eventos?desde=2026-09-30&hasta=2026-09-01", **auth)
    assert invertido.status_code == 400
    assert invertido.json()["error"] == "rango_invalido"
    assert invertido.json()["campo"] == "hasta"
    largo = cliente.get("/api/v1/eventos?desde=2026-01-01&hasta=2029-01-01", **auth)
    assert largo.json()["error"] == "rango_invalido"
    malo = cliente.get("/api/v1/eventos?desde=2026-9-1", **auth)
    assert malo.status_code == 400
    assert Client().get("/api/v1/eventos").status_code == 401


def test_preferencias_por_omision_y_cambio(patron_a: Patron, patron_b: Patron) -> None:
    cliente, auth = sesion_particular(patron_a)
    omision = cliente.get("/api/v1/eventos/preferencias", **auth).json()
    assert omision["dias_notificaciones"] == 1 and omision["dias_obligaciones"] == 3
    assert omision["por_correo"] and omision["por_sms"]
    nuevas = {**omision, "dias_obligaciones": 5, "por_sms": False}
    r = cliente.put("/api/v1/eventos/preferencias", nuevas, content_type="application/json", **auth)
    assert r.status_code == 200 and r.json()["dias_obligaciones"] == 5
    assert Preferencias.objects.get(rfc=a.RFC_A).por_sms is False
    fuera = cliente.put(
        "/api/v1/eventos/preferencias",
        {**omision, "dias_notificaciones": 4},
        content_type="application/json",
        **auth,
    )
    assert fuera.status_code == 400
    assert Preferencias.objects.get(rfc=a.RFC_A).dias_notificaciones == 1
    # B still has the defaults: A's choice is A's only.
    cliente_b, auth_b = sesion_particular(patron_b)
    assert cliente_b.get("/api/v1/eventos/preferencias", **auth_b).json() == omision


def test_aislamiento_de_eventos(patron_a: Patron, patron_b: Patron) -> None:
    """B's registros and pending notification never reach A's calendar (and vice versa)."""
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    a.patron(a.RFC_B, [(a.REGISTRO_B, "JAL", "Guadalajara")])
    aviso = timezone.now() - timedelta(hours=1)
    a.notificacion(a.RFC_B, "N-DE-B", aviso)
    cliente_a, auth_a = sesion_particular(patron_a)
    cliente_b, auth_b = sesion_particular(patron_b)
    hoy = timezone.now().date()
    rango = f"?desde={hoy - timedelta(days=3)}&hasta={hoy + timedelta(days=60)}"
    de_a = cliente_a.get("/api/v1/eventos" + rango, **auth_a).content.decode()
    de_b = cliente_b.get("/api/v1/eventos" + rango, **auth_b).content.decode()
    assert a.REGISTRO_A in de_a and a.REGISTRO_B not in de_a and "N-DE-B" not in de_a
    assert a.REGISTRO_B in de_b and "N-DE-B" in de_b and a.REGISTRO_A not in de_b
    # No parameter selects another RFC: an rfc in the query is ignored.
    intento = cliente_a.get(f"/api/v1/eventos{rango}&rfc={a.RFC_B}", **auth_a).content.decode()
    assert "N-DE-B" not in intento


def test_plazo_de_requerimiento_por_un_oficial(patron_a: Patron, hacer_funcionario: Any) -> None:
    """An official of the subdelegación records the plazo; the particular then sees the
    deadline. Another subdelegación's official gets 404; an act that is no requerimiento, 400."""
    a.patron(a.RFC_A, [])
    aviso = timezone.now() - timedelta(days=10)
    req = a.notificacion(a.RFC_A, "R-API", aviso, tipo="7.6", abierta=aviso + timedelta(hours=1))
    otro = a.notificacion(a.RFC_A, "N-API", aviso, abierta=aviso + timedelta(hours=1))
    notificador = hacer_funcionario()
    ruta = f"/api/v1/oficina/eventos/requerimientos/{req.pk}/plazo"
    cuerpo = {"dias_habiles": 30, "fundamento": "Oficio, punto tercero"}
    r = notificador.cliente.put(
        ruta, cuerpo, content_type="application/json", **notificador.encabezados()
    )
    assert r.status_code == 200, r.content
    assert r.json()["folio"] == "R-API" and r.json()["dias_habiles"] == 30
    no_req = notificador.cliente.put(
        f"/api/v1/oficina/eventos/requerimientos/{otro.pk}/plazo",
        cuerpo,
        content_type="application/json",
        **notificador.encabezados(),
    )
    assert no_req.status_code == 400 and no_req.json()["error"] == "no_es_requerimiento"
    lejano = hacer_funcionario("PELJ750505AB1", "notificador", "Tijuana")
    ajeno = lejano.cliente.put(
        ruta, cuerpo, content_type="application/json", **lejano.encabezados()
    )
    assert ajeno.status_code == 404
    # A particular's session cannot record one.
    cliente, auth = sesion_particular(patron_a)
    assert cliente.put(ruta, cuerpo, content_type="application/json", **auth).status_code == 401
    hoy = timezone.now().date()
    eventos = cliente.get(
        f"/api/v1/eventos?desde={hoy}&hasta={hoy + timedelta(days=60)}", **auth
    ).json()["eventos"]
    assert [e["folio"] for e in eventos if e["clase"] == "requerimiento"] == ["R-API"]
