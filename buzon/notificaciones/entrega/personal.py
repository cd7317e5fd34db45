"""7.10: a notification to a particular whose mailbox is not enabled inside the 180 days is made
in person; the official records here when it was made, with the signed acta as evidence."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from buzon.evidencia import almacen
from buzon.legal.zonas import exigir_consciente
from buzon.notificaciones.emision.documento import decodificar, exigir_pdf
from buzon.notificaciones.emision.servicios import Verificador, exigir_emisor
from buzon.notificaciones.entrega.barrido import materializar
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.eventos import Hecho, registrar
from buzon.notificaciones.models import Notificacion
from buzon.notificaciones.selectors import access_notificacion_oficial
from buzon.oficina.models import Oficial


def do_registrar_notificacion_personal(
    oficial: Oficial,
    certificado_der: bytes,
    notificacion_id: int,
    *,
    instante: datetime,
    acta: str,
    firma: str,
    ahora: datetime | None = None,
) -> Notificacion:
    """Record the personal notification made at `instante`, with the acta (PDF, base64) signed by
    the official's e.firma. Only once, only for the personal route, never in the future."""
    exigir_emisor(oficial)
    momento = ahora or timezone.now()
    try:
        exigir_consciente(instante, "instante")
    except ValueError as exc:
        raise ErrorNotificacion(
            "instante_invalido", "Indique el instante con su desfase horario.", "instante"
        ) from exc
    if instante > momento:
        raise ErrorNotificacion(
            "instante_invalido",
            "La notificación personal no puede registrarse con un instante futuro.",
            "instante",
        )
    datos = decodificar(acta, "acta")
    exigir_pdf(datos, int(settings.BUZON_MAXIMO_DOCUMENTO), "acta")
    Verificador(oficial, certificado_der, momento).verificar(datos, firma)
    huella = almacen.guardar(datos)
    almacen.sincronizar([huella])
    with transaction.atomic():
        n = access_notificacion_oficial(oficial, notificacion_id, bloquear=True)
        if n.ruta != Notificacion.Ruta.PERSONAL:
            raise ErrorNotificacion(
                "no_requiere_personal",
                f"La notificación {n.folio} no está en la vía de notificación personal.",
                "id",
                409,
            )
        if n.cancelada is not None:
            raise ErrorNotificacion(
                "cancelada", f"La notificación {n.folio} fue cancelada.", "id", 409
            )
        if n.personal_notificada is not None:
            raise ErrorNotificacion(
                "ya_notificada",
                f"La notificación personal de {n.folio} ya se registró.",
                "id",
                409,
            )
        if instante < n.creada:
            raise ErrorNotificacion(
                "instante_invalido",
                "La notificación personal no puede ser anterior a la emisión del documento.",
                "instante",
            )
        n.personal_notificada, n.personal_documento_sha256 = instante, huella
        n.save(update_fields=("personal_notificada", "personal_documento_sha256"))
        registrar(
            [
                (
                    n,
                    Hecho(
                        "notificacion_personal",
                        instante,
                        {"registrada_por": oficial.rfc, "acta_sha256": huella},
                    ),
                )
            ]
        )
        materializar([n], momento)
        return n
