"""Clasificación (relación 7.8, «Invitación para revisar la correcta clasificación de las
empresas»): the class the registro pays in against the class of its declared activity (Catálogo
de Actividades, RACERF 196). Fires when the activity's class exceeds the declared one by at least
`clasificacion_diferencia` classes; points: `clasificacion_peso` per class of difference.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from buzon.legal.riesgo.ajustes import Ajustes
from buzon.legal.riesgo.datos import CLASIFICACION, Datos, Senal

I64 = NDArray[np.int64]
ROMANOS = ("", "I", "II", "III", "IV", "V")


def evaluar(d: Datos, a: Ajustes) -> Senal:
    conocidas = d.clase_declarada > 0 and d.clase_actividad > 0
    diferencia = d.clase_actividad - d.clase_declarada if conocidas else 0
    disparo = conocidas and diferencia >= a.clasificacion_diferencia
    numeros = {
        "clase_declarada": d.clase_declarada,
        "clase_de_la_actividad": d.clase_actividad,
        "diferencia": diferencia,
    }
    motivo = (
        f"cotiza en la clase {ROMANOS[d.clase_declarada]} y su actividad declarada "
        f"({d.sector}) corresponde a la clase {ROMANOS[d.clase_actividad]}"
        if conocidas
        else "sin actividad declarada"
    )
    return Senal(
        CLASIFICACION, disparo, diferencia * a.clasificacion_peso if disparo else 0, numeros, motivo
    )


def lote(declarada: I64, actividad: I64, a: Ajustes) -> tuple[NDArray[np.bool_], I64]:
    diferencia = np.where((declarada > 0) & (actividad > 0), actividad - declarada, 0)
    disparo = (declarada > 0) & (actividad > 0) & (diferencia >= a.clasificacion_diferencia)
    return disparo, np.where(disparo, diferencia * a.clasificacion_peso, 0).astype(np.int64)
