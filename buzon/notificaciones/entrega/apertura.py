"""Opening a notification (7.2): the acuse `notificacion` at the legal instant the clock gives;
from then on the document is downloadable, byte-identical to what the official signed.

Idempotent: opening again returns the same acuse. Opening after the deemed instant records the
opening but the notification stays made by vencimiento (its acuse is materialised here if the
sweep has not done it yet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from buzon.evidencia.bitacora import anotar
from buzon.evidencia.models import Acuse
from buzon.legal import plazos
from buzon.legal.notificacion import AVISADA, CANCELADA, NOTIFICADA
from buzon.notificaciones.emision import ruteo
from buzon.notificaciones.entrega.barrido import materializar
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.eventos import Hecho, registrar
from buzon.notificaciones.hechos import situacion_de
from buzon.notificaciones.models import Notificacion
from buzon.notificaciones.selectors import NO_ENCONTRADA, visibles_para_particular


@dataclass(frozen=True)
class Apertura:
    notificacion: Notificacion
    acuse: Acuse


def do_abrir(notificacion_id: int, rfc: str, ahora: datetime | None = None) -> Apertura:
    """The particular `rfc` opens its notification (access is checked again under the lock)."""
    momento = ahora or timezone.now()
    with transaction.atomic():
        # Only what the particular can see (7.3): from its aviso on, and never one cancelled
        # before its aviso reached them (that one does not exist for them: 404, not 409).
        n = (
            visibles_para_particular(rfc, momento)
            .select_for_update()
            .filter(pk=notificacion_id)
            .first()
        )
        if n is None:
            raise ErrorNotificacion("no_encontrada", NO_ENCONTRADA, "id", 404)
        assert n.aviso is not None
        estado = situacion_de(n, momento).estado
        if estado == CANCELADA:
            raise ErrorNotificacion(
                "cancelada",
                "Esta notificación fue cancelada por el Instituto antes de notificarse; no hay "
                "documento que abrir.",
                "id",
                409,
            )
        if n.abierta is None:
            calendario = ruteo.calendario_de(n.entidad, n.subdelegacion_patron)
            plazos.exigir_apertura_posterior(n.aviso, momento)
            n.abierta = momento
            # Already made (by vencimiento) at this instant: the opening is recorded but is not
            # a way of being notified any more, even at the very deemed instant (a tie would
            # otherwise turn a notification made by vencimiento into one made by apertura).
            if estado != NOTIFICADA:
                n.apertura_legal = plazos.notificacion_por_apertura(momento, calendario)
            Notificacion.objects.filter(pk=n.pk).update(
                abierta=n.abierta, apertura_legal=n.apertura_legal
            )
            legal = None if n.apertura_legal is None else n.apertura_legal.isoformat()
            registrar([(n, Hecho("abierta", momento, {"apertura_legal": legal}))])
            anotar("documento_abierto", n.folio, {"rfc": n.rfc}, momento)
        assert estado in (AVISADA, NOTIFICADA)
        if not n.acuse:
            # Opened now (or earlier) and not yet materialised: the acuse of whichever came first.
            materializar([n], momento)
        acuse = Acuse.objects.get(folio=n.acuse)
        return Apertura(n, acuse)
