"""Extra, and what (b) sweeps: the aviso actually sent (7.3, 7.4 [I-35]) through the real path.

1. dispatch (`despacho.despachar_avisos`): one outbox message per confirmed medio, and
   `aviso_despachado`, `aviso_medios`;
2. delivery (`avisos.entrega.entregar_pendientes` passes, console backends: nothing leaves
   the machine), whose
   every pass calls the acceptance callback (`aceptacion.registrar_resultados`) inside the
   transaction that records the providers' answers: `aviso`, `vence` and `aviso_resuelto`;
3. the constancia de aviso (`constancia.sellar_constancias`), one sealed acuse per notification.

All three run on a clock started at the latest planned aviso of the set (each chunk and each
delivery pass at the instant that clock reads, `ahora` of the services, as a pass run back then
would; one fixed instant for every chunk would make ties no real pass makes), so the providers'
acceptances, and the deemed instants counted from them, are in the past and due for the sweep.
The figure "despacho + aceptación" is steps 1 and 2 (no target is set); the constancia is timed
apart. Each set is checked afterwards: every buzón notification avisado, its medios accepted,
one constancia each, nothing rerouted.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bench._arnes.cpu import Cpu
from bench.notificaciones.entradas import tabla_notificaciones as _tabla
from bench.notificaciones.procesos import cpu_texto, en_procesos

#: Messages per delivery pass: what every production path takes (the in-process thread of
#: `buzon servir`, `sistema.trabajador.una_pasada`; the Celery task `buzon.avisos.entregar`;
#: `buzon avisos entregar --limite`'s default). Larger passes would run the bench faster than
#: production delivers, so it stays.
ENTREGA = 100


@dataclass(frozen=True)
class Paso:
    """One step of the path in `procesos` processes: wall seconds, how many, CPU line."""

    pared: float
    cantidad: int
    cpu: str


def _reloj(origen: datetime) -> Callable[[], datetime]:
    """A clock that reads `origen` now and runs at real speed."""
    inicio = time.monotonic()
    return lambda: origen + timedelta(seconds=time.monotonic() - inicio)


def _despachar(
    origen: datetime, limite: int | None, cola: multiprocessing.Queue[tuple[int, Cpu]]
) -> None:
    """One `despachar_avisos` chunk (its transaction) after another, each at its instant."""
    from buzon.notificaciones.entrega.despacho import LOTE, despachar_avisos

    reloj = _reloj(origen)
    antes = Cpu.ahora()
    hechas = 0
    while limite is None or hechas < limite:
        parte = despachar_avisos(
            ahora=reloj(), limite=LOTE if limite is None else min(LOTE, limite - hechas)
        )
        if parte == 0:
            break
        hechas += parte
    cola.put((hechas, Cpu.ahora().menos(antes)))


def _entregar(origen: datetime, cola: multiprocessing.Queue[tuple[int, Cpu]]) -> None:
    """Delivery passes, each at its instant, until one claims nothing (a pass that claims fewer
    than it asked for may only mean the other process holds the rest); the console backends
    write to /dev/null, not to the bench's output."""
    from buzon.avisos.entrega import entregar_pendientes

    reloj = _reloj(origen)
    antes = Cpu.ahora()
    aceptados = 0
    with open(os.devnull, "w") as nulo, contextlib.redirect_stdout(nulo):
        while True:
            resumen = entregar_pendientes(ENTREGA, reloj())
            aceptados += resumen.enviados
            if resumen.reclamados == 0:
                break
    cola.put((aceptados, Cpu.ahora().menos(antes)))


def _sellar(ahora: datetime, cola: multiprocessing.Queue[tuple[int, Cpu]]) -> None:
    from buzon.notificaciones.entrega.constancia import sellar_constancias

    antes = Cpu.ahora()
    hechas = sellar_constancias(ahora)
    cola.put((hechas, Cpu.ahora().menos(antes)))


def _paso(objetivo: Callable[..., None], partes: list[tuple[object, ...]]) -> Paso:
    pared, resultados, maquina = en_procesos(objetivo, partes)
    return Paso(
        pared, sum(r[0] for r in resultados), cpu_texto(pared, [r[1] for r in resultados], maquina)
    )


def instante_de_despacho(prefijo: str) -> datetime:
    """The latest planned aviso of the set `prefijo`: a pass at that instant finds all due."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT max(aviso_programado) FROM {_tabla()} "
            "WHERE clave_idempotencia LIKE %s AND ruta = 'buzon'",
            [f"{prefijo}:%"],
        )
        fila = cursor.fetchone()
    if fila is None or fila[0] is None:
        sys.exit(f"bench/notificaciones: el conjunto {prefijo} no tiene avisos programados")
    instante: datetime = fila[0]
    return instante


def por_despachar(prefijo: str) -> int:
    """How many of the set `prefijo` still have their aviso to dispatch."""
    from buzon.notificaciones.models import Notificacion

    return Notificacion.objects.filter(
        clave_idempotencia__startswith=f"{prefijo}:",
        ruta=Notificacion.Ruta.BUZON,
        aviso_despachado__isnull=True,
    ).count()


def avisar(prefijo: str, procesos: int, limite: int | None = None) -> int:
    """Dispatch, deliver (acceptance included) and seal the constancias of the set `prefijo`'s
    due avisos (at most `limite` dispatched; in `procesos` processes at once, SKIP LOCKED) and
    print the figures; returns how many notifications were dispatched."""
    ahora = instante_de_despacho(prefijo)
    despacho = _paso(_despachar, [(ahora, limite) for _ in range(procesos)])
    reloj = ahora + timedelta(seconds=despacho.pared)
    entrega = _paso(_entregar, [(reloj,) for _ in range(procesos)])
    reloj += timedelta(seconds=entrega.pared)
    constancia = _paso(_sellar, [(reloj,) for _ in range(procesos)])
    n = despacho.cantidad
    if n == 0:
        sys.exit(f"bench/notificaciones: no se despachó ningún aviso del conjunto {prefijo}")
    quien = "1 proceso" if procesos == 1 else f"{procesos} procesos a la vez (SKIP LOCKED)"
    conjunto = despacho.pared + entrega.pared
    print(
        f"extra: avisos ({prefijo}), {quien}, reloj desde {ahora:%Y-%m-%d %H:%M} UTC:\n"
        f"    despacho (mensajes a la bandeja de salida, línea de tiempo): {n:,} notificaciones "
        f"en {despacho.pared:.1f} s = {n / despacho.pared:,.0f}/s\n      {despacho.cpu}\n"
        f"    entrega con aceptación (backends de consola, pasadas de {ENTREGA}; la aceptación "
        f"fija aviso y vence): {entrega.cantidad:,} mensajes aceptados en {entrega.pared:.1f} s "
        f"= {entrega.cantidad / entrega.pared:,.0f} mensajes/s\n      {entrega.cpu}\n"
        f"    despacho + aceptación: {n:,} avisos en {conjunto:.1f} s = {n / conjunto:,.0f}/s "
        "(sin objetivo fijado: se informa)\n"
        f"    constancia de aviso (acuse sellado RSA-2048 + evento): {constancia.cantidad:,} en "
        f"{constancia.pared:.1f} s = {constancia.cantidad / constancia.pared:,.0f}/s\n"
        f"      {constancia.cpu}"
    )
    return n


def comprobar_avisos(prefijo: str) -> str:
    """Every buzón notification of the set avisado (aviso accepted in the past, `vence` due,
    every medio final), each medio's message accepted once, one constancia each, none
    rerouted; exits otherwise."""
    from django.db import connection

    from buzon.avisos.models import Mensaje
    from buzon.evidencia.models import Acuse

    patron = f"{prefijo}:%"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FILTER (WHERE ruta = 'buzon'), "
            "count(*) FILTER (WHERE ruta = 'buzon' AND aviso IS NOT NULL AND aviso = aviso_enviado "
            "AND vence > aviso AND vence <= now() AND aviso_resuelto IS NOT NULL "
            "AND acuse_aviso <> '' AND jsonb_array_length(aviso_medios) = 2), "
            "count(*) FILTER (WHERE ruta <> 'buzon' AND aviso_despachado IS NOT NULL), "
            "coalesce(sum(jsonb_array_length(aviso_medios)), 0) "
            f"FROM {_tabla()} WHERE clave_idempotencia LIKE %s",
            [patron],
        )
        buzon, avisadas, reencaminadas, medios = cursor.fetchone()
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE m.estado = 'enviado') "
            f"FROM {Mensaje._meta.db_table} m JOIN {_tabla()} n "
            "ON n.folio = split_part(m.clave, ':', 2) "
            "WHERE m.clave LIKE 'aviso:%%' AND n.clave_idempotencia LIKE %s",
            [patron],
        )
        mensajes, aceptados = cursor.fetchone()
        cursor.execute(
            f"SELECT count(*), count(DISTINCT a.datos->>'notificacion') "
            f"FROM {Acuse._meta.db_table} a JOIN {_tabla()} n ON n.acuse_aviso = a.folio "
            "WHERE a.tipo = 'constancia_aviso' AND a.datos->>'notificacion' = n.folio "
            "AND n.clave_idempotencia LIKE %s",
            [patron],
        )
        constancias, distintas = cursor.fetchone()
    bien = (
        buzon > 0
        and avisadas == buzon
        and reencaminadas == 0
        and mensajes == aceptados == medios == 2 * buzon
        and constancias == distintas == buzon
    )
    if not bien:
        sys.exit(
            f"bench/notificaciones: avisos incorrectos en {prefijo}: {buzon} por buzón, "
            f"{avisadas} avisadas con vence vencido, {reencaminadas} reencaminadas, {medios} "
            f"medios, {mensajes} mensajes ({aceptados} aceptados), {constancias} constancias "
            f"({distintas} distintas)"
        )
    return (
        f"{buzon:,} notificaciones por buzón avisadas (aceptación en el pasado, vence vencido), "
        f"{aceptados:,} mensajes aceptados, {constancias:,} constancias, ninguna reencaminada"
    )
