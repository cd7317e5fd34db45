"""In-process delivery for the embedded default (no broker): a daemon thread per process.

`buzon servir` starts one in every gunicorn worker process (`configurar_gunicorn`). It delivers
when a transaction that enqueued a message commits (`despertar`, via `transaction.on_commit`) and
every `BUZON_AVISOS_INTERVALO` seconds (retries, and messages enqueued by other processes). Several
threads or processes delivering at once is safe: messages are claimed (see `entrega`).
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from django.conf import settings
from django.db import connections

registro = logging.getLogger(__name__)

_despertador = threading.Event()
_cerrojo = threading.Lock()
_hilo: threading.Thread | None = None
_pid: int | None = None


def despertar() -> None:
    """Wake this process's delivery thread, if it runs one (otherwise the message waits)."""
    _despertador.set()


def una_pasada(limite: int = 100) -> None:
    from buzon.avisos.entrega import entregar_todo
    from buzon.sistema.trabajo import una_pasada as pasada_notificaciones

    try:
        pasada_notificaciones()  # avisos now due become messages in the outbox first
    except Exception:  # keep the thread alive; the next pass retries
        registro.exception("Falló una pasada de notificaciones.")
    try:
        entregar_todo(limite)
    except Exception:  # keep the thread alive; the next pass retries
        registro.exception("Falló una pasada de entrega de avisos.")
    finally:
        connections.close_all()  # this thread's connections only


def bucle(intervalo: float | None = None, detener: threading.Event | None = None) -> None:
    """Deliver now, then on each wake-up and at least every `intervalo` seconds, until `detener`."""
    espera = float(settings.BUZON_AVISOS_INTERVALO if intervalo is None else intervalo)
    while detener is None or not detener.is_set():
        _despertador.clear()
        una_pasada()
        _despertador.wait(espera)


def iniciar(intervalo: float | None = None) -> threading.Thread:
    """Start this process's delivery thread (once per process, also after a fork)."""
    global _hilo, _pid
    with _cerrojo:
        if _hilo is None or _pid != os.getpid() or not _hilo.is_alive():
            _hilo = threading.Thread(
                target=bucle, args=(intervalo,), name="buzon-avisos", daemon=True
            )
            _pid = os.getpid()
            _hilo.start()
        return _hilo


def _al_iniciar_trabajador(_trabajador: Any) -> None:
    iniciar()


def configurar_gunicorn(config: dict[str, Any]) -> None:
    """Add gunicorn's `post_worker_init` hook that starts the thread, unless a broker delivers."""
    if not settings.BUZON_BROKER_URL:
        config["post_worker_init"] = _al_iniciar_trabajador
