"""Reading opiniones and consultas. `access_opinion` always raises when the opinión is not the
session's to see (404, one message: another's opinión is indistinguishable from a missing one)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from buzon.comun.errores import ErrorBuzon
from buzon.evidencia.folio import normalizar_folio
from buzon.opinion.models import Consulta, Opinion, TipoConsultante

NO_ENCONTRADA = (
    "No tiene una opinión de cumplimiento con ese folio. Revise el folio en su lista de "
    "opiniones o en la de las que obtuvo como tercero autorizado."
)


def access_opinion(rfc: str, folio: str) -> Opinion:
    """The opinión `folio` when `rfc` (the session's) is its holder, or is the third party that
    obtained it. Always raises otherwise."""
    canonico = normalizar_folio(folio)
    opinion = None
    if canonico is not None:
        opinion = (
            Opinion.objects.filter(folio=canonico)
            .filter(Q(rfc=rfc) | Q(consultante_tipo=TipoConsultante.TERCERO, consultante_rfc=rfc))
            .select_related("acuse", "acuse__certificado_sello")
            .first()
        )
    if opinion is None:
        raise ErrorBuzon("no_encontrado", NO_ENCONTRADA, "folio", 404)
    return opinion


def opiniones_de(rfc: str) -> QuerySet[Opinion]:
    """The holder's opiniones (whoever asked for them), newest first."""
    return Opinion.objects.filter(rfc=rfc).order_by("-emitida", "-id")


def obtenidas_por(tercero: str) -> QuerySet[Opinion]:
    """The opiniones a third party obtained of the holders that authorised it, newest first."""
    return Opinion.objects.filter(
        consultante_tipo=TipoConsultante.TERCERO, consultante_rfc=tercero
    ).order_by("-emitida", "-id")


def consultas_de(rfc: str) -> QuerySet[Consulta]:
    """Who consulted the holder's opinión, newest first (*Mis consultas*)."""
    return Consulta.objects.filter(rfc=rfc).select_related("opinion").order_by("-instante", "-id")
