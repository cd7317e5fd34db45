"""Subscribing to the Reporte Personalizado de Cotización and cancelling it: each one transaction
with its audit row (`CambioSuscripcion`). The monthly generation is `generacion`."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from buzon.cotizacion.models import CambioSuscripcion, Suscripcion
from buzon.cuentas.models import Sesion
from buzon.cuotas.models import Asegurado
from buzon.derechohabientes.selectors import access_asegurado


def do_suscribir(sesion: Sesion, ahora: datetime | None = None) -> tuple[Suscripcion, bool]:
    """The session's worker subscribes (idempotent: already subscribed changes nothing).
    Returns (suscripción, nueva). ErrorBuzon 404 when the session links to no asegurado."""
    return do_suscribir_asegurado(access_asegurado(sesion), sesion.rfc, ahora)


def do_suscribir_asegurado(
    asegurado: Asegurado, rfc: str, ahora: datetime | None = None
) -> tuple[Suscripcion, bool]:
    """`do_suscribir` for an asegurado already identified (the session's, or the demo's)."""
    momento = ahora or timezone.now()
    with transaction.atomic():
        fila = Suscripcion.objects.select_for_update().filter(asegurado=asegurado).first()
        if fila is not None and fila.cancelada_en is None:
            return fila, False
        if fila is None:
            fila = Suscripcion.objects.create(asegurado=asegurado, rfc=rfc, suscrita_en=momento)
        else:
            fila.rfc, fila.suscrita_en, fila.cancelada_en = rfc, momento, None
            fila.save(update_fields=("rfc", "suscrita_en", "cancelada_en"))
        CambioSuscripcion.objects.create(
            asegurado=asegurado,
            rfc=rfc,
            accion=CambioSuscripcion.Accion.SUSCRIBIR,
            instante=momento,
        )
    return fila, True


def do_cancelar(sesion: Sesion, ahora: datetime | None = None) -> bool:
    """The session's worker cancels (idempotent). Reports already generated stay theirs.
    Returns whether something changed."""
    asegurado = access_asegurado(sesion)
    momento = ahora or timezone.now()
    with transaction.atomic():
        cambiadas = Suscripcion.objects.filter(
            asegurado=asegurado, cancelada_en__isnull=True
        ).update(cancelada_en=momento)
        if cambiadas:
            CambioSuscripcion.objects.create(
                asegurado=asegurado,
                rfc=sesion.rfc,
                accion=CambioSuscripcion.Accion.CANCELAR,
                instante=momento,
            )
    return bool(cambiadas)
