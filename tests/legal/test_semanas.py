"""Semanas cotizadas (relación 4.2, 10.5): table tests of the pure rules [I-115, I-116, I-118]."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buzon.legal.cuotas.movimientos import Movimiento
from buzon.legal.errores import ErrorLegal
from buzon.legal.semanas import Ajuste, calcular, contar, empleos_de, restar, unir

HOY = date(2026, 12, 1)


def movs(*filas: tuple[str, str] | tuple[str, str, str | int]) -> list[Movimiento]:
    salida = []
    for n, fila in enumerate(filas, 1):
        tipo, fecha = fila[0], date.fromisoformat(fila[1])
        extra = fila[2] if len(fila) > 2 else None
        sbc = Decimal(str(extra)) if tipo in ("08", "07") else None
        dias = int(extra) if tipo in ("11", "12") and extra is not None else None
        salida.append(Movimiento(n, tipo, fecha, sbc, dias))
    return salida


def test_unir_restar_contar() -> None:
    assert unir([(5, 9), (1, 3), (4, 4), (12, 12)]) == [(1, 9), (12, 12)]
    assert restar([(1, 10)], [(3, 4), (10, 12)]) == [(1, 2), (5, 9)]
    assert contar([(1, 2), (5, 9)]) == 7


@pytest.mark.parametrize(
    ("dias", "semanas", "resto"),
    [(1, 0, 1), (6, 0, 6), (7, 1, 0), (8, 1, 1), (55, 7, 6), (56, 8, 0), (365, 52, 1)],
)
def test_semanas_enteras_y_residuo(dias: int, semanas: int, resto: int) -> None:
    alta = date(2020, 1, 1)
    baja = alta + timedelta(days=dias - 1)
    empleos = empleos_de("Y5412345108", movs(("08", str(alta), 500), ("02", str(baja))), HOY)
    r = calcular(empleos)
    assert (r.dias, r.semanas_cotizadas, r.dias_restantes) == (dias, semanas, resto)


def test_el_dia_de_la_baja_cuenta_y_un_empleo_abierto_llega_a_hoy() -> None:
    (e,) = empleos_de("Y5412345108", movs(("08", "2026-11-25", 400)), HOY)
    assert e.baja is None and e.dias_reconocidos == 7
    (e,) = empleos_de("Y5412345108", movs(("08", "2026-11-25", 400), ("02", "2026-11-25")), HOY)
    assert e.baja == date(2026, 11, 25) and e.dias_reconocidos == 1


def test_ausentismo_se_resta_e_incapacidad_se_cuenta() -> None:
    empleos = empleos_de(
        "Y5412345108",
        movs(
            ("08", "2026-03-01", 500),
            ("11", "2026-03-10", 3),
            ("12", "2026-03-20", 5),
            ("02", "2026-03-31"),
        ),
        HOY,
    )
    (e,) = empleos
    assert (e.dias_vigentes, e.dias_ausentismo, e.dias_incapacidad) == (31, 3, 5)
    assert e.dias_reconocidos == 28
    assert calcular(empleos).semanas_cotizadas == 4


def test_ultimo_sbc_y_reingresos() -> None:
    empleos = empleos_de(
        "Y5412345108",
        movs(
            ("08", "2024-01-01", 300),
            ("07", "2024-06-01", "350.5"),
            ("02", "2024-12-31"),
            ("08", "2025-02-01", 420),
            ("07", "2027-01-01", 999),  # after the constancia: not yet
        ),
        HOY,
    )
    assert [(e.alta, e.baja, e.ultimo_sbc) for e in empleos] == [
        (date(2024, 1, 1), date(2024, 12, 31), Decimal("350.50")),
        (date(2025, 2, 1), None, Decimal("420.00")),
    ]


def test_dos_patrones_simultaneos_cuentan_los_dias_una_vez() -> None:
    a = empleos_de("Y5412345108", movs(("08", "2026-01-01", 500), ("02", "2026-01-31")), HOY)
    b = empleos_de("Z1234567890", movs(("08", "2026-01-15", 300), ("02", "2026-02-14")), HOY)
    r = calcular(a + b)
    assert [e.dias_reconocidos for e in r.empleos] == [31, 31]
    assert r.dias == 45  # 1 Jan – 14 Feb
    assert r.dias_traslapados == 17
    assert (r.semanas_cotizadas, r.dias_restantes) == (6, 3)


def test_un_ausentismo_en_un_patron_no_quita_el_dia_cotizado_en_otro() -> None:
    a = empleos_de(
        "Y5412345108",
        movs(("08", "2026-01-01", 500), ("11", "2026-01-05", 2), ("02", "2026-01-07")),
        HOY,
    )
    b = empleos_de("Z1234567890", movs(("08", "2026-01-01", 300), ("02", "2026-01-07")), HOY)
    assert calcular(a).dias == 5
    assert calcular(a + b).dias == 7


def test_descontadas_y_reintegradas() -> None:
    empleos = empleos_de("Y5412345108", movs(("08", "2016-01-04", 500), ("02", "2025-12-28")), HOY)
    base = calcular(empleos).semanas_cotizadas
    assert base == 521
    r = calcular(
        empleos,
        [
            Ajuste("descontadas", date(2026, 2, 20), 75, "RD-1"),
            Ajuste("reintegradas", date(2026, 6, 1), 30, "RI-1"),
        ],
    )
    assert (r.descontadas, r.reintegradas, r.semanas_netas) == (75, 30, base - 45)
    assert r.dias_restantes == calcular(empleos).dias_restantes


def test_no_se_reintegra_lo_que_no_se_desconto() -> None:
    with pytest.raises(ErrorLegal, match="más semanas reintegradas que descontadas"):
        calcular(
            [],
            [
                Ajuste("reintegradas", date(2026, 1, 1), 10),
                Ajuste("descontadas", date(2026, 2, 1), 10),
            ],
        )
    # the same day: the descuento comes first
    r = calcular(
        [],
        [Ajuste("reintegradas", date(2026, 1, 1), 10), Ajuste("descontadas", date(2026, 1, 1), 10)],
    )
    assert r.semanas_netas == 0


def test_movimientos_incongruentes_nombran_el_registro() -> None:
    with pytest.raises(ErrorLegal, match=r"Registro patronal Y5412345108: .*no tiene un alta"):
        empleos_de("Y5412345108", movs(("02", "2026-01-01")), HOY)


# ------------------------------------------------------------- against a day-by-day reference

_empleo = st.tuples(
    st.integers(0, 400),  # alta, days after 2024-01-01
    st.integers(1, 200),  # length
    st.lists(st.tuples(st.integers(0, 199), st.integers(1, 3)), max_size=3),  # ausentismos
)


@given(st.lists(_empleo, min_size=1, max_size=4))
def test_igual_a_contar_dia_por_dia(empleos: list[tuple[int, int, list[tuple[int, int]]]]) -> None:
    base = date(2024, 1, 1)
    reconocidos: set[date] = set()
    calculados = []
    for n, (inicio, largo, ausencias) in enumerate(empleos):
        alta, baja = base + timedelta(days=inicio), base + timedelta(days=inicio + largo - 1)
        filas: list[tuple[str, str] | tuple[str, str, str | int]] = [("08", str(alta), 500)]
        faltas: set[date] = set()
        for desde, dias in ausencias:
            primero = alta + timedelta(days=desde)
            nuevas = {primero + timedelta(days=k) for k in range(dias)}
            if primero + timedelta(days=dias - 1) > baja or nuevas & faltas or len(faltas) > 3:
                continue
            if any(
                d - timedelta(days=1) in faltas or d + timedelta(days=1) in faltas for d in nuevas
            ):
                continue  # keep runs short and months under the LSS 31-I limit
            faltas |= nuevas
            filas.append(("11", str(primero), dias))
        filas.append(("02", str(baja)))
        dias_vigentes = {alta + timedelta(days=k) for k in range(largo)}
        reconocidos |= dias_vigentes - faltas
        calculados += empleos_de(f"Y{n:010d}", movs(*filas), HOY)
    r = calcular(calculados)
    assert r.dias == len(reconocidos)
    assert (r.semanas_cotizadas, r.dias_restantes) == divmod(len(reconocidos), 7)
