"""bench/fiscalizacion: the programme (`do_programar`, what `buzon fiscalizacion programar
--periodo 2026-T1` runs) over a padrón of `--registros` registros (default 1,000,000) on
PostgreSQL; target ≤ 120 s on 2 cores (issue 17).

Set-up (not timed): a throwaway database (`BENCH_DATABASE_URL`, default
postgres://postgres@127.0.0.1:5432/buzon_bench_fiscalizacion_<pid>, created, migrated, dropped),
loaded with COPY: two registros per patrón; two workers per registro on average (`--por-registro`),
10 % of registros paying every worker the minimum wage, 1 % of workers also vigentes at two other
registros, a 02 baja for 5 % of workers; 200,000 créditos (40 % exigible); an activity and its
classes for half the registros (a tenth classified one class too low); an external head count for
a tenth of the RFCs; 20,000 pension claims; 10,000 denuncias. The figure is the whole run: the
reads, the indicators (numpy), the reference re-derivation of every registro with points, the
inserts of scores and acts. A second run of the same period (idempotent) is timed too, and the
pure batch path alone.

    .venv/bin/python -m bench fiscalizacion
    .venv/bin/python -m bench.fiscalizacion [--registros 1000000] [--por-registro 2]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from bench._arnes.informe import frente_al_objetivo, linea_de_maquina
from bench._arnes.servidor import entorno, migrar
from bench._bd import base_de_datos

OBJETIVO_SEGUNDOS = 120.0
URL = os.environ.get(
    "BENCH_DATABASE_URL",
    f"postgres://postgres@127.0.0.1:5432/buzon_bench_fiscalizacion_{os.getpid()}",
)
_LETRAS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def rfc_patron(g: int) -> str:
    dia = date(1950, 1, 1) + timedelta(days=g // 17576)
    return f"{_LETRAS[g % 26]}{_LETRAS[g // 26 % 26]}{_LETRAS[g // 676 % 26]}{dia:%y%m%d}A1B"


def registro(n: int) -> str:
    return f"Y{n:010d}"


def _cargar(registros: int, por_registro: int) -> int:
    from django.db import connection
    from django.utils import timezone

    from buzon.legal.nss import digito_nss

    ahora = timezone.now()
    patrones = max(1, registros // 2)
    trabajadores = registros * por_registro
    with connection.cursor() as c:
        with c.cursor.copy(
            "COPY padron_patron (id, rfc, nombre, zona_horaria, creado_en, importado_en) FROM STDIN"
        ) as copia:
            for g in range(patrones):
                copia.write_row(
                    (g + 1, rfc_patron(g), f"PATRON {g}", "America/Mexico_City", ahora, ahora)
                )
        columnas = (
            "id, registro, patron_id, entidad, subdelegacion, zona_salario, modalidad, "
            "situacion, creado_en, importado_en"
        )
        with c.cursor.copy(f"COPY padron_registropatronal ({columnas}) FROM STDIN") as copia:
            for n in range(registros):
                copia.write_row(
                    (n + 1, registro(n), n // 2 + 1 if n // 2 < patrones else 1, "CMX",
                     f"{n % 133 + 1:02d}", "general", "10", "vigente", ahora, ahora)
                )  # fmt: skip
        c.execute(
            "INSERT INTO cuotas_archivoafiliacion (sha256, tipo, nombre, importado_por, "
            "importado_en) VALUES (%s, 'movimientos', 'bench.csv', '', %s) RETURNING id",
            ["c" * 64, ahora],
        )
        archivo = c.fetchone()[0]
        with c.cursor.copy(
            "COPY cuotas_asegurado (id, nss, curp, nombre, creado_en, importado_en) FROM STDIN"
        ) as copia:
            for i in range(trabajadores):
                diez = f"{i + 1:010d}"
                copia.write_row(
                    (i + 1, diez + digito_nss(diez), "XIQB891116MGRMZR05", f"T {i}", ahora, ahora)
                )
        columnas = "registro_id, asegurado_id, tipo, fecha, sbc, dias, archivo_id, linea"
        movimientos = 0
        with c.cursor.copy(f"COPY cuotas_movimiento ({columnas}) FROM STDIN") as copia:
            for i in range(trabajadores):
                r = i % registros
                sbc = "315.04" if r % 10 == 0 else f"{400 + i % 900}.00"
                copia.write_row((r + 1, i + 1, "08", date(2025, 6, 1), sbc, None, archivo, 1))
                movimientos += 1
                if i % 100 == 0:  # also vigente at two other registros
                    for k in (1, 2):
                        otro = (r + k * 7919) % registros + 1
                        copia.write_row(
                            (otro, i + 1, "08", date(2025, 7, 1), sbc, None, archivo, 1)
                        )
                        movimientos += 1
                if i % 20 == 3:
                    copia.write_row((r + 1, i + 1, "02", date(2026, 2, 1), None, None, archivo, 2))
                    movimientos += 1
        c.execute(
            "INSERT INTO cobranza_archivocobranza (sha256, nombre, importado_por, importado_en) "
            "VALUES (%s, 'bench.csv', '', %s) RETURNING id",
            ["d" * 64, ahora],
        )
        archivo_cobranza = c.fetchone()[0]
        columnas = (
            "credito, rfc, registro, concepto, periodo, importe, situacion, creado_en, "
            "actualizado_en, archivo_id, linea"
        )
        with c.cursor.copy(f"COPY cobranza_credito ({columnas}) FROM STDIN") as copia:
            for k in range(200_000):
                n = (k * 13) % registros
                situacion = "exigible" if k % 5 < 2 else "pagado"
                copia.write_row(
                    (f"C{k:012d}", rfc_patron(n // 2), registro(n), "COP", f"2026-0{k % 3 + 1}",
                     f"{1000 + k % 50000}.00", situacion, ahora, ahora, archivo_cobranza, k + 2)
                )  # fmt: skip
        with c.cursor.copy(
            "COPY fiscalizacion_actividad (registro, actividad, clase_declarada, clase_actividad, "
            "importado_en) FROM STDIN"
        ) as copia:
            for n in range(0, registros, 2):
                clase = n % 5 + 1
                declarada = max(1, clase - 1) if n % 20 == 0 else clase
                copia.write_row((registro(n), f"{n % 300 + 1}", declarada, clase, ahora))
        with c.cursor.copy(
            "COPY fiscalizacion_plantillaexterna (rfc, trabajadores, fuente, importado_en) "
            "FROM STDIN"
        ) as copia:
            for g in range(0, patrones, 10):
                copia.write_row((rfc_patron(g), 4 * por_registro + g % 7, "CFDI nómina", ahora))
        with c.cursor.copy(
            "COPY fiscalizacion_reclamo (nss, tipo, fecha, importado_en) FROM STDIN"
        ) as copia:
            for i in range(0, min(trabajadores, 2_000_000), max(1, trabajadores // 20_000)):
                diez = f"{i + 1:010d}"
                copia.write_row((diez + digito_nss(diez), "pension", date(2025, 8, 1), ahora))
        for tabla in ("padron_patron", "padron_registropatronal", "cuotas_asegurado"):
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{tabla}', 'id'), "
                f"(SELECT max(id) FROM {tabla}))"
            )
    _denuncias(registros)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    return movimientos


def _denuncias(registros: int) -> None:
    from django.utils import timezone

    from buzon.actuaciones.models import Actuacion, Tramite
    from buzon.legal.zonas import ZONA_CENTRO

    ahora = timezone.now()
    tramite = Tramite.objects.filter(clave="denuncia-patron", vigente=True).first()
    if tramite is None:
        tramite = Tramite.objects.create(
            clave="denuncia-patron", version="bench", nombre="Denuncia", declaracion="{}",
            huella="0" * 64, espera_respuesta=False, importado_en=ahora,
        )  # fmt: skip
    presentada = datetime(2026, 2, 10, 12, tzinfo=ZONA_CENTRO)
    Actuacion.objects.bulk_create(
        [
            Actuacion(
                rfc="XIQB891116QE4",
                tramite=tramite,
                cadena="||b||",
                creada=presentada,
                expira=presentada,
                presentada=presentada,
                recepcion_legal=presentada,
                datos=json.dumps(
                    {"tipo": "No me registró", "registro_patronal": registro((k * 97) % registros)}
                ),
            )
            for k in range(10_000)
        ],
        batch_size=2_000,
    )


def main(argv: list[str] | None = None) -> None:
    argumentos = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    argumentos.add_argument(
        "--registros",
        type=int,
        default=int(os.environ.get("BENCH_FISCALIZACION_REGISTROS", 1_000_000)),
    )
    argumentos.add_argument("--por-registro", type=int, default=2)
    args = argumentos.parse_args([] if argv is None else argv)
    print(linea_de_maquina())
    base_de_datos(URL, "crear")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-fiscalizacion-") as temporal:
            carpeta = Path(temporal)
            (carpeta / "confianza").mkdir()
            variables = entorno(carpeta, URL)
            migrar(variables)
            os.environ.update(variables)
            import django

            django.setup()
            inicio = time.perf_counter()
            movimientos = _cargar(args.registros, args.por_registro)
            print(
                f"carga (no medida): {args.registros:,} registros, {movimientos:,} movimientos en "
                f"{time.perf_counter() - inicio:.1f} s"
            )
            _medir(args.registros)
    finally:
        from django.db import connections

        connections.close_all()
        base_de_datos(URL, "borrar")


def _medir(registros: int) -> None:
    from buzon.fiscalizacion import datos
    from buzon.fiscalizacion.models import Acto, Puntaje
    from buzon.fiscalizacion.servicios import do_programar
    from buzon.legal.riesgo import lote
    from buzon.legal.riesgo.ajustes import Ajustes

    inicio = time.perf_counter()
    corrida = do_programar("2026-T1", "bench")
    segundos = time.perf_counter() - inicio
    p = corrida.programa
    print(
        f"programa 2026-T1 ({linea_de_maquina()}): {p.registros:,} registros, {p.con_puntos:,} "
        f"con puntos, {p.actos:,} actos en {segundos:.1f} s "
        f"({frente_al_objetivo(segundos, OBJETIVO_SEGUNDOS, ' s', '≤')})"
    )
    assert p.registros == registros
    assert Puntaje.objects.filter(programa=p).count() == p.con_puntos
    assert Acto.objects.filter(programa=p).count() == p.actos
    inicio = time.perf_counter()
    assert not do_programar("2026-T1").nuevo
    print(
        f"  segunda corrida del mismo periodo (idempotente): {time.perf_counter() - inicio:.2f} s"
    )
    inicio = time.perf_counter()
    _, c, _ = datos.columnas(p.corte, Ajustes())
    lectura = time.perf_counter() - inicio
    inicio = time.perf_counter()
    otra = lote.programar(c, Ajustes())
    print(
        f"  lectura de datos {lectura:.1f} s; indicadores y orden (numpy) "
        f"{time.perf_counter() - inicio:.2f} s"
    )
    assert int((otra.puntos > 0).sum()) == p.con_puntos


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
