"""bench/derechohabientes: the worker's constancias among a million workers (issue 16, «Scale»).

Target: the constancia de semanas cotizadas of one worker with 30 years of history, among
1,000,000 workers in the ledger, p95 ≤ 100 ms. Measured in process on PostgreSQL, the real
service end to end (`servicios.do_emitir_semanas`: the linkage by the e.firma's CURP, the one
query for the worker's movements and the one for their adjustments, the pure computation, the
acuse sealed and logged in the evidence log, the constancia stored), one call at a time; the
vigencia de derechos and the PDF (rendered and PAdES-signed) are reported beside it.

Set-up (not timed): a throwaway database (`BENCH_DATABASE_URL`, default
postgres://postgres@127.0.0.1:5432/buzon_bench_derechohabientes_<pid>, created, migrated, dropped)
with a demo seal; `--trabajadores` workers (default 1,000,000) in registros of 20, each with an
alta and 30 % with a baja, loaded with COPY; the measured worker: 12 successive employments from
1996 (one of them overlapping another for two years), a salary change a year, an ausentismo and an
incapacidad a year, and three adjustments (descontadas, reintegradas) — 82 movements.

    .venv/bin/python -m bench derechohabientes
    .venv/bin/python -m bench.derechohabientes [--trabajadores 1000000] [--veces 200]

(The monthly Reporte Personalizado de Cotización part of issue 16's bench is app `cotizacion`'s.)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench._arnes.informe import frente_al_objetivo, linea_de_maquina, percentiles
from bench._arnes.servidor import entorno, instalar_sello, migrar
from bench._bd import base_de_datos

OBJETIVO_MS = 100.0
POR_REGISTRO = 20
URL = os.environ.get(
    "BENCH_DATABASE_URL",
    f"postgres://postgres@127.0.0.1:5432/buzon_bench_derechohabientes_{os.getpid()}",
)
RFC, CURP = "BOXW310820AB1", "BOXW310820HNERXN09"


def _cargar(trabajadores: int) -> int:
    """The ledger with COPY; returns the measured worker's asegurado id."""
    from django.db import connection
    from django.utils import timezone

    from buzon.legal.nss import digito_nss

    ahora = timezone.now()
    registros = max(1, trabajadores // POR_REGISTRO)
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO padron_patron (rfc, nombre, zona_horaria, creado_en, importado_en) "
            "SELECT 'B' || lpad(g::text, 8, '0') || 'AA1', 'Patrón ' || g, "
            "'America/Mexico_City', %s, %s FROM generate_series(1, %s) g",
            [ahora, ahora, registros],
        )
        c.execute(
            "INSERT INTO padron_registropatronal (registro, patron_id, entidad, subdelegacion, "
            "creado_en, importado_en, zona_salario, modalidad, situacion) SELECT 'Y' || "
            "lpad(p.id::text, 10, '0'), p.id, 'CMX', '01', %s, %s, 'general', '10', 'vigente' "
            "FROM padron_patron p",
            [ahora, ahora],
        )
        c.execute(
            "INSERT INTO cuotas_archivoafiliacion (sha256, tipo, nombre, importado_por, "
            "importado_en) VALUES (%s, 'movimientos', 'bench.csv', '', %s) RETURNING id",
            ["d" * 64, ahora],
        )
        fila = c.fetchone()
        assert fila is not None
        archivo = fila[0]
        c.execute("SELECT id FROM padron_registropatronal ORDER BY id")
        ids = [f[0] for f in c.fetchall()]
        with c.cursor.copy(
            "COPY cuotas_asegurado (nss, curp, nombre, creado_en, importado_en) FROM STDIN"
        ) as copia:
            for i in range(trabajadores):
                diez = f"{i + 1:010d}"
                copia.write_row(
                    (diez + digito_nss(diez), "XIQB891116MGRMZR05", f"T {i}", ahora, ahora)
                )
            diez = f"{trabajadores + 1:010d}"
            copia.write_row((diez + digito_nss(diez), CURP, "Wenceslao Bolaños Xolo", ahora, ahora))
        c.execute("SELECT id FROM cuotas_asegurado ORDER BY id")
        asegurados = [f[0] for f in c.fetchall()]
        yo = asegurados[-1]
        columnas = "registro_id, asegurado_id, tipo, fecha, sbc, dias, archivo_id, linea"
        with c.cursor.copy(f"COPY cuotas_movimiento ({columnas}) FROM STDIN") as copia:
            for i, a in enumerate(asegurados[:-1]):
                r = ids[i // POR_REGISTRO % len(ids)]
                copia.write_row((r, a, "08", date(2015, 1, 5) + timedelta(days=i % 3000),
                                 320 + (i * 37) % 2500, None, archivo, 1))  # fmt: skip
                if i % 10 < 3:
                    copia.write_row((r, a, "02", date(2024, 6, 30), None, None, archivo, 2))
            for fila_ in _historia(ids):
                copia.write_row((fila_[0], yo, *fila_[1:], archivo, 1))
        c.execute(
            "INSERT INTO derechohabientes_ajustesemanas (asegurado_id, tipo, fecha, semanas, "
            "referencia, archivo_sha256, linea, importado_en) VALUES "
            "(%s, 'descontadas', '2009-03-02', 75, 'RD-2009', %s, 1, %s), "
            "(%s, 'reintegradas', '2012-05-07', 40, 'RI-2012', %s, 2, %s), "
            "(%s, 'descontadas', '2020-06-01', 30, 'RD-2020', %s, 3, %s)",
            [yo, "d" * 64, ahora] * 3,
        )
        c.execute("ANALYZE")
    return int(yo)


def _historia(ids: list[int]) -> list[tuple[Any, ...]]:
    """30 years: 12 employments of ~2.5 years, one overlapping (2010–2012), a 07, an 11 and a 12
    a year."""
    filas: list[tuple[Any, ...]] = []
    inicio = date(1996, 1, 8)
    for n in range(12):
        registro = ids[(n * 7919) % len(ids)]
        alta = inicio + timedelta(days=n * 913)
        baja = alta + timedelta(days=900) if n < 11 else None
        filas.append((registro, "08", alta, 300 + 40 * n, None))
        anio = alta.year + 1
        while date(anio, 9, 30) < (baja or date(2026, 11, 1)):
            filas.append((registro, "07", date(anio, 3, 1), 320 + 40 * n + anio % 7, None))
            filas.append((registro, "11", date(anio, 5, 4), None, 2))
            filas.append((registro, "12", date(anio, 9, 7), None, 3))
            anio += 1
        if baja is not None:
            filas.append((registro, "02", baja, None, None))
    segundo = ids[-1]
    filas += [
        (segundo, "08", date(2010, 2, 1), 450, None),
        (segundo, "02", date(2012, 1, 31), None, None),
    ]
    return filas


def _sesion() -> Any:
    from django.utils import timezone

    from buzon.cuentas.models import Sesion
    from buzon.efirma import pki

    ac = pki.crear_ac(Path(tempfile.mkdtemp(prefix="bench-ac-")))
    cer, _ = pki.emitir(ac, rfc=RFC, nombre="WENCESLAO BOLAÑOS XOLO", curp=CURP, registrar=False)
    ahora = timezone.now()
    return Sesion(
        rfc=RFC, nombre="WENCESLAO BOLAÑOS XOLO", perfil="particular", no_certificado="1",
        certificado_der=cer, creada=ahora, ultima_actividad=ahora,
        expira=ahora + timedelta(hours=1), token_sha256="0" * 64,
    )  # fmt: skip


def _medir(funcion: Any, veces: int) -> list[float]:
    for _ in range(5):
        funcion()  # warm-up: caches, prepared plans
    tiempos = []
    for _ in range(veces):
        t = time.perf_counter()
        funcion()
        tiempos.append((time.perf_counter() - t) * 1000)
    return tiempos


def _linea(nombre: str, tiempos: list[float]) -> str:
    p50, p95, p99 = percentiles(tiempos)
    return f"{nombre}: {len(tiempos)} veces, p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms"


def _perfil(emitir: Any, sesion: Any) -> None:
    import cProfile

    from bench._arnes.perfil import ConsultasSQL, imprimir

    consultas = ConsultasSQL()
    perfil = cProfile.Profile()
    with consultas.midiendo():
        perfil.enable()
        for _ in range(50):
            emitir(sesion)
        perfil.disable()
    print("\n".join(consultas.lineas(50, "constancia")))
    imprimir(perfil, 25, 15)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.derechohabientes")
    parser.add_argument("--trabajadores", type=int, default=1_000_000)
    parser.add_argument("--veces", type=int, default=200)
    parser.add_argument("--perfil", action="store_true", help="SQL por tipo y cProfile de 50")
    op = parser.parse_args(argv if argv is not None else [])  # `python -m bench`: defaults
    carpeta = Path(tempfile.mkdtemp(prefix="bench-derechohabientes-"))
    variables = entorno(carpeta, URL, BUZON_URL_PUBLICA="http://buzon.bench.invalid")
    base_de_datos(URL, "crear")
    try:
        migrar(variables)
        instalar_sello(variables)
        os.environ.update(variables)
        import django

        django.setup()
        from django.db import connection

        from buzon.derechohabientes import presentacion, servicios
        from buzon.derechohabientes.models import Constancia

        t = time.perf_counter()
        yo = _cargar(op.trabajadores)
        print(
            f"carga con COPY de {op.trabajadores:,} trabajadores: {time.perf_counter() - t:.1f} s"
        )
        with connection.cursor() as c:
            c.execute("SELECT count(*) FROM cuotas_movimiento WHERE asegurado_id = %s", [yo])
            (movimientos,) = c.fetchone() or (0,)
            c.execute("SELECT count(*) FROM cuotas_movimiento")
            (total,) = c.fetchone() or (0,)
            c.execute("EXPLAIN SELECT * FROM cuotas_movimiento WHERE asegurado_id = %s", [yo])
            plan = " / ".join(f[0].strip() for f in c.fetchall()[:2])
        print(f"el trabajador medido: {movimientos} movimientos; en el ledger: {total:,}")
        print(f"plan de la consulta de sus movimientos: {plan}")
        sesion = _sesion()
        muestra = servicios.do_emitir_semanas(sesion)
        d = muestra.datos
        print(
            f"su constancia: {len(d['empleos'])} empleos, {d['dias_reconocidos']:,} días, "
            f"{d['semanas_cotizadas']} semanas y {d['dias_restantes']} días, netas "
            f"{d['semanas_netas']} (descontadas {d['semanas_descontadas']}, reintegradas "
            f"{d['semanas_reintegradas']})"
        )
        assert len(d["empleos"]) == 13, d["empleos"]
        print(linea_de_maquina())
        semanas = _medir(lambda: servicios.do_emitir_semanas(sesion), op.veces)
        print(_linea("constancia de semanas (emitida, sellada, guardada)", semanas))
        p95 = percentiles(semanas)[1]
        print(f"  p95 {p95:.1f} ms — {frente_al_objetivo(p95, OBJETIVO_MS, ' ms', '≤', 0, 'p95')}")
        if op.perfil:
            _perfil(servicios.do_emitir_semanas, sesion)
        vigencia = _medir(lambda: servicios.do_emitir_vigencia(sesion), op.veces)
        print(_linea("constancia de vigencia (emitida, sellada, guardada)", vigencia))
        pdf = _medir(lambda: presentacion.respuesta_pdf(muestra), max(10, op.veces // 10))
        print(_linea("PDF de la constancia de semanas (maquetado y firmado PAdES)", pdf))
        print(f"constancias emitidas: {Constancia.objects.count():,}")
        print(linea_de_maquina())
    finally:
        from django.conf import settings

        if settings.configured:
            from django.db import connections

            connections.close_all()
        base_de_datos(URL, "borrar")


if __name__ == "__main__":
    main(sys.argv[1:])
