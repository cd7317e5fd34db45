"""The adapter between the generation and the pure engine (`buzon.legal.cuotas`): a chunk's
worker-periods in, per worker days, last SBC and amounts in centavos (or the engine's refusal)
out, and the parameters each registro's emisión was computed with.

The batch path, once per chunk: workers vigente the whole period at one SBC with no movement in
it (`sin_cambios.sbc_constante`, the common case) become one tramo each as arrays
(`tramos.completos`); the others are validated (`movimientos.validar`) and cut into tramos from
their history (`tramos.de_historias`); `lote.calcular` computes all of them in exact integers.
The day-by-day reference (`referencia.calcular`) runs only for the workers the batch cannot
take or flags, and its Spanish message goes to «movimientos por aclarar»: movements that do not
validate, an SBC below the minimum wage (`bajo_minimo`), a registro without a prima in force for
the EMA or with an unknown zone, or a batch the engine refuses whole (a day without published
parameters). Same results as the reference for every worker: tests/cuotas/test_emisiones_lote.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from buzon.cuotas.emisiones.modelos import columnas_de
from buzon.cuotas.emisiones.tipos import Registro, Trabajador
from buzon.legal.cuotas import lote, referencia, tramos
from buzon.legal.cuotas import movimientos as mov
from buzon.legal.cuotas.movimientos import Movimiento
from buzon.legal.cuotas.parametros import ZONAS, Parametros, vigentes
from buzon.legal.cuotas.periodos import Periodo
from buzon.legal.cuotas.sin_cambios import sbc_constante
from buzon.legal.errores import ErrorLegal

Clave = tuple[str, str]


@dataclass
class Calculo:
    trabajadores: dict[str, list[Trabajador]]
    parametros: dict[str, dict[str, Any]]


def _centavos(valor: Decimal) -> int:
    return int(valor * 100)


def parametros_usados(
    p: Periodo, zona: str, prima: Decimal | None, par: Parametros
) -> dict[str, Any]:
    """UMA and minimum wage on the period's first and last day (January changes the UMA in
    February), the zone, the prima and the table version: enough to recompute."""
    salida: dict[str, Any] = {
        "version_tablas": par.version,
        "zona_salario": zona,
        "uma_inicio": str(par.uma_del_dia(p.inicio)),
        "uma_fin": str(par.uma_del_dia(p.fin)),
        "salario_minimo_inicio": str(par.salario_minimo_del_dia(p.inicio, zona)),
        "salario_minimo_fin": str(par.salario_minimo_del_dia(p.fin, zona)),
    }
    if p.emision == "EMA":
        salida["prima_rt"] = str(prima) if prima is not None else ""
    return salida


def _ultimo_sbc(movimientos: Sequence[Movimiento]) -> int:
    salarios = [m for m in movimientos if m.sbc is not None]
    return (
        _centavos(max(salarios, key=lambda m: (m.fecha, m.numero)).sbc or Decimal(0))
        if salarios
        else 0
    )


def _uno(
    r: str,
    nss: str,
    movs: Sequence[Movimiento],
    p: Periodo,
    prima: Decimal | None,
    zona: str,
    par: Parametros,
) -> Trabajador:
    """The reference path for one worker: its amounts, or its refusal in Spanish."""
    try:
        cuotas = referencia.calcular(movs, p, prima if p.emision == "EMA" else None, zona, par)
    except ErrorLegal as exc:
        return Trabajador(r, nss, error=exc.mensaje)
    importes: dict[str, int] = {}
    for concepto, parte, columna in columnas_de(p.emision):
        importe = cuotas.importes[concepto]
        importes[columna] = _centavos(importe.patron if parte == "patron" else importe.obrero)
    d = cuotas.dias
    return Trabajador(
        r, nss, d.cotizados, d.ausentismos, d.incapacidades, _ultimo_sbc(movs), importes
    )


def _prima_en_unidades(p: Periodo, prima: Decimal | None) -> int | None:
    """The registro's prima as rate units for the batch; None when the batch cannot take the
    registro (EMA without a valid prima: the reference names what is wrong). 0 for the EBA."""
    if p.emision == "EBA":
        return 0
    try:
        referencia.exigir_prima_rt(prima, p)
        assert prima is not None
        return lote.unidades_de_tasa(prima)
    except ErrorLegal:
        return None


@dataclass
class _Lote:
    """The chunk's workers the batch takes, in batch order (the constant ones first)."""

    claves: list[Clave]
    sbc_ultimo: list[int]
    prima: list[int]
    zona: list[int]
    n_constantes: int


def _armar(
    p: Periodo,
    par: Parametros,
    constantes: list[tuple[Clave, int, int, int]],
    historias: list[tuple[Clave, mov.Historia, int, int, int]],
) -> tuple[_Lote, tramos.Tramos]:
    sbc = np.array([s for _, s, _, _ in constantes], dtype=np.int64)
    t = tramos.concatenar(
        tramos.completos(sbc, p, par), tramos.de_historias([h for _, h, *_ in historias], p, par)
    )
    datos = _Lote(
        [c for c, *_ in constantes] + [c for c, *_ in historias],
        [s for _, s, _, _ in constantes] + [s for *_, s, _, _ in historias],
        [x for *_, x, _ in constantes] + [x for *_, x, _ in historias],
        [z for *_, z in constantes] + [z for *_, z in historias],
        len(constantes),
    )
    return datos, t


def _de_lote(p: Periodo, datos: _Lote, r: lote.ResultadoLote) -> dict[Clave, Trabajador | None]:
    """The batch's workers as `Trabajador`s; None for those the reference must redo."""
    indices = {c: j for j, c in enumerate(r.conceptos)}
    columnas = [
        (columna, indices[concepto], parte == "patron")
        for concepto, parte, columna in columnas_de(p.emision)
    ]
    patron, obrero = r.patron.tolist(), r.obrero.tolist()
    cotizados, ausentismos = r.cotizados.tolist(), r.ausentismos.tolist()
    incapacidades, malos = r.incapacidades.tolist(), r.bajo_minimo.tolist()
    salida: dict[Clave, Trabajador | None] = {}
    for i, (registro, nss) in enumerate(datos.claves):
        if malos[i]:
            salida[registro, nss] = None
            continue
        fp, fo = patron[i], obrero[i]
        importes = {c: (fp[j] if es_patron else fo[j]) for c, j, es_patron in columnas}
        salida[registro, nss] = Trabajador(
            registro,
            nss,
            cotizados[i],
            ausentismos[i],
            incapacidades[i],
            datos.sbc_ultimo[i],
            importes,
        )
    return salida


def calcular(
    p: Periodo,
    registros: Mapping[str, Registro],
    primas: Mapping[str, Decimal | None],
    movimientos: Mapping[Clave, Sequence[Movimiento]],
) -> Calculo:
    """Every worker-period of the chunk. A worker with no day vigente in the period is left out
    (nothing to charge, nothing to clarify)."""
    par = vigentes()
    unidades = {r: _prima_en_unidades(p, primas.get(r)) for r in registros}
    constantes: list[tuple[Clave, int, int, int]] = []
    historias: list[tuple[Clave, mov.Historia, int, int, int]] = []
    resultado: dict[Clave, Trabajador | None] = {}
    for clave, movs in movimientos.items():
        r = registros.get(clave[0])
        if r is None:
            continue
        prima = unidades[clave[0]]
        if prima is None or r.zona not in ZONAS:
            resultado[clave] = None
            continue
        zona = ZONAS.index(r.zona)
        sbc = sbc_constante(movs, p)
        if sbc is not None:
            constantes.append((clave, sbc, prima, zona))
            continue
        try:
            historia = mov.validar(movs)
        except ErrorLegal:
            resultado[clave] = None
            continue
        historias.append((clave, historia, _ultimo_sbc(movs), prima, zona))
    datos, t = _armar(p, par, constantes, historias)
    try:
        r_lote = lote.calcular(
            t,
            p,
            np.array(datos.prima, np.int64) if p.emision == "EMA" else None,
            np.array(datos.zona, np.int8),
            par,
        )
        resultado.update(_de_lote(p, datos, r_lote))
    except ErrorLegal:  # the whole batch refused (e.g. a day without parameters)
        resultado.update(dict.fromkeys(datos.claves))
    por_registro: dict[str, list[Trabajador]] = {}
    for clave, movs in movimientos.items():
        if clave not in resultado:
            continue
        registro, nss = clave
        t_uno = resultado[clave]
        if t_uno is None:
            zona_texto = registros[registro].zona
            t_uno = _uno(registro, nss, movs, p, primas.get(registro), zona_texto, par)
        if t_uno.error is None and t_uno.cotizados == 0:
            continue
        por_registro.setdefault(registro, []).append(t_uno)
    parametros = {}
    for r in registros.values():
        try:
            parametros[r.registro] = parametros_usados(p, r.zona, primas.get(r.registro), par)
        except ErrorLegal as exc:
            parametros[r.registro] = {"error": exc.mensaje}
    return Calculo(por_registro, parametros)


def calcular_referencia(
    p: Periodo,
    registros: Mapping[str, Registro],
    primas: Mapping[str, Decimal | None],
    movimientos: Mapping[Clave, Sequence[Movimiento]],
) -> dict[str, list[Trabajador]]:
    """Every worker of the chunk by the reference path alone, the same shape as
    `calcular(...).trabajadores`: the checker of the batch (tests, bench)."""
    par = vigentes()
    salida: dict[str, list[Trabajador]] = {}
    for (registro, nss), movs in movimientos.items():
        r = registros.get(registro)
        if r is None:
            continue
        t = _uno(registro, nss, movs, p, primas.get(registro), r.zona, par)
        if t.error is None and t.cotizados == 0:
            continue
        salida.setdefault(registro, []).append(t)
    return salida
