"""The adapter between the generation and the pure engine (`buzon.legal.cuotas`): a chunk's
worker-periods in, per worker days, last SBC and amounts in centavos (or the engine's refusal)
out, and the parameters each registro's emisión was computed with.

Uses the engine's batch path when it offers one (`buzon.legal.cuotas.lote.calcular_lote`),
else its day-by-day reference path worker by worker (`referencia.calcular`): same results,
the batch path is proven equal to it by the engine's own tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from buzon.cuotas.emisiones.modelos import columnas_de
from buzon.cuotas.emisiones.tipos import Registro, Trabajador
from buzon.legal.cuotas import referencia
from buzon.legal.cuotas.movimientos import Movimiento
from buzon.legal.cuotas.parametros import Parametros, vigentes
from buzon.legal.cuotas.periodos import Periodo
from buzon.legal.errores import ErrorLegal


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


def calcular(
    p: Periodo,
    registros: Mapping[str, Registro],
    primas: Mapping[str, Decimal | None],
    movimientos: Mapping[tuple[str, str], Sequence[Movimiento]],
) -> Calculo:
    """Every worker-period of the chunk. A worker with no day vigente in the period is left out
    (nothing to charge, nothing to clarify)."""
    par = vigentes()
    por_registro: dict[str, list[Trabajador]] = {}
    for (registro, nss), movs in movimientos.items():
        r = registros.get(registro)
        if r is None:
            continue
        t = _uno(registro, nss, movs, p, primas.get(registro), r.zona, par)
        if t.error is None and t.cotizados == 0:
            continue
        por_registro.setdefault(registro, []).append(t)
    parametros = {}
    for r in registros.values():
        try:
            parametros[r.registro] = parametros_usados(p, r.zona, primas.get(r.registro), par)
        except ErrorLegal as exc:
            parametros[r.registro] = {"error": exc.mensaje}
    return Calculo(por_registro, parametros)
