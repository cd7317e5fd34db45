"""The background pass: avisos due, batches waiting, notifications made, a bounded number of
the pending chunks of the emisiones runs the officials asked for (`POST /oficina/emisiones`),
the fan-out of approved comunicados, and (hourly) the Calendario de eventos' reminders.

Run by `buzon barrer`, by the in-process thread of `buzon servir` (embedded default) and by the
periodic Celery task when a broker is configured. Every step is idempotent and claims its rows,
so any number of passes may run at once; none of them decides a legal fact (those are derived
from stored instants), they only materialise and send.

`despertar` and `despertar_entrega` are registered by `SistemaConfig.ready()` in the lower apps
(`notificaciones.emision.lotes.al_pedir_pasada`, `avisos.servicios.al_despertar_entrega`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from buzon.comun.limites import purgar_limites
from buzon.comunicados.difusion import difundir_pendientes
from buzon.cuotas.emisiones.generacion import avanzar_pendientes
from buzon.eventos.recordatorios import do_enviar_recordatorios
from buzon.notificaciones.emision.lotes import procesar_pendientes
from buzon.notificaciones.entrega.barrido import barrer_notificaciones
from buzon.notificaciones.entrega.constancia import sellar_constancias
from buzon.notificaciones.entrega.despacho import despachar_avisos
from buzon.notificaciones.entrega.reencamino import reencaminar_sin_aceptar
from buzon.sistema import trabajador
from buzon.sistema.models import TareaPeriodica


def una_pasada(ahora: datetime | None = None) -> dict[str, int]:
    lotes = procesar_pendientes(ahora)
    return {
        "lotes_procesados": lotes,
        "avisos_enviados": despachar_avisos(ahora),
        "notificaciones_reencaminadas": reencaminar_sin_aceptar(ahora),
        "constancias_de_aviso": sellar_constancias(ahora),
        "notificaciones_materializadas": barrer_notificaciones(ahora),
        # Last, so a long or failing chunk never delays the notifications' legal steps.
        "bloques_de_emisiones": avanzar_pendientes(),
        "comunicados_difundidos": difundir_pendientes(),
        "recordatorios": _recordatorios(ahora),
        "limites_purgados": purgar_limites(),
    }


#: Reminders are due for a whole day (1 or 3 días hábiles before): the sweep reads every
#: particular with medios, so it runs at most once an hour per installation, not on every pass.
CADA_RECORDATORIOS = timedelta(hours=1)


def reclamar_tarea(nombre: str, cada: timedelta, ahora: datetime) -> bool:
    """True for the one pass that claims `nombre` now (its period is over, or the clock was set
    back more than a period before its last claim); every other process's pass gets False until
    the next period. Two statements; the conditional UPDATE is the claim (atomic on PostgreSQL
    and SQLite)."""
    TareaPeriodica.objects.bulk_create(
        [TareaPeriodica(nombre=nombre, proxima=ahora)], ignore_conflicts=True
    )
    vencida = Q(proxima__lte=ahora) | Q(ultima__gt=ahora + cada)
    tomadas = TareaPeriodica.objects.filter(vencida, nombre=nombre).update(
        proxima=ahora + cada, ultima=ahora
    )
    return tomadas == 1


def _recordatorios(ahora: datetime | None) -> int:
    """The Calendario de eventos' reminders (idempotent, concurrent-safe: several processes
    running it at once send each reminder once), claimed hourly for the installation."""
    momento = ahora or timezone.now()
    if not reclamar_tarea("recordatorios", CADA_RECORDATORIOS, momento):
        return 0
    return do_enviar_recordatorios(momento).recordatorios


def _con_broker() -> bool:
    return bool(getattr(settings, "BUZON_BROKER_URL", ""))


def despertar() -> None:
    """Ask for a pass soon (after a commit): the Celery task, else this process's thread."""
    if _con_broker():
        from buzon.sistema.tareas import pasada_notificaciones  # Celery only with a broker

        pasada_notificaciones.delay()
    else:
        trabajador.despertar()


def despertar_entrega() -> None:
    """Ask for delivery of the outbox now: the Celery task, else this process's thread."""
    if _con_broker():
        from buzon.sistema.tareas import encolar_entrega  # Celery only with a broker

        encolar_entrega()
    else:
        trabajador.despertar()
