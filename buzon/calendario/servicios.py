"""Every change to the calendar: one function, one transaction, one audit row per row changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from buzon.calendario.models import CambioCalendario, DiaInhabil
from buzon.calendario.selectors import a_declaracion, buscar_vigente_igual
from buzon.comun.ganchos import Ganchos
from buzon.evidencia.bitacora import anotar
from buzon.legal.calendario import DiaInhabilDeclarado
from buzon.legal.errores import ErrorLegal
from buzon.legal.formato_calendario import declaracion_a_entrada
from buzon.legal.rfc import normalizar_rfc


@dataclass(frozen=True)
class ResultadoDeclaracion:
    dia: DiaInhabil
    nuevo: bool


def _ahora(instante: datetime | None) -> datetime:
    return instante if instante is not None else timezone.now()


def _crear(declaracion: DiaInhabilDeclarado, por: str, instante: datetime) -> ResultadoDeclaracion:
    existente = buscar_vigente_igual(declaracion)
    if existente is not None:
        return ResultadoDeclaracion(existente, nuevo=False)
    dia = DiaInhabil.objects.create(
        desde=declaracion.desde,
        hasta=declaracion.hasta,
        entidades=sorted(declaracion.entidades),
        subdelegaciones=sorted(declaracion.subdelegaciones),
        fuente=declaracion.fuente,
        declarado_por=por,
        declarado_en=instante,
    )
    detalle = declaracion_a_entrada(declaracion)
    CambioCalendario.objects.create(
        instante=instante,
        accion=CambioCalendario.Accion.DECLARACION,
        dia=dia,
        por=por,
        fuente=declaracion.fuente,
        detalle=detalle,
    )
    anotar("calendario_modificado", str(dia.pk), {"accion": "declaracion", "por": por, **detalle})
    _recalcular("declaracion", dia, instante)
    return ResultadoDeclaracion(dia, nuevo=True)


#: What must follow a calendar change inside its transaction (`buzon.notificaciones` registers
#: the recomputation of pending notifications in its `AppConfig.ready()`): the change described
#: (accion, dia, desde, hasta, fuente) and its instant.
_al_cambiar: Ganchos[[Mapping[str, Any], datetime]] = Ganchos("al_cambiar_calendario")


def al_cambiar_calendario(callback: Callable[[Mapping[str, Any], datetime], object]) -> None:
    """Register `callback`, called inside every declaration's or withdrawal's transaction."""
    _al_cambiar.registrar(callback)


def _recalcular(accion: str, dia: DiaInhabil, instante: datetime) -> None:
    """Pending notifications get their dates recomputed in this same transaction (issue 6)."""
    _al_cambiar.llamar(
        {
            "accion": accion,
            "dia": dia.pk,
            "desde": dia.desde.isoformat(),
            "hasta": dia.hasta.isoformat(),
            "fuente": dia.fuente,
        },
        instante,
    )


def do_declarar_dia_inhabil(
    declaracion: DiaInhabilDeclarado, *, por: str, instante: datetime | None = None
) -> ResultadoDeclaracion:
    """Declare a día inhábil (or period). Declaring an identical one again changes nothing."""
    por = normalizar_rfc(por, "por")
    with transaction.atomic():
        return _crear(declaracion, por, _ahora(instante))


def do_importar_calendario(
    declaraciones: Iterable[DiaInhabilDeclarado], *, por: str, instante: datetime | None = None
) -> list[ResultadoDeclaracion]:
    """Import many declarations at once, all or nothing; those already declared are kept as is."""
    por = normalizar_rfc(por, "por")
    momento = _ahora(instante)
    with transaction.atomic():
        return [_crear(d, por, momento) for d in declaraciones]


def do_retirar_dia_inhabil(
    dia_id: int, *, por: str, motivo: str, instante: datetime | None = None
) -> DiaInhabil:
    """Withdraw a declaration (kept in the record, no longer applied), with its reason."""
    por = normalizar_rfc(por, "por")
    if not motivo.strip():
        raise ErrorLegal("Indique el motivo del retiro (por ejemplo, la fe de erratas).", "motivo")
    momento = _ahora(instante)
    with transaction.atomic():
        dia = DiaInhabil.objects.select_for_update().filter(pk=dia_id).first()
        if dia is None:
            raise ErrorLegal(f"No existe el día inhábil declarado con número {dia_id}.", "id")
        if dia.retirado_en is not None:
            raise ErrorLegal(
                f"El día inhábil {dia_id} ya fue retirado el {dia.retirado_en:%Y-%m-%d}.", "id"
            )
        dia.retirado_por, dia.retirado_en, dia.motivo_retiro = por, momento, motivo.strip()
        dia.save(update_fields=("retirado_por", "retirado_en", "motivo_retiro"))
        detalle = {**declaracion_a_entrada(a_declaracion(dia)), "motivo": motivo.strip()}
        CambioCalendario.objects.create(
            instante=momento,
            accion=CambioCalendario.Accion.RETIRO,
            dia=dia,
            por=por,
            fuente=dia.fuente,
            detalle=detalle,
        )
        anotar("calendario_modificado", str(dia.pk), {"accion": "retiro", "por": por, **detalle})
        _recalcular("retiro", dia, momento)
        return dia
