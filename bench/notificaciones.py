"""bench/notificaciones: issuing, the sweep, Mis notificaciones and avisos on PostgreSQL, 2 cores.

Targets (issue 6):
(a) bulk issuing of 100,000 signed notifications ≥ 1,000/s, signature verification and storage
    included: `emision.emitir_varias` in chunks of 500 (what a batch does), two worker processes
    each taking half (one batch per process); a one-process run on 10,000 other inputs is printed
    for comparison, and the whole batch path (`lotes.do_crear_lote` + `procesar_pendientes`) once
    on a smaller file.
(b) the sweep materialising 100,000 deemed notifications ≥ 2,000/s
    (`barrido.barrer_notificaciones`), one process and two concurrent processes (SKIP LOCKED),
    each on its own 100,000; afterwards exactly one acuse per notification is checked.
(c) *Mis notificaciones* p95 ≤ 100 ms for an employer with ~200 notifications when the database
    holds 1,000,000 (loaded with one INSERT … SELECT over generate_series, then ANALYZE):
    `GET /api/v1/notificaciones` through Django's test client with a real e.firma session, 200
    times; the selector and view functions are timed apart too. When p95 misses, EXPLAIN ANALYZE of
    the list's queries is printed (always with --explicar).
Extra: aviso dispatch (`despacho.despachar_avisos`) for 10,000 due avisos, one process.

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
import base64
import io
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from bench._arnes.cpu import Cpu, Maquina
from bench._arnes.informe import frente_al_objetivo, linea_de_maquina, nucleos, percentiles
from bench._bd import base_de_datos

URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/buzon_bench_notificaciones"
)
PROCESOS = 2
CHUNK = 500
RFC_OFICIAL = "GOMA800101AB6"
#: The fixed-width field of the PDF that varies per document (same length: offsets stay valid).
MARCA = b"000000000000"
HABILITADOS = 0.9

# Set before forking: the children inherit them (copy-on-write), nothing is pickled.
_LLAVE: rsa.RSAPrivateKey | None = None
_SOLICITUDES: list[Any] = []


@dataclass
class Contexto:
    carpeta: Path
    ac: Any
    cert_der: bytes
    llave: rsa.RSAPrivateKey
    explicar: bool
    perfil: bool


def _preparar_entorno(carpeta: Path) -> None:
    os.environ["DATABASE_URL"] = URL
    os.environ["BUZON_DATA_DIR"] = str(carpeta)
    os.environ["BUZON_SELLO_DIR"] = str(carpeta / "sello")
    os.environ["BUZON_CONFIANZA"] = str(carpeta / "ac")
    os.environ["BUZON_EMAIL_URL"] = "console:"
    os.environ["BUZON_SMS_URL"] = "console:"
    os.environ.pop("BUZON_BROKER_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buzon.config.settings")
    import django

    django.setup()


# -- inputs ---------------------------------------------------------------------------------------


def rfcs_validos(cantidad: int, semilla: int) -> list[str]:
    """`cantidad` distinct valid RFCs of personas físicas (check digit by python-stdnum)."""
    from stdnum.exceptions import ValidationError
    from stdnum.mx import rfc as stdnum_rfc

    letras = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    homoclave = "123456789ABCDEFGHIJKLMNPQRSTUV"
    resultado: list[str] = []
    n = semilla * 10_000_000
    while len(resultado) < cantidad:
        nombre = "".join(letras[(n // 26**i) % 26] for i in range(4))
        dia = datetime(1950, 1, 1, tzinfo=UTC) + timedelta(days=(n // 26**4) % 20_000)
        base = f"{nombre}{dia:%y%m%d}{homoclave[n % 30]}{homoclave[(n // 30) % 30]}"
        candidato = base + stdnum_rfc.calc_check_digit(base)
        n += 1
        try:
            stdnum_rfc.validate(candidato, validate_check_digits=True)
        except ValidationError:
            continue
        resultado.append(candidato)
    return resultado


def pdf_base() -> bytes:
    """One real page (ReportLab, uncompressed) with a fixed-width number field, `MARCA`."""
    from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

    salida = io.BytesIO()
    lienzo = canvas.Canvas(salida, invariant=True, pageCompression=0)
    lienzo.setFont("Helvetica-Bold", 14)
    lienzo.drawString(72, 740, "INSTITUTO MEXICANO DEL SEGURO SOCIAL")
    lienzo.setFont("Helvetica", 11)
    lienzo.drawString(72, 715, f"Oficio núm. {MARCA.decode()}")
    lienzo.drawString(72, 695, "Asunto: resolución determinante de cuotas obrero patronales.")
    lienzo.drawString(72, 675, "Documento generado para medir el rendimiento del Buzón.")
    lienzo.save()
    datos = salida.getvalue()
    if datos.count(MARCA) != 1:
        raise RuntimeError("bench/notificaciones: el campo variable del PDF no es único")
    return datos


def pdf_numero(base: bytes, numero: int) -> bytes:
    return base.replace(MARCA, f"{numero:012d}".encode("ascii"))


def _firmar_rango(argumentos: tuple[bytes, int, int]) -> list[str]:
    base, desde, hasta = argumentos
    assert _LLAVE is not None
    return [
        base64.b64encode(
            _LLAVE.sign(pdf_numero(base, i), padding.PKCS1v15(), hashes.SHA256())
        ).decode()
        for i in range(desde, hasta)
    ]


def firmar_documentos(base: bytes, desde: int, hasta: int) -> list[str]:
    """The official signs each PDF (two processes: this is the official's cost, not timed)."""
    pasos = [(base, a, min(a + 5000, hasta)) for a in range(desde, hasta, 5000)]
    with multiprocessing.get_context("fork").Pool(PROCESOS) as grupo:
        partes = grupo.map(_firmar_rango, pasos)
    return [firma for parte in partes for firma in parte]


def _copiar(tabla: str, columnas: Sequence[str], filas: Sequence[Sequence[object]]) -> None:
    from django.db import connection

    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {tabla} ({', '.join(columnas)}) FROM STDIN") as copia,
    ):
        for fila in filas:
            copia.write_row(fila)


def habilitar_en_bloque(rfcs: Sequence[str], momento: datetime) -> None:
    """Enabled mailboxes (5.4, 5.6) as tests/notificaciones/fixtures.habilitar makes them, in bulk:
    a Buzon with accepted terms and two confirmed medios each."""
    from django.db import transaction

    from buzon.evidencia.copia import insertar
    from buzon.habilitacion.models import Buzon, Medio

    with transaction.atomic():
        buzones = [
            Buzon(
                rfc=r,
                nombre=f"PATRON {r}",
                creado=momento,
                terminos_aceptados_en=momento,
                fuente_habilitacion=Buzon.Fuente.TERMINOS,
            )
            for r in rfcs
        ]
        insertar(Buzon, buzones, "rfc")
        filas = []
        for b in buzones:
            for tipo, valor in (
                (Medio.Tipo.CORREO, f"{b.rfc.lower()}@example.com"),
                (Medio.Tipo.CELULAR, f"55{b.pk % 100_000_000:08d}"),
            ):
                filas.append(
                    [b.pk, "", tipo, valor, Medio.Estado.CONFIRMADO, momento,
                     momento + timedelta(hours=72), "", None, 1, 0, momento, None, ""]
                )  # fmt: skip
        _copiar(
            Medio._meta.db_table,
            [
                "buzon_id", "registro_patronal", "tipo", "valor", "estado", "registrado_en",
                "expira", "codigo_hash", "codigo_enviado_en", "envios", "intentos_fallidos",
                "confirmado_en", "cancelado_en", "motivo_cancelacion",
            ],
            filas,
        )  # fmt: skip


def solicitudes(
    base: bytes, firmas: list[str], desde: int, rfcs: list[str], prefijo: str
) -> list[Any]:
    from buzon.notificaciones.emision.servicios import Solicitud

    return [
        Solicitud(
            clave=f"{prefijo}:{i}",
            rfc=rfcs[i % len(rfcs)],
            tipo="7.1",
            asunto=f"Resolución determinante núm. {desde + i}",
            documento=base64.b64encode(pdf_numero(base, desde + i)).decode(),
            firma=firma,
        )
        for i, firma in enumerate(firmas)
    ]


# -- (a) issuing ----------------------------------------------------------------------------------


def _cpu_texto(pared: float, cpus: list[Cpu], maquina: tuple[float, float]) -> str:
    """What a worker's (or workers') CPU and PostgreSQL backends used, and how busy the whole
    machine was meanwhile: `maquina` is its (busy, total) CPU seconds (`Maquina().medir()`)."""
    python = sum(c.python for c in cpus)
    texto = f"CPU: Python {python:.0f} s"
    if all(c.postgresql is not None for c in cpus):
        postgres = sum(c.postgresql or 0.0 for c in cpus)
        texto += f", PostgreSQL (sus conexiones) {postgres:.0f} s"
    ocupada, total = maquina
    return (
        f"{texto}, en {pared:.0f} s de pared; la máquina estuvo ocupada "
        f"{ocupada / total:.0%} de sus {nucleos()} núcleos (con procesos ajenos)"
    )


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


_CERT_DER = b""


def en_procesos(
    objetivo: Callable[..., None], partes: list[tuple[Any, ...]]
) -> tuple[float, list[Any], tuple[float, float]]:
    """Run `objetivo(*parte, cola)` in one forked process per part; (wall seconds, results, the
    machine's busy and total CPU seconds meanwhile)."""
    from django.db import connections

    connections.close_all()
    contexto = multiprocessing.get_context("fork")
    cola: multiprocessing.Queue[Any] = contexto.Queue()
    procesos = [contexto.Process(target=objetivo, args=(*p, cola)) for p in partes]
    maquina = Maquina()
    inicio = time.perf_counter()
    for p in procesos:
        p.start()
    resultados = [cola.get() for _ in procesos]
    for p in procesos:
        p.join()
    pared = time.perf_counter() - inicio
    if any(p.exitcode for p in procesos):
        sys.exit("bench/notificaciones: un proceso falló")
    return pared, resultados, maquina.medir()


def emitir_en_procesos(desde: int, hasta: int, procesos: int) -> tuple[float, int, int, str]:
    total = hasta - desde
    por_proceso = -(-total // procesos)
    partes = [(a, min(a + por_proceso, hasta)) for a in range(desde, hasta, por_proceso)]
    pared, resultados, maquina = en_procesos(_emitir, partes)
    cpu = _cpu_texto(pared, [r[2] for r in resultados], maquina)
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
    firmas = firmar_documentos(base, 0, n + n1 + n_lote)
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


# -- (b) the sweep --------------------------------------------------------------------------------


def _barrer(cola: multiprocessing.Queue[tuple[int, Cpu]]) -> None:
    from buzon.notificaciones.entrega.barrido import barrer_notificaciones

    antes = Cpu.ahora()
    hechas = barrer_notificaciones()
    cola.put((hechas, Cpu.ahora().menos(antes)))


def _tabla() -> str:
    from buzon.notificaciones.models import Notificacion

    return Notificacion._meta.db_table


def _columnas() -> list[str]:
    from buzon.notificaciones.models import Notificacion

    return [c.column for c in Notificacion._meta.concrete_fields if not c.primary_key]


def al_pasado(prefijo: str, dias: int) -> int:
    """Every instant of the set `prefijo` moved `dias` back: its deemed instants are now past."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_tabla()} SET creada = creada - %(d)s::interval, "
            "aviso = aviso - %(d)s::interval, vence = vence - %(d)s::interval, "
            "estrados_notificada = estrados_notificada - %(d)s::interval, "
            "estrados_publicada = estrados_publicada - %(n)s::int, "
            "estrados_fin = estrados_fin - %(n)s::int WHERE clave_idempotencia LIKE %(p)s",
            {"d": f"{dias} days", "n": dias, "p": f"{prefijo}:%"},
        )
        return int(cursor.rowcount)


def clonar(prefijo: str, nuevo: str) -> int:
    """A copy of the set `prefijo` with new folios and keys, not materialised (no acuse yet)."""
    from django.db import connection, transaction

    from buzon.evidencia.folio import nuevo_folio

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {_tabla()} WHERE clave_idempotencia LIKE %s", [f"{prefijo}:%"]
        )
        ids = [fila[0] for fila in cursor.fetchall()]
        cursor.execute("CREATE TEMP TABLE folios (viejo bigint, folio varchar(20)) ON COMMIT DROP")
        with cursor.cursor.copy("COPY folios (viejo, folio) FROM STDIN") as copia:
            for i in ids:
                copia.write_row((i, nuevo_folio(2026)))
        cambios = {
            "folio": "f.folio",
            "clave_idempotencia": f"'{nuevo}:' || n.id",
            "notificada": "NULL",
            "medio": "''",
            "acuse": "''",
            "aviso_enviado": "NULL",
            "acuse_aviso": "''",
        }
        columnas = _columnas()
        cursor.execute(
            f"INSERT INTO {_tabla()} ({', '.join(columnas)}) SELECT "
            + ", ".join(cambios.get(c, f"n.{c}") for c in columnas)
            + f" FROM {_tabla()} n JOIN folios f ON f.viejo = n.id"
        )
        return int(cursor.rowcount)


def comprobar_acuses(prefijos: list[str]) -> str:
    """Exactly one acuse per swept notification, each naming its notification."""
    from django.db import connection

    from buzon.evidencia.models import Acuse

    patrones = [f"{p}:%" for p in prefijos]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE acuse = '' OR notificada IS NULL) "
            f"FROM {_tabla()} WHERE clave_idempotencia LIKE ANY(%s)",
            [patrones],
        )
        total, sin_acuse = cursor.fetchone()
        cursor.execute(
            f"SELECT count(*), count(DISTINCT a.datos->>'notificacion'), "
            f"count(*) FILTER (WHERE a.datos->>'notificacion' = n.folio) "
            f"FROM {Acuse._meta.db_table} a JOIN {_tabla()} n ON n.acuse = a.folio "
            f"WHERE n.clave_idempotencia LIKE ANY(%s)",
            [patrones],
        )
        unidos, distintos, propios = cursor.fetchone()
        cursor.execute(
            f"SELECT count(*) FROM (SELECT datos->>'notificacion' FROM {Acuse._meta.db_table} "
            "WHERE tipo IN ('notificacion_por_vencimiento', 'notificacion_estrados') "
            "GROUP BY 1 HAVING count(*) > 1) x"
        )
        (duplicados,) = cursor.fetchone()
    bien = sin_acuse == 0 and unidos == distintos == propios == total and duplicados == 0
    if not bien:
        sys.exit(
            f"bench/notificaciones: acuses incorrectos: {total} notificaciones, {sin_acuse} sin "
            f"acuse, {unidos} unidas, {distintos} distintas, {propios} propias, "
            f"{duplicados} notificaciones con más de un acuse"
        )
    return f"{total:,} notificaciones, {total:,} acuses, ninguna con dos acuses ni sin acuse"


def medir_barrido(ctx: Contexto, args: argparse.Namespace) -> None:
    from django.db import connection

    n = args.barrido
    movidas = al_pasado("bench:a", 60)
    connection.close()
    pared, resultados, maquina = en_procesos(_barrer, [()])
    hechas = resultados[0][0]
    tasa = hechas / pared
    print(
        f"(b) barrido, 1 proceso: {hechas:,} notificaciones vencidas materializadas (de "
        f"{movidas:,}; acuse sellado RSA-2048 + evento + bitácora) en {pared:.1f} s = "
        f"{tasa:,.0f}/s — {frente_al_objetivo(tasa, 2000)}"
        f"\n    {_cpu_texto(pared, [r[1] for r in resultados], maquina)}"
    )
    clonadas = clonar("bench:a", "bench:b")
    connection.close()
    pared, resultados, maquina = en_procesos(_barrer, [() for _ in range(PROCESOS)])
    hechas = sum(r[0] for r in resultados)
    tasa = hechas / pared
    print(
        f"(b) barrido, {PROCESOS} procesos a la vez (SKIP LOCKED): {hechas:,} de {clonadas:,} "
        f"({' + '.join(f'{r[0]:,}' for r in resultados)}) en {pared:.1f} s = {tasa:,.0f}/s "
        f"— {frente_al_objetivo(tasa, 2000)}"
        f"\n    {_cpu_texto(pared, [r[1] for r in resultados], maquina)}"
    )
    print(f"(b) comprobación: {comprobar_acuses(['bench:a', 'bench:b'])}")
    if movidas != n:
        print(f"   (se barrieron {movidas:,}, no {n:,}: --barrido sigue a --emision)")
    connection.close()


# -- extra: avisos --------------------------------------------------------------------------------


def medir_avisos(ctx: Contexto, args: argparse.Namespace) -> None:
    from django.db import connection

    from buzon.avisos.models import Mensaje
    from buzon.notificaciones.entrega.despacho import despachar_avisos

    antes = Mensaje.objects.count()
    cpu, maquina = Cpu.ahora(), Maquina()
    inicio = time.perf_counter()
    enviados = despachar_avisos(limite=args.avisos)
    segundos = time.perf_counter() - inicio
    uso = _cpu_texto(segundos, [Cpu.ahora().menos(cpu)], maquina.medir())
    mensajes = Mensaje.objects.count() - antes
    print(
        f"extra: avisos despachados (correo + SMS a la bandeja de salida, constancia de aviso "
        f"sellada), 1 proceso: {enviados:,} en {segundos:.1f} s = {enviados / segundos:,.0f}/s "
        f"({mensajes:,} mensajes encolados)\n    {uso}"
    )
    connection.close()


# -- (c) Mis notificaciones with 1,000,000 --------------------------------------------------------


def cargar_millon(ctx: Contexto, cantidad: int, patron: str) -> int:
    """`cantidad` notifications over 100,000 RFCs (`patron` has one in 5,000: ~200), in one
    INSERT … SELECT: 2 % pending, 5 % estrados, 0.5 % cancelled, the rest deemed or opened and
    materialised, avisos over the last two years; a few real documents' hashes shared."""
    from django.db import connection, transaction

    from buzon.notificaciones.models import Notificacion

    rfcs = rfcs_validos(100_000, 7)
    ejemplo = Notificacion.objects.filter(clave_idempotencia__startswith="bench:a:").first()
    assert ejemplo is not None
    hashes_docs = list(
        Notificacion.objects.values_list("documento_sha256", flat=True).distinct()[:5]
    )
    h = "((g::bigint * 2654435761) % 1000003)"
    pendiente = f"({h} % 100 < 2)"
    estrados = f"({h} % 100 BETWEEN 2 AND 6)"
    cancelada = f"({h} % 200 = 7)"
    aviso = (
        f"(CASE WHEN {pendiente} THEN now() - make_interval(hours => (1 + {h} % 40)::int) "
        f"ELSE now() - make_interval(days => (6 + {h} % 720)::int, mins => ({h} % 480)::int) END)"
    )
    abierta = f"({h} % 3 = 0)"
    expresiones = {
        "folio": "'BNCH-' || lpad(g::text, 15, '0')",
        "rfc": "CASE WHEN g % 5000 = 0 THEN %(patron)s ELSE r.rfc END",
        "registro_patronal": "''",
        "nombre": "'PATRON ' || r.rfc",
        "tipo": "'7.' || (1 + g % 18)",
        "asunto": "'Resolución determinante de cuotas núm. ' || g",
        "documento_sha256": "(%(hashes)s::text[])[1 + g % %(nhashes)s]",
        "documento_tamano": "1500",
        "firma": "%(firma)s",
        "firmante_rfc": "%(oficial)s",
        "firmante_certificado": "%(cert)s",
        "firmante_serie": "%(serie)s",
        "emisor": "%(oficial)s",
        "subdelegacion": "'Centro'",
        "entidad": "''",
        "subdelegacion_patron": "''",
        "zona": "'America/Mexico_City'",
        "creada": f"CASE WHEN {estrados} THEN {aviso} ELSE {aviso} - interval '1 minute' END",
        "ruta": f"CASE WHEN {estrados} THEN 'estrados' ELSE 'buzon' END",
        "aviso": f"CASE WHEN {estrados} THEN NULL ELSE {aviso} END",
        "vence": f"CASE WHEN {estrados} THEN NULL ELSE {aviso} + interval '5 days' END",
        "aviso_enviado": f"CASE WHEN {estrados} THEN NULL ELSE {aviso} END",
        "acuse_aviso": f"CASE WHEN {estrados} THEN '' ELSE 'AV-' || g END",
        "abierta": (
            f"CASE WHEN {estrados} OR {pendiente} OR {cancelada} OR NOT {abierta} THEN NULL "
            f"ELSE {aviso} + interval '1 day' END"
        ),
        "apertura_legal": (
            f"CASE WHEN {estrados} OR {pendiente} OR {cancelada} OR NOT {abierta} THEN NULL "
            f"ELSE {aviso} + interval '1 day' END"
        ),
        "estrados_publicada": f"CASE WHEN {estrados} THEN ({aviso})::date END",
        "estrados_fin": f"CASE WHEN {estrados} THEN ({aviso})::date + 21 END",
        "estrados_notificada": f"CASE WHEN {estrados} THEN {aviso} + interval '22 days' END",
        "personal_notificada": "NULL",
        "personal_documento_sha256": "''",
        "notificada": (
            f"CASE WHEN {pendiente} OR {cancelada} THEN NULL WHEN {estrados} "
            f"THEN {aviso} + interval '22 days' WHEN {abierta} THEN {aviso} + interval '1 day' "
            f"ELSE {aviso} + interval '5 days' END"
        ),
        "medio": (
            f"CASE WHEN {pendiente} OR {cancelada} THEN '' WHEN {estrados} THEN 'estrados' "
            f"WHEN {abierta} THEN 'apertura' ELSE 'vencimiento' END"
        ),
        "acuse": f"CASE WHEN {pendiente} OR {cancelada} THEN '' ELSE 'AC-' || g END",
        "cancelada": (
            f"CASE WHEN {cancelada} AND NOT {pendiente} THEN {aviso} + interval '1 hour' END"
        ),
        "cancelada_por": f"CASE WHEN {cancelada} AND NOT {pendiente} THEN %(oficial)s ELSE '' END",
        "motivo_cancelacion": (
            f"CASE WHEN {cancelada} AND NOT {pendiente} THEN 'Error en el destinatario' ELSE '' END"
        ),
        "acuse_cancelacion": (
            f"CASE WHEN {cancelada} AND NOT {pendiente} THEN 'CA-' || g ELSE '' END"
        ),
        "clave_idempotencia": "'bench:c:' || g",
        "huella_solicitud": "md5(g::text) || md5(r.rfc)",
        "lote_id": "NULL",
        "en_respuesta_a": "NULL",
        "conservar_hasta": f"({aviso})::date + 1826",
        "retencion_legal": "false",
        "motivo_retencion": "''",
        "depurada": "NULL",
    }
    columnas = _columnas()
    faltan = set(columnas) - set(expresiones)
    if faltan:
        sys.exit(f"bench/notificaciones: columnas sin valor en la carga: {sorted(faltan)}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE rfcs (n int PRIMARY KEY, rfc varchar(13)) ON COMMIT DROP")
        with cursor.cursor.copy("COPY rfcs (n, rfc) FROM STDIN") as copia:
            for i, r in enumerate(rfcs):
                copia.write_row((i, r))
        cursor.execute(
            (
                f"INSERT INTO {_tabla()} ({', '.join(columnas)}) SELECT "
                + ", ".join(expresiones[c] for c in columnas)
                + " FROM generate_series(0, %(ultimo)s) g JOIN rfcs r ON r.n = g % 100000"
            ).replace(" % ", " %% "),
            {
                "ultimo": cantidad - 1,
                "patron": patron,
                "hashes": hashes_docs,
                "nhashes": len(hashes_docs),
                "firma": ejemplo.firma,
                "oficial": RFC_OFICIAL,
                "cert": bytes(ejemplo.firmante_certificado),
                "serie": ejemplo.firmante_serie,
            },
        )
        cargadas = int(cursor.rowcount)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {_tabla()}")
    return cargadas


def _sesion(ctx: Contexto, rfc: str) -> tuple[Any, str]:
    from django.test import Client

    from buzon.efirma import pki

    llave = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cer, _ = pki.emitir(
        ctx.ac, rfc=rfc, nombre=f"PATRON {rfc}", curp="XIQB891116MGRMZR05", llave=llave,
        registrar=False,
    )  # fmt: skip
    cliente = Client(HTTP_HOST="localhost")
    reto = cliente.post("/api/v1/sesiones/reto").json()["reto"]
    firma = base64.b64encode(llave.sign(reto.encode(), padding.PKCS1v15(), hashes.SHA256()))
    respuesta = cliente.post(
        "/api/v1/sesiones",
        {"certificado": base64.b64encode(cer).decode(), "reto": reto, "firma": firma.decode()},
        content_type="application/json",
    )
    if respuesta.status_code != 201:
        sys.exit(f"bench/notificaciones: no se pudo iniciar sesión: {respuesta.content!r}")
    return cliente, str(respuesta.json()["token"])


def explicar(rfc: str) -> None:
    """EXPLAIN ANALYZE of every query the list runs for `rfc`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from buzon.notificaciones import selectors

    ahora = timezone.now()
    with CaptureQueriesContext(connection) as capturadas:
        selectors.pagina_particular(rfc, ahora, 100, 0)
        selectors.total_particular(rfc, ahora)
    with connection.cursor() as cursor:
        for consulta in capturadas.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + consulta["sql"])
            print("   " + consulta["sql"][:400])
            for (linea,) in cursor.fetchall():
                print("      " + linea)


def medir_lista(ctx: Contexto, args: argparse.Namespace) -> None:
    from django.db import connection
    from django.utils import timezone

    from buzon.notificaciones import selectors
    from buzon.notificaciones.caras import presentacion as vista
    from buzon.notificaciones.models import Notificacion

    patron = rfcs_validos(1, 99)[0]
    inicio = time.perf_counter()
    cargadas = cargar_millon(ctx, args.millon, patron)
    total = Notificacion.objects.count()
    propias = Notificacion.objects.filter(rfc=patron).count()
    print(
        f"(c) carga: {cargadas:,} notificaciones en {time.perf_counter() - inicio:.0f} s "
        f"(INSERT … SELECT + ANALYZE); la base tiene {total:,}; el patrón {patron} tiene "
        f"{propias:,}"
    )
    cliente, token = _sesion(ctx, patron)
    encabezado = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for _ in range(10):
        respuesta = cliente.get("/api/v1/notificaciones", **encabezado)
    cuerpo = respuesta.json()
    tiempos = []
    for _ in range(200):
        inicio = time.perf_counter()
        respuesta = cliente.get("/api/v1/notificaciones", **encabezado)
        tiempos.append(time.perf_counter() - inicio)
        if respuesta.status_code != 200:
            sys.exit(f"bench/notificaciones: GET /notificaciones {respuesta.status_code}")
    p50, p95, p99 = (x * 1000 for x in percentiles(tiempos))
    print(
        f"(c) GET /api/v1/notificaciones (cliente de pruebas de Django, sesión e.firma, "
        f"{len(cuerpo['notificaciones'])} de {cuerpo['total']} en la página, "
        f"{cuerpo['pendientes']} pendientes), 200 veces: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"p99 {p99:.1f} ms — {frente_al_objetivo(p95, 100, ' ms', '≤', cifra='p95')}"
    )
    partes: dict[str, list[float]] = {"pagina_particular": [], "total_particular": [], "vista": []}
    for _ in range(200):
        ahora = timezone.now()
        inicio = time.perf_counter()
        pagina = selectors.pagina_particular(patron, ahora, 100, 0)
        medio = time.perf_counter()
        selectors.total_particular(patron, ahora)
        fin = time.perf_counter()
        calendarios, actos = vista.Calendarios(), vista.nombres_de_actos()
        for n in pagina:
            vista.para_particular(n, ahora, calendarios, actos)
        partes["pagina_particular"].append(medio - inicio)
        partes["total_particular"].append(fin - medio)
        partes["vista"].append(time.perf_counter() - fin)
    print(
        "(c) por partes, 200 veces (p50 / p95 ms): "
        + "; ".join(
            f"{nombre} {mediana * 1000:.1f} / {alto * 1000:.1f}"
            for nombre, (mediana, alto, _) in ((n, percentiles(t)) for n, t in partes.items())
        )
    )
    if p95 > 100 or ctx.explicar:
        print("(c) EXPLAIN ANALYZE de las consultas de la lista:")
        explicar(patron)
    connection.close()


# -- main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    global _LLAVE
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
            _preparar_entorno(carpeta)
            from django.core.management import call_command

            from buzon.efirma import pki
            from buzon.evidencia.sello import crear_sello_de_demostracion
            from buzon.oficina.servicios import do_alta_oficial

            call_command("migrate", verbosity=0)
            crear_sello_de_demostracion()
            ac = pki.crear_ac(carpeta / "ac")
            _LLAVE = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            cert_der, _ = pki.emitir(
                ac, rfc=RFC_OFICIAL, nombre="SERVIDOR PUBLICO DE PRUEBA", curp="GOMA800101HDFRRN09",
                llave=_LLAVE,
            )  # fmt: skip
            do_alta_oficial(
                rfc=RFC_OFICIAL, nombre="Servidor de prueba", rol="notificador",
                subdelegacion="Centro",
            )  # fmt: skip
            ctx = Contexto(carpeta, ac, cert_der, _LLAVE, args.explicar, args.perfil)
            medir_emision(ctx, args)
            medir_barrido(ctx, args)
            medir_avisos(ctx, args)
            medir_lista(ctx, args)
            from django.db import connections

            connections.close_all()
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        base_de_datos(URL, "borrar")
    print(f"bench/notificaciones: {time.perf_counter() - comienzo:.0f} s en total")


if __name__ == "__main__":
    main(sys.argv[1:])
