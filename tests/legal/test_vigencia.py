"""Vigencia de derechos (relación 4.3, 10.6; LSS 109): table tests of the pure rule [I-117]."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buzon.legal.vigencia import CONSERVADA, SIN_VIGENCIA, VIGENTE, Relacion, evaluar

R1, R2 = "Y5412345108", "Z1234567890"


def _tras(dias_continuos: int, baja: date = date(2026, 10, 31)) -> list[Relacion]:
    return [Relacion(R1, baja - timedelta(days=dias_continuos - 1), baja)]


def test_vigente_mientras_hay_relacion() -> None:
    v = evaluar([Relacion(R1, date(2026, 11, 20), None)], date(2026, 12, 1))
    assert (v.estado, v.hasta, v.registro) == (VIGENTE, None, R1)
    assert v.con_derecho and "mientras esa relación continúe" in v.motivo


def test_el_dia_de_la_baja_sigue_vigente() -> None:
    v = evaluar([Relacion(R1, date(2026, 1, 1), date(2026, 12, 1))], date(2026, 12, 1))
    assert v.estado == VIGENTE


@pytest.mark.parametrize(("dias", "estado"), [(55, SIN_VIGENCIA), (56, CONSERVADA)])
def test_baja_tras_55_y_56_dias_continuos(dias: int, estado: str) -> None:
    v = evaluar(_tras(dias), date(2026, 11, 1))
    assert v.estado == estado
    assert v.dias_continuos == dias
    assert v.ultima_baja == date(2026, 10, 31)
    if estado == CONSERVADA:
        assert v.hasta == date(2026, 12, 26)  # 31 Oct + 56 days
        assert "hasta el 26 de diciembre de 2026" in v.motivo
    else:
        assert v.hasta is None
        assert "7 semanas y 6 días" in v.motivo and "56 días" in v.motivo


def test_la_conservacion_dura_exactamente_56_dias() -> None:
    relaciones = _tras(200)
    assert evaluar(relaciones, date(2026, 12, 26)).estado == CONSERVADA
    v = evaluar(relaciones, date(2026, 12, 27))
    assert (v.estado, v.hasta) == (SIN_VIGENCIA, date(2026, 12, 26))
    assert "ya terminó" in v.motivo


def test_dos_patrones_encadenados_sin_hueco_suman_la_corrida() -> None:
    relaciones = [
        Relacion(R1, date(2026, 9, 1), date(2026, 9, 30)),  # 30 days
        Relacion(R2, date(2026, 10, 1), date(2026, 10, 26)),  # 26 days, adjacent
    ]
    v = evaluar(relaciones, date(2026, 11, 1))
    assert (v.estado, v.dias_continuos, v.registro) == (CONSERVADA, 56, R2)


def test_un_hueco_de_un_dia_interrumpe() -> None:
    relaciones = [
        Relacion(R1, date(2026, 9, 1), date(2026, 9, 29)),
        Relacion(R2, date(2026, 10, 1), date(2026, 10, 26)),
    ]
    assert evaluar(relaciones, date(2026, 11, 1)).estado == SIN_VIGENCIA


def test_dos_patrones_simultaneos_no_duplican_dias() -> None:
    relaciones = [
        Relacion(R1, date(2026, 9, 6), date(2026, 10, 31)),  # 56 days
        Relacion(R2, date(2026, 9, 10), date(2026, 10, 20)),
    ]
    v = evaluar(relaciones, date(2026, 11, 1))
    assert (v.estado, v.dias_continuos, v.registro) == (CONSERVADA, 56, R1)
    solo_simultaneos = [
        Relacion(R1, date(2026, 9, 7), date(2026, 10, 31)),  # 55 days
        Relacion(R2, date(2026, 9, 7), date(2026, 10, 31)),
    ]
    assert evaluar(solo_simultaneos, date(2026, 11, 1)).estado == SIN_VIGENCIA


def test_sin_relaciones_o_solo_futuras() -> None:
    assert evaluar([], date(2026, 12, 1)).estado == SIN_VIGENCIA
    v = evaluar([Relacion(R1, date(2027, 1, 1), None)], date(2026, 12, 1))
    assert v.estado == SIN_VIGENCIA and "ninguna relación laboral" in v.motivo


# ------------------------------------------------------------- against a day-by-day reference

_relacion = st.tuples(st.integers(0, 300), st.one_of(st.none(), st.integers(1, 120)))


@given(st.lists(_relacion, max_size=4), st.integers(0, 500))
def test_igual_a_contar_dia_por_dia(relaciones: list[tuple[int, int | None]], n: int) -> None:
    base = date(2025, 1, 1)
    dia = base + timedelta(days=n)
    lista = [
        Relacion(
            f"Y{i:010d}",
            base + timedelta(days=a),
            None if d is None else base + timedelta(days=a + d - 1),
        )
        for i, (a, d) in enumerate(relaciones)
    ]
    cubiertos = {
        r.alta + timedelta(days=k)
        for r in lista
        for k in range(((r.baja or dia) - r.alta).days + 1)
        if r.alta + timedelta(days=k) <= dia
    }
    v = evaluar(lista, dia)
    if dia in cubiertos:
        assert v.estado == VIGENTE
        return
    anteriores = [d for d in cubiertos if d < dia]
    if not anteriores:
        assert (v.estado, v.hasta) == (SIN_VIGENCIA, None)
        return
    baja = max(anteriores)
    corrida = 0
    while baja - timedelta(days=corrida) in cubiertos:
        corrida += 1
    assert (v.ultima_baja, v.dias_continuos) == (baja, corrida)
    if corrida < 56:
        assert (v.estado, v.hasta) == (SIN_VIGENCIA, None)
    else:
        hasta = baja + timedelta(days=56)
        assert v.hasta == hasta
        assert v.estado == (CONSERVADA if dia <= hasta else SIN_VIGENCIA)
