"""Probables inscripciones improcedentes (relación 7.17; LSS 17: the Institute may ask the
employer for the documents proving the labour relationship when a registration looks improper).

Three sub-indicators, each worth `improcedentes_peso` points when it fires:
- altas with SBC ≥ `improcedentes_sbc_veces` × the minimum wage in the
  `improcedentes_dias_previos` days before a pension or subsidy claim of that worker
  (at least `improcedentes_minimo_altas`);
- workers vigentes at `improcedentes_registros_simultaneos` registros or more at once
  (at least `improcedentes_minimo_multiples`);
- a registro with workers vigentes and `improcedentes_periodos_sin_pago` periods or more with
  cuotas exigibles (cuotas it never paid).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from buzon.legal.riesgo.ajustes import Ajustes
from buzon.legal.riesgo.datos import IMPROCEDENTES, Datos, Senal

I64 = NDArray[np.int64]


def evaluar(d: Datos, a: Ajustes) -> Senal:
    altas = d.altas_previas >= a.improcedentes_minimo_altas
    multiples = d.multiples >= a.improcedentes_minimo_multiples
    sin_pago = d.trabajadores > 0 and d.periodos_sin_pago >= a.improcedentes_periodos_sin_pago
    fired = int(altas) + int(multiples) + int(sin_pago)
    partes = []
    if altas:
        partes.append(
            f"{d.altas_previas} altas con SBC de {a.improcedentes_sbc_veces} o más salarios "
            f"mínimos en los {a.improcedentes_dias_previos} días previos a una solicitud de "
            "pensión o subsidio"
        )
    if multiples:
        partes.append(
            f"{d.multiples} trabajadores vigentes a la vez en "
            f"{a.improcedentes_registros_simultaneos} o más registros patronales"
        )
    if sin_pago:
        partes.append(
            f"{d.trabajadores} trabajadores vigentes y {d.periodos_sin_pago} periodos con cuotas "
            "exigibles sin pagar"
        )
    numeros = {
        "altas_previas": d.altas_previas,
        "trabajadores_en_varios_registros": d.multiples,
        "periodos_sin_pago": d.periodos_sin_pago,
        "trabajadores": d.trabajadores,
        "subindicadores": fired,
    }
    motivo = "; ".join(partes) or "ningún subindicador"
    return Senal(IMPROCEDENTES, fired > 0, fired * a.improcedentes_peso, numeros, motivo)


def lote(
    altas_previas: I64, multiples: I64, trabajadores: I64, periodos_sin_pago: I64, a: Ajustes
) -> tuple[NDArray[np.bool_], I64]:
    cuenta = (
        (altas_previas >= a.improcedentes_minimo_altas).astype(np.int64)
        + (multiples >= a.improcedentes_minimo_multiples)
        + ((trabajadores > 0) & (periodos_sin_pago >= a.improcedentes_periodos_sin_pago))
    )
    return cuenta > 0, cuenta * a.improcedentes_peso
