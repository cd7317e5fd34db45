"""The outbox's bulk insert on PostgreSQL: COPY, then one set-based INSERT (issue 15's fan-outs).

A comunicado to a million patrones or the monthly Reporte Personalizado de Cotización queue a
message per recipient. The ORM's `bulk_create` spends most of its time preparing each value in
Python and a `clave IN (…)` read binds a million-element array; here the rows stream through
`COPY … FROM STDIN` into a temporary table (emptied at commit), one statement finds any key
already used with other content (a conflict: the caller's transaction rolls back), and one
`INSERT … SELECT … ON CONFLICT (clave) DO NOTHING` adds the new ones. The unique key on `clave`
still decides between concurrent writers; a key already used with the same content is skipped,
as in `do_encolar`. SQLite keeps the ORM path (`servicios._insertar_orm`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, connection, transaction

from buzon.avisos.models import Mensaje

_TEMPORAL = "avisos_entrantes"
#: The columns a caller gives per message, in this order.
COLUMNAS = ("canal", "destino", "asunto", "cuerpo", "clave", "huella", "proximo_intento")
Fila = tuple[str, str, str, str, str, str, datetime]


def disponible() -> bool:
    return connection.vendor == "postgresql"


def copiar(filas: Sequence[Fila], ahora: datetime) -> tuple[str | None, int]:
    """(the first key used before with other content, or None; how many rows were inserted).
    Inside the caller's transaction; on a conflict nothing was inserted by this call."""
    tabla = connection.ops.quote_name(Mensaje._meta.db_table)
    columnas = ", ".join(COLUMNAS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {_TEMPORAL} (canal varchar(8), "
            "destino varchar(254), asunto varchar(200), cuerpo text, clave varchar(200), "
            "huella varchar(64), proximo_intento timestamptz) ON COMMIT DELETE ROWS"
        )
        cursor.execute(f"TRUNCATE {_TEMPORAL}")  # an earlier call in the same transaction
        crudo = cursor.cursor  # psycopg's own cursor, under Django's wrapper
        with crudo.copy(f"COPY {_TEMPORAL} ({columnas}) FROM STDIN") as copia:
            for fila in filas:
                copia.write_row(fila)
        # Without statistics the planner takes the new table for a few rows and may compare every
        # pair (a nested loop without the index): ANALYZE of a temporary table is cheap.
        cursor.execute(f"ANALYZE {_TEMPORAL}")
        cursor.execute(
            # min(), not ORDER BY … LIMIT 1: the limit makes the planner walk the outbox's
            # key index comparing every pair instead of joining by hash or by index.
            f"SELECT min(e.clave) FROM {_TEMPORAL} e JOIN {tabla} m ON m.clave = e.clave "  # noqa: S608
            "WHERE m.huella <> e.huella"
        )
        fila = cursor.fetchone()
        if fila is not None and fila[0] is not None:
            return str(fila[0]), 0
        cursor.execute(
            f"INSERT INTO {tabla} (canal, destino, asunto, cuerpo, clave, huella, estado, "  # noqa: S608
            "intentos, proximo_intento, reclamado_por, ultimo_error, creado, actualizado) "
            "SELECT canal, destino, asunto, cuerpo, clave, huella, %s, 0, proximo_intento, '', '', "
            f"%s, %s FROM {_TEMPORAL} ON CONFLICT (clave) DO NOTHING",
            [Mensaje.Estado.PENDIENTE, ahora, ahora],
        )
        return None, int(cursor.rowcount)


def copiar_nuevas(filas: Sequence[Fila], ahora: datetime) -> int | None:
    """For keys the caller has just made in this transaction (none can be in the outbox): one COPY
    straight into the outbox, without the temporary table, its ANALYZE and the join. How many rows
    were inserted, or None when a key did exist after all: then this call's savepoint was rolled
    back, nothing of it remains, and the caller takes the checked path (`copiar`)."""
    tabla = connection.ops.quote_name(Mensaje._meta.db_table)
    columnas = ", ".join(COLUMNAS)
    fijas = (Mensaje.Estado.PENDIENTE, 0, "", "", ahora, ahora)
    try:
        # The driver's own cursor raises the driver's errors: Django's wrapper makes them its own.
        with transaction.atomic(), connection.cursor() as cursor, connection.wrap_database_errors:
            crudo = cursor.cursor
            with crudo.copy(
                f"COPY {tabla} ({columnas}, estado, intentos, reclamado_por, ultimo_error, "
                "creado, actualizado) FROM STDIN"
            ) as copia:
                for fila in filas:
                    copia.write_row(fila + fijas)
    except IntegrityError:
        return None
    return len(filas)
