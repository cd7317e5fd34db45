"""Cuotas propuestas no pagadas: the créditos fiscales `exigible` of the registro (the collection
system's, docs/cobranza.md). Fires from `adeudo_minimo_centavos`; points: `adeudo_peso`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from buzon.legal.riesgo.ajustes import Ajustes
from buzon.legal.riesgo.datos import ADEUDO, Datos, Senal

I64 = NDArray[np.int64]


def pesos(centavos: int) -> str:
    return f"${centavos // 100:,}.{centavos % 100:02d}"


def evaluar(d: Datos, a: Ajustes) -> Senal:
    disparo = d.adeudo_centavos >= a.adeudo_minimo_centavos
    motivo = f"cuotas exigibles no pagadas por {pesos(d.adeudo_centavos)}"
    numeros = {"exigible_centavos": d.adeudo_centavos, "umbral_centavos": a.adeudo_minimo_centavos}
    return Senal(ADEUDO, disparo, a.adeudo_peso if disparo else 0, numeros, motivo)


def lote(adeudo: I64, a: Ajustes) -> tuple[NDArray[np.bool_], I64]:
    disparo = adeudo >= a.adeudo_minimo_centavos
    return disparo, np.where(disparo, a.adeudo_peso, 0).astype(np.int64)
