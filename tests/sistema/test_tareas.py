"""Periodic steps claimed in the database: once per period for the whole installation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from django.db import connection

from buzon.sistema.models import TareaPeriodica
from buzon.sistema.trabajo import reclamar_tarea
from tests.hilos import a_la_vez

HORA = timedelta(hours=1)
T0 = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_una_vez_por_periodo() -> None:
    assert reclamar_tarea("recordatorios", HORA, T0)
    assert not reclamar_tarea("recordatorios", HORA, T0 + timedelta(minutes=59))
    assert reclamar_tarea("otra", HORA, T0)  # each task has its own period
    assert reclamar_tarea("recordatorios", HORA, T0 + HORA)
    fila = TareaPeriodica.objects.get(nombre="recordatorios")
    assert (fila.ultima, fila.proxima) == (T0 + HORA, T0 + 2 * HORA)


@pytest.mark.django_db
def test_un_reloj_atrasado_mas_de_un_periodo_la_vuelve_a_dar() -> None:
    assert reclamar_tarea("recordatorios", HORA, T0)
    assert not reclamar_tarea("recordatorios", HORA, T0 - timedelta(minutes=30))
    assert reclamar_tarea("recordatorios", HORA, T0 - timedelta(hours=2))


@pytest.mark.django_db(transaction=True)
def test_procesos_simultaneos_la_reclaman_una_sola_vez() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer: the concurrency is PostgreSQL's")
    ganadas = a_la_vez(
        *[
            partial(reclamar_tarea, "recordatorios", HORA, T0 + timedelta(seconds=i))
            for i in range(6)
        ]
    )
    assert sorted(ganadas) == [False] * 5 + [True]
