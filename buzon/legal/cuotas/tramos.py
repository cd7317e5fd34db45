"""Columnar input of the batch path: *tramos*, runs of days on which nothing changes.

A tramo belongs to one worker-period (`trabajador`, an index 0…n−1) and covers `dias` days from
`inicio` (a date ordinal) with one uncapped SBC in centavos and one class of day (normal,
ausentismo, incapacidad). Within a tramo no parameter changes either: tramos are cut at every
`Parametros.cortes()` day (1 February for the UMA, 1 January for the minimum wage and the CyV
table). A worker-period with no vigente day has one empty tramo (`CLASE_VACIA`, 0 days).

Three ways in: `de_historia` (one worker's validated movements, Python), `completos` (workers
vigente the whole period at one SBC with no ausentismo or incapacidad, vectorized: the 70 % of a
month with no movement), and `concatenar` to join both in one batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from numpy.typing import NDArray

from buzon.legal.cuotas import movimientos as mov
from buzon.legal.cuotas.parametros import Parametros
from buzon.legal.cuotas.periodos import Periodo
from buzon.legal.cuotas.referencia import AUSENTISMO, INCAPACIDAD, NORMAL, clase_del_dia

CLASE_NORMAL, CLASE_AUSENTISMO, CLASE_INCAPACIDAD, CLASE_VACIA = 0, 1, 2, 3
_CLASES = {NORMAL: CLASE_NORMAL, AUSENTISMO: CLASE_AUSENTISMO, INCAPACIDAD: CLASE_INCAPACIDAD}

Enteros = NDArray[np.int64]


@dataclass(frozen=True)
class Tramos:
    """`n` worker-periods; arrays of equal length, sorted by `trabajador` then `inicio`."""

    n: int
    trabajador: Enteros
    inicio: Enteros
    dias: Enteros
    sbc: Enteros  # centavos, before the cap
    clase: NDArray[np.int8]


def centavos(importe: object) -> int:
    """An amount in pesos with at most two decimals, as integer centavos (exact)."""
    valor = Decimal(str(importe)) * 100
    if valor != valor.to_integral_value():
        raise ValueError(f"{importe} tiene más de dos decimales")
    return int(valor)


def _piezas(periodo: Periodo, parametros: Parametros) -> list[tuple[date, date]]:
    """The period cut at every parameter change: [(first day, last day)]."""
    cortes = [c for c in parametros.cortes() if periodo.inicio < c <= periodo.fin]
    inicios = [periodo.inicio, *cortes]
    finales = [c - timedelta(days=1) for c in cortes] + [periodo.fin]
    return list(zip(inicios, finales, strict=True))


def de_historia(
    historia: mov.Historia,
    periodo: Periodo,
    parametros: Parametros,
    piezas: Sequence[tuple[date, date]] | None = None,
) -> list[tuple[int, int, int, int]]:
    """One worker's tramos in `periodo` as (inicio ordinal, días, SBC centavos, clase);
    `piezas`: `_piezas(periodo, parametros)`, computed once for many workers."""
    cortes = piezas if piezas is not None else _piezas(periodo, parametros)
    puntos = {periodo.inicio, *(a for a, _ in cortes)}
    for vigencia in historia.vigencias:
        puntos.update(m.fecha for m in vigencia.salarios)
        if vigencia.baja is not None:
            puntos.add(vigencia.baja.fecha + timedelta(days=1))
    for m in (*historia.ausentismos, *historia.incapacidades):
        puntos.update((m.fecha, m.ultimo_dia + timedelta(days=1)))
    dentro = sorted(p for p in puntos if periodo.inicio <= p <= periodo.fin)
    salida: list[tuple[int, int, int, int]] = []
    for desde, hasta in zip(dentro, [*dentro[1:], periodo.fin + timedelta(days=1)], strict=True):
        en_vigor = historia.vigencia_del_dia(desde)
        if en_vigor is None:
            continue
        sbc = en_vigor.salario_del_dia(desde).sbc
        clase = _CLASES[clase_del_dia(historia, desde)]
        salida.append((desde.toordinal(), (hasta - desde).days, centavos(sbc), clase))
    return salida or [(periodo.inicio.toordinal(), 0, 0, CLASE_VACIA)]


def de_historias(
    historias: Sequence[mov.Historia], periodo: Periodo, parametros: Parametros
) -> Tramos:
    """Many workers' tramos, worker i being `historias[i]`."""
    filas: list[tuple[int, int, int, int, int]] = []
    piezas = _piezas(periodo, parametros)
    for i, historia in enumerate(historias):
        filas.extend((i, *t) for t in de_historia(historia, periodo, parametros, piezas))
    columnas = np.array(filas, dtype=np.int64).reshape(-1, 5)
    return Tramos(
        len(historias),
        columnas[:, 0].copy(),
        columnas[:, 1].copy(),
        columnas[:, 2].copy(),
        columnas[:, 3].copy(),
        columnas[:, 4].astype(np.int8),
    )


def completos(sbc: Enteros, periodo: Periodo, parametros: Parametros) -> Tramos:
    """Workers vigente every day of `periodo` at SBC `sbc[i]` (centavos), no absences."""
    piezas = _piezas(periodo, parametros)
    n, k = len(sbc), len(piezas)
    inicios = np.array([a.toordinal() for a, _ in piezas], dtype=np.int64)
    dias = np.array([(b - a).days + 1 for a, b in piezas], dtype=np.int64)
    return Tramos(
        n,
        np.repeat(np.arange(n, dtype=np.int64), k),
        np.tile(inicios, n),
        np.tile(dias, n),
        np.repeat(np.asarray(sbc, dtype=np.int64), k),
        np.zeros(n * k, dtype=np.int8),
    )


def concatenar(*partes: Tramos) -> Tramos:
    """One batch of all the parts' worker-periods, in order (indices shifted)."""
    desplazamientos = np.cumsum([0, *(p.n for p in partes[:-1])])
    return Tramos(
        sum(p.n for p in partes),
        np.concatenate([p.trabajador + d for p, d in zip(partes, desplazamientos, strict=True)]),
        np.concatenate([p.inicio for p in partes]),
        np.concatenate([p.dias for p in partes]),
        np.concatenate([p.sbc for p in partes]),
        np.concatenate([p.clase for p in partes]),
    )
