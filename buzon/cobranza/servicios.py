"""Importing the créditos fiscales: idempotent upserts with history, in atomic batches (the padrón's
and the afiliación's way).

The file is read and checked whole first (`archivo.leer_creditos`), so a file that cannot be
imported writes nothing. Then the good rows go to the database `lote` at a time, each batch in its
own transaction: a fixed number of statements per batch (the credits already stored, the registros
of the padrón, one upsert, the ids, one insert of the history rows, the evidence event), never one
per row. Only new or changed credits are written, each change with its `CambioCredito` (the state
before and after, the file and line) and the batch with its `creditos_importados` event in the
evidence log: importing the same file again writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils import timezone

from buzon.cobranza.archivo import Lectura, Problema, leer_creditos
from buzon.cobranza.filas import FilaCredito
from buzon.cobranza.models import ArchivoCobranza, CambioCredito, Credito
from buzon.evidencia.bitacora import anotar
from buzon.padron.lotes import ErrorLote, importar_por_lotes, revisar_lote
from buzon.padron.models import RegistroPatronal

LOTE = 5_000
EVENTO = "creditos_importados"


@dataclass
class ResultadoCreditos:
    archivo_sha256: str = ""
    filas_leidas: int = 0
    #: Rows stored now or found already stored with the same data.
    filas_importadas: int = 0
    filas_con_error: int = 0
    creditos_creados: int = 0
    creditos_actualizados: int = 0
    creditos_sin_cambios: int = 0

    def resumen(self) -> dict[str, int | str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


class ErrorImportacion(ErrorLote[ResultadoCreditos]):
    """The database failed in a batch: that batch left nothing behind, earlier ones are kept."""


@dataclass(frozen=True)
class _Contexto:
    sha256: str
    nombre: str
    por: str
    ahora: datetime

    def archivo_id(self) -> int:
        """The file's row, created with the first batch that changes something."""
        archivo, _ = ArchivoCobranza.objects.get_or_create(
            sha256=self.sha256,
            defaults={
                "nombre": self.nombre[:255],
                "importado_por": self.por,
                "importado_en": self.ahora,
            },
        )
        return int(archivo.pk)


_ESTADO = ("situacion", "importe", "concepto", "periodo")


def _estado(f: FilaCredito) -> tuple[Any, ...]:
    return (f.situacion, f.importe, f.concepto, f.periodo)


def _refusar(
    f: FilaCredito, actual: dict[str, Any] | None, titulares: dict[str, str]
) -> tuple[str, str] | None:
    """(field, message) when the row cannot be applied to what is stored, else None."""
    titular = titulares.get(f.registro)
    if titular is not None and titular != f.rfc:
        return (
            "registro_patronal",
            f"el registro patronal {f.registro} pertenece en el padrón al RFC {titular}, no a "
            f"{f.rfc}: corrija el RFC o el registro del crédito {f.credito}.",
        )
    if actual is None:
        return None
    if actual["rfc"] != f.rfc:
        return (
            "rfc",
            f"el crédito {f.credito} ya está registrado a nombre del RFC {actual['rfc']}: "
            "corrija el RFC o el número del crédito (un crédito no cambia de deudor con esta "
            "importación).",
        )
    if actual["registro"] != f.registro:
        return (
            "registro_patronal",
            f"el crédito {f.credito} ya está registrado en el registro patronal "
            f"{actual['registro']}: corrija el registro o el número del crédito.",
        )
    return None


def _aplicar_lote(
    filas: list[FilaCredito], lectura: Lectura, c: _Contexto, r: ResultadoCreditos
) -> None:
    """One batch, in one transaction (the caller's)."""
    existentes = {
        e["credito"]: e
        for e in Credito.objects.filter(credito__in={f.credito for f in filas}).values(
            "credito", "rfc", "registro", *_ESTADO
        )
    }
    titulares = dict(
        RegistroPatronal.objects.filter(registro__in={f.registro for f in filas}).values_list(
            "registro", "patron__rfc"
        )
    )
    cambios: dict[str, FilaCredito] = {}
    vistos: set[str] = set()
    for f in filas:
        actual = existentes.get(f.credito)
        problema = _refusar(f, actual, titulares)
        if problema is not None:
            lectura.anotar_error(f.linea, *problema)
            continue
        r.filas_importadas += 1
        if f.credito in vistos:  # listed twice identically in the file
            continue
        vistos.add(f.credito)
        if actual is not None and tuple(actual[k] for k in _ESTADO) == _estado(f):
            r.creditos_sin_cambios += 1
            continue
        cambios[f.credito] = f
    if not cambios:
        return
    archivo = c.archivo_id()
    Credito.objects.bulk_create(
        [
            Credito(
                credito=f.credito,
                rfc=f.rfc,
                registro=f.registro,
                concepto=f.concepto,
                periodo=f.periodo,
                importe=f.importe,
                situacion=f.situacion,
                creado_en=c.ahora,
                actualizado_en=c.ahora,
                archivo_id=archivo,
                linea=f.linea,
            )
            for f in cambios.values()
        ],
        update_conflicts=True,
        unique_fields=["credito"],
        # Never `rfc`, `registro` or `creado_en`: a change of debtor is refused above.
        update_fields=[*_ESTADO, "actualizado_en", "archivo", "linea"],
        batch_size=1_000,
    )
    ids = dict(Credito.objects.filter(credito__in=cambios).values_list("credito", "pk"))
    historia = []
    for clave, f in cambios.items():
        antes = existentes.get(clave)
        historia.append(
            CambioCredito(
                credito_id=ids[clave],
                archivo_id=archivo,
                linea=f.linea,
                instante=c.ahora,
                situacion_anterior="" if antes is None else antes["situacion"],
                importe_anterior=None if antes is None else antes["importe"],
                concepto_anterior="" if antes is None else antes["concepto"],
                periodo_anterior="" if antes is None else antes["periodo"],
                situacion=f.situacion,
                importe=f.importe,
                concepto=f.concepto,
                periodo=f.periodo,
            )
        )
    CambioCredito.objects.bulk_create(historia, batch_size=1_000)
    creados = sum(1 for clave in cambios if clave not in existentes)
    r.creditos_creados += creados
    r.creditos_actualizados += len(cambios) - creados
    anotar(
        EVENTO,
        c.sha256,
        {
            "archivo": c.nombre[:255],
            "por": c.por,
            "desde_linea": filas[0].linea,
            "hasta_linea": filas[-1].linea,
            "creados": creados,
            "actualizados": len(cambios) - creados,
        },
        c.ahora,
    )


def do_importar_creditos(
    ruta: Path,
    *,
    lote: int = LOTE,
    nombre: str | None = None,
    por: str = "",
    instante: datetime | None = None,
    al_error: Callable[[Problema], None] | None = None,
) -> ResultadoCreditos:
    """Import the créditos file at `ruta` (`rfc,registro_patronal,credito,concepto,periodo,
    importe,situacion`); idempotent, good rows kept, bad rows reported, every change kept as
    history.

    Raises `archivo.ErrorArchivo` (nothing written) when the file cannot be imported at all, and
    `ErrorImportacion` when the database fails in a batch (that batch rolled back, earlier ones
    kept; importing the file again completes it). Every problem goes to `al_error` as (line,
    field, message), in line order, once the import is over. `por`: the official's RFC.
    """
    revisar_lote(lote)
    ahora = instante if instante is not None else timezone.now()
    resultado = ResultadoCreditos()
    with leer_creditos(ruta, nombre) as lectura:
        contexto = _Contexto(lectura.sha256, nombre or ruta.name, por, ahora)
        resultado.archivo_sha256 = lectura.sha256
        return importar_por_lotes(
            lectura,
            resultado,
            lambda filas: _aplicar_lote(filas, lectura, contexto, resultado),
            lote=lote,
            al_error=al_error,
            error=ErrorImportacion,
        )
