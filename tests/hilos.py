"""Jobs run in threads released together, for the concurrency tests (PostgreSQL's row locks)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connections

R = TypeVar("R")


def a_la_vez(*trabajos: Callable[[], R]) -> list[R]:
    """Run the jobs in threads released together; re-raise the first error of any of them."""
    salida = threading.Barrier(len(trabajos))
    resultados: list[Any] = [None] * len(trabajos)
    errores: list[BaseException] = []

    def correr(i: int, trabajo: Callable[[], R]) -> None:
        try:
            salida.wait(10)
            resultados[i] = trabajo()
        except BaseException as exc:  # reported below
            errores.append(exc)
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=correr, args=(i, t)) for i, t in enumerate(trabajos)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(120)
    assert not any(h.is_alive() for h in hilos), "un hilo no terminó"
    if errores:
        raise errores[0]
    return resultados
