"""bench/padron: `buzon padron importar` rows per second on PostgreSQL, first import and re-import.

Generates a register CSV (200,000 rows by default, `BENCH_PADRON_FILAS` to change it; about two
registros per employer, every Mexican zone, Ñ and & in names) in a temporary folder and imports it
into a throwaway PostgreSQL database (`BENCH_DATABASE_URL`, default
postgres://postgres@127.0.0.1:5432/buzon_bench_padron), created and dropped here.
Also prints the peak memory of the process, which must not grow with the file.
Run: .venv/bin/python -m bench padron
"""

from __future__ import annotations

import csv
import os
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench._arnes.informe import linea_de_maquina
from bench._bd import base_de_datos
from buzon.padron.filas import ZONAS_DE_MEXICO

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/buzon_bench_padron")
FILAS = int(os.environ.get("BENCH_PADRON_FILAS", "200000"))
ZONAS = tuple(sorted(ZONAS_DE_MEXICO))
ENTIDADES = ("CMX", "JAL", "NLE", "MEX", "PUE", "BCN", "ROO", "YUC", "SON", "CHH")


def _base(accion: str) -> None:
    base_de_datos(URL, accion)


def _rfc(n: int) -> str:
    letras = "".join(chr(65 + (n // 26**i) % 26) for i in range(3))
    letras = letras.replace("N", "Ñ", 1) if n % 7 == 0 else letras
    fecha = date(1990, 1, 1) + timedelta(days=n // 26**3)
    return f"{letras}{fecha:%y%m%d}A{n % 10}{(n // 10) % 10}"


def _generar(ruta: Path, filas: int) -> None:
    with ruta.open("w", encoding="utf-8", newline="") as archivo:
        escritor = csv.writer(archivo)
        escritor.writerow(
            ["rfc", "nombre", "registro_patronal", "entidad", "subdelegacion", "zona_horaria"]
        )
        for i in range(filas):
            patron = i // 2
            escritor.writerow(
                [
                    _rfc(patron),
                    f"Compañía {patron} & Asociados, S.A. de C.V.",
                    f"{'ABCDEFGHJKLMNPRSTUVWXYZ'[i % 23]}{i:010d}",
                    ENTIDADES[i % len(ENTIDADES)],
                    f"{i % 40:02d}",
                    ZONAS[patron % len(ZONAS)],
                ]
            )


def _memoria_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    print(linea_de_maquina())
    _base("crear")
    try:
        with tempfile.TemporaryDirectory() as carpeta:
            os.environ["DATABASE_URL"] = URL
            os.environ["BUZON_DATA_DIR"] = carpeta
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buzon.config.settings")
            import django

            django.setup()
            from django.core.management import call_command
            from django.db import connection

            from buzon.padron.archivo import leer_padron
            from buzon.padron.servicios import do_importar_padron

            call_command("migrate", verbosity=0)
            ruta = Path(carpeta) / "padron.csv"
            inicio = time.perf_counter()
            _generar(ruta, FILAS)
            print(
                f"CSV de {FILAS:,} filas ({ruta.stat().st_size / 1e6:.1f} MB) generado en "
                f"{time.perf_counter() - inicio:.1f} s; memoria máxima {_memoria_mb():.0f} MB"
            )
            inicio = time.perf_counter()
            with leer_padron(ruta) as lectura:
                leidas = lectura.filas_leidas
            segundos = time.perf_counter() - inicio
            print(f"solo lectura y revisión (sin base de datos): {leidas / segundos:,.0f} filas/s")
            for etapa in ("primera importación", "reimportación (idempotente)"):
                inicio = time.perf_counter()
                resultado = do_importar_padron(ruta)
                segundos = time.perf_counter() - inicio
                r = resultado.resumen()
                print(
                    f"{etapa}: {FILAS:,} filas en {segundos:.1f} s = "
                    f"{FILAS / segundos:,.0f} filas/s; patrones +{r['patrones_creados']:,} "
                    f"~{r['patrones_actualizados']:,}, registros +{r['registros_creados']:,} "
                    f"~{r['registros_actualizados']:,}, errores {r['filas_con_error']:,}; "
                    f"memoria máxima {_memoria_mb():.0f} MB"
                )
                if r["filas_con_error"]:
                    sys.exit("bench/padron: el archivo generado tiene errores")
            connection.close()
    finally:
        _base("borrar")


if __name__ == "__main__":
    main()
