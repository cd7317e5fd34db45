"""Movements that make no sense are errors naming the movement (LSS 15-I, 31, 37) [I-58, I-59]."""

from __future__ import annotations

from decimal import Decimal

import pytest

from buzon.legal.cuotas import movimientos as mov
from buzon.legal.errores import ErrorLegal
from tests.legal.cuotas.ayudas import cuotas, lista

ALTA = ("08", "2026-01-05", "500.00")


@pytest.mark.parametrize(
    ("filas", "mensaje"),
    [
        ([("02", "2026-04-10")], r"El movimiento 1 \(02 baja del 2026-04-10\) no tiene un alta"),
        (
            [("07", "2026-04-10", "600")],
            r"movimiento 1 \(07 modificación de salario.*no tiene un alta",
        ),
        ([ALTA, ("02", "2026-02-01"), ("07", "2026-03-01", "600")], r"movimiento 3 \(07"),
        (
            [ALTA, ("08", "2026-03-01", "600")],
            r"movimiento 2 \(08 alta o reingreso del 2026-03-01\).*"
            r"sigue vigente por el movimiento 1",
        ),
        (
            [ALTA, ("02", "2026-03-01"), ("08", "2026-03-01", "600")],
            r"la baja del 2026-03-01 cuenta",
        ),
        ([ALTA, ("07", "2026-01-05", "600")], r"movimiento 2 .*mismo día que el movimiento 1"),
        ([ALTA, ("07", "2026-02-01", "600"), ("07", "2026-02-01", "700")], r"mismo día"),
        (
            [ALTA, ("02", "2026-03-01"), ("02", "2026-03-05")],
            r"movimiento 3 \(02.*no tiene un alta",
        ),
        ([("11", "2026-04-01", 2)], r"movimiento 1 \(11 ausentismo.*no está vigente el 2026-04-01"),
        ([ALTA, ("02", "2026-04-10"), ("12", "2026-04-09", 3)], r"no está vigente el 2026-04-11"),
        (
            [ALTA, ("11", "2026-04-06", 2), ("12", "2026-04-07", 3)],
            r"a la vez ausentismo e incapacidad",
        ),
        ([ALTA, ("12", "2026-04-01", 10), ("12", "2026-04-05", 2)], r"movimiento 3 .*repite días"),
        (
            [ALTA, ("11", "2026-04-01", 4), ("11", "2026-04-10", 4)],
            r"movimiento 3 .*lleva a 8 .*abril de 2026",
        ),
        ([ALTA, ("11", "2026-04-01", 8)], r"8 o más días consecutivos"),
        (
            [ALTA, ("11", "2026-04-27", 4), ("11", "2026-05-01", 4)],
            r"consecutivos .*2026-04-27 al 2026-05-04",
        ),
    ],
)
def test_movimientos_sin_sentido(filas: list[tuple[str, ...]], mensaje: str) -> None:
    with pytest.raises(ErrorLegal, match=mensaje):
        mov.validar(lista(*filas))  # type: ignore[arg-type]


def test_siete_ausentismos_al_mes_si_y_la_baja_del_mismo_dia_que_el_alta() -> None:
    historia = mov.validar(lista(ALTA, ("11", "2026-04-01", 3), ("11", "2026-04-20", 4)))
    assert len(historia.ausentismos) == 2
    # 7 in April and 7 in May, not consecutive across the month: allowed.
    mov.validar(lista(ALTA, ("11", "2026-04-24", 7), ("11", "2026-05-02", 7)))
    un_dia = cuotas("2026-04", ("08", "2026-04-15", "500.00"), ("02", "2026-04-15"))
    assert un_dia.dias.cotizados == 1
    # Reingreso the day after the baja: two vigencias.
    assert (
        len(mov.validar(lista(ALTA, ("02", "2026-03-01"), ("08", "2026-03-02", "9"))).vigencias)
        == 2
    )


@pytest.mark.parametrize(
    ("valor", "mensaje"),
    [
        ("x", "Movimiento 1: debe ser un objeto JSON"),
        ({"tipo": "09", "fecha": "2026-04-01"}, "«tipo» debe ser uno de 08"),
        ({"tipo": "08", "fecha": "2026-4-1", "sbc": "1"}, "«fecha» debe ser AAAA-MM-DD"),
        ({"tipo": "08", "fecha": "2026-04-01"}, "necesita «sbc»"),
        ({"tipo": "08", "fecha": "2026-04-01", "sbc": "500.001"}, "hasta dos decimales"),
        ({"tipo": "08", "fecha": "2026-04-01", "sbc": 0}, "mayor que 0"),
        ({"tipo": "08", "fecha": "2026-04-01", "sbc": True}, "hasta dos decimales"),
        ({"tipo": "08", "fecha": "2026-04-01", "sbc": "NaN"}, "hasta dos decimales"),
        ({"tipo": "02", "fecha": "2026-04-01", "sbc": "1"}, "no lleva «sbc»"),
        ({"tipo": "11", "fecha": "2026-04-01"}, "necesita «dias»"),
        ({"tipo": "11", "fecha": "2026-04-01", "dias": 0}, "entero de 1 o más"),
        ({"tipo": "12", "fecha": "9999-12-30", "dias": 5}, "más allá del año 9999"),
        ({"tipo": "08", "fecha": "2026-04-01", "sbc": "1", "dias": 2}, "no lleva «dias»"),
        ({"tipo": "08", "fecha": "2026-04-01", "sueldo": "1"}, "clave desconocida «sueldo»"),
    ],
)
def test_campos_de_un_movimiento(valor: object, mensaje: str) -> None:
    with pytest.raises(ErrorLegal, match=mensaje):
        mov.leer_movimiento(valor, 1)


def test_leer_movimientos_conserva_el_sbc_exacto() -> None:
    m = mov.leer_movimientos([{"tipo": "08", "fecha": "2026-04-01", "sbc": Decimal("500.1")}])
    assert m[0].sbc == Decimal("500.10")
    with pytest.raises(ErrorLegal, match="debe ser una lista"):
        mov.leer_movimientos({"tipo": "08"})
