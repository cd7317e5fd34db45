"""The particular's search over Mis notificaciones: by folio (or part of it), by the date of the
aviso (`aviso_desde`, `aviso_hasta`: days in Zona Centro, both ends included) and by state
(`estado`: pendiente, notificada, cancelada). Read from the query string (GET, never a write),
checked with a Spanish message per field, applied on the server and paginated. Shared by the page
and `GET /notificaciones`, where they are optional parameters next to the existing `limite` and
`desde` (an offset there, hence the `aviso_` prefix for the dates)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet

from buzon.comun.tipos_api import PATRON_DIA_OPCIONAL
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.models import Notificacion
from buzon.notificaciones.selectors import filtro_estado, visibles_para_particular

#: The particular's states (contract words) and the derived state each one means.
ESTADOS = {"pendiente": "avisada", "notificada": "notificada", "cancelada": "cancelada"}
ESTADOS_LEGIBLES = {
    "pendiente": "pendiente de abrir",
    "notificada": "notificada",
    "cancelada": "cancelada",
}
LARGO_FOLIO = 40
ANIO_MINIMO, ANIO_MAXIMO = 2000, 2999


@dataclass(frozen=True)
class Filtros:
    folio: str = ""
    desde: date | None = None
    hasta: date | None = None
    estado: str = ""

    @property
    def activos(self) -> bool:
        return bool(self.folio or self.desde or self.hasta or self.estado)

    def como_consulta(self) -> dict[str, str]:
        """The non-empty filters as query parameters (for the pagination links)."""
        valores = {
            "folio": self.folio,
            "aviso_desde": self.desde.isoformat() if self.desde else "",
            "aviso_hasta": self.hasta.isoformat() if self.hasta else "",
            "estado": self.estado,
        }
        return {k: v for k, v in valores.items() if v}


def _fecha(texto: str, campo: str, nombre: str) -> date | None:
    # Exactly what the API documents (PATRON_DIA_OPCIONAL): AAAA-MM-DD of 2000 to 2999, spaces
    # around allowed; date.fromisoformat alone would also take 20270115 or 2027-W03-5.
    if re.fullmatch(PATRON_DIA_OPCIONAL, texto) is None:
        dia = None
    else:
        texto = texto.strip()
        if not texto:
            return None
        dia = date.fromisoformat(texto)
    if dia is None or not ANIO_MINIMO <= dia.year <= ANIO_MAXIMO:
        raise ErrorNotificacion(
            "fecha_invalida",
            f"La fecha «{nombre}» no es válida: escríbala como AAAA-MM-DD (por ejemplo "
            f"2026-03-20), entre los años {ANIO_MINIMO} y {ANIO_MAXIMO}.",
            campo,
        )
    return dia


def leer(parametros: Mapping[str, str]) -> Filtros:
    """The filters from a query string; ErrorNotificacion (400) names the first field at fault."""
    crudo = parametros.get("folio", "")
    folio = crudo.strip().upper()
    if len(crudo) > LARGO_FOLIO:
        raise ErrorNotificacion(
            "folio_invalido",
            f"El folio tiene a lo más {LARGO_FOLIO} caracteres: cópielo tal como aparece.",
            "folio",
        )
    desde = _fecha(parametros.get("aviso_desde", ""), "aviso_desde", "aviso desde")
    hasta = _fecha(parametros.get("aviso_hasta", ""), "aviso_hasta", "aviso hasta")
    if desde and hasta and desde > hasta:
        raise ErrorNotificacion(
            "rango_invalido",
            "La fecha «aviso desde» es posterior a la fecha «aviso hasta»: inviértalas o "
            "corríjalas.",
            "aviso_desde",
        )
    estado = parametros.get("estado", "").strip()
    if estado and estado not in ESTADOS:
        raise ErrorNotificacion(
            "estado_invalido",
            f"«{estado}» no es un estado: use {', '.join(ESTADOS)}.",
            "estado",
        )
    return Filtros(folio=folio, desde=desde, hasta=hasta, estado=estado)


def _inicio_del_dia(dia: date) -> datetime:
    return datetime.combine(dia, time(0, 0), tzinfo=ZONA_CENTRO)


def aplicar(rfc: str, filtros: Filtros, ahora: datetime) -> QuerySet[Notificacion]:
    """The particular's visible notifications that match, newest aviso first.

    The folio matches when it contains what was typed (a folio is long: people paste a part)."""
    consulta = visibles_para_particular(rfc, ahora)
    if filtros.folio:
        consulta = consulta.filter(folio__icontains=filtros.folio)
    if filtros.desde:
        consulta = consulta.filter(aviso__gte=_inicio_del_dia(filtros.desde))
    if filtros.hasta:
        consulta = consulta.filter(aviso__lt=_inicio_del_dia(filtros.hasta + timedelta(days=1)))
    if filtros.estado:
        consulta = consulta.filter(filtro_estado(ESTADOS[filtros.estado], ahora))
    return consulta.order_by("-aviso", "-id")
