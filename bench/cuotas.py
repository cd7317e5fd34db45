"""bench/cuotas (a): the cuotas engine alone, worker-periods per second on one core.

1,000,000 worker-periods of 2026-04 (EMA) and of 2026-B2 (EBA) in the issue's mix: 30 % with a
salary change in the period, 10 % with ausentismo, 5 % with incapacidad, 5 % at exactly the
minimum wage (LSS 36), 10 % in the zlfn, SBCs from the minimum wage to above the 25 UMA cap.
Workers with no movement are built with `tramos.completos` (vectorized), the rest from their
validated movements with `tramos.de_historias` (Python; timed apart, not part of the engine
figure). Timed: `lote.calcular` over all of them, median of 3. Then 2,000 random worker-periods
are checked centavo for centavo against the reference path, whose own rate is printed too.

Target (issue 13, section 5): ≥ 1,000,000 worker-periods/s on one core.
Run: .venv/bin/python -m bench.cuotas  (BENCH_CUOTAS_N changes the size)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal

import numpy as np

from bench._arnes.informe import frente_al_objetivo, linea_de_maquina
from buzon.legal.cuotas import lote, referencia, tramos
from buzon.legal.cuotas import movimientos as mov
from buzon.legal.cuotas.parametros import ZONAS, vigentes
from buzon.legal.cuotas.periodos import Periodo, leer_periodo

N = int(os.environ.get("BENCH_CUOTAS_N", "1000000"))
REPETICIONES = 3
OBJETIVO = 1_000_000
PRIMAS = [Decimal("0.54355"), Decimal("1.13065"), Decimal("2.59840"), Decimal("4.65325")]


def _historias(periodo: Periodo, sbc: np.ndarray, zona: np.ndarray, n: int) -> list[mov.Historia]:
    """Workers with a movement: a 07, an ausentismo or an incapacidad inside the period."""
    azar = np.random.default_rng(7)
    alta = periodo.inicio - timedelta(days=90)
    salida = []
    for i in range(n):
        filas = [mov.Movimiento(1, "08", alta, Decimal(int(sbc[i])) / 100)]
        tipo = i % 9  # 6 of 9 a salary change, 2 of 9 ausentismo, 1 of 9 incapacidad
        dia = periodo.inicio + timedelta(days=int(azar.integers(0, 14)))
        if tipo < 6:
            nuevo = Decimal(int(sbc[i] * 1.05) + 1) / 100
            filas.append(mov.Movimiento(2, "07", dia + timedelta(days=10), nuevo))
        if tipo in (0, 6, 7):
            filas.append(mov.Movimiento(3, "11", dia, dias=int(azar.integers(1, 4))))
        if tipo in (1, 8):
            inicio = dia + timedelta(days=14)
            filas.append(mov.Movimiento(4, "12", inicio, dias=int(azar.integers(3, 11))))
        if tipo in (2, 3, 4, 5) and i % 7 == 0:  # a baja, on workers with no absence
            filas.append(mov.Movimiento(5, "02", periodo.fin - timedelta(days=3)))
        salida.append(mov.validar(filas))
    return salida


Entrada = tuple[tramos.Tramos, np.ndarray | None, np.ndarray, float, list[mov.Historia]]


def _entrada(periodo: Periodo) -> Entrada:
    p = vigentes()
    azar = np.random.default_rng(20261203)
    zona = (azar.random(N) < 0.10).astype(np.int8)
    minimo = np.array([tramos.centavos(p.salario_minimo_del_dia(periodo.fin, z)) for z in ZONAS])
    piso = minimo[zona]
    sbc = np.maximum(piso, (azar.lognormal(6.3, 0.6, N) * 100).astype(np.int64))
    al_minimo = azar.random(N) < 0.05
    sbc = np.where(al_minimo, piso, np.maximum(sbc, piso))
    con_movimiento = int(N * 0.30)
    inicio = time.perf_counter()
    historias = _historias(periodo, sbc[:con_movimiento], zona, con_movimiento)
    movidos = tramos.de_historias(historias, periodo, p)
    segundos_python = time.perf_counter() - inicio
    quietos = tramos.completos(sbc[con_movimiento:], periodo, p)
    t = tramos.concatenar(movidos, quietos)
    prima = None
    if periodo.emision == "EMA":
        prima = np.array([lote.unidades_de_tasa(x) for x in PRIMAS], np.int64)[np.arange(N) % 4]
    return t, prima, zona, segundos_python, historias


def _historia_de(t: tramos.Tramos, i: int, periodo: Periodo) -> mov.Historia:
    """A quiet worker-period (its first tramo `i`) as movements again, for the reference."""
    alta = periodo.inicio - timedelta(days=90)
    return mov.validar([mov.Movimiento(1, "08", alta, Decimal(int(t.sbc[i])) / 100)])


def _medir(periodo: Periodo) -> None:
    t, prima, zona, segundos_python, historias = _entrada(periodo)
    con_movimiento = int(N * 0.30)
    print(
        f"  {periodo.clave}: {N:,} trabajadores-periodo, {len(t.trabajador):,} tramos; "
        f"tramos de {con_movimiento:,} trabajadores con movimientos (Python, no incluido): "
        f"{segundos_python:.2f} s = {con_movimiento / segundos_python:,.0f}/s"
    )
    lote.calcular(t, periodo, prima, zona)  # warm-up
    tiempos, resultado = [], None
    for _ in range(REPETICIONES):
        inicio = time.perf_counter()
        resultado = lote.calcular(t, periodo, prima, zona)
        tiempos.append(time.perf_counter() - inicio)
    segundos = statistics.median(tiempos)
    tasa = N / segundos
    assert resultado is not None
    print(
        f"  lote.calcular {periodo.clave}: {N:,} en {segundos:.3f} s = {tasa:,.0f}/s "
        f"(mediana de {REPETICIONES}; {frente_al_objetivo(tasa, OBJETIVO)})"
    )
    _cotejar(t, resultado, periodo, prima, zona, historias)


def _cotejar(
    t: tramos.Tramos,
    r: lote.ResultadoLote,
    periodo: Periodo,
    prima: np.ndarray | None,
    zona: np.ndarray,
    historias: list[mov.Historia],
) -> None:
    """2,000 random worker-periods (with and without movements) against the reference."""
    azar = np.random.default_rng(3)
    primeros = np.flatnonzero(np.r_[True, t.trabajador[1:] != t.trabajador[:-1]])
    muestra = azar.choice(np.arange(N), size=min(2000, N), replace=False)
    inicio = time.perf_counter()
    for i in muestra:
        h = historias[i] if i < len(historias) else _historia_de(t, int(primeros[i]), periodo)
        usada = None if prima is None else Decimal(int(prima[i])) / 100_000
        esperado = referencia.calcular(h, periodo, usada, ZONAS[int(zona[i])]).como_dict()
        assert r.fila(int(i)) == esperado, (int(i), r.fila(int(i)), esperado)
    segundos = time.perf_counter() - inicio
    print(
        f"  referencia (día por día, Decimal) en {len(muestra):,} de ellos: iguales al centavo; "
        f"{len(muestra) / segundos:,.0f}/s"
    )


def main() -> None:
    print(linea_de_maquina())
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, un núcleo")
    for clave in ("2026-04", "2026-B2", "2026-B1"):
        _medir(leer_periodo(clave))
    print(linea_de_maquina())


if __name__ == "__main__":
    main()
