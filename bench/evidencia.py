"""bench/evidencia: sealed acuses per second on 2 cores, and evidence-log appends per second.

Targets (issue "Evidence"): ≥ 3,000 sealed acuses/s on 2 cores (RSA-2048 signing alone tops out
near 4,000/s here); log appends/s on PostgreSQL reported. Uses a throwaway PostgreSQL database
(`BENCH_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/buzon_bench), created and dropped.
Run: .venv/bin/python -m bench evidencia
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import tempfile
import time

from bench._arnes.informe import frente_al_objetivo, linea_de_maquina
from bench._bd import base_de_datos

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/buzon_bench")
PROCESOS = 2
ACUSES_POR_PROCESO = 6000
LOTE = 500


def _preparar_entorno(carpeta: str) -> None:
    os.environ["DATABASE_URL"] = URL
    os.environ["BUZON_DATA_DIR"] = carpeta
    os.environ["BUZON_SELLO_DIR"] = os.path.join(carpeta, "sello")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buzon.config.settings")
    import django

    django.setup()


def _base(accion: str) -> None:
    base_de_datos(URL, accion)


def _solicitudes(n: int, semilla: int) -> list[object]:
    from buzon.evidencia.cadena import Documento
    from buzon.evidencia.servicios import SolicitudAcuse

    return [
        SolicitudAcuse(
            tipo="notificacion",
            rfc=f"AAA{(semilla * 1_000_000 + i) % 999999:06d}AAA",
            documentos=[Documento("resolucion.pdf", f"{i:064x}")],
            datos={"asunto": "Resolución de prueba", "medio": "apertura"},
        )
        for i in range(n)
    ]


def _trabajador(carpeta: str, semilla: int, cola: multiprocessing.Queue[float]) -> None:
    _preparar_entorno(carpeta)
    from django.db import connection

    from buzon.evidencia.servicios import do_emitir_acuses

    solicitudes = _solicitudes(ACUSES_POR_PROCESO, semilla)
    connection.ensure_connection()
    inicio = time.perf_counter()
    for i in range(0, len(solicitudes), LOTE):
        do_emitir_acuses(solicitudes[i : i + LOTE])  # type: ignore[arg-type]
    cola.put(time.perf_counter() - inicio)


def _solo_sello(carpeta: str, cola: multiprocessing.Queue[float]) -> None:
    _preparar_entorno(carpeta)
    from django.utils import timezone

    from buzon.evidencia.sello import sellador_activo
    from buzon.evidencia.servicios import preparar

    sello = sellador_activo()
    solicitudes = _solicitudes(ACUSES_POR_PROCESO, 9)
    ahora = timezone.now()
    inicio = time.perf_counter()
    for s in solicitudes:
        preparar(s, sello, ahora)  # type: ignore[arg-type]
    cola.put(time.perf_counter() - inicio)


def _en_paralelo(objetivo: object, argumentos: list[tuple[object, ...]]) -> float:
    cola: multiprocessing.Queue[float] = multiprocessing.Queue()
    procesos = [
        multiprocessing.Process(target=objetivo, args=(*a, cola))  # type: ignore[arg-type]
        for a in argumentos
    ]
    inicio = time.perf_counter()
    for p in procesos:
        p.start()
    for p in procesos:
        p.join()
    pared = time.perf_counter() - inicio
    tiempos = [cola.get() for _ in procesos]
    if any(p.exitcode for p in procesos):
        sys.exit("bench/evidencia: un proceso falló")
    return max(tiempos) if tiempos else pared


def main() -> None:
    print(linea_de_maquina())
    _base("crear")
    try:
        with tempfile.TemporaryDirectory() as carpeta:
            _preparar_entorno(carpeta)
            from django.core.management import call_command
            from django.db import connection, transaction

            call_command("migrate", verbosity=0)
            from buzon.evidencia.bitacora import Evento, anotar, anotar_varios
            from buzon.evidencia.sello import crear_sello_de_demostracion

            crear_sello_de_demostracion()
            connection.close()
            total = PROCESOS * ACUSES_POR_PROCESO
            segundos = _en_paralelo(_solo_sello, [(carpeta,) for _ in range(PROCESOS)])
            print(
                f"cadena + sello (sin base de datos), {PROCESOS} procesos: "
                f"{total:,} en {segundos:.2f} s = {total / segundos:,.0f}/s"
            )
            segundos = _en_paralelo(_trabajador, [(carpeta, i) for i in range(PROCESOS)])
            tasa = total / segundos
            print(
                f"acuses sellados y guardados (con bitácora), {PROCESOS} procesos, "
                f"lotes de {LOTE}: "
                f"{total:,} en {segundos:.2f} s = {tasa:,.0f}/s ({frente_al_objetivo(tasa, 3000)})"
            )
            n = 2000
            tiempos = []
            for _ in range(3):
                inicio = time.perf_counter()
                for i in range(n):
                    with transaction.atomic():
                        anotar("aviso_enviado", f"R{i}", {"i": i})
                tiempos.append(time.perf_counter() - inicio)
            print(
                "bitácora en PostgreSQL, una entrada por transacción: "
                f"{n / statistics.median(tiempos):,.0f} entradas/s (mediana de 3)"
            )
            eventos = [Evento("aviso_enviado", f"R{i}", {"i": i}) for i in range(10_000)]
            inicio = time.perf_counter()
            for i in range(0, len(eventos), 1000):
                with transaction.atomic():
                    anotar_varios(eventos[i : i + 1000])
            segundos = time.perf_counter() - inicio
            print(
                "bitácora en PostgreSQL, lotes de 1,000 por transacción: "
                f"{len(eventos) / segundos:,.0f} entradas/s"
            )
            from buzon.evidencia.verificacion import verificar_bitacora

            inicio = time.perf_counter()
            resultado = verificar_bitacora()
            print(
                f"buzon evidencia verificar: {resultado.entradas:,} entradas en "
                f"{time.perf_counter() - inicio:.2f} s (íntegra: {resultado.integra})"
            )
            connection.close()
    finally:
        _base("borrar")


if __name__ == "__main__":
    main()
