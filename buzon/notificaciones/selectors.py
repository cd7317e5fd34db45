"""Reading notifications. Every object is loaded through an `access_*` selector that enforces
ownership: a particular reads only its RFC's notifications that have been avisadas; an official
reads those of their subdelegación (an administrador, all)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Q, QuerySet

from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.models import Evento, Lote, Notificacion
from buzon.oficina.models import Oficial
from buzon.oficina.selectors import de_su_subdelegacion

NO_ENCONTRADA = "No existe esa notificación en su buzón."


def visibles_para_particular(rfc: str, ahora: datetime) -> QuerySet[Notificacion]:
    """Mis notificaciones (7.3): the buzón route, from the aviso sent on (a provider accepted it;
    before that `aviso` is empty and the notification does not exist for the particular [I-35]).
    A cancelled one stays listed (as cancelled) only if the aviso had already reached them."""
    return Notificacion.objects.filter(
        rfc=rfc, ruta=Notificacion.Ruta.BUZON, aviso__lte=ahora
    ).filter(Q(cancelada__isnull=True) | Q(cancelada__gte=F("aviso")))


def access_notificacion_particular(rfc: str, notificacion_id: int, ahora: datetime) -> Notificacion:
    n = visibles_para_particular(rfc, ahora).filter(pk=notificacion_id).first()
    if n is None:
        raise ErrorNotificacion("no_encontrada", NO_ENCONTRADA, "id", 404)
    return n


def de_la_oficina(oficial: Oficial) -> QuerySet[Notificacion]:
    return de_su_subdelegacion(oficial, Notificacion.objects.all())


def access_notificacion_oficial(
    oficial: Oficial, notificacion_id: int, *, bloquear: bool = False
) -> Notificacion:
    consulta = de_la_oficina(oficial)
    if bloquear:
        consulta = consulta.select_for_update()
    n = consulta.filter(pk=notificacion_id).first()
    if n is None:
        raise ErrorNotificacion(
            "no_encontrada",
            "No existe esa notificación en su subdelegación.",
            "id",
            404,
        )
    return n


def eventos_de(n: Notificacion) -> list[Evento]:
    return list(n.eventos.order_by("instante", "registrado", "tipo"))


def en_estrados(ahora: datetime) -> QuerySet[Notificacion]:
    """CFF 139: the public board: documents published and still within their publication period
    (until the day they count as notified), and not cancelled."""
    hoy = ahora.astimezone(ZONA_CENTRO).date()
    return Notificacion.objects.filter(
        ruta=Notificacion.Ruta.ESTRADOS,
        cancelada__isnull=True,
        estrados_publicada__lte=hoy,
        estrados_notificada__gt=ahora,
    ).order_by("-estrados_publicada", "folio")


def access_estrados(folio: str, ahora: datetime) -> Notificacion:
    """A document on the public board (public access), only while it is published."""
    n = en_estrados(ahora).filter(folio=folio).first()
    if n is None:
        raise ErrorNotificacion(
            "no_publicada", "No hay un documento publicado en estrados con ese folio.", "folio", 404
        )
    return n


def filtro_estado(estado: str, ahora: datetime) -> Q:
    """The derived state (buzon.legal.notificacion) as a query, for lists and filters.

    Cancellation only happens before a notification is made, so the states are disjoint."""
    vigente = Q(cancelada__isnull=True)
    buzon = Q(ruta=Notificacion.Ruta.BUZON)
    hecha = (
        (buzon & (Q(vence__lte=ahora) | Q(apertura_legal__lte=ahora)))
        | Q(ruta=Notificacion.Ruta.ESTRADOS, estrados_notificada__lte=ahora)
        | Q(ruta=Notificacion.Ruta.PERSONAL, personal_notificada__lte=ahora)
    )
    filtros = {
        "programada": vigente & buzon & (Q(aviso__isnull=True) | Q(aviso__gt=ahora)),
        "avisada": vigente & buzon & Q(aviso__lte=ahora) & ~hecha,
        "notificada": vigente & hecha,
        "en_estrados": vigente & Q(ruta=Notificacion.Ruta.ESTRADOS) & ~hecha,
        "requiere_notificacion_personal": vigente & Q(ruta=Notificacion.Ruta.PERSONAL) & ~hecha,
        "cancelada": Q(cancelada__lte=ahora),
    }
    if estado not in filtros:
        raise ErrorNotificacion(
            "estado_invalido",
            f"«{estado}» no es un estado: use {', '.join(filtros)}.",
            "estado",
        )
    return filtros[estado]


def pagina_particular(
    rfc: str, ahora: datetime, limite: int = 50, desde: int = 0
) -> list[Notificacion]:
    """Mis notificaciones: pending first (soonest deadline first), then the rest, newest first.

    Two range scans on the (rfc, aviso) index: pending ones are few (those of the last days)."""
    visibles = visibles_para_particular(rfc, ahora)
    pendiente = filtro_estado("avisada", ahora)
    pendientes = list(visibles.filter(pendiente).order_by("vence", "id")[: desde + limite])
    if desde + limite <= len(pendientes):
        return pendientes[desde : desde + limite]
    inicio = max(0, desde - len(pendientes))
    cantidad = desde + limite - max(desde, len(pendientes))
    resto = list(visibles.exclude(pendiente).order_by("-aviso", "-id")[inicio : inicio + cantidad])
    return pendientes[desde:] + resto


def total_particular(rfc: str, ahora: datetime) -> tuple[int, int]:
    """(all visible, pending) for the particular."""
    visibles = visibles_para_particular(rfc, ahora)
    return visibles.count(), visibles.filter(filtro_estado("avisada", ahora)).count()


def access_lote(oficial: Oficial, lote_id: int) -> Lote:
    """A batch of the official's subdelegación (an administrador: any)."""
    lote = de_su_subdelegacion(oficial, Lote.objects.all()).filter(pk=lote_id).first()
    if lote is None:
        raise ErrorNotificacion(
            "no_encontrado", "No existe ese lote en su subdelegación.", "id", 404
        )
    return lote
