"""PURE (no Django). The month of one worker at one registro patronal, as the Reporte
Personalizado de Cotización shows it: the days cotizados and the SBC in force at month end, plus
what the alerts need (altas and bajas in the month, the SBC of the previous month's last day).

Two paths with the same rules: the reference (`mes_de`, `Decimal`, day by day, the law's
reading) and the batch (`calcular_lote`, numpy with exact integers over a day grid, what the
monthly generation uses). `tests/cotizacion/test_reglas.py` proves them equal.

Rules [I-120]:
- a day is vigente from an `08` (alta o reingreso) through the next `02` (baja), the baja day
  counted (LSS 37: until the baja is filed the obligation subsists); an `08` and a `02` on the same
  day make a one-day job;
- days cotizados = vigente days minus ausentismo (`11`) days (LSS 31-I: not paid, and not
  cotizados but in EyM); incapacidad (`12`) days are counted (LSS 31-IV: the Institute pays the
  subsidy; they count as cotizados for the weeks, the rule of the Constancia de semanas);
- the SBC of a day is the latest `08`/`07` on or before it (LSS 34, 35); the report shows the one
  of the month's last vigente day.
The ledger's movements are not validated here (the import does not either): an inconsistent
sequence (two altas, a baja without alta) is read as written, day by day, and never raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from numpy.typing import NDArray

ALTA, MODIFICACION, BAJA, AUSENTISMO, INCAPACIDAD = "08", "07", "02", "11", "12"
#: Integer codes of the batch path, in the order of a day (alta, then salary, then baja).
CODIGOS = {ALTA: 0, MODIFICACION: 1, BAJA: 2, AUSENTISMO: 3, INCAPACIDAD: 4}
_ORDEN = {ALTA: 0, MODIFICACION: 1, BAJA: 2, AUSENTISMO: 3, INCAPACIDAD: 4}
#: An ausentismo is at most 31 days long: an earlier one cannot reach the month.
DIAS_MAXIMOS = 31

Enteros = NDArray[np.int64]


@dataclass(frozen=True)
class Movimiento:
    tipo: str
    fecha: date
    sbc: Decimal | None = None
    dias: int | None = None


@dataclass(frozen=True)
class Mes:
    """One worker at one registro in one month."""

    dias: int  # cotizados
    vigentes: int  # vigente days (ausentismos included)
    sbc: Decimal | None  # in force on the month's last vigente day; None: no vigente day
    vigente_al_cierre: bool
    #: The SBC in force on the previous month's last day, when vigente then (for the alert).
    sbc_anterior: Decimal | None
    primera_alta: date | None  # first 08 in the month
    ultima_baja: date | None  # last 02 in the month


def leer_periodo(texto: str) -> tuple[date, date]:
    """`AAAA-MM` → (first day, last day); ValueError with a Spanish message otherwise."""
    valor = (texto or "").strip()
    if len(valor) != 7 or valor[4] != "-" or not (valor[:4] + valor[5:]).isdigit():
        raise ValueError(f"El periodo debe ser AAAA-MM, por ejemplo 2026-04; se recibió «{texto}».")
    anio, mes = int(valor[:4]), int(valor[5:])
    if not 1 <= mes <= 12 or not 1990 <= anio <= 2999:
        raise ValueError(
            f"El periodo «{texto}» no es un mes válido (AAAA-MM, de 1990 en adelante)."
        )
    inicio = date(anio, mes, 1)
    siguiente = date(anio + (mes == 12), mes % 12 + 1, 1)
    return inicio, siguiente - timedelta(days=1)


def clave_periodo(inicio: date) -> int:
    """AAAAMM as an integer (the storage key)."""
    return inicio.year * 100 + inicio.month


def texto_periodo(clave: int) -> str:
    return f"{clave // 100:04d}-{clave % 100:02d}"


def periodo_anterior(clave: int) -> int:
    anio, mes = divmod(clave, 100)
    return (anio - 1) * 100 + 12 if mes == 1 else clave - 1


# -- the reference: day by day, Decimal --------------------------------------------------------


def _estado_al_final(movs: Sequence[Movimiento], dia: date) -> bool:
    """Open (an alta in force) once every 08/02 on or before `dia` is applied, in day order."""
    abierto = False
    for m in movs:
        if m.fecha > dia:
            break
        if m.tipo == ALTA:
            abierto = True
        elif m.tipo == BAJA:
            abierto = False
    return abierto


def vigente(movs: Sequence[Movimiento], dia: date) -> bool:
    """LSS 37: vigente at the end of `dia`, or a baja that day closed a vigencia (the baja day
    counts), which may have opened that same day (a one-day job)."""
    if _estado_al_final(movs, dia):
        return True
    del_dia = [m.tipo for m in movs if m.fecha == dia]
    return BAJA in del_dia and (_estado_al_final(movs, dia - timedelta(days=1)) or ALTA in del_dia)


def ausente(movs: Sequence[Movimiento], dia: date) -> bool:
    return any(
        m.tipo == AUSENTISMO and m.fecha <= dia <= m.fecha + timedelta(days=(m.dias or 1) - 1)
        for m in movs
    )


def sbc_del_dia(movs: Sequence[Movimiento], dia: date) -> Decimal | None:
    """LSS 34, 35: the latest 08/07 on or before `dia` (a change takes effect that day)."""
    sbc = None
    for m in movs:
        if m.fecha > dia:
            break
        if m.tipo in (ALTA, MODIFICACION):
            sbc = m.sbc
    return sbc


def ordenar(movs: Sequence[Movimiento]) -> list[Movimiento]:
    return sorted(movs, key=lambda m: (m.fecha, _ORDEN[m.tipo]))


def mes_de(movimientos: Sequence[Movimiento], inicio: date, fin: date) -> Mes:
    """The reference: every day of `inicio`…`fin` by the rules of the module docstring."""
    movs = ordenar(movimientos)
    dias = vigentes = 0
    ultimo: date | None = None
    dia = inicio
    while dia <= fin:
        if vigente(movs, dia):
            vigentes += 1
            ultimo = dia
            if not ausente(movs, dia):
                dias += 1
        dia += timedelta(days=1)
    anterior = inicio - timedelta(days=1)
    en_mes = [m for m in movs if inicio <= m.fecha <= fin]
    altas = [m.fecha for m in en_mes if m.tipo == ALTA]
    bajas = [m.fecha for m in en_mes if m.tipo == BAJA]
    return Mes(
        dias=dias,
        vigentes=vigentes,
        sbc=sbc_del_dia(movs, ultimo) if ultimo else None,
        vigente_al_cierre=vigente(movs, fin),
        sbc_anterior=sbc_del_dia(movs, anterior) if vigente(movs, anterior) else None,
        primera_alta=altas[0] if altas else None,
        ultima_baja=bajas[-1] if bajas else None,
    )


# -- the batch: a day grid per worker-registro, numpy int64 ----------------------------------


@dataclass(frozen=True)
class Lote:
    """Per pair (worker, registro) 0…n−1; `sbc*` in centavos, −1 for none; dates as ordinals,
    0 for none."""

    dias: Enteros
    vigentes: Enteros
    sbc: Enteros
    vigente_al_cierre: NDArray[np.bool_]
    sbc_anterior: Enteros
    primera_alta: Enteros
    ultima_baja: Enteros


def _ultimo_por_celda(clave: Enteros) -> NDArray[np.bool_]:
    """On keys sorted ascending: True at the last occurrence of each value."""
    ultimo = np.ones(len(clave), dtype=bool)
    ultimo[:-1] = clave[:-1] != clave[1:]
    return ultimo


def _arrastrar(valores: Enteros, puesto: NDArray[np.bool_]) -> Enteros:
    """Forward fill along axis 1: each cell takes the last `puesto` value at or before it
    (column 0 must be set everywhere)."""
    ancho = valores.shape[1]
    indices = np.where(puesto, np.arange(ancho, dtype=np.int64), 0)
    np.maximum.accumulate(indices, axis=1, out=indices)
    return np.take_along_axis(valores, indices, axis=1)


def calcular_lote(
    n: int,
    par: Enteros,
    tipo: Enteros,
    fecha: Enteros,
    sbc: Enteros,
    dias: Enteros,
    inicio: date,
    fin: date,
) -> Lote:
    """The batch path. Movements as parallel arrays (`par` index, `tipo` code of `CODIGOS`,
    `fecha` ordinal, `sbc` centavos or 0, `dias` or 0), any order; every movement on or before
    `fin` that matters (08, 07 and 02 of any earlier date, 11 from `DIAS_MAXIMOS` days before).

    Grid columns: 0 = before the previous month's last day, 1 = that day, 2…m+1 = the month.
    """
    m = (fin - inicio).days + 1
    ancho = m + 2
    base = inicio.toordinal() - 1  # the previous month's last day is column 1
    par, tipo, fecha = (np.asarray(x, dtype=np.int64) for x in (par, tipo, fecha))
    sbc, dias = np.asarray(sbc, dtype=np.int64), np.asarray(dias, dtype=np.int64)
    dentro = fecha <= fin.toordinal()
    par, tipo, fecha, sbc, dias = (x[dentro] for x in (par, tipo, fecha, sbc, dias))
    columna = np.clip(fecha - base + 1, 0, ancho - 1)
    orden = np.lexsort((tipo, fecha, par))
    par, tipo, fecha, sbc, dias, columna = (
        x[orden] for x in (par, tipo, fecha, sbc, dias, columna)
    )

    # The state (open 1 / closed 0) at the end of each column: its last 08/02.
    es_estado = (tipo == CODIGOS[ALTA]) | (tipo == CODIGOS[BAJA])
    p, c, t = par[es_estado], columna[es_estado], tipo[es_estado]
    celda = p * ancho + c
    ultimo = _ultimo_por_celda(celda)
    estado = np.zeros((n, ancho), dtype=np.int64)
    puesto = np.zeros((n, ancho), dtype=bool)
    estado[p[ultimo], c[ultimo]] = (t[ultimo] == CODIGOS[ALTA]).astype(np.int64)
    puesto[p[ultimo], c[ultimo]] = True
    puesto[:, 0] = True  # nothing before: closed
    abierto = _arrastrar(estado, puesto).astype(bool)

    hay_alta = np.zeros((n, ancho), dtype=bool)
    hay_baja = np.zeros((n, ancho), dtype=bool)
    hay_alta[p[t == CODIGOS[ALTA]], c[t == CODIGOS[ALTA]]] = True
    hay_baja[p[t == CODIGOS[BAJA]], c[t == CODIGOS[BAJA]]] = True
    vig = np.zeros((n, ancho), dtype=bool)
    vig[:, 1:] = abierto[:, 1:] | (hay_baja[:, 1:] & (abierto[:, :-1] | hay_alta[:, 1:]))

    # Ausentismo days: a difference array over the columns of the month.
    es_aus = tipo == CODIGOS[AUSENTISMO]
    desde = fecha[es_aus] - base + 1
    hasta = desde + np.maximum(dias[es_aus], 1)  # exclusive
    desde, hasta = np.clip(desde, 2, ancho), np.clip(hasta, 2, ancho)
    diferencia = np.zeros((n, ancho + 1), dtype=np.int64)
    np.add.at(diferencia, (par[es_aus], desde), 1)
    np.add.at(diferencia, (par[es_aus], hasta), -1)
    aus = np.cumsum(diferencia, axis=1)[:, :ancho] > 0

    # The SBC at the end of each column: its last 08/07.
    es_sbc = (tipo == CODIGOS[ALTA]) | (tipo == CODIGOS[MODIFICACION])
    p, c, s = par[es_sbc], columna[es_sbc], sbc[es_sbc]
    ultimo = _ultimo_por_celda(p * ancho + c)
    salario = np.full((n, ancho), -1, dtype=np.int64)
    puesto = np.zeros((n, ancho), dtype=bool)
    salario[p[ultimo], c[ultimo]] = s[ultimo]
    puesto[p[ultimo], c[ultimo]] = True
    puesto[:, 0] = True
    salario = _arrastrar(salario, puesto)

    mes = vig[:, 2:]
    cuenta = mes.sum(axis=1).astype(np.int64)
    cotizados = (mes & ~aus[:, 2:]).sum(axis=1).astype(np.int64)
    # The month's last vigente column (2…m+1), or none.
    ultima = ancho - 1 - np.argmax(vig[:, ::-1][:, :m], axis=1)
    sbc_fin = np.where(cuenta > 0, salario[np.arange(n), ultima], -1)
    sbc_ant = np.where(vig[:, 1], salario[:, 1], -1)

    en_mes = (fecha >= inicio.toordinal()) & (fecha <= fin.toordinal())
    altas = np.zeros(n, dtype=np.int64)
    bajas = np.zeros(n, dtype=np.int64)
    a = en_mes & (tipo == CODIGOS[ALTA])
    pa, fa = par[a], fecha[a]  # sorted by (par, fecha): the first of each par is its first alta
    primera = np.ones(len(pa), dtype=bool)
    primera[1:] = pa[1:] != pa[:-1]
    altas[pa[primera]] = fa[primera]
    b = en_mes & (tipo == CODIGOS[BAJA])
    pb, fb = par[b], fecha[b]
    ultima_b = _ultimo_por_celda(pb)
    bajas[pb[ultima_b]] = fb[ultima_b]
    return Lote(
        dias=cotizados,
        vigentes=cuenta,
        sbc=sbc_fin,
        vigente_al_cierre=vig[:, ancho - 1].copy(),
        sbc_anterior=sbc_ant,
        primera_alta=altas,
        ultima_baja=bajas,
    )
