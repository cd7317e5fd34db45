"""Delivery as a Celery task, used only when `BUZON_BROKER_URL` is set.

Run the worker (with the periodic pass, `-B`) as:
    DJANGO_SETTINGS_MODULE=buzon.config.settings celery -A buzon.sistema.tareas worker -B
The embedded default never imports this module.
"""

from __future__ import annotations

import os

import django
from celery import Celery  # type: ignore[import-untyped]
from django.apps import apps

if not apps.ready:  # started by the `celery` command rather than from inside Django
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buzon.config.settings")
    django.setup()

from django.conf import settings

app = Celery("buzon")
app.conf.update(
    broker_url=settings.BUZON_BROKER_URL or "memory://",
    task_ignore_result=True,
    task_acks_late=True,
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    beat_schedule={
        "avisos-periodico": {
            "task": "buzon.avisos.entregar",
            "schedule": float(settings.BUZON_AVISOS_INTERVALO),
        },
        "notificaciones-periodico": {
            "task": "buzon.notificaciones.pasada",
            "schedule": float(settings.BUZON_AVISOS_INTERVALO),
        },
    },
)


@app.task(name="buzon.avisos.entregar")  # type: ignore[untyped-decorator]
def entregar(limite: int = 100) -> int:
    """One drain of the outbox; returns how many messages were sent."""
    from buzon.avisos.entrega import entregar_todo

    return entregar_todo(limite).enviados


def encolar_entrega() -> None:
    """Ask a Celery worker for a delivery pass (after the enqueuing transaction committed)."""
    entregar.delay()


@app.task(name="buzon.notificaciones.pasada")  # type: ignore[untyped-decorator]
def pasada_notificaciones() -> dict[str, int]:
    """Batches, avisos due and notifications made (buzon.sistema.trabajo)."""
    from buzon.sistema.trabajo import una_pasada

    resultado = una_pasada()
    if resultado["avisos_enviados"]:
        entregar.delay()
    return resultado


@app.task(name="buzon.cuotas.emisiones_rango")  # type: ignore[untyped-decorator]
def emisiones_rango(
    periodo: str, desde: str | None = None, hasta: str | None = None, solicitante: str = ""
) -> dict[str, int]:
    """The pending chunks of the period's run within registros `desde`…`hasta` (all when None):
    how the Institute spreads one generation over many workers or machines. Chunks are claimed
    with SKIP LOCKED, so overlapping ranges or a re-sent task never duplicate an emisión."""
    from buzon.cuotas.emisiones.generacion import generar

    hechos: list[int] = []
    corrida = generar(periodo, solicitante, desde, hasta, al_avanzar=hechos.append)
    return {
        "bloques": len(hechos),
        "bloques_hechos": corrida.bloques_hechos,
        "bloques_total": corrida.bloques,
    }
