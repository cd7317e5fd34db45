"""A message's final result and who hears of it: what the upper apps registered with
`al_resultado_final` is called, inside the transaction that records a delivery pass's final results,
once per pass with every result (never per row). The notifications fix the aviso instant from the
first acceptance (7.3)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from buzon.comun.ganchos import Ganchos


@dataclass(frozen=True)
class ResultadoFinal:
    """A message's final result: accepted by its provider (`aceptado`), or dead."""

    clave: str
    canal: str
    destino: str
    instante: datetime
    aceptado: bool
    codigo: int | None
    respuesta: str


_al_resultado: Ganchos[[Sequence[ResultadoFinal]]] = Ganchos("al_resultado_final")


def al_resultado_final(callback: Callable[[Sequence[ResultadoFinal]], object]) -> None:
    """Register what is called with the final results of a pass, inside the transaction that
    records them (an exception rolls the record back: the pass is retried)."""
    _al_resultado.registrar(callback)


def avisar_resultados(resultados: list[ResultadoFinal]) -> None:
    if resultados:
        _al_resultado.llamar(resultados)
