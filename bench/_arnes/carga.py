"""Closed-loop HTTP load: N client processes against a live server on 127.0.0.1.

Each client process (forked: nothing is pickled) builds its `Cliente`, warms up (not measured),
waits at a barrier with the others, then runs operations back to back until its share of
`maximo` operations is done or `segundos` have passed, whichever comes first; then it stops by
itself. An operation that raises is counted as an error (the first messages are kept), the client
opens a new connection and goes on. A client that fails while warming up fails the whole run.
Meanwhile the parent reads the CPU of the server's process tree, of PostgreSQL (the bench's
database and the server's shared writers) and of the whole machine."""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import multiprocessing.synchronize
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from bench._arnes.cpu import cpu_arbol, cpu_maquina, cpu_postgres, cpu_propia
from bench._arnes.informe import frente_al_objetivo, nucleos, percentiles

MENSAJES = 3  # error messages kept per client


class Cliente(Protocol):
    """One client process's work; `operar` is what is timed."""

    def calentar(self) -> None: ...

    def operar(self) -> None: ...

    def reponer(self) -> None:
        """After a failed operation: a new connection."""

    def cerrar(self) -> None: ...


@dataclass(frozen=True)
class Carga:
    clientes: int
    maximo: int  # operations in all (errors included), shared among the clients
    segundos: float  # measured time at most
    preparacion: float = 120.0  # seconds the warm-up may take before the run is abandoned

    @staticmethod
    def opciones(
        argumentos: argparse.ArgumentParser, maximo: int, clientes: int, trabajadores: list[int]
    ) -> None:
        """The command-line options of a closed-loop bench, with its defaults."""
        argumentos.add_argument("--segundos", type=float, default=10.0)
        argumentos.add_argument("--maximo", type=int, default=maximo)
        argumentos.add_argument("--clientes", type=int, default=clientes)
        argumentos.add_argument("--trabajadores", type=int, nargs="+", default=trabajadores)

    @staticmethod
    def de(args: argparse.Namespace, preparacion: float = 120.0) -> Carga:
        return Carga(args.clientes, args.maximo, args.segundos, preparacion)


@dataclass
class _Medicion:
    latencias: list[float] = field(default_factory=list)
    errores: int = 0
    mensajes: list[str] = field(default_factory=list)
    inicio: float = 0.0
    fin: float = 0.0
    cpu: float = 0.0
    fallo: str = ""


@dataclass(frozen=True)
class Resultado:
    hechas: int  # operations completed without error
    errores: int
    mensajes: list[str]
    segundos: float
    p50: float
    p95: float
    p99: float
    cpu_clientes: float
    cpu_servidor: float
    cpu_postgres: float
    cpu_maquina: float  # busy CPU seconds of the whole machine, other users' included

    @property
    def tasa(self) -> float:
        return self.hechas / self.segundos if self.segundos > 0 else 0.0

    @property
    def cpu_otros(self) -> float:
        propios = self.cpu_servidor + self.cpu_postgres + self.cpu_clientes
        return max(0.0, self.cpu_maquina - propios)


def _cliente(
    indice: int,
    fabrica: Callable[[int], Cliente],
    carga: Carga,
    cuota: int,
    barrera: multiprocessing.synchronize.Barrier,
    cola: multiprocessing.Queue[_Medicion],
) -> None:
    medicion = _Medicion()
    cliente: Cliente | None = None
    try:
        cliente = fabrica(indice)
        cliente.calentar()  # every worker's DB connection, caches, imports
        barrera.wait(carga.preparacion)
        cpu = cpu_propia()
        medicion.inicio = time.perf_counter()
        limite = medicion.inicio + carga.segundos
        intentos = 0
        while intentos < cuota and time.perf_counter() < limite:
            intentos += 1
            t = time.perf_counter()
            try:
                cliente.operar()
            except Exception as exc:  # counted and shown; the loop goes on
                medicion.errores += 1
                if len(medicion.mensajes) < MENSAJES:
                    medicion.mensajes.append(f"cliente {indice}: {type(exc).__name__}: {exc}")
                cliente.reponer()
                continue
            medicion.latencias.append(time.perf_counter() - t)
        medicion.fin = time.perf_counter()
        medicion.cpu = cpu_propia() - cpu
    except Exception as exc:  # reported by the parent, which fails the run
        medicion.fallo = f"cliente {indice}: {type(exc).__name__}: {exc}"
        barrera.abort()
    finally:
        if cliente is not None:
            cliente.cerrar()
    cola.put(medicion)


def ciclo_cerrado(
    fabrica: Callable[[int], Cliente], carga: Carga, maestro: int, url: str
) -> Resultado:
    """Runs `carga.clientes` processes, each with `fabrica(indice)`, against the server whose
    master process is `maestro` and whose database is `url`; raises when a client could not start
    or did not report in time (the processes are stopped either way)."""
    contexto = multiprocessing.get_context("fork")
    barrera = contexto.Barrier(carga.clientes + 1)
    cola: multiprocessing.Queue[_Medicion] = contexto.Queue()
    cuota = -(-carga.maximo // carga.clientes)
    procesos = [
        contexto.Process(
            target=_cliente, args=(i, fabrica, carga, cuota, barrera, cola), daemon=True
        )
        for i in range(carga.clientes)
    ]
    for p in procesos:
        p.start()
    espera = 10.0  # for the clients to exit once they reported; none when one did not report
    try:
        with contextlib.suppress(threading.BrokenBarrierError):  # a failed client reports below
            barrera.wait(carga.preparacion)
        servidor0, postgres0, maquina0 = cpu_arbol(maestro), cpu_postgres(url), cpu_maquina()
        try:
            mediciones = [cola.get(timeout=carga.segundos + carga.preparacion) for _ in procesos]
        except queue.Empty:
            espera = 0.0
            raise RuntimeError(
                f"carga: un cliente no terminó en {carga.segundos + carga.preparacion:.0f} s "
                "(--segundos más la preparación): se detuvieron los clientes; revise que el "
                "servidor responda y repita con menos --clientes o --maximo"
            ) from None
        servidor1, postgres1, maquina1 = cpu_arbol(maestro), cpu_postgres(url), cpu_maquina()
    finally:
        limite = time.monotonic() + espera
        for p in procesos:
            p.join(max(0.0, limite - time.monotonic()))
            if p.is_alive():
                p.kill()
                p.join(5)
    fallos = [m.fallo for m in mediciones if m.fallo]
    if fallos:
        raise RuntimeError("\n".join(fallos))
    latencias = sorted(x for m in mediciones for x in m.latencias)
    p50, p95, p99 = percentiles(latencias)
    return Resultado(
        hechas=len(latencias),
        errores=sum(m.errores for m in mediciones),
        mensajes=[x for m in mediciones for x in m.mensajes],
        segundos=max(m.fin for m in mediciones) - min(m.inicio for m in mediciones),
        p50=p50,
        p95=p95,
        p99=p99,
        cpu_clientes=sum(m.cpu for m in mediciones),
        cpu_servidor=servidor1 - servidor0,
        cpu_postgres=postgres1 - postgres0,
        cpu_maquina=maquina1[0] - maquina0[0],
    )


def informe(r: Resultado, objetivo: float, plural: str, singular: str) -> list[str]:
    """The lines that report `r`: count, time, throughput beside `objetivo` (per second), latency
    percentiles and errors; the CPU of server, PostgreSQL, clients and other processes per
    operation; a warning when other processes used the machine; the ceiling without the client."""
    n = max(r.hechas, 1)
    lineas = [
        f"{r.hechas:,} {plural} en {r.segundos:.2f} s = {r.tasa:,.0f}/s "
        f"({frente_al_objetivo(r.tasa, objetivo, errores=r.errores)}); "
        f"p50 {r.p50 * 1000:.1f} ms, p95 {r.p95 * 1000:.1f} ms, p99 {r.p99 * 1000:.1f} ms; "
        f"errores {r.errores:,}",
        *(f"    error: {m}" for m in r.mensajes),
        f"    CPU (núcleo·s en {r.segundos:.1f} s; máquina ocupada {r.cpu_maquina:.1f} de "
        f"{r.segundos * nucleos():.1f}): "
        f"servidor {r.cpu_servidor:.1f} ({r.cpu_servidor / n * 1000:.2f} ms/{singular}), "
        f"PostgreSQL {r.cpu_postgres:.1f} ({r.cpu_postgres / n * 1000:.2f} ms/{singular}), "
        f"clientes {r.cpu_clientes:.1f} ({r.cpu_clientes / n * 1000:.2f} ms/{singular}), "
        f"otros procesos {r.cpu_otros:.1f}",
    ]
    if r.cpu_otros > 0.1 * r.cpu_maquina:
        lineas.append(
            "    AVISO: otros procesos usaron la máquina durante la medición; "
            "repita con la máquina en reposo"
        )
    techo = nucleos() * r.hechas / max(r.cpu_servidor + r.cpu_postgres, 1e-9)
    lineas.append(
        "    techo sin el cliente en la máquina (núcleos / CPU de servidor + PostgreSQL por "
        f"{singular}): {techo:,.0f}/s"
    )
    return lineas
