"""(a) issuing: `emision.emitir_varias` in chunks, one batch per worker process, and the whole
batch path once."""

from __future__ import annotations

import argparse
import io
import multiprocessing
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bench._arnes.cpu import Cpu
from bench._arnes.informe import frente_al_objetivo
from bench.notificaciones.entorno import CHUNK, PROCESOS, RFC_OFICIAL, Contexto
from bench.notificaciones.entradas import (
    HABILITADOS,
    firmar_documentos,
    habilitar_en_bloque,
    pdf_base,
    rfcs_validos,
    solicitudes,
)
from bench.notificaciones.procesos import cpu_texto, en_procesos

# Set before forking (medir_emision): the children inherit them (copy-on-write), nothing is
# pickled.
_SOLICITUDES: list[Any] = []
_CERT_DER = b""


def _emitir(desde: int, hasta: int, cola: multiprocessing.Queue[tuple[int, int, Cpu]]) -> None:
    """Worker: one batch's chunks of CHUNK, in order (what `lotes.procesar` does)."""
    from buzon.notificaciones.emision.servicios import emitir_varias
    from buzon.oficina.models import Oficial

    oficial = Oficial.objects.get(rfc=RFC_OFICIAL)
    cert = _CERT_DER
    correctas = errores = 0
    antes = Cpu.ahora()
    for a in range(desde, hasta, CHUNK):
        for r in emitir_varias(oficial, cert, _SOLICITUDES[a : min(a + CHUNK, hasta)]):
            if r.error is None and r.nueva:
                correctas += 1
            else:
                errores += 1
                if errores <= 3:
                    print(f"   error: {r.clave}: {r.error}", file=sys.stderr)
    cola.put((correctas, errores, Cpu.ahora().menos(antes)))


def emitir_en_procesos(desde: int, hasta: int, procesos: int) -> tuple[float, int, int, str]:
    total = hasta - desde
    por_proceso = -(-total // procesos)
    partes = [(a, min(a + por_proceso, hasta)) for a in range(desde, hasta, por_proceso)]
    pared, resultados, maquina = en_procesos(_emitir, partes)
    cpu = cpu_texto(pared, [r[2] for r in resultados], maquina)
    return pared, sum(r[0] for r in resultados), sum(r[1] for r in resultados), cpu


def perfil_de_un_chunk(ctx: Contexto, sols: list[Any]) -> None:
    import cProfile
    import pstats

    from buzon.notificaciones.emision.servicios import emitir_varias
    from buzon.oficina.models import Oficial

    oficial = Oficial.objects.get(rfc=RFC_OFICIAL)
    perfil = cProfile.Profile()
    perfil.enable()
    emitir_varias(oficial, ctx.cert_der, sols)
    perfil.disable()
    salida = io.StringIO()
    pstats.Stats(perfil, stream=salida).sort_stats("cumulative").print_stats(30)
    print("   perfil de un chunk de emisión (acumulado):")
    print("\n".join("   " + linea for linea in salida.getvalue().splitlines()[:60]))


def medir_emision(ctx: Contexto, args: argparse.Namespace) -> None:
    global _SOLICITUDES, _CERT_DER
    from django.db import connection

    n, n1, n_lote = args.emision, args.emision // 10, args.lote
    inicio = time.perf_counter()
    rfcs = rfcs_validos(n, 1)
    corte = int(len(rfcs) * HABILITADOS)
    habilitar_en_bloque(rfcs[:corte], datetime.now(UTC) - timedelta(days=30))
    base = pdf_base()
    firmas = firmar_documentos(ctx.llave, base, 0, n + n1 + n_lote)
    # Each input is a different recipient and document; the 10 % without mailbox interleave.
    orden = [rfcs[(i * 7919) % len(rfcs)] for i in range(len(rfcs))]
    _SOLICITUDES = solicitudes(base, firmas[:n], 0, orden, "bench:a")
    previas = solicitudes(base, firmas[n : n + n1], n, orden, "bench:a1")
    _CERT_DER = ctx.cert_der
    print(
        f"entradas: {n:,} + {n1:,} PDFs firmados ({len(base):,} bytes cada uno), {len(rfcs):,} "
        f"RFC ({corte:,} con buzón habilitado), preparadas en {time.perf_counter() - inicio:.0f} s "
        "(no se mide)"
    )
    if args.perfil:
        muestra = min(CHUNK, len(previas) // 2)
        perfil_de_un_chunk(ctx, previas[:muestra])
        previas = previas[muestra:]

    uno = list(_SOLICITUDES)
    _SOLICITUDES = previas
    pared, correctas, errores, cpu = emitir_en_procesos(0, len(previas), 1)
    print(
        f"(a) emisión, 1 proceso, chunks de {CHUNK}: {correctas:,} en {pared:.1f} s = "
        f"{correctas / pared:,.0f}/s (errores {errores})\n    {cpu}"
    )
    _SOLICITUDES = uno
    pared, correctas, errores, cpu = emitir_en_procesos(0, n, PROCESOS)
    tasa = correctas / pared
    print(
        f"(a) emisión de {n:,} notificaciones firmadas (verificación de firma y certificado, PDF, "
        f"almacén con fsync, ruteo, línea de tiempo, bitácora), {PROCESOS} procesos con la mitad "
        f"cada uno (un lote por proceso), chunks de {CHUNK}: {correctas:,} en {pared:.1f} s = "
        f"{tasa:,.0f}/s (errores {errores}) — {frente_al_objetivo(tasa, 1000, errores=errores)}"
        f"\n    {cpu}"
    )
    if correctas != n:
        sys.exit("bench/notificaciones: la emisión no creó todas las notificaciones")

    # The whole batch path once, on a smaller file.
    import json

    from buzon.notificaciones.emision import lotes
    from buzon.oficina.models import Oficial

    lineas = solicitudes(base, firmas[n + n1 :], n + n1, orden[::-1], "bench:lote")
    contenido = "".join(
        json.dumps(
            {"rfc": s.rfc, "tipo": s.tipo, "asunto": s.asunto, "documento": s.documento,
             "firma": s.firma},
            ensure_ascii=False,
        ) + "\n"
        for s in lineas
    ).encode()  # fmt: skip
    oficial = Oficial.objects.get(rfc=RFC_OFICIAL)
    inicio = time.perf_counter()
    lote = lotes.do_crear_lote(oficial, ctx.cert_der, "bench.jsonl", contenido)
    creado = time.perf_counter() - inicio
    inicio = time.perf_counter()
    terminados = lotes.procesar_pendientes()
    procesado = time.perf_counter() - inicio
    lote.refresh_from_db()
    print(
        f"(a) lote completo, 1 proceso: archivo JSONL de {len(lineas):,} líneas "
        f"({len(contenido) / 1e6:.1f} MB): do_crear_lote {creado:.2f} s, procesar_pendientes "
        f"{procesado:.1f} s ({terminados} lote, {lote.correctas:,} correctas, "
        f"{len(lote.errores)} errores) = {lote.correctas / (creado + procesado):,.0f}/s"
    )
    connection.close()
