"""Denuncias of workers (trámite «denuncia-patron»: not registered, registered with a lower salary,
given a baja while still working) presented against the registro in the programme's window.
Fires from `denuncias_minimo`; points: `denuncias_peso` per denuncia up to `denuncias_tope`.
Who denounced is never part of the signal: only how many [I-126].
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from buzon.legal.riesgo.ajustes import Ajustes
from buzon.legal.riesgo.datos import DENUNCIAS, Datos, Senal

I64 = NDArray[np.int64]


def evaluar(d: Datos, a: Ajustes) -> Senal:
    disparo = d.denuncias >= a.denuncias_minimo
    puntos = min(d.denuncias, a.denuncias_tope) * a.denuncias_peso if disparo else 0
    motivo = f"denuncias recibidas: {d.denuncias}"
    return Senal(DENUNCIAS, disparo, puntos, {"denuncias": d.denuncias}, motivo)


def lote(denuncias: I64, a: Ajustes) -> tuple[NDArray[np.bool_], I64]:
    disparo = denuncias >= a.denuncias_minimo
    puntos = np.where(disparo, np.minimum(denuncias, a.denuncias_tope) * a.denuncias_peso, 0)
    return disparo, puntos.astype(np.int64)
