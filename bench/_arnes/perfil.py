"""In-process profiles: SQL statements by kind (with their round-trip time) and cProfile output."""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class ConsultasSQL:
    """Counts the statements Django's default connection runs, by their first word, and keeps the
    text of each while `grabar` is on."""

    def __init__(self) -> None:
        self.por_verbo: dict[str, list[float]] = {}
        self.grabadas: list[str] = []
        self.grabar = False

    def __call__(self, ejecutar: Callable[..., Any], sql: str, *resto: Any) -> Any:
        t = time.perf_counter()
        try:
            return ejecutar(sql, *resto)
        finally:
            self.por_verbo.setdefault(sql.split()[0].upper(), []).append(time.perf_counter() - t)
            if self.grabar:
                self.grabadas.append(" ".join(sql.split())[:160])

    @contextmanager
    def midiendo(self) -> Iterator[ConsultasSQL]:
        from django.db import connection

        with connection.execute_wrapper(self):
            yield self

    @property
    def total(self) -> int:
        return sum(len(t) for t in self.por_verbo.values())

    def lineas(self, n: int, por: str) -> list[str]:
        """One line per kind: statements and round-trip milliseconds per operation of `n`."""
        return [
            f"    SQL {verbo}: {len(tiempos) / n:.1f} por {por}, "
            f"{sum(tiempos) / n * 1000:.2f} ms de reloj por {por} (ida y vuelta a PostgreSQL)"
            for verbo, tiempos in sorted(self.por_verbo.items())
        ]


def imprimir(perfil: cProfile.Profile, acumulado: int, propio: int) -> None:
    """The `acumulado` top functions by cumulative time, then the `propio` top by own time."""
    texto = io.StringIO()
    estadisticas = pstats.Stats(perfil, stream=texto)
    estadisticas.sort_stats("cumulative").print_stats(acumulado)
    estadisticas.sort_stats("tottime").print_stats(propio)
    print(texto.getvalue())
