"""What the decision stands on, for many RFCs at once: the registros patronales of the padrón
(modalidad, situación), the workers in force per registro on the day (afiliación ledger) and the
créditos fiscales (cobranza). Three set-based reads whatever the number of RFCs: no per-RFC round
trip. Excluding the registros of modalidades 32, 33 and 40 from the workers counted is the pure
rule's job (`legal.opinion.evaluar` receives the modalidad); here every count is passed as is."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

from buzon.cobranza.selectors import creditos_de
from buzon.cuotas.vigentes import trabajadores_vigentes
from buzon.legal.opinion import CreditoOpinion, RegistroOpinion
from buzon.padron.selectors import registros_para_opinion

Insumos = tuple[list[RegistroOpinion], list[CreditoOpinion]]


def insumos(rfcs: Sequence[str], dia: date) -> dict[str, Insumos]:
    """Every RFC of `rfcs` (an RFC the padrón lacks gets no registros) with its registros, each
    carrying the workers in force on `dia`, and its créditos."""
    unicos = list(dict.fromkeys(rfcs))
    registros = registros_para_opinion(unicos)
    todos = [r.registro for lista in registros.values() for r in lista]
    trabajadores = trabajadores_vigentes(todos, dia) if todos else {}
    creditos = creditos_de(unicos)
    return {
        rfc: (
            [
                dataclasses.replace(r, trabajadores=trabajadores.get(r.registro, 0))
                for r in registros.get(rfc, [])
            ],
            list(creditos.get(rfc, [])),
        )
        for rfc in unicos
    }
