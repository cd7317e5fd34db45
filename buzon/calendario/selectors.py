"""Reading the calendar: declarations in force, and the `Calendario` of a particular's ámbito."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from buzon.calendario.models import DiaInhabil
from buzon.legal.calendario import (
    ENTIDADES,
    NACIONAL,
    Ambito,
    Calendario,
    DiaInhabilDeclarado,
    dias_inhabiles_por_ley,
)
from buzon.legal.errores import ErrorLegal
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


_CACHE_MAXIMO = 256
_Fila = tuple[int, date, date, str, tuple[str, ...], tuple[str, ...]]
_cache: dict[tuple[tuple[_Fila, ...], Ambito], Calendario] = {}


def _filas_vigentes() -> tuple[_Fila, ...]:
    """The declarations in force as plain values (no model instances), in `dias_vigentes` order."""
    return tuple(
        (pk, desde, hasta, fuente, tuple(entidades), tuple(subdelegaciones))
        for pk, desde, hasta, fuente, entidades, subdelegaciones in DiaInhabil.objects.filter(
            retirado_en__isnull=True
        )
        .order_by("desde", "id")
        .values_list("id", "desde", "hasta", "fuente", "entidades", "subdelegaciones")
    )


def calendario_para(ambito: Ambito = NACIONAL) -> Calendario:
    """The calendar of an ámbito as stored now (as this transaction sees it).

    The declarations in force are read on every call (one query over a small indexed table); the
    Calendario built from them, with its lazily filled tables, is reused while they are the same
    rows with the same content. Keying by content, not by a counter, means a rolled-back change
    can never leave a stale calendar behind.
    """
    clave = (_filas_vigentes(), ambito)
    calendario = _cache.get(clave)
    if calendario is None:
        if len(_cache) >= _CACHE_MAXIMO:
            _cache.clear()
        declaraciones = [
            DiaInhabilDeclarado(
                desde=desde,
                hasta=hasta,
                fuente=fuente,
                entidades=frozenset(entidades),
                subdelegaciones=frozenset(subdelegaciones),
            )
            for _, desde, hasta, fuente, entidades, subdelegaciones in clave[0]
        ]
        calendario = _cache[clave] = Calendario(declaraciones, ambito)
    return calendario


def exportar_calendario() -> dict[str, Any]:
    """The declarations in force, in the exchange format (buzon.legal.formato_calendario)."""
    return escribir_documento(declaraciones_vigentes())


# --- The días inhábiles of a year for an ámbito, as shown on the public page and API --------

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
