"""Forked worker processes and what their CPU (and their PostgreSQL connections') used."""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable
from typing import Any

from bench._arnes.cpu import Cpu, Maquina
from bench._arnes.informe import nucleos


def cpu_texto(pared: float, cpus: list[Cpu], maquina: tuple[float, float]) -> str:
    """What a worker's (or workers') CPU and PostgreSQL backends used, and how busy the whole
    machine was meanwhile: `maquina` is its (busy, total) CPU seconds (`Maquina().medir()`)."""
    python = sum(c.python for c in cpus)
    texto = f"CPU: Python {python:.0f} s"
    if all(c.postgresql is not None for c in cpus):
        postgres = sum(c.postgresql or 0.0 for c in cpus)
        texto += f", PostgreSQL (sus conexiones) {postgres:.0f} s"
    ocupada, total = maquina
    return (
        f"{texto}, en {pared:.0f} s de pared; la máquina estuvo ocupada "
        f"{ocupada / total:.0%} de sus {nucleos()} núcleos (con procesos ajenos)"
    )


def en_procesos(
    objetivo: Callable[..., None], partes: list[tuple[Any, ...]]
) -> tuple[float, list[Any], tuple[float, float]]:
    """Run `objetivo(*parte, cola)` in one forked process per part; (wall seconds, results, the
    machine's busy and total CPU seconds meanwhile)."""
    from django.db import connections

    connections.close_all()
    contexto = multiprocessing.get_context("fork")
    cola: multiprocessing.Queue[Any] = contexto.Queue()
    procesos = [contexto.Process(target=objetivo, args=(*p, cola)) for p in partes]
    maquina = Maquina()
    inicio = time.perf_counter()
    for p in procesos:
        p.start()
    resultados = [cola.get() for _ in procesos]
    for p in procesos:
        p.join()
    pared = time.perf_counter() - inicio
    if any(p.exitcode for p in procesos):
        sys.exit("bench/notificaciones: un proceso falló")
    return pared, resultados, maquina.medir()
