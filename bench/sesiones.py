"""bench/sesiones: complete logins per second over HTTP, production server + PostgreSQL, 2 cores.

Target (issue "Sessions"): ≥ 300 complete logins/s on 2 cores, with p50/p95/p99 latency. A complete
login is what a client does: `POST /api/v1/sesiones/reto` (201), sign the reto with the e.firma's
key (RSASSA-PKCS1-v1_5 / SHA-256), `POST /api/v1/sesiones` (201, token).

Set-up: a throwaway PostgreSQL database (`BENCH_DATABASE_URL`, default
postgres://postgres@127.0.0.1:5432/buzon_bench_sesiones_<pid>, created, migrated and dropped) with a
demo seal (`buzon servir` refuses to start without one); a test CA whose certificate alone is the
trust folder (`BUZON_CONFIANZA`, so the issuer check runs); `--patrones` employers with FIEL
certificates (keys in memory). For each `--trabajadores` count, `buzon servir` (gunicorn) starts on
a free loopback port and `--clientes` client processes run a closed loop (bench/_arnes/carga) for
`--segundos` or `--maximo` logins, whichever comes first, after a warm-up; failed logins are counted
and shown, and a run with errors misses the target.

Rate limit: login attempts are limited to 30 per IP per 10 minutes (BUZON_LIMITE_SESIONES). The
bench keeps the limiter on, as in production: each client connection changes its loopback source
address (127.x.y.z) every 25 logins, so the limiter runs on every attempt and never trips; the
limiter's cache is shared and outlives a server, so each run (worker count) uses its own addresses.

The client signs on the same 2 cores: its CPU time (getrusage of the client processes) is printed
next to the server's and PostgreSQL's, so the server-side share can be judged. When the target is
missed (or with `--perfil`), one process profiles the same code path with Django's test client.

    .venv/bin/python -m bench sesiones
    .venv/bin/python -m bench.sesiones [--segundos 10] [--maximo 5000] [--clientes 8]
        [--trabajadores 2 3 4 5] [--patrones 200] [--perfil]
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import os
import sys
import tempfile
import time
from pathlib import Path

from bench._arnes import perfil as perfiles
from bench._arnes.carga import Carga, Resultado, ciclo_cerrado, informe
from bench._arnes.informe import frente_al_objetivo, linea_de_maquina, nucleos
from bench._arnes.patrones import (
    Patron,
    emitir_patrones,
    entrar,
    entrar_prueba,
    firmar,
    rfc_de_prueba,
)
from bench._arnes.servidor import entorno, instalar_sello, migrar, servidor
from bench._arnes.techo import Comparacion, medir_techo
from bench._bd import base_de_datos

OBJETIVO = 300.0
URL = os.environ.get(
    "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/buzon_bench_sesiones_{os.getpid()}"
)
#: Logins per source address: below the limit of 30 attempts per IP per 10 minutes.
POR_DIRECCION = 25
CALENTAMIENTO = 3


def _entorno(carpeta: Path) -> dict[str, str]:
    """The server's environment; BENCH_CACHE_URL (e.g. redis://127.0.0.1:6379/9) sets the cache the
    workers share (by default `buzon servir` uses the database's, db://)."""
    cache = os.environ.get("BENCH_CACHE_URL")
    return entorno(carpeta, URL, **({"BUZON_CACHE_URL": cache} if cache else {}))


def _direccion(cliente: int, n: int) -> str:
    return f"127.{10 + cliente % 240}.{n // 250 % 250}.{n % 250 + 1}"


class _Accesos:
    """One client process: complete logins, a new source address every POR_DIRECCION logins."""

    def __init__(self, indice: int, puerto: int, patrones: list[Patron]) -> None:
        self.indice, self.puerto, self.patrones = indice, puerto, patrones
        self.direcciones = 0
        self.hechos = 0
        self.siguiente = indice
        self.conexion = self._nueva()

    def _nueva(self) -> http.client.HTTPConnection:
        self.direcciones += 1
        origen = (_direccion(self.indice, self.direcciones), 0)
        return http.client.HTTPConnection(
            "127.0.0.1", self.puerto, timeout=30, source_address=origen
        )

    def calentar(self) -> None:
        for k in range(CALENTAMIENTO):
            entrar(self.conexion, self.patrones[(self.indice + k) % len(self.patrones)])
        self.hechos = CALENTAMIENTO

    def operar(self) -> None:
        if self.hechos % POR_DIRECCION == 0:
            self.reponer()
        self.hechos += 1
        patron = self.patrones[self.siguiente % len(self.patrones)]
        self.siguiente += 7
        entrar(self.conexion, patron)

    def reponer(self) -> None:
        self.conexion.close()
        self.conexion = self._nueva()

    def cerrar(self) -> None:
        self.conexion.close()


def _costo_firma(patron: Patron, n: int = 300) -> float:
    """Seconds of one RSA-2048 signature in this process (what each client login spends signing)."""
    inicio = time.perf_counter()
    for i in range(n):
        firmar(patron.llave, f"{i:064x}")
    return (time.perf_counter() - inicio) / n


# --- Profile (single process, Django test client, same code path) --------------------------------


def _perfilar(carpeta: Path, patrones: list[Patron], n: int) -> None:
    os.environ.update(_entorno(carpeta))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    cliente = Client(HTTP_HOST="127.0.0.1")

    def accesos(direcciones: int) -> None:
        for i in range(n):
            entrar_prueba(cliente, patrones[i % len(patrones)], _direccion(direcciones, i))

    for i in range(20):
        entrar_prueba(cliente, patrones[i % len(patrones)], _direccion(200, i))
    consultas = perfiles.ConsultasSQL()
    cpu, inicio = time.process_time(), time.perf_counter()
    with consultas.midiendo():
        accesos(202)
    cpu, pared = time.process_time() - cpu, time.perf_counter() - inicio
    firma = _costo_firma(patrones[0])
    print(
        f"\nsin perfilador, 1 proceso, cliente de pruebas de Django (sin HTTP ni gunicorn): "
        f"{n} accesos, {pared / n * 1000:.2f} ms de reloj y {cpu / n * 1000:.2f} ms de CPU "
        f"por acceso, de ellos {firma * 1000:.2f} ms la firma del cliente"
    )
    print("\n".join(consultas.lineas(n, "acceso")))
    perfil = cProfile.Profile()
    inicio = time.perf_counter()
    perfil.enable()
    accesos(201)
    perfil.disable()
    pared = time.perf_counter() - inicio
    connection.close()
    print(
        f"perfil: {n} accesos completos en 1 proceso (cliente de pruebas de Django, sin HTTP), "
        f"{pared / n * 1000:.2f} ms por acceso con cProfile (incluye la firma del cliente)"
    )
    perfiles.imprimir(perfil, 25, 15)


# --- Main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    argumentos = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    Carga.opciones(argumentos, maximo=5000, clientes=8, trabajadores=[2, 3, 4, 5])
    argumentos.add_argument("--patrones", type=int, default=200)
    argumentos.add_argument("--perfil", action="store_true", help="perfilar aunque cumpla")
    argumentos.add_argument("--accesos-perfil", type=int, default=400)
    argumentos.add_argument(
        "--gunicorn",
        metavar="ARGUMENTOS",
        help="experimento: gunicorn directo con estos argumentos en lugar de `buzon servir`",
    )
    args = argumentos.parse_args([] if argv is None else argv)
    carga = Carga.de(args)

    print(linea_de_maquina())
    base_de_datos(URL, "crear")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-sesiones-") as temporal:
            carpeta = Path(temporal)
            migrar(_entorno(carpeta))
            instalar_sello(_entorno(carpeta))  # buzon servir refuses to start without one
            rfcs = [rfc_de_prueba("B", i) for i in range(args.patrones)]
            patrones = emitir_patrones(carpeta, rfcs)
            firma = _costo_firma(patrones[0])
            print(
                f"{len(patrones)} patrones (FIEL RSA-2048, AC de pruebas en BUZON_CONFIANZA), "
                f"PostgreSQL, {nucleos()} núcleos, {args.clientes} clientes en ciclo cerrado, "
                f"hasta {args.segundos:.0f} s o {args.maximo:,} accesos"
            )
            print(f"firma RSA-2048 del cliente: {firma * 1000:.2f} ms por acceso (1 núcleo)")
            resultados: list[tuple[int, Resultado]] = []
            comparaciones: dict[int, Comparacion] = {}
            for trabajadores in args.trabajadores:
                en_marcha = servidor(
                    carpeta, _entorno(carpeta), trabajadores, gunicorn=args.gunicorn
                )
                with en_marcha as (puerto, maestro):
                    # The limiter's cache is shared by the processes and outlives a server
                    # (BUZON_CACHE_URL, db:// by default): each run takes addresses of its own.
                    def fabrica(i: int, p: int = puerto, base: int = len(resultados)) -> _Accesos:
                        return _Accesos(i + base * args.clientes, p, patrones)

                    r = ciclo_cerrado(fabrica, carga, maestro, URL)
                    techo = medir_techo(puerto, carga, maestro, URL)
                resultados.append((trabajadores, r))
                comparacion = Comparacion(r.tasa, techo.tasa, 2, OBJETIVO)  # reto + sesión
                comparaciones[trabajadores] = comparacion
                lineas = informe(r, OBJETIVO, "accesos", "acceso")
                print(f"gunicorn {trabajadores} trabajadores: {lineas[0]}")
                print("\n".join(lineas[1:]))
                print(comparacion.linea("acceso"))
            trabajadores, mejor = max(resultados, key=lambda x: x[1].tasa)
            print(
                f"mejor: {mejor.tasa:,.0f}/s con {trabajadores} trabajadores "
                f"({frente_al_objetivo(mejor.tasa, OBJETIVO, errores=mejor.errores)})"
            )
            print(comparaciones[trabajadores].linea("acceso").strip())
            if args.perfil or mejor.tasa < OBJETIVO:
                _perfilar(carpeta, patrones, args.accesos_perfil)
    finally:
        base_de_datos(URL, "borrar")


if __name__ == "__main__":
    main(sys.argv[1:])
