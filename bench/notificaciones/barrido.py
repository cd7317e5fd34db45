"""(b) the sweep materialising deemed notifications, one process and two at once (SKIP LOCKED),
each set really avisado first (`avisos`: dispatch, the providers' acceptance, the constancia),
and the check of one acuse per notification."""

from __future__ import annotations

import argparse
import multiprocessing
import sys

from bench._arnes.cpu import Cpu
from bench._arnes.informe import frente_al_objetivo
from bench.notificaciones.avisos import avisar, comprobar_avisos, por_despachar
from bench.notificaciones.entorno import PROCESOS, Contexto
from bench.notificaciones.entradas import columnas_notificaciones as _columnas
from bench.notificaciones.entradas import tabla_notificaciones as _tabla
from bench.notificaciones.procesos import cpu_texto, en_procesos


def _barrer(cola: multiprocessing.Queue[tuple[int, Cpu]]) -> None:
    from buzon.notificaciones.entrega.barrido import barrer_notificaciones

    antes = Cpu.ahora()
    hechas = barrer_notificaciones()
    cola.put((hechas, Cpu.ahora().menos(antes)))


def al_pasado(prefijo: str, dias: int) -> int:
    """Every instant and date of the set `prefijo` moved `dias` back (whatever columns the model
    has: issue, planned aviso, estrados dates…): an aviso dispatched as of its planned instant
    is then accepted in the past, and its deemed instant is due."""
    from django.db import connection, models

    from buzon.notificaciones.models import Notificacion

    cambios = []
    for campo in Notificacion._meta.concrete_fields:
        if isinstance(campo, models.DateTimeField):
            cambios.append(f"{campo.column} = {campo.column} - %(d)s::interval")
        elif isinstance(campo, models.DateField):
            cambios.append(f"{campo.column} = {campo.column} - %(n)s::int")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_tabla()} SET {', '.join(cambios)} WHERE clave_idempotencia LIKE %(p)s",
            {"d": f"{dias} days", "n": dias, "p": f"{prefijo}:%"},
        )
        return int(cursor.rowcount)


def clonar(prefijo: str, nuevo: str) -> int:
    """A copy of the set `prefijo` as it was issued: new folios, keys and verification codes,
    its aviso neither dispatched nor accepted (no dates counted from it), no acuse (the
    retention date stays as the sweep left it: the sweep only ever raises it)."""
    from django.db import connection, transaction

    from buzon.evidencia.folio import aleatorio, nuevo_folio

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {_tabla()} WHERE clave_idempotencia LIKE %s", [f"{prefijo}:%"]
        )
        ids = [fila[0] for fila in cursor.fetchall()]
        cursor.execute(
            "CREATE TEMP TABLE folios (viejo bigint, folio varchar(20), codigo varchar(32)) "
            "ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY folios (viejo, folio, codigo) FROM STDIN") as copia:
            for i in ids:
                copia.write_row((i, nuevo_folio(2026), aleatorio(20)))
        cambios = {
            "folio": "f.folio",
            "codigo_verificacion": "f.codigo",
            "clave_idempotencia": f"'{nuevo}:' || n.id",
            "aviso_despachado": "NULL",
            "aviso_medios": "'[]'::jsonb",
            "aviso_resuelto": "NULL",
            "aviso": "NULL",
            "vence": "NULL",
            "aviso_enviado": "NULL",
            "acuse_aviso": "''",
            "notificada": "NULL",
            "medio": "''",
            "acuse": "''",
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
    """The 100,000 of (a), 60 days back, get their avisos through the real path (`avisos`:
    the first `--avisos` in one process, the rest in two) and are swept by one process; a copy
    as issued gets its avisos in two processes and is swept by two at once."""
    from django.db import connection

    n = args.barrido
    movidas = al_pasado("bench:a", 60)
    connection.close()
    avisar("bench:a", 1, limite=args.avisos)
    if por_despachar("bench:a"):
        avisar("bench:a", PROCESOS)
    print(f"   comprobación: {comprobar_avisos('bench:a')}")
    connection.close()
    pared, resultados, maquina = en_procesos(_barrer, [()])
    hechas = resultados[0][0]
    tasa = hechas / pared
    print(
        f"(b) barrido, 1 proceso: {hechas:,} notificaciones vencidas materializadas (de "
        f"{movidas:,}; acuse sellado RSA-2048 + evento + bitácora) en {pared:.1f} s = "
        f"{tasa:,.0f}/s — {frente_al_objetivo(tasa, 2000)}"
        f"\n    {cpu_texto(pared, [r[1] for r in resultados], maquina)}"
    )
    clonadas = clonar("bench:a", "bench:b")
    connection.close()
    avisar("bench:b", PROCESOS)
    print(f"   comprobación: {comprobar_avisos('bench:b')}")
    connection.close()
    pared, resultados, maquina = en_procesos(_barrer, [() for _ in range(PROCESOS)])
    hechas = sum(r[0] for r in resultados)
    tasa = hechas / pared
    print(
        f"(b) barrido, {PROCESOS} procesos a la vez (SKIP LOCKED): {hechas:,} de {clonadas:,} "
        f"({' + '.join(f'{r[0]:,}' for r in resultados)}) en {pared:.1f} s = {tasa:,.0f}/s "
        f"— {frente_al_objetivo(tasa, 2000)}"
        f"\n    {cpu_texto(pared, [r[1] for r in resultados], maquina)}"
    )
    print(f"(b) comprobación: {comprobar_acuses(['bench:a', 'bench:b'])}")
    if movidas != n:
        print(f"   (se barrieron {movidas:,}, no {n:,}: --barrido sigue a --emision)")
    connection.close()
