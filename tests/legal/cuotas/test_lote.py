"""The batch path equals the reference path, centavo for centavo; exact at the int64 bound."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buzon.legal.cuotas import lote, referencia, tramos
from buzon.legal.cuotas import movimientos as mov
from buzon.legal.cuotas.parametros import ZONAS, Parametros, cargar, vigentes
from buzon.legal.cuotas.periodos import Periodo, bimestral, leer_periodo, mensual
from buzon.legal.errores import ErrorLegal
from tests.legal.cuotas.ayudas import D, lista

PERIODOS = [mensual(a, m) for a in range(2022, 2027) for m in range(1, 13)]
PERIODOS += [bimestral(a, b) for a in range(2022, 2027) for b in range(1, 7)]
PRIMAS = [D("0.5"), D("0.54355"), D("2.59840"), D("7.58875"), D("15")]


def _en_lote(
    historias: list[mov.Historia], periodo: Periodo, primas: list[Decimal], zonas: list[int],
    p: Parametros | None = None,
) -> lote.ResultadoLote:  # fmt: skip
    p = p or vigentes()
    t = tramos.de_historias(historias, periodo, p)
    prima = None
    if periodo.emision == "EMA":
        prima = np.array([lote.unidades_de_tasa(x) for x in primas], np.int64)
    return lote.calcular(t, periodo, prima, np.array(zonas, np.int8), p)


def _referencia(
    h: mov.Historia, periodo: Periodo, prima: Decimal, zona: int, p: Parametros | None = None
) -> referencia.Cuotas:
    usada = prima if periodo.emision == "EMA" else None
    return referencia.calcular(h, periodo, usada, ZONAS[zona], p or vigentes())


def _limites_exactos(periodo: Periodo) -> list[int]:
    """SBCs in centavos at and one centavo above each CyV bound, 3 UMA and the 25 UMA cap, with
    the UMA of each of the period's days."""
    p = vigentes()
    salida = [1_000_000]
    for dia in {periodo.inicio, periodo.fin}:
        uma = p.uma_del_dia(dia)
        veces = [b.hasta_uma for b in p.bandas_cyv[1:-1] if b.hasta_uma] + [D(3), D(25)]
        for v in veces:
            abajo = int((v * uma * 100).to_integral_value(rounding="ROUND_FLOOR"))
            salida += [abajo, abajo + 1]
    return salida


@st.composite
def trabajadores(
    draw: st.DrawFn, periodo: Periodo, zona: int, sobre_minimo: bool = False
) -> mov.Historia:
    """A worker whose movements make sense, around `periodo`, SBC ≥ that year's minimum wage."""
    minimo = vigentes().salario_minimo_del_dia(periodo.fin, ZONAS[zona])
    piso = tramos.centavos(minimo) + (1 if sobre_minimo else 0)
    limites = _limites_exactos(periodo)
    sbc = st.one_of(
        st.just(piso),
        st.integers(piso, piso + 60_000),
        st.integers(piso, 600_000),
        st.sampled_from(limites).filter(lambda c: c >= piso),
    )
    filas: list[tuple[Any, ...]] = []
    cursor = periodo.inicio - timedelta(days=draw(st.integers(0, 70)))
    # At most two ausentismos of ≤ 3 days for the whole history (across altas too): never more
    # than 7 in a month nor 8 in a row (LSS 31-I), which `validar` refuses [I-59].
    ausentismos = 0
    for _ in range(draw(st.integers(1, 2))):
        alta = cursor
        filas.append(("08", alta, draw(sbc)))
        fin = alta + timedelta(days=draw(st.integers(0, 80)))
        cerrada = draw(st.booleans())
        dia = alta
        for _ in range(draw(st.integers(0, 2))):
            dia += timedelta(days=draw(st.integers(1, 25)))
            if cerrada and dia > fin:
                break
            filas.append(("07", dia, draw(sbc)))
        dia = alta + timedelta(days=draw(st.integers(0, 10)))
        for _ in range(draw(st.integers(0, 3))):
            incapacidad = ausentismos >= 2 or draw(st.booleans())
            dias = draw(st.integers(1, 12 if incapacidad else 3))
            if cerrada and dia + timedelta(days=dias - 1) > fin:
                break
            filas.append(("12" if incapacidad else "11", dia, dias))
            ausentismos += not incapacidad
            dia += timedelta(days=dias + draw(st.integers(1, 8)))
        if not cerrada:
            break
        filas.append(("02", fin))
        cursor = fin + timedelta(days=draw(st.integers(1, 20)))
    movimientos = [
        mov.Movimiento(
            n,
            f[0],
            f[1],
            Decimal(f[2]) / 100 if f[0] in ("08", "07") else None,
            f[2] if f[0] in ("11", "12") else None,
        )
        for n, f in enumerate(draw(st.permutations(filas)), start=1)
    ]
    return mov.validar(movimientos)


@st.composite
def lotes(draw: st.DrawFn) -> tuple[Periodo, list[mov.Historia], list[Decimal], list[int]]:
    periodo = draw(st.sampled_from(PERIODOS))
    n = draw(st.integers(1, 6))
    zonas = [draw(st.integers(0, 1)) for _ in range(n)]
    historias = [draw(trabajadores(periodo, z)) for z in zonas]
    return periodo, historias, [draw(st.sampled_from(PRIMAS)) for _ in range(n)], zonas


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lotes())
def test_lote_igual_a_referencia(
    caso: tuple[Periodo, list[mov.Historia], list[Decimal], list[int]],
) -> None:
    periodo, historias, primas, zonas = caso
    resultado = _en_lote(historias, periodo, primas, zonas)
    assert not resultado.bajo_minimo.any()
    for i, h in enumerate(historias):
        assert resultado.fila(i) == _referencia(h, periodo, primas[i], zonas[i]).como_dict()


@settings(max_examples=100, deadline=None)
@given(lotes(), st.data())
def test_totales_del_registro_son_la_suma_de_los_trabajadores(
    caso: tuple[Periodo, list[mov.Historia], list[Decimal], list[int]], data: st.DataObject
) -> None:
    periodo, historias, primas, zonas = caso
    grupos = [data.draw(st.integers(0, 2)) for _ in historias]
    r = _en_lote(historias, periodo, primas, zonas)
    patron = lote.sumar_por_grupo(r.patron, np.array(grupos), 3)
    obrero = lote.sumar_por_grupo(r.obrero, np.array(grupos), 3)
    for g in range(3):
        suyos = [
            _referencia(h, periodo, primas[i], zonas[i])
            for i, h in enumerate(historias)
            if grupos[i] == g
        ]
        for j, concepto in enumerate(r.conceptos):
            assert patron[g, j] == sum(int(c.importes[concepto].patron * 100) for c in suyos)
            assert obrero[g, j] == sum(int(c.importes[concepto].obrero * 100) for c in suyos)
        total = sum((c.total_patron + c.total_obrero for c in suyos), Decimal(0))
        assert int(patron[g].sum() + obrero[g].sum()) == int(total * 100)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PERIODOS), st.integers(0, 1), st.data(), st.integers(0, 300_000))
def test_monotono_en_el_sbc(periodo: Periodo, zona: int, data: st.DataObject, mas: int) -> None:
    """Above the minimum wage, a higher SBC never lowers any party's amount of any concept."""
    h = data.draw(trabajadores(periodo, zona, sobre_minimo=True))
    mayor = mov.validar(
        [
            m
            if m.sbc is None
            else mov.Movimiento(m.numero, m.tipo, m.fecha, m.sbc + Decimal(mas) / 100)
            for v in h.vigencias
            for m in (*v.salarios, *([v.baja] if v.baja else []))
        ]
        + [*h.ausentismos, *h.incapacidades]
    )
    antes = _referencia(h, periodo, D("2.5984"), zona)
    despues = _referencia(mayor, periodo, D("2.5984"), zona)
    for concepto, importe in antes.importes.items():
        assert despues.importes[concepto].patron >= importe.patron, concepto
        assert despues.importes[concepto].obrero >= importe.obrero, concepto
    r = _en_lote([h, mayor], periodo, [D("2.5984")] * 2, [zona] * 2)
    assert np.all(r.patron[1] >= r.patron[0]) and np.all(r.obrero[1] >= r.obrero[0])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(PERIODOS), st.data())
def test_completos_vectorizados_igual_a_referencia(periodo: Periodo, data: st.DataObject) -> None:
    minimo = tramos.centavos(vigentes().salario_minimo_del_dia(periodo.fin, "general"))
    sbcs = data.draw(st.lists(st.integers(minimo, 400_000), min_size=1, max_size=5))
    otros = [data.draw(trabajadores(periodo, 0)) for _ in range(2)]
    p = vigentes()
    t = tramos.concatenar(
        tramos.completos(np.array(sbcs, np.int64), periodo, p),
        tramos.de_historias(otros, periodo, p),
    )
    n = len(sbcs) + 2
    prima = np.full(n, 54_355, np.int64) if periodo.emision == "EMA" else None
    r = lote.calcular(t, periodo, prima, np.zeros(n, np.int8), p)
    alta = periodo.inicio - timedelta(days=3)
    for i, sbc in enumerate(sbcs):
        h = mov.validar([mov.Movimiento(1, "08", alta, Decimal(sbc) / 100)])
        assert r.fila(i) == _referencia(h, periodo, D("0.54355"), 0).como_dict()
    for i, h in enumerate(otros, start=len(sbcs)):
        assert r.fila(i) == _referencia(h, periodo, D("0.54355"), 0).como_dict()


def test_vectores_del_issue_en_lote() -> None:
    periodo = leer_periodo("2026-04")
    h = mov.validar(lista(("08", "2026-01-05", "500.00")))
    fila = _en_lote([h], periodo, [D("0.54355")], [0]).fila(0)
    assert fila["cuotas"]["cuota_fija"] == {"patron": "717.94", "obrero": "0.00"}  # type: ignore[index]
    assert fila["cuotas"]["excedente"] == {"patron": "48.86", "obrero": "17.77"}  # type: ignore[index]
    assert fila["total"] == "1728.60"


def test_sbc_bajo_el_minimo_se_marca_en_lote_y_falla_en_referencia() -> None:
    periodo = leer_periodo("2026-04")
    malo = mov.validar(lista(("08", "2026-01-05", "315.03")))
    bueno = mov.validar(lista(("08", "2026-01-05", "315.04")))
    r = _en_lote([malo, bueno], periodo, [D("0.5")] * 2, [0, 0])
    assert r.bajo_minimo.tolist() == [True, False]
    assert r.patron[0].sum() == 0 and r.patron[1].sum() > 0
    with pytest.raises(ErrorLegal, match="menor que el salario mínimo"):
        _referencia(malo, periodo, D("0.5"), 0)


def _extremos() -> Parametros:
    """UMA at its checked maximum (1,000,000.00: cap 25,000,000.00) and a 100 % rate."""
    texto = (
        resources.files("buzon.legal.cuotas").joinpath("datos/parametros.json").read_text("utf-8")
    )
    datos = copy.deepcopy(json.loads(texto))
    datos["uma"][-1]["valor"] = "1000000.00"
    datos["tasas"]["infonavit"][0]["patron"] = "100"
    datos["tasas"]["invalidez_vida"][0].update(patron="99.375", obrero="0.625")
    return cargar(datos)


@pytest.mark.parametrize("clave", ["2026-07", "2026-B4"])
def test_exacto_en_la_cota_de_int64(clave: str) -> None:
    """62 days × 2,500,000,000 centavos × 10⁷ units = 1.55 × 10¹⁸ < 2⁶³: no overflow."""
    p = _extremos()
    periodo = leer_periodo(clave)
    h = mov.validar(lista(("08", "2026-02-01", "99999999.99")))
    r = _en_lote([h, h], periodo, [D("15")] * 2, [1, 1], p)
    esperado = _referencia(h, periodo, D("15"), 1, p).como_dict()
    assert r.fila(0) == esperado == r.fila(1)
    if periodo.emision == "EBA":
        assert esperado["cuotas"]["infonavit"]["patron"] == "1550000000.00"  # type: ignore[index]
    assert lote.MAXIMO_DIAS * lote.MAXIMO_TOPE_CENTAVOS * lote.MAXIMA_TASA < 2**63 - 1
    assert max(x.dias for x in PERIODOS) <= lote.MAXIMO_DIAS


def test_lote_rechaza_tramos_mal_formados() -> None:
    p = vigentes()
    periodo = leer_periodo("2026-B1")
    t = tramos.completos(np.array([50_000], np.int64), periodo, p)
    assert len(t.trabajador) == 2  # cut on 1 February (UMA)
    zona = np.zeros(1, np.int8)
    lote.calcular(t, periodo, None, zona, p)
    unido = tramos.Tramos(1, t.trabajador[:1], t.inicio[:1], np.array([59]), t.sbc[:1], t.clase[:1])
    with pytest.raises(ErrorLegal, match="cruza un cambio de parámetros"):
        lote.calcular(unido, periodo, None, zona, p)
    encimados = tramos.Tramos(1, t.trabajador, t.inicio, t.dias + np.array([1, 0]), t.sbc, t.clase)
    with pytest.raises(ErrorLegal, match="se traslapan"):
        lote.calcular(encimados, periodo, None, zona, p)
    fuera = tramos.Tramos(1, t.trabajador, t.inicio - 1, t.dias, t.sbc, t.clase)
    with pytest.raises(ErrorLegal, match="fuera del periodo"):
        lote.calcular(fuera, periodo, None, zona, p)
    with pytest.raises(ErrorLegal, match="al menos un tramo"):
        lote.calcular(
            tramos.Tramos(
                2, *(getattr(t, c) for c in ("trabajador", "inicio", "dias", "sbc", "clase"))
            ),
            periodo,
            None,
            np.zeros(2, np.int8),
            p,
        )
    abril = leer_periodo("2026-04")
    t4 = tramos.completos(np.array([50_000], np.int64), abril, p)
    with pytest.raises(ErrorLegal, match="prima de riesgos"):
        lote.calcular(t4, abril, np.array([49_999]), zona, p)
    enero = mensual(2027, 1)
    with pytest.raises(
        ErrorLegal, match="No hay parámetros de cuotas publicados para el 2027-01-01"
    ):
        lote.calcular(
            tramos.completos(np.array([50_000]), enero, p), enero, np.array([54_355]), zona, p
        )


def test_trabajador_sin_dias_en_el_periodo() -> None:
    periodo = leer_periodo("2026-04")
    h = mov.validar(lista(("08", "2026-05-02", "500.00")))
    r = _en_lote([h], periodo, [D("1")], [0])
    assert r.fila(0) == _referencia(h, periodo, D("1"), 0).como_dict()
    assert r.fila(0)["total"] == "0.00"
    assert (
        date.fromordinal(int(tramos.de_historias([h], periodo, vigentes()).inicio[0]))
        == periodo.inicio
    )


@pytest.mark.parametrize("anio", range(2023, 2027))
def test_bandas_en_sus_limites_exactos_en_lote(anio: int) -> None:
    """The batch path's band test (SBC × 100 > bound × UMA, integers) matches the reference at
    every bound and one centavo above it, in both zones."""
    for periodo in (bimestral(anio, 1), bimestral(anio, 4)):
        for zona in (0, 1):
            piso = tramos.centavos(vigentes().salario_minimo_del_dia(periodo.fin, ZONAS[zona]))
            sbcs = sorted({c for c in _limites_exactos(periodo) if c >= piso} | {piso, piso + 1})
            historias = [
                mov.validar([mov.Movimiento(1, "08", date(anio - 1, 12, 1), Decimal(c) / 100)])
                for c in sbcs
            ]
            r = _en_lote(historias, periodo, [D("1")] * len(sbcs), [zona] * len(sbcs))
            for i, h in enumerate(historias):
                assert r.fila(i) == _referencia(h, periodo, D("1"), zona).como_dict(), sbcs[i]
