"""`buzon demo`'s part: preferences, the requerimiento's plazo (once), and a working feed link."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client

from buzon.eventos.models import PlazoRequerimiento, Preferencias
from buzon.oficina.servicios import do_alta_oficial
from buzon.sistema.demo.comun import HABILITADO, NOTIFICADOR
from buzon.sistema.demo.eventos import DIAS_REQUERIMIENTO, cargar_eventos
from tests.eventos import ayudas as a

pytestmark = pytest.mark.django_db


def test_demo_de_eventos() -> None:
    a.patron(HABILITADO[0], [(a.REGISTRO_A, "CMX", "Centro")])
    do_alta_oficial(
        rfc=NOTIFICADOR.rfc, nombre=NOTIFICADOR.nombre, rol="notificador", subdelegacion="Centro"
    )
    a.notificacion(
        HABILITADO[0],
        "REQ-DEMO",
        datetime.fromisoformat("2026-09-11T10:00:00-06:00"),
        tipo="7.9",
        abierta=datetime.fromisoformat("2026-09-14T10:00:00-06:00"),
    )
    ahora = datetime.fromisoformat("2026-09-15T10:00:00-06:00")
    rutas = cargar_eventos(ahora)
    segunda = cargar_eventos(ahora)
    assert PlazoRequerimiento.objects.get().dias_habiles == DIAS_REQUERIMIENTO
    assert Preferencias.objects.get(rfc=HABILITADO[0]).presta_servicios_especializados
    assert Client().get(rutas["ics"]).status_code == 404  # replaced by the second run
    feed = Client().get(segunda["ics"])
    assert feed.status_code == 200 and b"BEGIN:VEVENT" in feed.content
