"""The batch path: every registro of the padrón at once, numpy int64, the same integers as
`puntaje.programar` (tests/legal/riesgo/test_lote.py proves it on generated padrones).

Bounds: counts are workers (< 10⁹), points are small weights × at most 5 (< 10¹³ by `ajustes`),
amounts are centavos compared, never multiplied: en_banda × 10,000 < 10¹³ < 2⁶³.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from buzon.legal.riesgo import (
    adeudo,
    clasificacion,
    concentracion,
    denuncias,
    improcedentes,
    plantilla,
)
from buzon.legal.riesgo.ajustes import Ajustes
from buzon.legal.riesgo.datos import SIN_DATO, Datos
from buzon.legal.riesgo.puntaje import NINGUNO, TIPOS

I64 = NDArray[np.int64]

CAMPOS = (
    "trabajadores",
    "en_minimo",
    "en_banda",
    "altas_previas",
    "multiples",
    "periodos_sin_pago",
    "clase_declarada",
    "clase_actividad",
    "reportados_rfc",
    "externos_rfc",
    "denuncias",
    "adeudo_centavos",
)


@dataclass
class Columnas:
    """One row per registro, registros sorted ascending (`registros`), `sector` as codes."""

    registros: list[str]
    sector: I64
    n_sectores: int
    valores: dict[str, I64]

    def __len__(self) -> int:
        return len(self.registros)

    def col(self, campo: str) -> I64:
        return self.valores[campo]


def columnas(registros: Sequence[Datos]) -> Columnas:
    """From a list (tests; the service builds the arrays directly)."""
    ordenados = sorted(registros, key=lambda d: d.registro)
    sectores = sorted({d.sector for d in ordenados})
    codigo = {s: i for i, s in enumerate(sectores)}
    return Columnas(
        [d.registro for d in ordenados],
        np.array([codigo[d.sector] for d in ordenados], dtype=np.int64),
        len(sectores),
        {c: np.array([getattr(d, c) for d in ordenados], dtype=np.int64) for c in CAMPOS},
    )


@dataclass
class Programa:
    """`orden`: row indices ranked (score desc, registro asc); per row the points, the bitmask
    of fired indicators (bit i: INDICADORES[i]), the sector's share and the act code (TIPOS)."""

    orden: I64
    puntos: I64
    mascara: I64
    sector_bp: I64
    tipo: I64


def programar(c: Columnas, a: Ajustes) -> Programa:
    v = c.col
    n = len(c)
    if n:
        sector_bp = concentracion.proporciones_de_sector(
            c.sector, v("trabajadores"), v("en_banda"), c.n_sectores
        )
    else:
        sector_bp = np.zeros(0, dtype=np.int64)
    partes = (
        concentracion.lote(v("trabajadores"), v("en_banda"), sector_bp, a),
        improcedentes.lote(
            v("altas_previas"), v("multiples"), v("trabajadores"), v("periodos_sin_pago"), a
        ),
        clasificacion.lote(v("clase_declarada"), v("clase_actividad"), a),
        plantilla.lote(v("reportados_rfc"), v("externos_rfc"), a),
        denuncias.lote(v("denuncias"), a),
        adeudo.lote(v("adeudo_centavos"), a),
    )
    puntos = np.zeros(n, dtype=np.int64)
    mascara = np.zeros(n, dtype=np.int64)
    for i, (disparo, p) in enumerate(partes):
        puntos += p
        mascara |= disparo.astype(np.int64) << i
    # the act: audit from auditoria_minimo, else the letter by priority (puntaje.tipo_propuesto)
    tipo = np.zeros(n, dtype=np.int64)
    carta = puntos >= a.propuesta_minimo
    # bits: 0 concentración → code 4; 2 clasificación → 3; 1 improcedentes → 2 (lowest first)
    for bit, codigo in ((0, 4), (2, 3), (1, 2)):
        tipo = np.where(carta & ((mascara >> bit) & 1 == 1), codigo, tipo)
    tipo = np.where(puntos >= a.auditoria_minimo, 1, tipo)
    orden = np.lexsort((np.arange(n), -puntos)).astype(np.int64)  # rows are sorted by registro
    con_acto = orden[tipo[orden] != 0]
    if len(con_acto) > a.maximo_actos:
        tipo[con_acto[a.maximo_actos :]] = 0
    return Programa(orden, puntos, mascara, sector_bp, tipo)


def tipo_de(codigo: int) -> str:
    return TIPOS[codigo] if 0 <= codigo < len(TIPOS) else NINGUNO


__all__ = ["SIN_DATO", "Columnas", "Programa", "columnas", "programar", "tipo_de"]
