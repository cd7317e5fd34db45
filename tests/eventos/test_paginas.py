"""The pages: the calendar with the legal basis of each event, the reminders' preferences, the
.ics link (shown once), the login redirect, and isolation between particulars."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from buzon.cuentas.navegador import COOKIE
from buzon.eventos.models import Preferencias, TokenCalendario
from tests.cuentas.fixtures import Patron, entrar
from tests.eventos import ayudas as a

pytestmark = pytest.mark.django_db


def navegador(patron: Patron) -> Client:
    cliente = Client()
    cliente.cookies[COOKIE] = entrar(Client(), patron)
    return cliente


def test_sin_sesion_lleva_a_entrar() -> None:
    for ruta in (
        "/buzon/calendario-de-eventos/",
        "/buzon/calendario-de-eventos/recordatorios/",
        "/buzon/calendario-de-eventos/enlace/",
    ):
        r = Client().get(ruta)
        assert r.status_code == 302 and r["Location"].startswith("/entrar/")


def test_calendario_con_fundamento(patron_a: Patron) -> None:
    a.patron(a.RFC_A, [(a.REGISTRO_A, "JAL", "Guadalajara")])
    r = navegador(patron_a).get("/buzon/calendario-de-eventos/?desde=2026-09-01&hasta=2026-09-30")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Septiembre de 2026" in html
    assert 'data-clave="cuotas_mensuales" data-fecha="2026-09-17"' in html
    assert "LSS art. 39" in html and a.REGISTRO_A in html
    assert "11 de septiembre de 2026" in html  # the reminder's day
    malo = navegador(patron_a).get(
        "/buzon/calendario-de-eventos/?desde=2026-09-30&hasta=2026-09-01"
    )
    assert malo.status_code == 400 and "anterior" in malo.content.decode()


def test_guardar_preferencias(patron_a: Patron, patron_b: Patron) -> None:
    cliente = navegador(patron_a)
    datos = {
        "recordar_notificaciones": "si",
        "dias_notificaciones": "2",
        "recordar_obligaciones": "si",
        "dias_obligaciones": "4",
        "dias_requerimientos": "3",
        "por_correo": "si",
    }
    r = cliente.post("/buzon/calendario-de-eventos/recordatorios/", datos)
    assert r.status_code == 302
    p = Preferencias.objects.get(rfc=a.RFC_A)
    assert (p.dias_notificaciones, p.dias_obligaciones, p.por_sms, p.recordar_requerimientos) == (
        2,
        4,
        False,
        False,
    )
    assert "guardaron" in cliente.get(r["Location"]).content.decode()
    malo = cliente.post(
        "/buzon/calendario-de-eventos/recordatorios/", {**datos, "dias_obligaciones": "11"}
    )
    assert malo.status_code == 400 and 'aria-invalid="true"' in malo.content.decode()
    assert not Preferencias.objects.filter(rfc=a.RFC_B).exists()
    html_b = navegador(patron_b).get("/buzon/calendario-de-eventos/recordatorios/").content.decode()
    assert 'name="dias_obligaciones" min="1" max="10" value="3"' in html_b


def test_enlace_se_muestra_una_vez(patron_a: Patron, patron_b: Patron) -> None:
    cliente = navegador(patron_a)
    assert "sin-enlace" in cliente.get("/buzon/calendario-de-eventos/enlace/").content.decode()
    creado = cliente.post("/buzon/calendario-de-eventos/enlace/", {"accion": "crear"})
    html = creado.content.decode()
    assert creado["Cache-Control"] == "no-store"
    url = re.search(r'value="(http[^"]+\.ics)"', html)
    assert url is not None
    token = url.group(1).rsplit("/", 1)[1].removesuffix(".ics")
    assert Client().get(f"/calendario-de-eventos/{token}.ics").status_code == 200
    despues = cliente.get("/buzon/calendario-de-eventos/enlace/").content.decode()
    assert token not in despues and "hay-enlace" in despues
    # B's page says B has none, and B's revocation does not touch A's.
    cliente_b = navegador(patron_b)
    assert "sin-enlace" in cliente_b.get("/buzon/calendario-de-eventos/enlace/").content.decode()
    cliente_b.post("/buzon/calendario-de-eventos/enlace/", {"accion": "revocar"})
    assert TokenCalendario.objects.get(rfc=a.RFC_A).revocado is None
    cliente.post("/buzon/calendario-de-eventos/enlace/", {"accion": "revocar"})
    assert Client().get(f"/calendario-de-eventos/{token}.ics").status_code == 404


def test_recordatorios_enviados_solo_los_propios(patron_a: Patron, patron_b: Patron) -> None:
    from datetime import datetime

    from buzon.eventos.recordatorios import do_enviar_recordatorios

    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    a.patron(a.RFC_B, [(a.REGISTRO_B, "JAL", "Guadalajara")], habilitado=False)
    do_enviar_recordatorios(datetime.fromisoformat("2026-09-11T12:00:00-06:00"))
    html_a = navegador(patron_a).get("/buzon/calendario-de-eventos/recordatorios/").content
    html_b = navegador(patron_b).get("/buzon/calendario-de-eventos/recordatorios/").content
    assert html_a.decode().count("<tr><td>") == 2 and "17 de septiembre de 2026" in html_a.decode()
    assert b"sin-enviados" in html_b
