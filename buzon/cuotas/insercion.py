"""Batched inserts of the ledger's rows: COPY on PostgreSQL, one executemany elsewhere."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, models


def insertar(
    modelo: type[models.Model], columnas: Sequence[str], filas: list[tuple[Any, ...]]
) -> None:
    """Insert rows (in the caller's transaction): COPY on PostgreSQL, else one executemany of a
    multi-row-capable INSERT. Columns are the model's attnames; values are already prepared."""
    if not filas:
        return
    nombre = connection.ops.quote_name
    tabla = nombre(modelo._meta.db_table)
    lista = ", ".join(nombre(c) for c in columnas)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {tabla} ({lista}) FROM STDIN") as copia:
                for fila in filas:
                    copia.write_row(fila)
            return
        marcas = ", ".join(["%s"] * len(columnas))
        cursor.executemany(f"INSERT INTO {tabla} ({lista}) VALUES ({marcas})", filas)  # noqa: S608


def preparar(fila: Sequence[Any]) -> tuple[Any, ...]:
    """A row's values as the database takes them: as they are for COPY; elsewhere dates and
    decimals as text, as Django's own SQLite adapters write them (no per-field call per row)."""
    if connection.vendor == "postgresql":
        return tuple(fila)
    return tuple(
        v.isoformat() if isinstance(v, date) else str(v) if isinstance(v, Decimal) else v
        for v in fila
    )
