"""What the emisiones read from the ledger: the movements of a period set-based, the prima in
force, the zone of a registro."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buzon.comun.errores import ErrorBuzon
from buzon.cuotas import selectors
from buzon.cuotas.selectors import movimientos_del_periodo, prima_vigente, primas_vigentes
from buzon.padron.selectors import zona_salario_de, zonas_salario_de
from tests.cuotas.ayudas import (
    ENCABEZADO_PRIMAS,
    OTRO_REGISTRO,
    REGISTRO,
    correr,
    curp,
    escribir,
    movimiento,
    nss,
    padron,
)

pytestmark = pytest.mark.django_db

ABRIL = (date(2026, 4, 1), date(2026, 4, 30))


def test_movimientos_del_periodo(tmp_path: Path) -> None:
    padron()
    filas = [
        # 1: alta in force at the start, with its history since that alta.
        movimiento("08", "2020-01-01", "300.00", n=1),
        movimiento("02", "2021-06-30", "", n=1),
        movimiento("08", "2025-01-06", "400.00", n=1),
        movimiento("07", "2026-02-01", "450.00", n=1),
        movimiento("11", "2026-02-10", "", "2", n=1),  # too early to reach April
        movimiento("12", "2026-03-25", "", "10", n=1),  # reaches April
        movimiento("07", "2026-04-15", "500.00", n=1),
        movimiento("07", "2026-05-01", "550.00", n=1),  # after the period
        # 2: left before the period: nothing of it.
        movimiento("08", "2024-01-01", "300.00", n=2, curp_=curp(2)),
        movimiento("02", "2026-03-31", "", n=2, curp_=curp(2)),
        # 3: baja on the period's first day still counts; alta on the same day as a baja.
        movimiento("08", "2025-01-01", "300.00", n=3, curp_=curp(3)),
        movimiento("02", "2026-04-01", "", n=3, curp_=curp(3)),
        # 4: another registro, alta inside the period.
        movimiento("08", "2026-04-20", "800.00", registro=OTRO_REGISTRO, n=4, curp_=curp(4)),
    ]
    assert correr("importar", str(escribir(tmp_path, filas)))[0] == 0
    with CaptureQueriesContext(connection) as consultas:
        columnas = movimientos_del_periodo([OTRO_REGISTRO, REGISTRO, REGISTRO], *ABRIL)
    assert len(consultas) == 1
    assert list(columnas.por_trabajador()) == [
        (
            REGISTRO,
            nss(1),
            [
                ("08", date(2025, 1, 6), Decimal("400.00"), None),
                ("07", date(2026, 2, 1), Decimal("450.00"), None),
                ("12", date(2026, 3, 25), None, 10),
                ("07", date(2026, 4, 15), Decimal("500.00"), None),
            ],
        ),
        (
            REGISTRO,
            nss(3),
            [
                ("08", date(2025, 1, 1), Decimal("300.00"), None),
                ("02", date(2026, 4, 1), None, None),
            ],
        ),
        (OTRO_REGISTRO, nss(4), [("08", date(2026, 4, 20), Decimal("800.00"), None)]),
    ]
    assert len(columnas) == 7 and columnas.registro[0] == REGISTRO
    assert isinstance(columnas.sbc[0], Decimal) and columnas.dias[2] == 10
    assert len(movimientos_del_periodo(["B0000000001"], *ABRIL)) == 0


def test_una_consulta_por_bloque_de_registros(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    padron()
    correr("importar", str(escribir(tmp_path, [movimiento(), movimiento(registro=OTRO_REGISTRO)])))
    monkeypatch.setattr(selectors, "BLOQUE_REGISTROS", 1)
    with CaptureQueriesContext(connection) as consultas:
        columnas = movimientos_del_periodo([REGISTRO, OTRO_REGISTRO], *ABRIL)
    assert len(consultas) == 2 and columnas.registro == [REGISTRO, OTRO_REGISTRO]
    with pytest.raises(ValueError, match="anterior"):
        movimientos_del_periodo([REGISTRO], ABRIL[1], ABRIL[0])


def test_prima_vigente_de_marzo_a_febrero(tmp_path: Path) -> None:
    padron()
    filas = [(REGISTRO, "2024-03-01", "0.54355"), (REGISTRO, "2026-03-01", "1.13065")]
    correr("primas", str(escribir(tmp_path, filas, nombre="p.csv", encabezado=ENCABEZADO_PRIMAS)))
    assert prima_vigente(REGISTRO, date(2024, 3, 1)) == Decimal("0.54355")
    # 2025-03-01 brought no new prima: the one in force stays (LSS 74) [I-57].
    assert prima_vigente(REGISTRO, date(2026, 2, 28)) == Decimal("0.54355")
    assert prima_vigente(REGISTRO, date(2026, 3, 1)) == Decimal("1.13065")
    assert primas_vigentes([REGISTRO, OTRO_REGISTRO], date(2027, 1, 31)) == {
        REGISTRO: Decimal("1.13065")
    }
    with pytest.raises(ErrorBuzon) as error:
        prima_vigente(REGISTRO, date(2024, 2, 29))
    assert (error.value.codigo, error.value.estado) == ("sin_prima", 404)
    with pytest.raises(ErrorBuzon, match="registro patronal"):
        prima_vigente("malo", date(2026, 3, 1))


def test_zona_de_salario_de_un_registro() -> None:
    padron(REGISTRO)
    padron(OTRO_REGISTRO, zona_salario="zlfn")
    assert zona_salario_de("y54-12345-10-8") == "general"
    assert zona_salario_de(OTRO_REGISTRO) == "zlfn"
    assert zonas_salario_de([REGISTRO, OTRO_REGISTRO, "B0000000001"]) == {
        REGISTRO: "general",
        OTRO_REGISTRO: "zlfn",
    }
    with pytest.raises(ErrorBuzon) as error:
        zona_salario_de("B0000000001")
    assert (error.value.codigo, error.value.estado) == ("registro_desconocido", 404)
