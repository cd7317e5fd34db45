"""Reading acts and programmes: access for officials (their subdelegación) and for the employer
(its RFC, once the act is notified), each act's state and plazos, the dashboard's counts."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, QuerySet

from buzon.actuaciones.models import Actuacion
from buzon.fiscalizacion.errores import ErrorFiscalizacion
from buzon.fiscalizacion.models import Acto, Programa
from buzon.legal.notificacion import NOTIFICADA
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.emision.ruteo import calendario_de
from buzon.notificaciones.hechos import situacion_de
from buzon.oficina.models import Oficial
from buzon.oficina.selectors import de_su_subdelegacion

#: The states of an act, in their order (issue 17 §2).
ESTADOS = (
    "propuesto",
    "aprobado",
    "emitido",
    "notificado",
    "respondido",
    "corregido",
    "cerrado",
)
_NO_ENCONTRADO = "No existe ese acto de fiscalización (o no es visible para su sesión)."


def _no_encontrado() -> ErrorFiscalizacion:
    return ErrorFiscalizacion("no_encontrado", _NO_ENCONTRADO, None, 404)


_MAXIMO_ID = 2**62


def access_programa(programa_id: int) -> Programa:
    programa = (
        Programa.objects.filter(pk=programa_id).first() if 0 < programa_id < _MAXIMO_ID else None
    )
    if programa is None:
        raise ErrorFiscalizacion("no_encontrado", "No existe ese programa.", None, 404)
    return programa


def actos_de_la_oficina(oficial: Oficial) -> QuerySet[Acto]:
    return de_su_subdelegacion(oficial, Acto.objects.all())


def access_acto_oficial(oficial: Oficial, acto_id: int) -> Acto:
    acto = (
        actos_de_la_oficina(oficial)
        .select_related("programa", "puntaje", "padre__puntaje", "notificacion")
        .filter(pk=acto_id)
        .first()
        if 0 < acto_id < _MAXIMO_ID
        else None
    )
    if acto is None:
        raise _no_encontrado()
    return acto


def actos_del_particular(rfc: str, ahora: datetime) -> list[Acto]:
    """The employer's acts already notified to it (before that it does not know of them)."""
    actos = (
        Acto.objects.filter(rfc=rfc, notificacion__isnull=False)
        .select_related("programa", "puntaje", "padre__puntaje", "notificacion")
        .order_by("-emitido", "-id")
    )
    return [
        a
        for a in actos
        if a.notificacion and situacion_de(a.notificacion, ahora).estado == NOTIFICADA
    ]


def access_acto_particular(rfc: str, acto_id: int, ahora: datetime) -> Acto:
    for acto in actos_del_particular(rfc, ahora):
        if acto.pk == acto_id:
            return acto
    raise _no_encontrado()


def respuestas_de(actos: list[Acto]) -> dict[int, list[Actuacion]]:
    """Per act, the actuaciones presented in answer to its notification (oldest first)."""
    por_notificacion = {a.notificacion_id: a.pk for a in actos if a.notificacion_id}
    resultado: dict[int, list[Actuacion]] = defaultdict(list)
    if not por_notificacion:
        return resultado
    for actuacion in Actuacion.objects.filter(
        notificacion__in=list(por_notificacion), presentada__isnull=False
    ).order_by("presentada", "id"):
        resultado[por_notificacion[int(actuacion.notificacion or 0)]].append(actuacion)
    return resultado


@dataclass(frozen=True)
class Plazos:
    notificado: datetime | None = None
    surte_efectos: date | None = None
    inicia: date | None = None
    vence: date | None = None


def plazos_de(acto: Acto, ahora: datetime) -> Plazos:
    """CFF 135: effects the día hábil after it is made; the plazo's días hábiles are counted from
    the día hábil after that (CFF 12) [I-127]. Días hábiles of the employer's calendar."""
    n = acto.notificacion
    if n is None:
        return Plazos()
    s = situacion_de(n, ahora)
    if s.estado != NOTIFICADA or s.notificada is None:
        return Plazos()
    calendario = calendario_de(acto.entidad, acto.subdelegacion)
    dia = s.notificada.astimezone(ZONA_CENTRO).date()
    efectos = calendario.habil_siguiente(dia)
    inicia = calendario.habil_siguiente(efectos)
    vence = inicia
    for _ in range(acto.plazo_dias - 1):
        vence = calendario.habil_siguiente(vence)
    return Plazos(s.notificada, efectos, inicia, vence)


def estado_de(acto: Acto, ahora: datetime, respondido: bool) -> str:
    if acto.estado in (Acto.Estado.CORREGIDO, Acto.Estado.CERRADO):
        return acto.estado
    if acto.notificacion is None:
        return acto.estado
    if respondido:
        return "respondido"
    if situacion_de(acto.notificacion, ahora).estado == NOTIFICADA:
        return "notificado"
    return "emitido"


def senales_de(acto: Acto, *, para_particular: bool) -> list[dict[str, Any]]:
    """The fired indicators with their numbers. The employer sees a denuncia only as a count
    («denuncias recibidas: N»), never who filed it [I-126] (the signal never holds more)."""
    fuente = acto.padre.puntaje if acto.padre_id and acto.padre else acto.puntaje
    if fuente is None:
        return []
    return [s for s in json.loads(fuente.senales) if s["disparo"] or not para_particular]


def tablero(oficial: Oficial, programa: Programa) -> dict[tuple[str, str], dict[str, int]]:
    """(subdelegación, tipo) → counts per stored state and `respondidos`: one grouped query
    for the states, one for the answered acts."""
    base = actos_de_la_oficina(oficial).filter(programa=programa, padre=None)
    celdas: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for fila in base.values("subdelegacion", "tipo", "estado").annotate(n=Count("id")):
        celda = celdas[(fila["subdelegacion"], fila["tipo"])]
        celda[fila["estado"]] += fila["n"]
        celda["total"] += fila["n"]
    notificaciones = dict(
        base.filter(notificacion__isnull=False).values_list("notificacion_id", "id")
    )
    if notificaciones:
        respondidas = set(
            Actuacion.objects.filter(
                notificacion__in=list(notificaciones), presentada__isnull=False
            ).values_list("notificacion", flat=True)
        )
        for fila in (
            base.filter(notificacion__in=respondidas)
            .values("subdelegacion", "tipo")
            .annotate(n=Count("id"))
        ):
            celdas[(fila["subdelegacion"], fila["tipo"])]["respondidos"] += fila["n"]
    return {k: dict(v) for k, v in sorted(celdas.items())}
