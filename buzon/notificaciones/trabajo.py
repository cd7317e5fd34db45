"""The notifications' background pass: avisos due, batches waiting, notifications made.

Run by `buzon barrer`, by the in-process thread of `buzon servir` (embedded default) and by the
periodic Celery task when a broker is configured. Every step is idempotent and claims its rows,
so any number of passes may run at once; none of them decides a legal fact (those are derived
from stored instants), they only materialise and send.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings


def una_pasada(ahora: datetime | None = None) -> dict[str, int]:
    from buzon.notificaciones.barrido import barrer_notificaciones
    from buzon.notificaciones.despacho import despachar_avisos
    from buzon.notificaciones.lotes import procesar_pendientes

    lotes = procesar_pendientes(ahora)
    return {
        "lotes_procesados": lotes,
        "avisos_enviados": despachar_avisos(ahora),
        "notificaciones_materializadas": barrer_notificaciones(ahora),
    }


def despertar() -> None:
    """Ask for a pass soon (after a commit): the Celery task, else this process's thread."""
    if getattr(settings, "BUZON_BROKER_URL", ""):
        from buzon.avisos.tareas import pasada_notificaciones

        pasada_notificaciones.delay()
    else:
        from buzon.avisos.trabajador import despertar as despertar_hilo

        despertar_hilo()
