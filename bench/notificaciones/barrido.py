"""(b) the sweep materialising deemed notifications, one process and two at once (SKIP LOCKED),
and the check of one acuse per notification."""

from __future__ import annotations

import argparse
import multiprocessing
import sys

from bench._arnes.cpu import Cpu
from bench._arnes.informe import frente_al_objetivo
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
        f"\n    {cpu_texto(pared, [r[1] for r in resultados], maquina)}"
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
        f"\n    {cpu_texto(pared, [r[1] for r in resultados], maquina)}"
    )
    print(f"(b) comprobación: {comprobar_acuses(['bench:a', 'bench:b'])}")
    if movidas != n:
        print(f"   (se barrieron {movidas:,}, no {n:,}: --barrido sigue a --emision)")
    connection.close()
