"""Reading comunicados. A particular reaches only comunicados whose fan-out reached its RFC
(`access_destinatario` always raises otherwise: 404, one message); an official only those of its
subdelegación (`oficina.selectors.de_su_subdelegacion`).

*Mis comunicados* reads the fan-out table by RFC (its unique index starts with rfc), joined to
the comunicados approved (published or withdrawn) whose validity has begun: at most a few dozen
rows per RFC, whatever the table's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from buzon.comunicados.errores import NO_ENCONTRADO, NO_ENCONTRADO_OFICINA, ErrorComunicado
from buzon.comunicados.models import Adjunto, Comunicado, Destinatario, EventoComunicado
from buzon.oficina.models import Oficial
from buzon.oficina.selectors import de_su_subdelegacion

VISIBLES = (Comunicado.Estado.PUBLICADO, Comunicado.Estado.RETIRADO)
VENCIDO = "vencido"


def estado_de(c: Comunicado, ahora: datetime) -> str:
    """The stored state, or `vencido` when published and its validity has ended."""
    if (
        c.estado == Comunicado.Estado.PUBLICADO
        and c.vigente_hasta is not None
        and c.vigente_hasta <= ahora
    ):
        return VENCIDO
    return str(c.estado)


def de_particular(rfc: str, ahora: datetime) -> QuerySet[Destinatario]:
    """The particular's comunicados, newest first (with their comunicado)."""
    return (
        Destinatario.objects.filter(
            rfc=rfc,
            comunicado__estado__in=VISIBLES,
            comunicado__vigente_desde__lte=ahora,
        )
        .select_related("comunicado")
        .order_by("-comunicado__vigente_desde", "-comunicado_id")
    )


def sin_leer(rfc: str, ahora: datetime) -> int:
    """Unread comunicados in force (published, validity begun and not ended)."""
    return (
        de_particular(rfc, ahora)
        .filter(leido_en__isnull=True, comunicado__estado=Comunicado.Estado.PUBLICADO)
        .filter(Q(comunicado__vigente_hasta__isnull=True) | Q(comunicado__vigente_hasta__gt=ahora))
        .count()
    )


#: The largest id a row can have (a 64-bit signed integer, as BigAutoField).
ID_MAXIMO = 2**63 - 1


def access_destinatario(rfc: str, comunicado_id: int, ahora: datetime) -> Destinatario:
    """The particular's copy of comunicado `comunicado_id`; always raises when it is not one the
    fan-out reached it with (or not yet visible)."""
    # A lookup through the foreign key's column does not drop out-of-range integers as a pk
    # lookup does: SQLite would overflow on an id no row can have.
    d = None
    if 0 < comunicado_id <= ID_MAXIMO:
        d = de_particular(rfc, ahora).filter(comunicado_id=comunicado_id).first()
    if d is None:
        raise ErrorComunicado("no_encontrado", NO_ENCONTRADO, "comunicado", 404)
    return d


def access_adjunto(rfc: str, comunicado_id: int, numero: int, ahora: datetime) -> Adjunto:
    d = access_destinatario(rfc, comunicado_id, ahora)
    adjunto = None
    if d.comunicado.estado != Comunicado.Estado.RETIRADO:
        adjunto = Adjunto.objects.filter(comunicado_id=d.comunicado_id, numero=numero).first()
    if adjunto is None:
        raise ErrorComunicado(
            "no_encontrado", "Ese comunicado no tiene ese adjunto.", "numero", 404
        )
    return adjunto


def de_la_oficina(oficial: Oficial) -> QuerySet[Comunicado]:
    return de_su_subdelegacion(oficial, Comunicado.objects.all()).order_by("-creado_en", "-id")


def access_comunicado_oficial(oficial: Oficial, comunicado_id: int) -> Comunicado:
    c = de_la_oficina(oficial).filter(pk=comunicado_id).first()
    if c is None:
        raise ErrorComunicado("no_encontrado", NO_ENCONTRADO_OFICINA, "comunicado", 404)
    return c


def access_adjunto_oficial(oficial: Oficial, comunicado_id: int, numero: int) -> Adjunto:
    c = access_comunicado_oficial(oficial, comunicado_id)
    adjunto = Adjunto.objects.filter(comunicado=c, numero=numero).first()
    if adjunto is None:
        raise ErrorComunicado(
            "no_encontrado", "Ese comunicado no tiene ese adjunto.", "numero", 404
        )
    return adjunto


@dataclass(frozen=True)
class Avance:
    objetivo: int
    entregados: int
    leidos: int
    avisos: int
    difusion: str


def avance(c: Comunicado) -> Avance:
    """Progress from the fan-out table: delivered is kept on the row chunk by chunk, read is
    counted on the (comunicado, leido_en) index."""
    leidos = Destinatario.objects.filter(comunicado=c, leido_en__isnull=False).aggregate(
        n=Count("id")
    )["n"]
    return Avance(c.objetivo, c.entregados, int(leidos or 0), c.avisos, str(c.difusion))


def eventos_de(c: Comunicado) -> QuerySet[EventoComunicado]:
    return EventoComunicado.objects.filter(comunicado=c).order_by("instante", "id")


def adjuntos_de(c: Comunicado) -> QuerySet[Adjunto]:
    return Adjunto.objects.filter(comunicado=c).defer("contenido").order_by("numero")
