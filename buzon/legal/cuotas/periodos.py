"""Periods of the emisiones: `AAAA-MM` (EMA, monthly, LSS 39) and `AAAA-Bn` (EBA, bimonthly).

The EMA carries the IMSS branches, which are caused by months (LSS 39: "por mensualidades
vencidas"); the EBA carries retiro, cesantía y vejez and INFONAVIT, by bimesters: n = 1…6
covers months 2n − 1 and 2n of the year.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from buzon.legal.errores import ErrorLegal

Emision = Literal["EMA", "EBA"]

_MENSUAL = re.compile(r"(\d{4})-(\d{2})")
_BIMESTRAL = re.compile(r"(\d{4})-B(\d)")
#: The years a period may name (the parameters decide which of them can be computed).
ANIO_MINIMO = 1997
ANIO_MAXIMO = 2100


@dataclass(frozen=True)
class Periodo:
    """A period: its key as written, its emisión and its first and last day (both included)."""

    clave: str
    emision: Emision
    inicio: date
    fin: date

    @property
    def dias(self) -> int:
        return (self.fin - self.inicio).days + 1

    def contiene(self, dia: date) -> bool:
        return self.inicio <= dia <= self.fin

    def fechas(self) -> Iterator[date]:
        for n in range(self.dias):
            yield self.inicio + timedelta(days=n)


def _ultimo_dia(anio: int, mes: int) -> date:
    return date(anio, mes, calendar.monthrange(anio, mes)[1])


def mensual(anio: int, mes: int) -> Periodo:
    """The EMA period of one calendar month (LSS 39)."""
    return Periodo(f"{anio:04d}-{mes:02d}", "EMA", date(anio, mes, 1), _ultimo_dia(anio, mes))


def bimestral(anio: int, bimestre: int) -> Periodo:
    """The EBA period n: months 2n − 1 and 2n (retiro, cesantía y vejez, INFONAVIT)."""
    return Periodo(
        f"{anio:04d}-B{bimestre}",
        "EBA",
        date(anio, 2 * bimestre - 1, 1),
        _ultimo_dia(anio, 2 * bimestre),
    )


def leer_periodo(valor: object, campo: str = "periodo") -> Periodo:
    """`AAAA-MM` or `AAAA-Bn`; a Spanish error naming the field otherwise."""
    texto = valor.strip() if isinstance(valor, str) else None
    ejemplo = "use AAAA-MM para la emisión mensual (ej. 2026-04) o AAAA-Bn, n = 1 a 6, para la "
    ejemplo += "bimestral (ej. 2026-B2)."
    if texto:
        if encontrado := _MENSUAL.fullmatch(texto):
            anio, mes = int(encontrado[1]), int(encontrado[2])
            if 1 <= mes <= 12 and ANIO_MINIMO <= anio <= ANIO_MAXIMO:
                return mensual(anio, mes)
        elif encontrado := _BIMESTRAL.fullmatch(texto.upper()):
            anio, bimestre = int(encontrado[1]), int(encontrado[2])
            if 1 <= bimestre <= 6 and ANIO_MINIMO <= anio <= ANIO_MAXIMO:
                return bimestral(anio, bimestre)
    raise ErrorLegal(f"«{valor}» no es un periodo válido para «{campo}»: {ejemplo}", campo)
