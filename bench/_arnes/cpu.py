"""CPU readers from /proc: a process (tree), PostgreSQL's server processes, the whole machine."""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

TICK = os.sysconf("SC_CLK_TCK")
#: PostgreSQL's shared processes whose work the bench's writes cause (counted with its backends).
COMPARTIDOS = ("walwriter", "checkpointer", "background writer")


def cpu_proceso(pid: int) -> float | None:
    """utime + stime seconds of `pid`; None when it is gone or not on this machine."""
    try:
        campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(campos[11]) + int(campos[12])) / TICK


def hijos(pid: int) -> list[int]:
    """The direct children of `pid` (every thread's)."""
    encontrados: list[int] = []
    for tarea in Path(f"/proc/{pid}/task").glob("*"):
        try:
            encontrados += [int(h) for h in (tarea / "children").read_text().split()]
        except OSError:
            continue
    return encontrados


def cpu_arbol(maestro: int) -> float:
    """CPU seconds of `maestro` and its direct children (a gunicorn master and its workers)."""
    return sum(cpu_proceso(p) or 0.0 for p in (maestro, *hijos(maestro)))


def cpu_postgres(url: str) -> float:
    """CPU seconds of the PostgreSQL backends serving the database of `url`, plus the server's
    shared WAL writer, checkpointer and background writer (other databases' backends left out)."""
    nombre = urlparse(url).path.lstrip("/")
    total = 0.0
    for entrada in Path("/proc").iterdir():
        if not entrada.name.isdigit():
            continue
        try:
            if (entrada / "comm").read_text().strip() != "postgres":
                continue
            orden = (entrada / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if f" {nombre} " in orden or any(orden.rstrip("\0 ").endswith(c) for c in COMPARTIDOS):
            total += cpu_proceso(int(entrada.name)) or 0.0
    return total


def pid_backend() -> int:
    """The PostgreSQL backend pid of Django's default connection (opened if need be)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        fila = cursor.fetchone()
    assert fila is not None
    return int(fila[0])


def cpu_backend() -> float | None:
    """CPU seconds of Django's connection's backend (None when the server is not local)."""
    return cpu_proceso(pid_backend())


def cpu_propia() -> float:
    """CPU seconds (user + system) this process has used."""
    uso = resource.getrusage(resource.RUSAGE_SELF)
    return uso.ru_utime + uso.ru_stime


def cpu_maquina() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat (other users'
    processes included)."""
    valores = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    inactivo = valores[3] + valores[4]  # idle + iowait
    total = sum(valores[:8])  # guest time is already inside user
    return (total - inactivo) / TICK, total / TICK


@dataclass
class Cpu:
    """CPU seconds of this process and of its Django connection's PostgreSQL backend."""

    python: float = 0.0
    postgresql: float | None = 0.0

    @staticmethod
    def ahora() -> Cpu:
        return Cpu(cpu_propia(), cpu_backend())

    def menos(self, antes: Cpu) -> Cpu:
        pg = (
            None
            if self.postgresql is None or antes.postgresql is None
            else self.postgresql - antes.postgresql
        )
        return Cpu(self.python - antes.python, pg)


class Maquina:
    """The whole machine's busy and total CPU seconds between `Maquina()` and `.medir()`."""

    def __init__(self) -> None:
        self.antes = cpu_maquina()

    def medir(self) -> tuple[float, float]:
        ocupada, total = cpu_maquina()
        return ocupada - self.antes[0], total - self.antes[1]
