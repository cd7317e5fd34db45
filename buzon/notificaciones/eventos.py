"""The typed, append-only timeline of a notification, with deterministic event ids.

An event's id is derived from (folio, tipo, discriminator): the same fact recorded twice — a
retried request, two sweeps at once — is the same row, inserted once (`registrar` ignores the
duplicate). Types are a closed list: a typo must not create a new kind of event.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from buzon.evidencia.copia import insertar
from buzon.notificaciones.models import Evento, Notificacion

TIPOS: dict[str, str] = {
    "creada": "Documento depositado por el servidor público",
    "firma_verificada": "Firma electrónica del servidor público verificada",
    "enrutada": "Vía de notificación determinada",
    "aviso_programado": "Aviso programado para el horario del Buzón",
    "aviso_despachado": "Aviso entregado a los proveedores de correo y SMS para su envío",
    "aviso_enviado": "Aviso aceptado por el proveedor de un medio de contacto",
    "aviso_fallido": "Aviso no aceptado por el proveedor de un medio de contacto",
    "reencaminada": "Reencaminada: el aviso no llegó a ningún medio de contacto (7.8)",
    "constancia_aviso": "Constancia de aviso emitida",
    "abierta": "Documento abierto por el particular",
    "notificada": "Notificación realizada",
    "cancelada": "Notificación cancelada",
    "estrados_publicada": "Publicada en estrados",
    "via_personal": "Vía de notificación personal elegida por el servidor público (7.10)",
    "citatorio": "Citatorio dejado en el domicilio (CFF 137)",
    "notificacion_personal": "Notificación personal registrada",
    "plazo_recalculado": "Plazos recalculados por un cambio del calendario",
    "retencion_legal": "Conservación por retención legal",
    "retencion_levantada": "Retención legal levantada",
    "depurada": "Documento eliminado al vencer su plazo de conservación",
}


@dataclass(frozen=True)
class Hecho:
    tipo: str
    instante: datetime
    datos: Mapping[str, Any] = field(default_factory=dict)
    #: Distinguishes facts of one type that may happen more than once (a medio, a recalculation).
    discriminador: str = ""


def id_evento(folio: str, tipo: str, discriminador: str = "") -> str:
    return hashlib.sha256(f"{folio}|{tipo}|{discriminador}".encode()).hexdigest()[:32]


def construir(notificacion: Notificacion, hecho: Hecho, registrado: datetime) -> Evento:
    if hecho.tipo not in TIPOS:
        raise ValueError(f"Tipo de evento de notificación desconocido: {hecho.tipo!r}")
    return Evento(
        id=id_evento(notificacion.folio, hecho.tipo, hecho.discriminador),
        notificacion=notificacion,
        tipo=hecho.tipo,
        instante=hecho.instante,
        registrado=registrado,
        datos=dict(hecho.datos),
    )


def registrar(pares: Sequence[tuple[Notificacion, Hecho]]) -> None:
    """Append events (in the caller's transaction); an event already recorded is left as it is."""
    ahora = timezone.now()
    Evento.objects.bulk_create(
        [construir(n, h, ahora) for n, h in pares], batch_size=1000, ignore_conflicts=True
    )


def registrar_de_nuevas(pares: Sequence[tuple[Notificacion, Hecho]]) -> None:
    """The first events of notifications created in this transaction: none can exist yet (their
    folios are new), so they are streamed with COPY on PostgreSQL (bulk issuing)."""
    ahora = timezone.now()
    insertar(Evento, [construir(n, h, ahora) for n, h in pares], None)
