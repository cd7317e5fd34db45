"""bench/notificaciones: issuing, the sweep, Mis notificaciones and avisos on PostgreSQL, 2 cores.

Targets (issue 6):
(a) bulk issuing of 100,000 signed notifications ≥ 1,000/s, signature verification and storage
    included: `emision.emitir_varias` in chunks of 500 (what a batch does), two worker processes
    each taking half (one batch per process); a one-process run on 10,000 other inputs is printed
    for comparison, and the whole batch path (`lotes.do_crear_lote` + `procesar_pendientes`) once
    on a smaller file.
(b) the sweep materialising 100,000 deemed notifications ≥ 2,000/s
    (`barrido.barrer_notificaciones`), one process and two concurrent processes (SKIP LOCKED),
    each on its own 100,000; afterwards exactly one acuse per notification is checked. Each set
    is first really avisado (7.3, 7.4 [I-35]), 60 days in the past: dispatch, delivery through
    the outbox with the console backends (the acceptance callback fixes `aviso` and `vence`) and
    the constancia de aviso, as of the latest planned aviso; then checked.
(c) *Mis notificaciones* p95 ≤ 100 ms for an employer with ~200 notifications when the database
    holds 1,000,000 (loaded with one INSERT … SELECT over generate_series, then ANALYZE):
    `GET /api/v1/notificaciones` through Django's test client with a real e.firma session, 200
    times; the selector and view functions are timed apart too. When p95 misses, EXPLAIN ANALYZE of
    the list's queries is printed (always with --explicar).
Extra: "aviso dispatch + acceptance per second" (no target), from (b)'s preparation: the first
`--avisos` (10,000) of the first set in one process, the rest of it and the copy in two;
dispatch, delivery with the acceptance callback and constancia are timed apart.

Inputs are built beforehand and are not timed: an official registered with `do_alta_oficial`, a
test CA and the official's certificate (the CA is the trust folder, BUZON_CONFIANZA, so the issuer
check runs), distinct real PDFs (one ReportLab page whose number field varies, same length, so
every document differs and stays a valid PDF) each signed with the official's key (signing is the
official's cost), and 100,000 valid RFCs (python-stdnum check digit over synthetic bases), 90 % of
them with an enabled mailbox (two confirmed medios and accepted terms), the rest with none (those
go to estrados: the 180 days of the Transitorio are over).

Uses a throwaway PostgreSQL database (`BENCH_DATABASE_URL`, default
postgres://postgres@127.0.0.1:5432/buzon_bench_notificaciones), created and dropped here.

    .venv/bin/python -m bench notificaciones
    .venv/bin/python -m bench.notificaciones [--emision 100000] (the sweep takes the same number)
        [--millon 1000000] [--avisos 10000] [--lote 2000] [--perfil] [--explicar]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from bench._arnes.informe import linea_de_maquina
from bench._bd import base_de_datos
from bench.notificaciones.barrido import medir_barrido
from bench.notificaciones.emision import medir_emision
from bench.notificaciones.entorno import RFC_OFICIAL, URL, Contexto, preparar_entorno
from bench.notificaciones.lista import medir_lista


def main(argv: list[str] | None = None) -> None:
    analizador = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    analizador.add_argument("--emision", type=int, default=100_000)
    analizador.add_argument("--millon", type=int, default=1_000_000)
    analizador.add_argument("--avisos", type=int, default=10_000)
    analizador.add_argument("--lote", type=int, default=2_000)
    analizador.add_argument("--perfil", action="store_true", help="cProfile de un chunk")
    analizador.add_argument("--explicar", action="store_true", help="EXPLAIN ANALYZE siempre")
    args = analizador.parse_args([] if argv is None else argv)
    args.barrido = args.emision
    print(linea_de_maquina())
    comienzo = time.perf_counter()
    base_de_datos(URL, "crear")
    try:
        with tempfile.TemporaryDirectory() as temporal:
            carpeta = Path(temporal)
            preparar_entorno(carpeta)
            from django.core.management import call_command

            from buzon.efirma import pki
            from buzon.evidencia.sello import crear_sello_de_demostracion
            from buzon.oficina.servicios import do_alta_oficial

            call_command("migrate", verbosity=0)
            crear_sello_de_demostracion()
            ac = pki.crear_ac(carpeta / "ac")
            llave = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            cert_der, _ = pki.emitir(
                ac, rfc=RFC_OFICIAL, nombre="SERVIDOR PUBLICO DE PRUEBA", curp="GOMA800101HDFRRN09",
                llave=llave,
            )  # fmt: skip
            do_alta_oficial(
                rfc=RFC_OFICIAL, nombre="Servidor de prueba", rol="notificador",
                subdelegacion="Centro",
            )  # fmt: skip
            ctx = Contexto(carpeta, ac, cert_der, llave, args.explicar, args.perfil)
            medir_emision(ctx, args)
            medir_barrido(ctx, args)
            medir_lista(ctx, args)
            from django.db import connections

            connections.close_all()
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        base_de_datos(URL, "borrar")
    print(f"bench/notificaciones: {time.perf_counter() - comienzo:.0f} s en total")
