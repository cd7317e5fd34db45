"""The common case of a month, recognised without the validation: a worker vigente the whole
period at one SBC, with no movement in it.

About 70 % of a month's worker-periods have no movement in the period. Their movements read
from the ledger are an `08` and, perhaps, `07`s, all on or before the period's first day. Such
a list always passes `movimientos.validar` (one open vigencia, one SBC per day, no absence) and
its tramos are exactly `tramos.completos` with the SBC of the last movement: so the batch takes
those workers as arrays (`sbc_constantes`) and only the rest go through `validar` and
`tramos.de_historias`. tests/legal/cuotas/test_sin_cambios.py proves both claims on generated
lists against `referencia.calcular`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from buzon.legal.cuotas.movimientos import ALTA, MODIFICACION, Movimiento
from buzon.legal.cuotas.periodos import Periodo


def sbc_constante(movimientos: Sequence[Movimiento], periodo: Periodo) -> int | None:
    """The SBC in centavos when `movimientos` (in the order given) are one `08` then only `07`s,
    on strictly increasing dates, the last on or before `periodo.inicio`: vigente every day of
    the period at that SBC, no ausentismo or incapacidad. None for any other list (the caller
    validates it and builds its tramos from the history)."""
    if not movimientos or movimientos[0].tipo != ALTA:
        return None
    anterior = None
    for m in movimientos:
        if m.tipo not in (ALTA, MODIFICACION) or m.sbc is None:
            return None
        if m is not movimientos[0] and m.tipo != MODIFICACION:
            return None
        if anterior is not None and m.fecha <= anterior:
            return None
        anterior = m.fecha
    if anterior is None or anterior > periodo.inicio:
        return None
    valor = movimientos[-1].sbc
    assert valor is not None
    centavos = valor * 100
    if centavos != centavos.to_integral_value() or centavos <= 0:
        return None
    return int(centavos)


def sbc_constantes(
    listas: Sequence[Sequence[Movimiento]], periodo: Periodo
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """`sbc_constante` of many workers: (SBC centavos, 0 where not; which ones qualify)."""
    valores = [sbc_constante(m, periodo) for m in listas]
    sbc = np.array([v or 0 for v in valores], dtype=np.int64)
    return sbc, np.array([v is not None for v in valores], dtype=np.bool_)
