"""bench/cotizacion: the monthly Reporte Personalizado de Cotización end to end on PostgreSQL.

Target (issue 16): generating the report for 1,000,000 subscribed workers end to end in ≤ 60 s on
2 cores: `buzon cotizacion generar --periodo 2026-04` as `do_generar_reportes` runs it (read the
subscribers and their movements, the batch rules, the alerts, COPY of reports, rows and alerts,
one courtesy email per worker through the outbox).

Set-up (not timed): a throwaway PostgreSQL database (`BENCH_DATABASE_URL`, default
postgres://postgres@127.0.0.1:5432/buzon_bench_cotizacion_<pid>, created, migrated and dropped);
`--trabajadores` asegurados (default 1,000,000) in registros of 20, all subscribed, each with a
mailbox and a confirmed email, loaded with COPY. The mix of April 2026: 70 % vigente the whole
month (one `08` in 2025), 10 % alta in the month, 8 % baja in the month, 7 % a lower SBC (`07`),
5 % an ausentismo; 5 % have a second employer. A second run then shows the idempotent re-run
(nothing written, nothing sent). `--lote` asegurados per transaction.

    .venv/bin/python -m bench cotizacion
    .venv/bin/python -m bench.cotizacion [--trabajadores 1000000] [--lote 50000]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bench._arnes.informe import frente_al_objetivo, linea_de_maquina
from bench._arnes.servidor import entorno, migrar
from bench._bd import base_de_datos

OBJETIVO = 60.0
URL = os.environ.get(
    "BENCH_DATABASE_URL",
    f"postgres://postgres@127.0.0.1:5432/buzon_bench_cotizacion_{os.getpid()}",
)
POR_REGISTRO = 20


def _rfc(i: int) -> str:
    """A distinct well-formed RFC of a persona física per i (4 letters, a date, homoclave)."""
    letras = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    dia = date(1960, 1, 1).toordinal() + i // 456_976
    return (
        letras[i % 26]
        + letras[i // 26 % 26]
        + letras[i // 676 % 26]
        + letras[i // 17_576 % 26]
        + f"{date.fromordinal(dia):%y%m%d}A1B"
    )


def _cargar(n: int, correo: bool = True) -> None:
    from django.db import connection

    from buzon.legal.nss import digito_nss

    ahora = datetime.now(UTC)
    registros = max(1, -(-n // POR_REGISTRO)) + 1
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO padron_patron (id, rfc, nombre, zona_horaria, creado_en, importado_en) "
            "VALUES (1, 'BEN970701AB1', 'PATRON BENCH', 'America/Mexico_City', %s, %s)",
            [ahora, ahora],
        )
        columnas = (
            "id, registro, patron_id, entidad, subdelegacion, zona_salario, modalidad, "
            "situacion, creado_en, importado_en"
        )
        with c.cursor.copy(f"COPY padron_registropatronal ({columnas}) FROM STDIN") as copia:
            for r in range(registros):
                copia.write_row(
                    (r + 1, f"Y{r:010d}", 1, "CMX", "01", "general", "10", "vigente", ahora, ahora)
                )
        c.execute(
            "INSERT INTO cuotas_archivoafiliacion (sha256, tipo, nombre, importado_por, "
            "importado_en) VALUES (%s, 'movimientos', 'bench.csv', '', %s) RETURNING id",
            ["c" * 64, ahora],
        )
        archivo = c.fetchone()[0]
        with c.cursor.copy(
            "COPY cuotas_asegurado (id, nss, curp, nombre, creado_en, importado_en) FROM STDIN"
        ) as copia:
            for i in range(n):
                diez = f"{i + 1:010d}"
                copia.write_row(
                    (i + 1, diez + digito_nss(diez), "XIQB891116MGRMZR05", f"T {i}", ahora, ahora)
                )
        columnas = "registro_id, asegurado_id, tipo, fecha, sbc, dias, archivo_id, linea"
        with c.cursor.copy(f"COPY cuotas_movimiento ({columnas}) FROM STDIN") as copia:
            for i in range(n):
                reg, aseg, k = i // POR_REGISTRO + 1, i + 1, i % 100
                sbc = 300 + i % 700
                if k < 10:  # alta in the month
                    copia.write_row((reg, aseg, "08", date(2026, 4, 1 + k), sbc, None, archivo, 1))
                    continue
                copia.write_row((reg, aseg, "08", date(2025, 3, 1), sbc, None, archivo, 1))
                if k < 18:
                    copia.write_row((reg, aseg, "02", date(2026, 4, k), None, None, archivo, 2))
                elif k < 25:
                    copia.write_row(
                        (reg, aseg, "07", date(2026, 4, k - 5), sbc - 50, None, archivo, 2)
                    )
                elif k < 30:
                    copia.write_row((reg, aseg, "11", date(2026, 4, 6), None, 3, archivo, 2))
                if k >= 95:  # a second employer
                    copia.write_row(
                        (registros, aseg, "08", date(2026, 1, 5), 400, None, archivo, 3)
                    )
        with c.cursor.copy(
            "COPY cotizacion_suscripcion (asegurado_id, rfc, suscrita_en) FROM STDIN"
        ) as copia:
            for i in range(n):
                copia.write_row((i + 1, _rfc(i), ahora))
        with c.cursor.copy(
            "COPY habilitacion_buzon (id, rfc, nombre, creado, fuente_habilitacion, "
            "acuse_terminos) FROM STDIN"
        ) as copia:
            for i in range(n):
                copia.write_row((i + 1, _rfc(i), "", ahora, "", ""))
        columnas = (
            "buzon_id, registro_patronal, tipo, valor, estado, registrado_en, expira, "
            "codigo_hash, envios, intentos_fallidos, motivo_cancelacion"
        )
        with c.cursor.copy(f"COPY habilitacion_medio ({columnas}) FROM STDIN") as copia:
            for i in range(n if correo else 0):
                copia.write_row(
                    (
                        i + 1,
                        "",
                        "correo",
                        f"t{i}@correo.mx",
                        "confirmado",
                        ahora,
                        ahora,
                        "",
                        0,
                        0,
                        "",
                    )
                )
        for tabla in (
            "padron_registropatronal",
            "cuotas_asegurado",
            "cuotas_movimiento",
            "cotizacion_suscripcion",
            "habilitacion_buzon",
            "habilitacion_medio",
        ):
            c.execute(f"ANALYZE {tabla}")
        for tabla in ("cuotas_asegurado", "habilitacion_buzon"):
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{tabla}', 'id'), "
                f"(SELECT MAX(id) FROM {tabla}))"
            )


def _parte(parte: int, partes: int, lote: int, ahora: datetime, cola: Any) -> None:
    from buzon.cotizacion.generacion import do_generar_reportes

    r = do_generar_reportes("2026-04", lote=lote, ahora=ahora, parte=parte, partes=partes)
    cola.put((r.reportes, r.renglones, r.alertas, r.correos))


def _en_procesos(procesos: int, lote: int, ahora: datetime) -> Any:
    """`do_generar_reportes` in `procesos` forked processes, each every n-th chunk."""
    from buzon.cotizacion.generacion import Resumen, do_generar_reportes

    if procesos == 1:  # in this process (so a profiler sees it)
        return do_generar_reportes("2026-04", lote=lote, ahora=ahora)
    contexto = multiprocessing.get_context("fork")
    cola = contexto.Queue()
    hijos = [
        contexto.Process(target=_parte, args=(k, procesos, lote, ahora, cola))
        for k in range(procesos)
    ]
    for h in hijos:
        h.start()
    partes = [cola.get(timeout=3600) for _ in hijos]
    for h in hijos:
        h.join()
        if h.exitcode:
            raise RuntimeError(f"un proceso terminó con {h.exitcode}")
    return Resumen("2026-04", *(sum(x) for x in zip(*partes, strict=True)))


def main(argv: list[str] | None = None) -> None:
    argumentos = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    argumentos.add_argument(
        "--trabajadores",
        type=int,
        default=int(os.environ.get("BENCH_COTIZACION_TRABAJADORES", 1_000_000)),
    )
    argumentos.add_argument("--lote", type=int, default=50_000)
    argumentos.add_argument("--procesos", type=int, default=2)
    argumentos.add_argument(
        "--sin-correo", action="store_true", help="sin correo confirmado (mide sin el outbox)"
    )
    args = argumentos.parse_args([] if argv is None else argv)

    print(linea_de_maquina())
    base_de_datos(URL, "crear")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-cotizacion-") as temporal:
            carpeta = Path(temporal)
            (carpeta / "confianza").mkdir()
            variables = entorno(carpeta, URL)
            migrar(variables)
            os.environ.update(variables)
            import django

            django.setup()
            from django.db import connection

            from buzon.cotizacion.generacion import do_generar_reportes

            inicio = time.perf_counter()
            _cargar(args.trabajadores, not args.sin_correo)
            print(
                f"datos: {args.trabajadores:,} trabajadores suscritos "
                + ("(sin correo) " if args.sin_correo else "(con correo confirmado) ")
                + "en "
                f"registros de {POR_REGISTRO}; carga (COPY) en {time.perf_counter() - inicio:.1f} s"
            )
            ahora = datetime(2026, 5, 3, 12, tzinfo=UTC)
            connection.close()
            inicio = time.perf_counter()
            resumen = _en_procesos(args.procesos, args.lote, ahora)
            segundos = time.perf_counter() - inicio
            print(
                f"generar 2026-04 ({args.procesos} procesos): {resumen.reportes:,} reportes, "
                f"{resumen.renglones:,} renglones, "
                f"{resumen.alertas:,} alertas, {resumen.correos:,} correos en {segundos:.1f} s "
                f"({resumen.reportes / segundos:,.0f} reportes/s)"
            )
            escala = 1_000_000 / max(1, resumen.reportes)
            print(
                f"1,000,000 trabajadores: {segundos * escala:.1f} s"
                + (" (extrapolado)" if escala != 1 else "")
                + f" ({frente_al_objetivo(segundos * escala, OBJETIVO, ' s', '≤')})"
            )
            inicio = time.perf_counter()
            otra = do_generar_reportes("2026-04", lote=args.lote, ahora=ahora)
            print(
                f"otra vez (idempotente): {otra.reportes} reportes, {otra.correos} correos en "
                f"{time.perf_counter() - inicio:.1f} s"
            )
            with connection.cursor() as c:
                c.execute(
                    "SELECT pg_total_relation_size('cotizacion_renglon'), "
                    "pg_total_relation_size('cotizacion_reporte'), "
                    "pg_total_relation_size('avisos_mensaje')"
                )
                renglon, reporte, mensaje = c.fetchone()
            print(
                "almacenamiento por trabajador-mes: renglón "
                f"{renglon / max(1, resumen.renglones):.0f} B, reporte "
                f"{reporte / max(1, resumen.reportes):.0f} B"
                + (f", correo {mensaje / resumen.correos:.0f} B" if resumen.correos else "")
            )
            connection.close()
            print(linea_de_maquina())
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        base_de_datos(URL, "borrar")


if __name__ == "__main__":
    main(sys.argv[1:])
