"""Workers in force per registro patronal on a day, from the afiliación ledger (the opinión de
cumplimiento counts them, issue 14 [I-65]).

A worker is vigente in a registro on day `d` from each `08` (alta o reingreso) through the next
`02` (baja), both days included [I-58]. So, per (registro, asegurado), with A the latest `08` on or
before `d` and B the latest `02` strictly before `d`: vigente when A exists and (no B, or A > B).
An `02` on `d` itself still counts `d` (LSS 37); an alta and a baja on one earlier day (a one-day
job) is A = B: no longer vigente.

One statement per chunk of registros, grouped twice (per worker, then per registro): the
registros by their unique index, then for each one a range of the unique index `movimiento_unico`
(registro_id, asegurado_id, fecha, tipo), which leads with the registro and holds every column
read (an index-only scan on PostgreSQL once the table is vacuumed), never the whole table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import connection

from buzon.cuotas.models import Movimiento
from buzon.padron.models import RegistroPatronal

#: Registros per statement (each is one bound parameter).
BLOQUE_REGISTROS = 1_000


def _sql(cuantos: int) -> str:
    m = Movimiento._meta.db_table
    rp = RegistroPatronal._meta.db_table
    marcas = ", ".join(["%s"] * cuantos)
    return f"""
    SELECT e.registro, COUNT(*)
    FROM (
        SELECT rp.registro,
            MAX(CASE WHEN m.tipo = '08' THEN m.fecha END) AS alta,
            MAX(CASE WHEN m.tipo = '02' AND m.fecha < %s THEN m.fecha END) AS baja
        FROM {rp} rp
        JOIN {m} m ON m.registro_id = rp.id
        WHERE rp.registro IN ({marcas}) AND m.fecha <= %s AND m.tipo IN ('08', '02')
        GROUP BY rp.registro, m.asegurado_id
    ) e
    WHERE e.alta IS NOT NULL AND (e.baja IS NULL OR e.alta > e.baja)
    GROUP BY e.registro
    """  # noqa: S608 (table names from the models; values are parameters)


def trabajadores_vigentes(registros: Sequence[str], dia: date) -> dict[str, int]:
    """Workers vigentes on `dia` in each of `registros` (canonical registros patronales, see
    `padron.filas.normalizar_registro`): every registro asked is in the answer, 0 when the ledger
    has none in force that day (or the padrón lacks the registro). One query per
    `BLOQUE_REGISTROS` registros."""
    salida = dict.fromkeys(registros, 0)
    lista = sorted(salida)
    fecha = connection.ops.adapt_datefield_value(dia)
    with connection.cursor() as cursor:
        for i in range(0, len(lista), BLOQUE_REGISTROS):
            bloque = lista[i : i + BLOQUE_REGISTROS]
            cursor.execute(_sql(len(bloque)), [fecha, *bloque, fecha])
            for registro, cuantos in cursor.fetchall():
                salida[registro] = int(cuantos)
    return salida
