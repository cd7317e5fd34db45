"""Reading notifications. Every object is loaded through an `access_*` selector that enforces
ownership: a particular reads only its RFC's notifications that have been avisadas; an official
reads those of their subdelegación (an administrador, all)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Q, QuerySet

from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.models import Evento, Notificacion
from buzon.oficina.models import Oficial

NO_ENCONTRADA = "No existe esa notificación en su buzón."


def visibles_para_particular(rfc: str, ahora: datetime) -> QuerySet[Notificacion]:
    """Mis notificaciones (7.3): the buzón route, from the aviso instant on. A cancelled one stays
    listed (as cancelled) only if the aviso had already reached the particular."""
    return Notificacion.objects.filter(
        rfc=rfc, ruta=Notificacion.Ruta.BUZON, aviso__lte=ahora
    ).filter(Q(cancelada__isnull=True) | Q(cancelada__gte=F("aviso")))


def access_notificacion_particular(rfc: str, notificacion_id: int, ahora: datetime) -> Notificacion:
    n = visibles_para_particular(rfc, ahora).filter(pk=notificacion_id).first()
    if n is None:
        raise ErrorNotificacion("no_encontrada", NO_ENCONTRADA, "id", 404)
    return n


def de_la_oficina(oficial: Oficial) -> QuerySet[Notificacion]:
    consulta = Notificacion.objects.all()
    if oficial.rol != Oficial.Rol.ADMINISTRADOR:
        consulta = consulta.filter(subdelegacion=oficial.subdelegacion)
    return consulta


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
