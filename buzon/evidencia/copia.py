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
