"""Reading a stored notification as the pure rules see it (buzon.legal.notificacion)."""

from __future__ import annotations

from datetime import datetime

from buzon.legal.notificacion import Hechos, Situacion, situacion
from buzon.notificaciones.models import Notificacion


def hechos_de(n: Notificacion) -> Hechos:
    return Hechos(
        ruta=n.ruta,
        aviso=n.aviso,
        vence=n.vence,
        apertura_legal=n.apertura_legal,
        estrados_notificada=n.estrados_notificada,
        personal_notificada=n.personal_notificada,
        cancelada=n.cancelada,
    )


def situacion_de(n: Notificacion, ahora: datetime) -> Situacion:
    return situacion(hechos_de(n), ahora)
