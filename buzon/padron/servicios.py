"""Importing the employers' register: idempotent upserts in atomic batches.

The file is read and checked whole first (`archivo.leer_padron`), so a file that cannot be
imported writes nothing. Then the good rows go to the database `lote` at a time, each batch in its
own transaction: only new or changed rows are written (re-importing the same file writes nothing),
with `bulk_create(update_conflicts=True)`, which is an upsert on PostgreSQL and SQLite alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils import timezone

from buzon.legal.opinion import MODALIDAD_GENERAL
from buzon.padron.archivo import Lectura, leer_padron
from buzon.padron.filas import SITUACION_VIGENTE, ZONA_SALARIO_GENERAL, FilaPadron
from buzon.padron.lotes import ErrorLote, importar_por_lotes, revisar_lote
from buzon.padron.models import Patron, RegistroPatronal

LOTE = 5_000


@dataclass
class ResultadoImportacion:
    filas_leidas: int = 0
    filas_con_error: int = 0
    patrones_creados: int = 0
    patrones_actualizados: int = 0
    registros_creados: int = 0
    registros_actualizados: int = 0
    #: Lines of the rows written or confirmed unchanged (a count, not the rows).
    filas_importadas: int = 0

    def resumen(self) -> dict[str, int]:
        return {
            "filas_leidas": self.filas_leidas,
            "filas_importadas": self.filas_importadas,
            "filas_con_error": self.filas_con_error,
            "patrones_creados": self.patrones_creados,
            "patrones_actualizados": self.patrones_actualizados,
            "registros_creados": self.registros_creados,
            "registros_actualizados": self.registros_actualizados,
        }


class ErrorImportacion(ErrorLote[ResultadoImportacion]):
    """The database failed in a batch: that batch left nothing behind, earlier ones are kept."""


def _aplicar_lote(
    filas: list[FilaPadron], lectura: Lectura, ahora: datetime, resultado: ResultadoImportacion
) -> None:
    """One batch, in one transaction (the caller's)."""
    claves = {f.registro for f in filas}
    existentes = {
        r["registro"]: r
        for r in RegistroPatronal.objects.filter(registro__in=claves).values(
            "registro",
            "patron__rfc",
            "entidad",
            "subdelegacion",
            "zona_salario",
            "modalidad",
            "situacion",
        )
    }
    buenas: list[FilaPadron] = []
    for f in filas:
        actual = existentes.get(f.registro)
        if actual is not None and actual["patron__rfc"] != f.rfc:
            lectura.anotar_error(
                f.linea,
                f"columna «registro_patronal»: el registro patronal {f.registro} ya pertenece en "
                f"el padrón al RFC {actual['patron__rfc']}: corrija el RFC o el registro (un "
                "cambio de titular del registro no se hace con esta importación).",
            )
        else:
            buenas.append(f)
    resultado.filas_importadas += len(buenas)

    # Patrones: the file was checked to give each RFC one name and one zone.
    por_rfc = {f.rfc: f for f in buenas}
    patrones_actuales = {
        p["rfc"]: (p["nombre"], p["zona_horaria"])
        for p in Patron.objects.filter(rfc__in=por_rfc).values("rfc", "nombre", "zona_horaria")
    }
    patrones = []
    for rfc, f in por_rfc.items():
        actual_p = patrones_actuales.get(rfc)
        if actual_p == (f.nombre, f.zona_horaria):
            continue
        if actual_p is None:
            resultado.patrones_creados += 1
        else:
            resultado.patrones_actualizados += 1
        patrones.append(
            Patron(
                rfc=rfc,
                nombre=f.nombre,
                zona_horaria=f.zona_horaria,
                creado_en=ahora,
                importado_en=ahora,
            )
        )
    if patrones:
        Patron.objects.bulk_create(
            patrones,
            update_conflicts=True,
            unique_fields=["rfc"],
            update_fields=["nombre", "zona_horaria", "importado_en"],
        )

    # Registros: a registro listed twice with the same data is written once. Without the
    # `zona_salario`, `modalidad` or `situacion` column a new registro takes the default (general,
    # 10, vigente) and a stored one keeps its own.
    por_registro = {f.registro: f for f in buenas}
    opcionales = {clave: _opcionales(f, existentes.get(clave)) for clave, f in por_registro.items()}
    nuevos = {
        clave: f
        for clave, f in por_registro.items()
        if (
            (actual := existentes.get(clave)) is None
            or (
                actual["entidad"],
                actual["subdelegacion"],
                actual["zona_salario"],
                actual["modalidad"],
                actual["situacion"],
            )
            != (f.entidad, f.subdelegacion, *opcionales[clave])
        )
    }
    if not nuevos:
        return
    ids = dict(
        Patron.objects.filter(rfc__in={f.rfc for f in nuevos.values()}).values_list("rfc", "pk")
    )
    for clave in nuevos:
        if clave in existentes:
            resultado.registros_actualizados += 1
        else:
            resultado.registros_creados += 1
    RegistroPatronal.objects.bulk_create(
        [
            RegistroPatronal(
                registro=clave,
                patron_id=ids[f.rfc],
                entidad=f.entidad,
                subdelegacion=f.subdelegacion,
                zona_salario=opcionales[clave][0],
                modalidad=opcionales[clave][1],
                situacion=opcionales[clave][2],
                creado_en=ahora,
                importado_en=ahora,
            )
            for clave, f in nuevos.items()
        ],
        update_conflicts=True,
        unique_fields=["registro"],
        # Never `patron`: moving a registro to another RFC is refused above.
        update_fields=[
            "entidad",
            "subdelegacion",
            "zona_salario",
            "modalidad",
            "situacion",
            "importado_en",
        ],
    )


def _opcionales(f: FilaPadron, actual: Mapping[str, Any] | None) -> tuple[str, str, str]:
    """(zona_salario, modalidad, situacion): the file's, else the stored one, else the default."""
    guardado = actual or {}
    return (
        f.zona_salario or guardado.get("zona_salario") or ZONA_SALARIO_GENERAL,
        f.modalidad or guardado.get("modalidad") or MODALIDAD_GENERAL,
        f.situacion or guardado.get("situacion") or SITUACION_VIGENTE,
    )


def do_importar_padron(
    ruta: Path,
    *,
    lote: int = LOTE,
    instante: datetime | None = None,
    al_error: Callable[[str], None] | None = None,
) -> ResultadoImportacion:
    """Import the register file at `ruta`; idempotent, good rows kept, bad rows reported.

    Raises `archivo.ErrorArchivo` (nothing written) when the file cannot be imported at all, and
    `ErrorImportacion` when the database fails in a batch (that batch rolled back, earlier ones
    kept; importing the file again completes it). Every bad row is passed to `al_error` as one
    Spanish line, in line order, once the import is over.
    """
    revisar_lote(lote)
    ahora = instante if instante is not None else timezone.now()
    resultado = ResultadoImportacion()
    with leer_padron(ruta) as lectura:
        return importar_por_lotes(
            lectura,
            resultado,
            lambda filas: _aplicar_lote(filas, lectura, ahora, resultado),
            lote=lote,
            al_error=al_error,
            error=ErrorImportacion,
        )
