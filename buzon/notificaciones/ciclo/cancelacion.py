"""Cancelling a notification (supervisors), only before it is notified, with its own acuse."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from buzon.evidencia.bitacora import anotar
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from buzon.legal.notificacion import CANCELADA, NOTIFICADA
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.eventos import Hecho, registrar
from buzon.notificaciones.hechos import documento_notificado, situacion_de
from buzon.notificaciones.models import Notificacion
from buzon.notificaciones.selectors import access_notificacion_oficial
from buzon.oficina.models import Oficial

ROLES_QUE_CANCELAN = frozenset({"supervisor", "administrador"})


def do_cancelar(
    oficial: Oficial, notificacion_id: int, motivo: str, ahora: datetime | None = None
) -> Notificacion:
    if oficial.rol not in ROLES_QUE_CANCELAN or not oficial.activo:
        raise ErrorNotificacion(
            "sin_permiso",
            "Solo un supervisor o administrador puede cancelar notificaciones.",
            None,
            403,
        )
    motivo = " ".join(motivo.split())
    if not motivo or len(motivo) > 500:
        raise ErrorNotificacion(
            "motivo_invalido",
            "Escriba el motivo de la cancelación (hasta 500 caracteres).",
            "motivo",
        )
    momento = ahora or timezone.now()
    with transaction.atomic():
        n = access_notificacion_oficial(oficial, notificacion_id, bloquear=True)
        estado = situacion_de(n, momento).estado
        if estado == CANCELADA:
            raise ErrorNotificacion(
                "ya_cancelada", f"La notificación {n.folio} ya estaba cancelada.", "id", 409
            )
        if estado == NOTIFICADA or n.acuse or n.apertura_legal is not None:
            raise ErrorNotificacion(
                "ya_notificada",
                f"La notificación {n.folio} ya surtió efectos (o el particular ya la abrió): "
                "no puede cancelarse; emita el acto que corresponda.",
                "id",
                409,
            )
        acuse = do_emitir_acuse(
            SolicitudAcuse(
                tipo="cancelacion_notificacion",
                rfc=n.rfc,
                registro_patronal=n.registro_patronal or None,
                documentos=[documento_notificado(n)],
                datos={"notificacion": n.folio, "cancelada_por": oficial.rfc, "motivo": motivo},
                instante_legal=momento,
            )
        )
        n.cancelada, n.cancelada_por = momento, oficial.rfc
        n.motivo_cancelacion, n.acuse_cancelacion = motivo, acuse.folio
        n.save(
            update_fields=("cancelada", "cancelada_por", "motivo_cancelacion", "acuse_cancelacion")
        )
        registrar(
            [
                (
                    n,
                    Hecho(
                        "cancelada",
                        momento,
                        {"por": oficial.rfc, "motivo": motivo, "acuse": acuse.folio},
                    ),
                )
            ]
        )
        anotar("notificacion_cancelada", n.folio, {"por": oficial.rfc, "motivo": motivo}, momento)
        return n
