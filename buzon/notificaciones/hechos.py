"""Reading a stored notification as the pure rules see it (buzon.legal.notificacion)."""

from __future__ import annotations

from datetime import datetime

from buzon.evidencia.cadena import Documento
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


def nombre_documento(n: Notificacion) -> str:
    """The document's file name, in downloads and in every acuse that cites it."""
    return f"notificacion-{n.folio}.pdf"


def documento_notificado(n: Notificacion) -> Documento:
    """The notified document as acuses cite it: its name and SHA-256."""
    return Documento(nombre_documento(n), n.documento_sha256)
