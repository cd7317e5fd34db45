"""Entry point of bench/cuotas_emisiones (see the package docstring)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from bench._arnes.informe import frente_al_objetivo, linea_de_maquina
from bench._bd import base_de_datos
from bench.cuotas_emisiones.carga import cargar

URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/buzon_bench_emisiones"
)
COPIA = URL + "_celery"
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/7")
TRABAJADORES = int(os.environ.get("BENCH_EMISIONES_TRABAJADORES", "100000"))
DOCUMENTOS = int(os.environ.get("BENCH_EMISIONES_DOCUMENTOS", "1000000"))
PERIODO = "2026-04"
COLA = "bench-emisiones"
LIMITE_CELERY = 900.0


def _entorno(url: str, carpeta: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "BUZON_DATA_DIR": carpeta,
        "DJANGO_SETTINGS_MODULE": "buzon.config.settings",
        "BUZON_BROKER_URL": BROKER,
    }


def _trabajo(url: str, carpeta: str, *args: str) -> str:
    orden = [sys.executable, "-m", "bench.cuotas_emisiones.trabajo", *args]
    salida = subprocess.run(
        orden, env=_entorno(url, carpeta), check=True, capture_output=True, text=True
    )
    return salida.stdout.strip()


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def _generar_en_dos_procesos(carpeta: str) -> float:
    _trabajo(URL, carpeta, "planear", PERIODO, "2")
    inicio = time.perf_counter()
    orden = [sys.executable, "-m", "bench.cuotas_emisiones.trabajo", "generar", PERIODO]
    procesos = [subprocess.Popen(orden, env=_entorno(URL, carpeta)) for _ in range(2)]
    if any(p.wait() != 0 for p in procesos):
        sys.exit("bench/cuotas_emisiones: un proceso de generación falló")
    return time.perf_counter() - inicio


def _informe_b(segundos: float) -> None:
    from django.db import connection

    from buzon.cuotas.emisiones.modelos import CorridaEmision

    corrida = CorridaEmision.objects.get(periodo=PERIODO)
    por_segundo = corrida.trabajadores / segundos
    print(
        f"(b) emisiones generar {PERIODO}: {corrida.emisiones:,} emisiones, "
        f"{corrida.trabajadores:,} trabajadores-periodo, {corrida.por_aclarar:,} por aclarar "
        f"en {segundos:.1f} s = {por_segundo:,.0f}/s (2 procesos, SKIP LOCKED)"
    )
    print(f"  {frente_al_objetivo(por_segundo, 1_000_000 / 120)} (1,000,000 en 120 s)")
    print(f"  22.5 M al mismo ritmo: {22_500_000 / por_segundo / 60:,.0f} min; {_uptime()}")
    with connection.cursor() as c:
        c.execute(
            "SELECT pg_total_relation_size('cuotas_emisiontrabajador_p202604'), "
            "pg_total_relation_size('cuotas_emision')"
        )
        detalle, emisiones = c.fetchone() or (0, 0)
    n = corrida.trabajadores
    print(
        f"  almacenado: detalle {detalle / n:,.0f} B + emisiones {emisiones / n:,.0f} B = "
        f"{(detalle + emisiones) / n:,.0f} bytes por trabajador-periodo (tablas + índices); "
        f"22.5 M al mes ≈ {(detalle + emisiones) / n * 22.5e6 / 1e9:,.1f} GB/mes"
    )


def _celery(carpeta: str) -> tuple[float, str]:
    """(c) on the copy: 2 workers, one range each; returns (seconds, totals' SHA-256)."""
    import psycopg
    from celery import Celery  # type: ignore[import-untyped]

    rangos = json.loads(_trabajo(COPIA, carpeta, "planear", PERIODO, "2"))
    celery = [str(Path(sys.executable).with_name("celery"))]
    trabajadores = [
        subprocess.Popen(
            [
                *celery,
                "-A",
                "buzon.sistema.tareas",
                "worker",
                "-c",
                "1",
                "-Q",
                COLA,
                "-n",
                f"bench{i}@%h",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "warning",
            ],
            env=_entorno(COPIA, carpeta),
            stdout=subprocess.DEVNULL,
        )
        for i in range(2)
    ]
    try:
        app = Celery(broker=BROKER)
        inicio = time.perf_counter()
        for desde, hasta in rangos:
            app.send_task("buzon.cuotas.emisiones_rango", args=[PERIODO, desde, hasta], queue=COLA)
        with psycopg.connect(COPIA) as conexion:
            while True:
                fila = conexion.execute(
                    "SELECT bloques_hechos, bloques FROM cuotas_corridaemision WHERE periodo = %s",
                    [PERIODO],
                ).fetchone()
                conexion.commit()
                if fila and fila[0] == fila[1]:
                    break
                if time.perf_counter() - inicio > LIMITE_CELERY:
                    sys.exit("bench/cuotas_emisiones: Celery no terminó a tiempo")
                time.sleep(0.5)
        segundos = time.perf_counter() - inicio
    finally:
        for t in trabajadores:
            t.terminate()
        for t in trabajadores:
            try:
                t.wait(timeout=30)
            except subprocess.TimeoutExpired:
                t.kill()
    return segundos, _trabajo(COPIA, carpeta, "huella", PERIODO)


def main(argv: list[str] | None = None) -> None:
    opciones = argparse.ArgumentParser(prog="bench.cuotas_emisiones")
    opciones.add_argument("--sin-celery", action="store_true", help="omitir (c)")
    opciones.add_argument("--sin-documentos", action="store_true", help="omitir (d)")
    args = opciones.parse_args(argv)
    print(linea_de_maquina())
    base_de_datos(URL, "crear")
    try:
        with tempfile.TemporaryDirectory() as carpeta:
            confianza = Path(carpeta) / "efirma"
            confianza.mkdir()
            os.environ.update(_entorno(URL, carpeta))
            os.environ["BUZON_CONFIANZA"] = str(confianza / "confianza")
            import django

            django.setup()
            from django.core.management import call_command
            from django.db import connection

            call_command("migrate", verbosity=0)
            inicio = time.perf_counter()
            cargar(TRABAJADORES)
            segundos = time.perf_counter() - inicio
            print(f"carga con COPY de {TRABAJADORES:,} trabajadores: {segundos:.1f} s")
            connection.close()
            if not args.sin_celery:
                base_de_datos(COPIA, "borrar")
                nombre, origen = urlparse(COPIA).path.lstrip("/"), urlparse(URL).path.lstrip("/")
                import psycopg

                admin = urlparse(URL)._replace(path="/postgres").geturl()
                with psycopg.connect(admin, autocommit=True) as c:
                    c.execute(f'CREATE DATABASE "{nombre}" TEMPLATE "{origen}"')
            _informe_b(_generar_en_dos_procesos(carpeta))
            connection.close()
            if not args.sin_celery:
                una = _trabajo(URL, carpeta, "huella", PERIODO)
                segundos, dos = _celery(carpeta)
                print(
                    f"(c) 2 trabajadores Celery (Redis), un rango de registros cada uno: "
                    f"{segundos:.1f} s = {TRABAJADORES / segundos:,.0f}/s; totales SHA-256 "
                    f"{dos[:16]}… {'IDÉNTICOS' if una == dos else 'DISTINTOS de'} (b) {una[:16]}…"
                )
            if not args.sin_documentos:
                from bench.cuotas_emisiones import documentos

                documentos.medir(confianza, DOCUMENTOS)
    finally:
        from django.db import connections

        connections.close_all()
        base_de_datos(URL, "borrar")
        if not args.sin_celery:
            base_de_datos(COPIA, "borrar")


if __name__ == "__main__":
    main(sys.argv[1:])
