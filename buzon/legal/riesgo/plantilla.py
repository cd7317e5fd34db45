"""Plantilla: the workers the employer reports (vigentes in the ledger, all registros of its RFC)
against an external count per RFC imported from another agency's file (e.g. payroll invoices).

coincidencia = min(reportados, externos) / max(reportados, externos), in bp. Fires when the
external count is at least `plantilla_minimo_externos`, exceeds what the employer reports, and the
coincidence is below `plantilla_coincidencia_bp`. Points: `plantilla_peso`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from buzon.legal.riesgo.ajustes import Ajustes
from buzon.legal.riesgo.datos import PLANTILLA, SIN_DATO, Datos, Senal, bp, porcentaje

I64 = NDArray[np.int64]


def evaluar(d: Datos, a: Ajustes) -> Senal:
    conocido = d.externos_rfc != SIN_DATO
    coincidencia = (
        bp(min(d.reportados_rfc, d.externos_rfc), max(d.reportados_rfc, d.externos_rfc))
        if conocido
        else 0
    )
    disparo = (
        conocido
        and d.externos_rfc >= a.plantilla_minimo_externos
        and d.externos_rfc > d.reportados_rfc
        and coincidencia < a.plantilla_coincidencia_bp
    )
    numeros = {
        "reportados": d.reportados_rfc,
        "externos": d.externos_rfc,
        "coincidencia_bp": coincidencia,
        "umbral_bp": a.plantilla_coincidencia_bp,
    }
    motivo = (
        f"reporta {d.reportados_rfc} trabajadores y la fuente externa cuenta {d.externos_rfc}: "
        f"coincidencia de {porcentaje(coincidencia)}"
        if conocido
        else "sin conteo externo"
    )
    return Senal(PLANTILLA, disparo, a.plantilla_peso if disparo else 0, numeros, motivo)


def lote(reportados: I64, externos: I64, a: Ajustes) -> tuple[NDArray[np.bool_], I64]:
    conocido = externos != SIN_DATO
    mayor = np.maximum(reportados, externos)
    coincidencia = np.where(
        mayor > 0, np.minimum(reportados, externos) * 10_000 // np.maximum(mayor, 1), 0
    )
    disparo = (
        conocido
        & (externos >= a.plantilla_minimo_externos)
        & (externos > reportados)
        & (coincidencia < a.plantilla_coincidencia_bp)
    )
    return disparo, np.where(disparo, a.plantilla_peso, 0).astype(np.int64)
