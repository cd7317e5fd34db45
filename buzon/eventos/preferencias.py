"""A particular's reminder preferences as the rules read them (the defaults without a row)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from buzon.eventos.models import Preferencias

OBLIGACION = "obligacion"
NOTIFICACION = "notificacion"
REQUERIMIENTO = "requerimiento"
CLASES = (OBLIGACION, NOTIFICACION, REQUERIMIENTO)


@dataclass(frozen=True, slots=True)
class Ajustes:
    """A particular's preferences as the rules read them (the defaults when it saved none)."""

    recordar_notificaciones: bool = True
    dias_notificaciones: int = 1
    recordar_obligaciones: bool = True
    dias_obligaciones: int = 3
    recordar_requerimientos: bool = True
    dias_requerimientos: int = 3
    por_correo: bool = True
    por_sms: bool = True
    presta_servicios_especializados: bool = False

    def anticipacion(self, clase: str) -> int | None:
        """Días hábiles of anticipation for a class of event; None when not wanted."""
        if clase == NOTIFICACION:
            return self.dias_notificaciones if self.recordar_notificaciones else None
        if clase == REQUERIMIENTO:
            return self.dias_requerimientos if self.recordar_requerimientos else None
        return self.dias_obligaciones if self.recordar_obligaciones else None


CAMPOS_AJUSTES = tuple(Ajustes.__dataclass_fields__)


def ajustes_de_varios(rfcs: Iterable[str]) -> dict[str, Ajustes]:
    """Every RFC's preferences in one query (defaults for those without a row)."""
    lista = list(rfcs)
    salida = dict.fromkeys(lista, Ajustes())
    for fila in Preferencias.objects.filter(rfc__in=lista).values("rfc", *CAMPOS_AJUSTES):
        rfc = fila.pop("rfc")
        salida[rfc] = Ajustes(**fila)
    return salida


def ajustes_de(rfc: str) -> Ajustes:
    return ajustes_de_varios([rfc])[rfc]
