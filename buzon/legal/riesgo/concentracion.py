"""Concentración salarial (relación 7.18, «Carta Invitación a patrones con concentración
salarial»): the share of a registro's workers at exactly the minimum wage or in a narrow band just
above it (SBC ≤ minimum × (1 + banda)), against its sector's pooled share.

Fires when the registro has at least `concentracion_minimo_trabajadores` workers vigentes, its
share is at least `concentracion_umbral_bp` and exceeds the sector's by at least
`concentracion_exceso_bp`. Points: `concentracion_peso`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from buzon.legal.riesgo.ajustes import Ajustes
from buzon.legal.riesgo.datos import CONCENTRACION, Datos, Senal, bp, porcentaje

I64 = NDArray[np.int64]


def evaluar(d: Datos, a: Ajustes, sector_bp: int) -> Senal:
    cuota = bp(d.en_banda, d.trabajadores)
    exceso = cuota - sector_bp
    disparo = (
        d.trabajadores >= a.concentracion_minimo_trabajadores
        and cuota >= a.concentracion_umbral_bp
        and exceso >= a.concentracion_exceso_bp
    )
    numeros = {
        "trabajadores": d.trabajadores,
        "en_salario_minimo": d.en_minimo,
        "en_banda": d.en_banda,
        "proporcion_bp": cuota,
        "proporcion_sector_bp": sector_bp,
        "umbral_bp": a.concentracion_umbral_bp,
        "exceso_minimo_bp": a.concentracion_exceso_bp,
    }
    motivo = (
        f"{d.en_banda} de {d.trabajadores} trabajadores ({porcentaje(cuota)}) ganan el salario "
        f"mínimo ({d.en_minimo}) o hasta {porcentaje(a.concentracion_banda_bp)} más; en su "
        f"sector, {porcentaje(sector_bp)}"
    )
    return Senal(CONCENTRACION, disparo, a.concentracion_peso if disparo else 0, numeros, motivo)


def lote(
    trabajadores: I64, en_banda: I64, sector_bp: I64, a: Ajustes
) -> tuple[NDArray[np.bool_], I64]:
    cuota = np.where(trabajadores > 0, en_banda * 10_000 // np.maximum(trabajadores, 1), 0)
    disparo = (
        (trabajadores >= a.concentracion_minimo_trabajadores)
        & (cuota >= a.concentracion_umbral_bp)
        & (cuota - sector_bp >= a.concentracion_exceso_bp)
    )
    return disparo, np.where(disparo, a.concentracion_peso, 0).astype(np.int64)


def proporciones_de_sector(codigos: I64, trabajadores: I64, en_banda: I64, n_sectores: int) -> I64:
    """Per registro, its sector's pooled share in bp (Σ en banda · 10,000 // Σ trabajadores)."""
    total = np.zeros(n_sectores, dtype=np.int64)
    banda = np.zeros(n_sectores, dtype=np.int64)
    np.add.at(total, codigos, trabajadores)
    np.add.at(banda, codigos, en_banda)
    por_sector = np.where(total > 0, banda * 10_000 // np.maximum(total, 1), 0)
    return por_sector[codigos].astype(np.int64)
