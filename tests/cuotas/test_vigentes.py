"""Workers in force per registro on a day (`cuotas.vigentes.trabajadores_vigentes`) [I-58, I-65]:
the vigencia's both ends, reingresos, one-day jobs, other movement types, one query per chunk."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buzon.cuotas import vigentes
from buzon.cuotas.vigentes import trabajadores_vigentes
from tests.cuotas.ayudas import OTRO_REGISTRO, REGISTRO, correr, escribir, movimiento, padron

pytestmark = pytest.mark.django_db


def _ledger(tmp_path: Path) -> None:
    padron()
    filas = [
        # 1: alta 2026-01-05, baja 2026-03-31 (the baja's day still counts).
        movimiento("08", "2026-01-05", "500.00", n=1),
        movimiento("02", "2026-03-31", "", n=1),
        # 2: alta, baja, reingreso 2026-04-10.
        movimiento("08", "2025-01-01", "400.00", n=2),
        movimiento("02", "2025-12-31", "", n=2),
        movimiento("08", "2026-04-10", "450.00", n=2),
        # 3: a one-day job on 2026-02-02.
        movimiento("08", "2026-02-02", "400.00", n=3),
        movimiento("02", "2026-02-02", "", n=3),
        # 4: alta, salary change, ausentismo: vigente since 2026-01-01, never left.
        movimiento("08", "2026-01-01", "400.00", n=4),
        movimiento("07", "2026-02-01", "420.00", n=4),
        movimiento("11", "2026-03-03", "", "2", n=4),
        # 5: in the other registro.
        movimiento("08", "2026-01-01", "400.00", n=5, registro=OTRO_REGISTRO),
        # 1 again in the other registro from 2026-04-01.
        movimiento("08", "2026-04-01", "500.00", n=1, registro=OTRO_REGISTRO),
    ]
    codigo, resumen, errores = correr("importar", str(escribir(tmp_path, filas)))
    assert codigo == 0, errores
    assert resumen["movimientos_creados"] == len(filas)


@pytest.mark.parametrize(
    ("dia", "esperado"),
    [
        (date(2025, 12, 31), {REGISTRO: 1, OTRO_REGISTRO: 0}),  # 2 on its baja's day
        (date(2026, 1, 1), {REGISTRO: 1, OTRO_REGISTRO: 1}),  # 4 from its alta; 2 left
        (date(2026, 1, 5), {REGISTRO: 2, OTRO_REGISTRO: 1}),
        (date(2026, 2, 2), {REGISTRO: 3, OTRO_REGISTRO: 1}),  # the one-day job
        (date(2026, 2, 3), {REGISTRO: 2, OTRO_REGISTRO: 1}),
        (date(2026, 3, 31), {REGISTRO: 2, OTRO_REGISTRO: 1}),  # 1 on its baja's day
        (date(2026, 4, 1), {REGISTRO: 1, OTRO_REGISTRO: 2}),
        (date(2026, 4, 10), {REGISTRO: 2, OTRO_REGISTRO: 2}),  # 2's reingreso
        (date(2020, 1, 1), {REGISTRO: 0, OTRO_REGISTRO: 0}),
    ],
)
def test_vigentes_por_dia(tmp_path: Path, dia: date, esperado: dict[str, int]) -> None:
    _ledger(tmp_path)
    assert trabajadores_vigentes([REGISTRO, OTRO_REGISTRO], dia) == esperado


def test_desconocidos_y_vacio(tmp_path: Path) -> None:
    _ledger(tmp_path)
    assert trabajadores_vigentes([], date(2026, 4, 1)) == {}
    assert trabajadores_vigentes(["Y0000000001"], date(2026, 4, 1)) == {"Y0000000001": 0}


def test_una_consulta_por_bloque(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _ledger(tmp_path)
    monkeypatch.setattr(vigentes, "BLOQUE_REGISTROS", 2)
    registros = [REGISTRO, OTRO_REGISTRO, "Y0000000001", "Y0000000002", "Y0000000003"]
    with CaptureQueriesContext(connection) as consultas:
        salida = trabajadores_vigentes(registros, date(2026, 4, 10))
    assert len(consultas) == 3
    assert salida == {
        REGISTRO: 2,
        OTRO_REGISTRO: 2,
        "Y0000000001": 0,
        "Y0000000002": 0,
        "Y0000000003": 0,
    }
