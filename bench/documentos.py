"""bench/documentos: *Mis documentos*' latency on PostgreSQL, one particular with many documents
among many others'.

Target (as the other lists of the particular, *Mis notificaciones* and *Mis documentos →
Emisiones*): p95 ≤ 100 ms for one page (25 rows), in process (the selector: one query per kind).

Set-up (not timed): a throwaway database (`BENCH_DATABASE_URL`, default
postgres://postgres@127.0.0.1:5432/buzon_bench_documentos_<pid>, created, migrated, dropped);
for the measured RFC `--propios` acuses (default 20,000; half constancias de semanas cotizadas),
`--propios` / 10 emisiones, opiniones, actuaciones and opened notifications; for other RFCs
`--ajenos` acuses (default 500,000) and as many notifications / 10, all with bulk inserts, then
ANALYZE. Then `selectors.mis_documentos` 200 times for: page 1 (all kinds), page 1 of one kind
(acuse), page 40 (all kinds), and page 1 within a 30-day period; p50/p95/p99 and the query
count of each.

    .venv/bin/python -m bench documentos
    .venv/bin/python -m bench.documentos [--propios 20000] [--ajenos 500000] [--veces 200]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench._arnes.informe import frente_al_objetivo, linea_de_maquina, percentiles
from bench._arnes.servidor import entorno, migrar
from bench._bd import base_de_datos

OBJETIVO_P95_MS = 100.0
URL = os.environ.get(
    "BENCH_DATABASE_URL",
    f"postgres://postgres@127.0.0.1:5432/buzon_bench_documentos_{os.getpid()}",
)
RFC = "XIQB891116QE4"
LOTE = 5_000


def _rfc_ajeno(n: int) -> str:
    return f"AAA{(n % 28) + 1:02d}0101{n % 1000:03d}"[:12]


def _cargar(propios: int, ajenos: int) -> None:
    from django.db import connection

    from buzon.actuaciones.models import Actuacion, Tramite
    from buzon.cuotas.emisiones.modelos import BloqueEmision, CorridaEmision, Emision
    from buzon.evidencia.models import Acuse, CertificadoSello
    from buzon.notificaciones.models import Notificacion
    from buzon.opinion.models import Opinion

    base = datetime(2026, 12, 1, 17, tzinfo=UTC)
    sello = CertificadoSello.objects.create(
        numero="00001000000000000001",
        certificado_der=b"x",
        vigente_desde=base - timedelta(days=4000),
        vigente_hasta=base + timedelta(days=400),
        alta_en=base,
    )

    def acuses(rfc_de: object, cuantos: int, prefijo: str, tipo_de: object) -> None:
        for inicio in range(0, cuantos, LOTE):
            Acuse.objects.bulk_create(
                Acuse(
                    folio=f"{prefijo}{n:012d}",
                    tipo=tipo_de(n),  # type: ignore[operator]
                    rfc=rfc_de(n),  # type: ignore[operator]
                    emitido=base - timedelta(minutes=7 * n),
                    cadena_original="||x||",
                    sello="x",
                    certificado_sello=sello,
                    codigo_verificacion="ABCDEFGHJKMN",
                )
                for n in range(inicio, min(cuantos, inicio + LOTE))
            )

    acuses(_rfc_ajeno, ajenos, "AJ", lambda n: "constancia_aviso")
    acuses(
        lambda n: RFC,
        propios,
        "PR",
        lambda n: "semanas_cotizadas" if n % 2 else "registro_medios",
    )
    decimo = max(1, propios // 10)
    acuses(lambda n: RFC, decimo, "OP", lambda n: "opinion_cumplimiento")
    acuses(lambda n: RFC, decimo, "AC", lambda n: "actuacion")
    por_folio = {a.folio: a for a in Acuse.objects.filter(folio__startswith="OP")}
    Opinion.objects.bulk_create(
        Opinion(
            folio=a.folio,
            rfc=RFC,
            sentido="positiva",
            motivos=[],
            emitida=a.emitido,
            vigente_hasta=a.emitido.date(),
            acuse=a,
            consultante_tipo="titular",
            consultante_rfc=RFC,
        )
        for a in por_folio.values()
    )
    tramite = Tramite.objects.create(
        clave="bench", version="1", nombre="Trámite del bench", declaracion="{}",
        huella="0" * 64, espera_respuesta=False, vigente=True, importado_en=base,
    )  # fmt: skip
    Actuacion.objects.bulk_create(
        Actuacion(
            rfc=RFC, tramite=tramite, datos="{}", cadena="", creada=base - timedelta(hours=n),
            expira=base, presentada=base - timedelta(hours=n), acuse=f"AC{n:012d}",
        )
        for n in range(decimo)
    )  # fmt: skip
    corrida = CorridaEmision.objects.create(periodo="2026-11", tipo="EMA", iniciada=base)
    bloque = BloqueEmision.objects.create(corrida=corrida, numero=1, desde="A", hasta="Z")
    Emision.objects.bulk_create(
        Emision(
            registro_patronal=f"Y{n:010d}", rfc=RFC, periodo="2026-11", periodo_clave=202611,
            tipo="EMA", folio=f"EM{n:012d}", codigo_verificacion="ABCDEFGHJKMN",
            generada=base - timedelta(hours=3 * n), bloque=bloque, trabajadores=1, totales={},
            total_patron=1, total_obrero=1, parametros={}, huella="0" * 64,
        )
        for n in range(decimo)
    )  # fmt: skip

    def notificaciones(rfc_de: object, cuantas: int, prefijo: str) -> None:
        for inicio in range(0, cuantas, LOTE):
            Notificacion.objects.bulk_create(
                Notificacion(
                    folio=f"{prefijo}{n:012d}", rfc=rfc_de(n), tipo="7.1",  # type: ignore[operator]
                    asunto="Resolución", documento_sha256="0" * 64, documento_tamano=1,
                    firma="x", firmante_rfc="GOMA800101AB6", firmante_certificado=b"x",
                    firmante_serie="1", emisor="GOMA800101AB6", subdelegacion="Centro",
                    zona="America/Mexico_City", creada=base - timedelta(hours=5 * n),
                    ruta="buzon", aviso=base - timedelta(hours=5 * n),
                    vence=base - timedelta(hours=5 * n) + timedelta(days=5),
                    abierta=base - timedelta(hours=5 * n - 1), codigo_verificacion="X" * 20,
                    clave_idempotencia=f"{prefijo}{n}", huella_solicitud="0" * 64,
                    conservar_hasta=date(2031, 12, 31),
                )
                for n in range(inicio, min(cuantas, inicio + LOTE))
            )  # fmt: skip

    notificaciones(lambda n: RFC, decimo, "NP")
    notificaciones(_rfc_ajeno, max(1, ajenos // 10), "NA")
    with connection.cursor() as c:
        c.execute("ANALYZE")


def _medir(nombre: str, veces: int, **opciones: object) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from buzon.documentos import selectors

    filtro = selectors.Filtro(
        str(opciones.get("clase", "")),
        opciones.get("desde"),  # type: ignore[arg-type]
        opciones.get("hasta"),  # type: ignore[arg-type]
    )
    numero = int(opciones.get("pagina", 1))  # type: ignore[call-overload]
    ahora = timezone.now()
    tiempos = []
    filas = 0
    for _ in range(veces):
        inicio = time.perf_counter()
        pagina = selectors.mis_documentos(RFC, filtro, ahora, numero, 25)
        tiempos.append((time.perf_counter() - inicio) * 1000)
        filas = len(pagina.documentos)
    with CaptureQueriesContext(connection) as consultas:
        selectors.mis_documentos(RFC, filtro, ahora, numero, 25)
    p50, p95, p99 = percentiles(tiempos)
    print(
        f"{nombre}: {filas} filas, {len(consultas)} consultas; p50 {p50:.1f} ms, p95 {p95:.1f} ms,"
        f" p99 {p99:.1f} ms ({frente_al_objetivo(p95, OBJETIVO_P95_MS, ' ms', '≤', cifra='p95')})"
    )


def main(argv: list[str] | None = None) -> None:
    argumentos = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    argumentos.add_argument("--propios", type=int, default=20_000)
    argumentos.add_argument("--ajenos", type=int, default=500_000)
    argumentos.add_argument("--veces", type=int, default=200)
    args = argumentos.parse_args([] if argv is None else argv)
    print(linea_de_maquina())
    base_de_datos(URL, "crear")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-documentos-") as temporal:
            carpeta = Path(temporal)
            (carpeta / "confianza").mkdir()
            variables = entorno(carpeta, URL)
            migrar(variables)
            os.environ.update(variables)
            import django

            django.setup()
            inicio = time.perf_counter()
            _cargar(args.propios, args.ajenos)
            print(
                f"datos: {args.propios:,} acuses propios (+ {args.propios // 10:,} de cada otra "
                f"clase), {args.ajenos:,} acuses ajenos; carga en "
                f"{time.perf_counter() - inicio:.1f} s"
            )
            _medir("página 1, todas las clases", args.veces)
            for clase in ("acuse", "emision", "opinion", "notificacion", "actuacion"):
                _medir(f"página 1, solo {clase}", args.veces, clase=clase)
            _medir("página 40, todas las clases", args.veces, pagina=40)
            _medir(
                "página 1, periodo de 30 días",
                args.veces,
                desde=date(2026, 10, 1),
                hasta=date(2026, 10, 30),
            )
            print(linea_de_maquina())
            from django.db import connection

            connection.close()
    finally:
        base_de_datos(URL, "borrar")


if __name__ == "__main__":
    main(sys.argv[1:])
