"""Attachments' files, stored content-addressed in the "actuaciones" space of the document store.

A `Contenido` row per file is the lock that orders a draft citing a file and the sweep removing
it: both take it FOR UPDATE before touching the file, so the sweep never deletes a file that a
committed or committing attachment row cites.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction

from buzon.actuaciones.models import Anexo, Contenido
from buzon.evidencia import almacen

ESPACIO = "actuaciones"


def _insertar_contenidos(tamanos: Mapping[str, int], ahora: datetime) -> set[str]:
    """INSERT the rows missing (ON CONFLICT DO NOTHING); the hashes this statement inserted, which
    this transaction holds locked (a concurrent insert of the same hash waits for it to end).

    Django's bulk_create with ignore_conflicts cannot say which rows it inserted, so this is one
    plain statement with RETURNING (PostgreSQL; SQLite since 3.35). A database without RETURNING
    gets bulk_create and an empty set: every row is then locked by the SELECT … FOR UPDATE."""
    conexion = transaction.get_connection()
    if not conexion.features.can_return_columns_from_insert:
        Contenido.objects.bulk_create(
            [Contenido(sha256=h, tamano=n, registrado=ahora) for h, n in sorted(tamanos.items())],
            ignore_conflicts=True,
        )
        return set()
    nombre = conexion.ops.quote_name
    por_nombre = {c.name: c for c in Contenido._meta.concrete_fields}
    campos = [por_nombre[c] for c in ("sha256", "tamano", "registrado")]
    columnas = ", ".join(nombre(c.column) for c in campos)
    clave = nombre(campos[0].column)
    filas = sorted(tamanos.items())
    # Identifiers from the model's metadata, quoted; every value is a bound parameter.
    sql = (
        f"INSERT INTO {nombre(Contenido._meta.db_table)} ({columnas}) VALUES "  # noqa: S608
        + ", ".join(["(%s, %s, %s)"] * len(filas))
        + f" ON CONFLICT ({clave}) DO NOTHING RETURNING {clave}"
    )
    parametros: list[Any] = []
    for huella, tamano in filas:
        for campo, valor in zip(campos, (huella, tamano, ahora), strict=True):
            parametros.append(campo.get_db_prep_save(valor, conexion))
    with conexion.cursor() as cursor:
        cursor.execute(sql, parametros)
        return {str(fila[0]) for fila in cursor.fetchall()}


def bloquear(tamanos: Mapping[str, int], ahora: datetime) -> None:
    """Hold every file's Contenido row FOR UPDATE until this transaction ends (created if new).

    Insert the missing rows: a row inserted here is locked by this transaction (one a concurrent
    draft is inserting makes this wait for it), so a new file costs this one statement. Rows that
    existed already are then locked with SELECT … FOR UPDATE; one the sweep deleted in between is
    inserted again on the next turn."""
    faltan = dict(tamanos)
    for _intento in range(5):
        insertados = _insertar_contenidos(faltan, ahora)
        faltan = {h: n for h, n in faltan.items() if h not in insertados}
        if not faltan:
            return
        bloqueados = set(
            Contenido.objects.select_for_update()
            .filter(sha256__in=sorted(faltan))
            .order_by("sha256")
            .values_list("sha256", flat=True)
        )
        faltan = {h: n for h, n in faltan.items() if h not in bloqueados}
        if not faltan:
            return
    raise RuntimeError(f"No se pudo reservar el contenido {sorted(faltan)}.")


def borrar_si_huerfano(huella: str) -> None:
    """Delete the file `huella` and its Contenido row if no attachment cites it any longer,
    under its lock (the sweep of expired drafts)."""
    with transaction.atomic():
        fila = Contenido.objects.select_for_update().filter(sha256=huella).first()
        if fila is None or Anexo.objects.filter(sha256=huella).exists():
            return
        almacen.borrar(huella, ESPACIO)
        fila.delete()
