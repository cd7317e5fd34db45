"""Batched inserts for the bulk paths: PostgreSQL's COPY, else Django's bulk_create.

COPY streams rows without building a multi-row INSERT in Python; rows keep every constraint and
trigger check. Primary keys are read back in one query so the objects behave as after
bulk_create. Small batches (a single acuse in a request) keep bulk_create.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connection, models

M = TypeVar("M", bound=models.Model)

#: Below this many rows the plain INSERT is as fast and simpler.
MINIMO_PARA_COPY = 100


def _valor(campo: models.Field[Any, Any], objeto: models.Model) -> Any:
    valor = getattr(objeto, campo.attname)
    if isinstance(campo, models.JSONField):
        return json.dumps(valor, ensure_ascii=False)
    return valor


def insertar(modelo: type[M], objetos: Sequence[M], unico: str) -> None:
    """Insert `objetos` (in the caller's transaction) and set their primary keys.

    `unico` names a unique field used to read the new primary keys back.
    """
    if connection.vendor != "postgresql" or len(objetos) < MINIMO_PARA_COPY:
        modelo._default_manager.bulk_create(objetos, batch_size=1000)
        return
    campos = [c for c in modelo._meta.concrete_fields if not c.primary_key]
    columnas = ", ".join(connection.ops.quote_name(c.column) for c in campos)
    tabla = connection.ops.quote_name(modelo._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {tabla} ({columnas}) FROM STDIN") as copia,
    ):
        for objeto in objetos:
            copia.write_row([_valor(c, objeto) for c in campos])
    claves = [getattr(o, unico) for o in objetos]
    ids = dict(modelo._default_manager.filter(**{f"{unico}__in": claves}).values_list(unico, "pk"))
    for objeto in objetos:
        objeto.pk = ids[getattr(objeto, unico)]
        objeto._state.adding = False


def actualizar(modelo: type[M], objetos: Sequence[M], campos: Sequence[str]) -> None:
    """Write `campos` of many rows (in the caller's transaction), one statement on PostgreSQL.

    Django's bulk_update builds a CASE WHEN per field and row; on PostgreSQL this is one
    `UPDATE … FROM unnest(arrays)`, a join the planner does by primary key. Elsewhere bulk_update.
    """
    if not objetos:
        return
    if connection.vendor != "postgresql" or len(objetos) < MINIMO_PARA_COPY:
        modelo._default_manager.bulk_update(objetos, list(campos), batch_size=500)
        return
    meta = modelo._meta
    columnas: list[Any] = [meta.get_field(c) for c in campos]
    clave = meta.pk
    assert clave is not None
    nombre = connection.ops.quote_name

    def tipo(campo: Any) -> str:
        return str(campo.cast_db_type(connection)).split("(")[0]

    asignaciones = ", ".join(f"{nombre(c.column)} = v.c{i}" for i, c in enumerate(columnas))
    arreglos = ", ".join(f"%s::{tipo(c)}[]" for c in [clave, *columnas])
    alias = ", ".join(["id"] + [f"c{i}" for i in range(len(columnas))])
    # Only names from the model and placeholders go into the text; values are parameters.
    tabla, columna_clave = nombre(meta.db_table), nombre(clave.column)
    sql = f"UPDATE {tabla} t SET {asignaciones} FROM unnest({arreglos}) AS v({alias}) "  # noqa: S608
    sql += f"WHERE t.{columna_clave} = v.id"
    parametros = [[o.pk for o in objetos]] + [
        [c.get_db_prep_save(getattr(o, c.attname), connection) for o in objetos] for c in columnas
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, parametros)
