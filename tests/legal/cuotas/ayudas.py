"""Helpers for the cuotas tests: movements written as an employer files them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from buzon.legal.cuotas import movimientos as mov
from buzon.legal.cuotas import referencia
from buzon.legal.cuotas.periodos import leer_periodo

D = Decimal
PRIMA = D("0.54355")


def d(texto: str) -> date:
    return date.fromisoformat(texto)


def lista(*filas: tuple[str, str] | tuple[str, str, str | int]) -> list[mov.Movimiento]:
    """("08", "2026-01-05", "500.00"), ("02", "2026-04-10"), ("11", "2026-04-03", 2) …"""
    salida = []
    for n, fila in enumerate(filas, start=1):
        tipo, fecha, *resto = fila
        sbc = D(str(resto[0])) if resto and tipo in ("08", "07") else None
        dias = int(resto[0]) if resto and tipo in ("11", "12") else None
        salida.append(mov.Movimiento(n, tipo, d(fecha), sbc, dias))
    return salida


def cuotas(
    periodo: str, *filas: tuple[str, str] | tuple[str, str, str | int], zona: str = "general",
    prima: Decimal | None = PRIMA,
) -> referencia.Cuotas:  # fmt: skip
    p = leer_periodo(periodo)
    return referencia.calcular(lista(*filas), p, prima if p.emision == "EMA" else None, zona)


def pesos(c: referencia.Cuotas, concepto: str) -> tuple[str, str]:
    importe = c.importes[concepto]
    return f"{importe.patron:.2f}", f"{importe.obrero:.2f}"


def r(importe: Decimal) -> str:
    """Half-up to centavos, as text (Python's own format rounds half-even)."""
    return f"{referencia.redondear(importe):.2f}"
