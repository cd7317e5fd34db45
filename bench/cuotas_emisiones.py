"""bench/cuotas_emisiones (b): `buzon emisiones generar` end to end on PostgreSQL.

Loads the padrón and the afiliación ledger with COPY into a throwaway database
(`BENCH_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/buzon_bench_emisiones):
`BENCH_EMISIONES_TRABAJADORES` workers (default 100,000) in registros of 20 workers; a realistic
mix: 30 % with a movement in the month (salary change), 10 % with ausentismo, 5 % with incapacidad.
Then times `generacion.generar("2026-04")` and prints worker-periods per second, the projection
to 22.5 M, and the bytes stored per worker-period (detail partition, heap + indexes).
Target: 1,000,000 workers in ≤ 120 s on 2 cores. Run: .venv/bin/python -m bench.cuotas_emisiones
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import date

from bench._arnes.informe import frente_al_objetivo, linea_de_maquina
from bench._bd import base_de_datos

URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/buzon_bench_emisiones"
)
TRABAJADORES = int(os.environ.get("BENCH_EMISIONES_TRABAJADORES", "100000"))
POR_REGISTRO = 20


def _cargar() -> None:
    from django.db import connection
    from django.utils import timezone

    from buzon.legal.nss import digito_nss

    ahora = timezone.now()
    registros = TRABAJADORES // POR_REGISTRO
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO padron_patron (rfc, nombre, zona_horaria, creado_en, importado_en) "
            "SELECT 'B' || lpad(g::text, 8, '0') || 'AA1', 'Patrón ' || g, "
            "'America/Mexico_City', %s, %s FROM generate_series(1, %s) g",
            [ahora, ahora, registros],
        )
        c.execute(
            "INSERT INTO padron_registropatronal (registro, patron_id, entidad, subdelegacion, "
            "creado_en, importado_en, zona_salario) SELECT 'Y' || lpad(p.id::text, 10, '0'), "
            "p.id, 'CMX', '01', %s, %s, 'general' FROM padron_patron p",
            [ahora, ahora],
        )
        c.execute(
            "INSERT INTO cuotas_archivoafiliacion (sha256, tipo, nombre, importado_por, "
            "importado_en) VALUES (%s, 'movimientos', 'bench.csv', '', %s) RETURNING id",
            ["b" * 64, ahora],
        )
        archivo = c.fetchone()[0]
        c.execute("SELECT id FROM padron_registropatronal ORDER BY id")
        ids = [f[0] for f in c.fetchall()]
        c.execute(
            "INSERT INTO cuotas_primart (registro_id, vigente_desde, prima, archivo_id, linea) "
            "SELECT id, '2026-03-01', 0.54355, %s, 1 FROM padron_registropatronal",
            [archivo],
        )
        with c.cursor.copy(
            "COPY cuotas_asegurado (nss, curp, nombre, creado_en, importado_en) FROM STDIN"
        ) as copia:
            for i in range(TRABAJADORES):
                diez = f"{i + 1:010d}"
                copia.write_row(
                    (diez + digito_nss(diez), "XIQB891116MGRMZR05", f"T {i}", ahora, ahora)
                )
        c.execute("SELECT id FROM cuotas_asegurado ORDER BY id")
        asegurados = [f[0] for f in c.fetchall()]
        columnas = "registro_id, asegurado_id, tipo, fecha, sbc, dias, archivo_id, linea"
        with c.cursor.copy(f"COPY cuotas_movimiento ({columnas}) FROM STDIN") as copia:
            for i, a in enumerate(asegurados):
                r = ids[i // POR_REGISTRO]
                sbc = 320 + (i * 37) % 2500
                copia.write_row((r, a, "08", date(2025, 6, 1), sbc, None, archivo, 1))
                if i % 10 < 3:
                    copia.write_row((r, a, "07", date(2026, 4, 16), sbc + 50, None, archivo, 2))
                if i % 10 == 3:
                    copia.write_row((r, a, "11", date(2026, 4, 6), None, 2, archivo, 3))
                if i % 20 == 4:
                    copia.write_row((r, a, "12", date(2026, 4, 20), None, 3, archivo, 4))
        c.execute("ANALYZE")


def main() -> None:
    print(linea_de_maquina())
    base_de_datos(URL, "crear")
    try:
        with tempfile.TemporaryDirectory() as carpeta:
            os.environ["DATABASE_URL"] = URL
            os.environ["BUZON_DATA_DIR"] = carpeta
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buzon.config.settings")
            import django

            django.setup()
            from django.core.management import call_command
            from django.db import connection

            from buzon.cuotas.emisiones import generacion

            call_command("migrate", verbosity=0)
            inicio = time.perf_counter()
            _cargar()
            print(
                f"carga con COPY de {TRABAJADORES:,} trabajadores: {time.perf_counter() - inicio:.1f} s"  # noqa: E501
            )
            inicio = time.perf_counter()
            corrida = generacion.generar("2026-04")
            segundos = time.perf_counter() - inicio
            por_segundo = corrida.trabajadores / segundos
            print(
                f"(b) emisiones generar 2026-04: {corrida.emisiones:,} emisiones, "
                f"{corrida.trabajadores:,} trabajadores-periodo, {corrida.por_aclarar:,} por "
                f"aclarar en {segundos:.1f} s = {por_segundo:,.0f}/s (1 proceso)"
            )
            objetivo = 1_000_000 / 120
            print(f"  {frente_al_objetivo(por_segundo, objetivo)} (1,000,000 en 120 s)")
            print(f"  22.5 M al mismo ritmo: {22_500_000 / por_segundo / 60:,.0f} min")
            with connection.cursor() as c:
                c.execute("SELECT pg_total_relation_size('cuotas_emisiontrabajador_p202604')")
                total = c.fetchone()[0]
            print(
                f"  detalle: {total / corrida.trabajadores:,.0f} bytes por trabajador-periodo "
                f"(tabla + índice); 22.5 M al mes = {total / corrida.trabajadores * 22.5e6 / 1e9:,.1f} GB/mes"  # noqa: E501
            )
            connection.close()
    finally:
        base_de_datos(URL, "borrar")


if __name__ == "__main__":
    main()
