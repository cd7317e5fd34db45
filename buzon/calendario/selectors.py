"""Reading the calendar: declarations in force, and the `Calendario` of a particular's ámbito."""

from __future__ import annotations

from typing import Any

from django.db.models import Max

from buzon.calendario.models import CambioCalendario, DiaInhabil
from buzon.legal.calendario import NACIONAL, Ambito, Calendario, DiaInhabilDeclarado
from buzon.legal.formato_calendario import escribir_documento


def a_declaracion(dia: DiaInhabil) -> DiaInhabilDeclarado:
    return DiaInhabilDeclarado(
        desde=dia.desde,
        hasta=dia.hasta,
        fuente=dia.fuente,
        entidades=frozenset(dia.entidades),
        subdelegaciones=frozenset(dia.subdelegaciones),
    )


def dias_vigentes() -> list[DiaInhabil]:
    return list(DiaInhabil.objects.filter(retirado_en__isnull=True).order_by("desde", "id"))


def declaraciones_vigentes() -> list[DiaInhabilDeclarado]:
    return [a_declaracion(d) for d in dias_vigentes()]


def buscar_vigente_igual(declaracion: DiaInhabilDeclarado) -> DiaInhabil | None:
    """The declaration in force with the same dates, scope and source, if any."""
    for dia in DiaInhabil.objects.filter(
        retirado_en__isnull=True,
        desde=declaracion.desde,
        hasta=declaracion.hasta,
        fuente=declaracion.fuente,
    ):
        if a_declaracion(dia) == declaracion:
            return dia
    return None


_cache: dict[tuple[int, Ambito], Calendario] = {}


def calendario_para(ambito: Ambito = NACIONAL) -> Calendario:
    """The calendar of an ámbito as stored now. Rebuilt only when the audit trail has grown,
    so every process sees a change at its next call (one indexed aggregate query)."""
    version = CambioCalendario.objects.aggregate(ultimo=Max("id"))["ultimo"] or 0
    clave = (version, ambito)
    calendario = _cache.get(clave)
    if calendario is None:
        if any(v != version for v, _ in _cache):
            _cache.clear()
        calendario = _cache[clave] = Calendario(declaraciones_vigentes(), ambito)
    return calendario


def exportar_calendario() -> dict[str, Any]:
    """The declarations in force, in the exchange format (buzon.legal.formato_calendario)."""
    return escribir_documento(declaraciones_vigentes())
