"""Writing many rows with one statement on PostgreSQL: `UPDATE … FROM unnest(arrays)`.

Django's `bulk_update` and a `Case(When(pk=…))` per row build one expression per row and column,
which Django resolves and compiles one by one: with a few dozen rows and four columns that was
most of a delivery pass's or an acceptance callback's time (profiled). Here the values travel as
one array per column and the planner joins them to the table by primary key, whatever the number
of rows. Callers keep Django's own way on SQLite (`evidencia.copia.actualizar`, `avisos.entrega`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models


def actualizar_por_clave(
    modelo: type[models.Model],
    claves: Sequence[Any],
    columnas: Mapping[str, Sequence[Any]],
    fijos: Mapping[str, Any] | None = None,
) -> None:
    """PostgreSQL only, in the caller's transaction: the row whose primary key is `claves[i]`
    gets `columnas[c][i]` in each column `c`, and every column of `fijos` its one value."""
    assert connection.vendor == "postgresql", "actualizar_por_clave: solo PostgreSQL"
    if not claves:
        return
    meta = modelo._meta
    assert meta.pk is not None
    nombre = connection.ops.quote_name
    campos: list[Any] = [meta.get_field(c) for c in columnas]
    constantes: dict[Any, Any] = {meta.get_field(c): v for c, v in (fijos or {}).items()}

    def tipo(campo: Any) -> str:
        return str(campo.cast_db_type(connection)).split("(")[0]

    asignaciones = [f"{nombre(c.column)} = v.c{i}" for i, c in enumerate(campos)]
    asignaciones += [f"{nombre(c.column)} = %s" for c in constantes]
    arreglos = ", ".join(f"%s::{tipo(c)}[]" for c in [meta.pk, *campos])
    alias = ", ".join(["id"] + [f"c{i}" for i in range(len(campos))])
    # Only the model's names and placeholders go into the text; values are parameters.
    sql = (
        f"UPDATE {nombre(meta.db_table)} t SET {', '.join(asignaciones)} "  # noqa: S608
        f"FROM unnest({arreglos}) AS v({alias}) WHERE t.{nombre(meta.pk.column)} = v.id"
    )
    # In the text's order: the SET placeholders of `fijos`, then the arrays.
    parametros: list[Any] = [c.get_db_prep_save(v, connection) for c, v in constantes.items()]
    parametros.append(list(claves))
    for campo, valores in zip(campos, columnas.values(), strict=True):
        parametros.append([campo.get_db_prep_save(v, connection) for v in valores])
    with connection.cursor() as cursor:
        cursor.execute(sql, parametros)
