"""The días inhábiles of a year for an ámbito, as shown on the public page and API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from buzon.calendario.selectors import calendario_para
from buzon.legal.calendario import ENTIDADES, Ambito, dias_inhabiles_por_ley
from buzon.legal.errores import ErrorLegal

ANIO_MINIMO, ANIO_MAXIMO = 2000, 2100


@dataclass(frozen=True)
class DiaInhabilPublicado:
    fecha: date
    origen: str  # "ley" (CFF art. 12) or "declarado"
    motivo: str


def validar_consulta(anio: int, entidad: str | None) -> None:
    if not ANIO_MINIMO <= anio <= ANIO_MAXIMO:
        raise ErrorLegal(f"El año debe estar entre {ANIO_MINIMO} y {ANIO_MAXIMO}.", "anio")
    if entidad is not None and entidad not in ENTIDADES:
        raise ErrorLegal(
            f"«{entidad}» no es una entidad: use la clave ISO 3166-2:MX sin «MX-» (ej. CMX).",
            "entidad",
        )


def dias_inhabiles_del_anio(
    anio: int, entidad: str | None = None, subdelegacion: str | None = None
) -> list[DiaInhabilPublicado]:
    """Statutory and declared días inhábiles of `anio` for the ámbito (weekends left out)."""
    validar_consulta(anio, entidad)
    calendario = calendario_para(Ambito(entidad, subdelegacion or None))
    por_ley = dias_inhabiles_por_ley(anio)
    dias: list[DiaInhabilPublicado] = []
    dia, fin = date(anio, 1, 1), date(anio, 12, 31)
    while dia <= fin:
        motivo = calendario.motivo_inhabil(dia)
        if motivo is not None and dia.weekday() < 5:
            dias.append(DiaInhabilPublicado(dia, "ley" if dia in por_ley else "declarado", motivo))
        dia += timedelta(days=1)
    return dias
