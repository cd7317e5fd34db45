"""How the benchmarks print: the machine-load line, percentiles, a figure beside its target."""

from __future__ import annotations

import math
import os
import statistics
from collections.abc import Sequence
from typing import Literal

Comparacion = Literal["≥", "≤", "<"]


def nucleos() -> int:
    return os.cpu_count() or 1


def linea_de_maquina() -> str:
    """Cores and load average now, printed before a figure so a shared machine can be judged."""
    uno, cinco, quince = os.getloadavg()
    return (
        f"máquina: {nucleos()} núcleos, carga media {uno:.2f} (1 min), {cinco:.2f} (5 min), "
        f"{quince:.2f} (15 min)"
    )


def percentiles(tiempos: Sequence[float]) -> tuple[float, float, float]:
    """(p50, p95, p99) of `tiempos`, interpolated between the closest values (NaN when empty)."""
    if not tiempos:
        return math.nan, math.nan, math.nan
    if len(tiempos) == 1:
        return tiempos[0], tiempos[0], tiempos[0]
    cortes = statistics.quantiles(tiempos, n=100, method="inclusive")
    return cortes[49], cortes[94], cortes[98]


def cumple(valor: float, objetivo: float, comparacion: Comparacion = "≥") -> bool:
    if comparacion == "≥":
        return valor >= objetivo
    if comparacion == "≤":
        return valor <= objetivo
    return valor < objetivo


def frente_al_objetivo(
    valor: float,
    objetivo: float,
    unidad: str = "/s",
    comparacion: Comparacion = "≥",
    errores: int = 0,
    cifra: str = "",
) -> str:
    """`objetivo ≥ 300/s: cumple` (`objetivo p95 ≤ 100 ms: NO CUMPLE` with `cifra` "p95");
    a run with errors never meets its target."""
    estado = "cumple" if cumple(valor, objetivo, comparacion) and not errores else "NO CUMPLE"
    if errores:
        estado += f", {errores:,} {'error' if errores == 1 else 'errores'}"
    nombre = f"{cifra} " if cifra else ""
    return f"objetivo {nombre}{comparacion} {objetivo:,.0f}{unidad}: {estado}"
