"""Importing the afiliación ledger: idempotent inserts in atomic batches (the padrón's way).

The file is read and checked whole first (`archivo.leer`), so a file that cannot be imported
writes nothing. Then the good rows go to the database `lote` at a time, each batch in its own
transaction with the file's row (`ArchivoAfiliacion`, its SHA-256): a batch leaves all its rows or
none. Each batch costs a fixed number of queries (the registros, the asegurados, the rows already
stored, then the inserts: COPY on PostgreSQL, one multi-row statement elsewhere), never one per
row. Only new rows are written: importing the same file again stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from django.utils import timezone

from buzon.cuotas.archivo import MOVIMIENTOS, PRIMAS, Formato, Lectura, Problema, leer
from buzon.cuotas.filas import TIPOS, FilaMovimiento, FilaPrima
from buzon.cuotas.insercion import insertar, preparar
from buzon.cuotas.models import ArchivoAfiliacion, Asegurado, Movimiento, PrimaRT
from buzon.padron.lotes import ErrorLote, importar_por_lotes, revisar_lote
from buzon.padron.models import RegistroPatronal

LOTE = 5_000

F = TypeVar("F", FilaMovimiento, FilaPrima)


@dataclass
class Resultado:
    archivo_sha256: str = ""
    filas_leidas: int = 0
    #: Rows stored now or found already stored with the same data.
    filas_importadas: int = 0
    filas_con_error: int = 0

    def resumen(self) -> dict[str, int | str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class ResultadoMovimientos(Resultado):
    asegurados_creados: int = 0
    asegurados_actualizados: int = 0
    movimientos_creados: int = 0
    movimientos_ya_registrados: int = 0


@dataclass
class ResultadoPrimas(Resultado):
    primas_creadas: int = 0
    primas_ya_registradas: int = 0


R = TypeVar("R", ResultadoMovimientos, ResultadoPrimas)


class ErrorImportacion(ErrorLote[Resultado]):
    """The database failed in a batch: that batch left nothing behind, earlier ones are kept."""


@dataclass(frozen=True)
class _Contexto:
    sha256: str
    tipo: str
    nombre: str
    por: str
    ahora: datetime

    def archivo_id(self) -> int:
        """The file's row, created with the first batch that stores something."""
        archivo, _ = ArchivoAfiliacion.objects.get_or_create(
            sha256=self.sha256,
            defaults={
                "tipo": self.tipo,
                "nombre": self.nombre[:255],
                "importado_por": self.por,
                "importado_en": self.ahora,
            },
        )
        return int(archivo.pk)


# --- movements -----------------------------------------------------------------------------------

_COLUMNAS_MOVIMIENTO = (
    "registro_id",
    "asegurado_id",
    "tipo",
    "fecha",
    "sbc",
    "dias",
    "archivo_id",
    "linea",
)


def _lote_movimientos(
    filas: list[FilaMovimiento],
    lectura: Lectura[FilaMovimiento],
    c: _Contexto,
    r: ResultadoMovimientos,
) -> None:
    """One batch, in one transaction (the caller's)."""
    registros = dict(
        RegistroPatronal.objects.filter(registro__in={f.registro for f in filas}).values_list(
            "registro", "pk"
        )
    )
    asegurados = {
        nss: (pk, curp, nombre)
        for nss, pk, curp, nombre in Asegurado.objects.filter(
            nss__in={f.nss for f in filas}
        ).values_list("nss", "pk", "curp", "nombre")
    }
    existentes: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    if registros and asegurados:
        for rid_, aid, fecha, tipo, sbc, dias in Movimiento.objects.filter(
            registro_id__in=registros.values(),
            asegurado_id__in=[a[0] for a in asegurados.values()],
            fecha__range=(min(f.fecha for f in filas), max(f.fecha for f in filas)),
        ).values_list("registro_id", "asegurado_id", "fecha", "tipo", "sbc", "dias"):
            existentes[(rid_, aid, fecha, tipo)] = (sbc, dias)

    aceptadas: list[tuple[FilaMovimiento, int]] = []
    for f in filas:
        rid = registros.get(f.registro)
        actual = asegurados.get(f.nss)
        if rid is None:
            lectura.anotar_error(
                f.linea,
                "registro_patronal",
                f"el registro patronal {f.registro} no está en el padrón: impórtelo primero "
                "(buzon padron importar) o corrija el registro.",
            )
        elif actual is not None and actual[1] != f.curp:
            lectura.anotar_error(
                f.linea,
                "curp",
                f"el NSS {f.nss} ya está registrado con la CURP {actual[1]}: corrija la CURP o el "
                "NSS (un cambio de CURP de un asegurado no se hace con esta importación).",
            )
        elif (
            actual is not None
            and (previo := existentes.get((rid, actual[0], f.fecha, f.tipo))) is not None
            and previo != (f.sbc, f.dias)
        ):
            campo, dato = (
                ("dias", f"{previo[1]} días")
                if f.tipo in ("11", "12")
                else (
                    "sbc",
                    f"salario base de cotización {previo[0]}",
                )
            )
            lectura.anotar_error(
                f.linea,
                campo,
                f"ya está registrado el movimiento {f.tipo} ({TIPOS[f.tipo]}) del "
                f"{f.fecha.isoformat()} del NSS {f.nss} en el registro {f.registro} con {dato}: "
                "una corrección de un movimiento no se hace con esta importación.",
            )
        else:
            aceptadas.append((f, rid))
    r.filas_importadas += len(aceptadas)

    # Asegurados: the file was checked to give each NSS one CURP and one name.
    por_nss = {f.nss: f for f, _ in aceptadas}
    cambiados = [
        Asegurado(nss=nss, curp=f.curp, nombre=f.nombre, creado_en=c.ahora, importado_en=c.ahora)
        for nss, f in por_nss.items()
        if (a := asegurados.get(nss)) is None or a[2] != f.nombre
    ]
    nuevos_nss = [a.nss for a in cambiados if a.nss not in asegurados]
    r.asegurados_creados += len(nuevos_nss)
    r.asegurados_actualizados += len(cambiados) - len(nuevos_nss)
    if cambiados:
        Asegurado.objects.bulk_create(
            cambiados,
            update_conflicts=True,
            unique_fields=["nss"],
            update_fields=["nombre", "importado_en"],
            batch_size=500,
        )
    ids = {nss: a[0] for nss, a in asegurados.items()}
    if nuevos_nss:
        ids.update(Asegurado.objects.filter(nss__in=nuevos_nss).values_list("nss", "pk"))

    # Movements: a movement listed twice with the same data, or already stored, is written once.
    vistos = set(existentes)
    nuevas: list[tuple[Any, ...]] = []
    for f, rid in aceptadas:
        clave = (rid, ids[f.nss], f.fecha, f.tipo)
        if clave in vistos:
            r.movimientos_ya_registrados += 1
            continue
        vistos.add(clave)
        nuevas.append((rid, ids[f.nss], f.tipo, f.fecha, f.sbc, f.dias, f.linea))
    if nuevas:
        archivo = c.archivo_id()
        insertar(
            Movimiento,
            _COLUMNAS_MOVIMIENTO,
            [preparar((*n[:6], archivo, n[6])) for n in nuevas],
        )
        r.movimientos_creados += len(nuevas)


# --- primas --------------------------------------------------------------------------------------

_COLUMNAS_PRIMA = ("registro_id", "vigente_desde", "prima", "archivo_id", "linea")


def _lote_primas(
    filas: list[FilaPrima], lectura: Lectura[FilaPrima], c: _Contexto, r: ResultadoPrimas
) -> None:
    """One batch, in one transaction (the caller's)."""
    registros = dict(
        RegistroPatronal.objects.filter(registro__in={f.registro for f in filas}).values_list(
            "registro", "pk"
        )
    )
    existentes = {
        (rid, desde): prima
        for rid, desde, prima in PrimaRT.objects.filter(
            registro_id__in=registros.values(),
            vigente_desde__in={f.vigente_desde for f in filas},
        ).values_list("registro_id", "vigente_desde", "prima")
    }
    nuevas: list[tuple[Any, ...]] = []
    for f in filas:
        rid = registros.get(f.registro)
        if rid is None:
            lectura.anotar_error(
                f.linea,
                "registro_patronal",
                f"el registro patronal {f.registro} no está en el padrón: impórtelo primero "
                "(buzon padron importar) o corrija el registro.",
            )
            continue
        previa = existentes.get((rid, f.vigente_desde))
        if previa is not None and previa != f.prima:
            lectura.anotar_error(
                f.linea,
                "prima",
                f"el registro {f.registro} ya tiene registrada la prima {previa} vigente desde "
                f"{f.vigente_desde.isoformat()}: una corrección de la prima no se hace con esta "
                "importación.",
            )
            continue
        r.filas_importadas += 1
        if previa is not None:
            r.primas_ya_registradas += 1
            continue
        existentes[(rid, f.vigente_desde)] = f.prima
        nuevas.append((rid, f.vigente_desde, f.prima, f.linea))
    if nuevas:
        archivo = c.archivo_id()
        insertar(
            PrimaRT,
            _COLUMNAS_PRIMA,
            [preparar((*n[:3], archivo, n[3])) for n in nuevas],
        )
        r.primas_creadas += len(nuevas)


# --- the runs ------------------------------------------------------------------------------------


def _importar(
    ruta: Path,
    formato: Formato[F],
    aplicar: Callable[[list[F], Lectura[F], _Contexto, R], None],
    resultado: R,
    tipo: str,
    *,
    lote: int,
    nombre: str | None,
    por: str,
    instante: datetime | None,
    al_error: Callable[[Problema], None] | None,
) -> R:
    revisar_lote(lote)
    ahora = instante if instante is not None else timezone.now()
    with leer(ruta, formato, nombre) as lectura:
        contexto = _Contexto(lectura.sha256, tipo, nombre or ruta.name, por, ahora)
        resultado.archivo_sha256 = lectura.sha256
        return importar_por_lotes(
            lectura,
            resultado,
            lambda filas: aplicar(filas, lectura, contexto, resultado),
            lote=lote,
            al_error=al_error,
            error=ErrorImportacion,
        )


def do_importar_movimientos(
    ruta: Path,
    *,
    lote: int = LOTE,
    nombre: str | None = None,
    por: str = "",
    instante: datetime | None = None,
    al_error: Callable[[Problema], None] | None = None,
) -> ResultadoMovimientos:
    """Import the movements file at `ruta` (`registro_patronal,nss,curp,nombre,tipo,fecha,sbc,
    dias`); idempotent, good rows kept, bad rows reported.

    Raises `archivo.ErrorArchivo` (nothing written) when the file cannot be imported at all, and
    `ErrorImportacion` when the database fails in a batch (that batch rolled back, earlier ones
    kept; importing the file again completes it). Every problem goes to `al_error` as (line,
    field, message), in line order, once the import is over. `por`: the official's RFC.
    """
    return _importar(
        ruta,
        MOVIMIENTOS,
        _lote_movimientos,
        ResultadoMovimientos(),
        ArchivoAfiliacion.Tipo.MOVIMIENTOS,
        lote=lote,
        nombre=nombre,
        por=por,
        instante=instante,
        al_error=al_error,
    )


def do_importar_primas(
    ruta: Path,
    *,
    lote: int = LOTE,
    nombre: str | None = None,
    por: str = "",
    instante: datetime | None = None,
    al_error: Callable[[Problema], None] | None = None,
) -> ResultadoPrimas:
    """Import the primas file at `ruta` (`registro_patronal,vigente_desde,prima`); as
    `do_importar_movimientos`."""
    return _importar(
        ruta,
        PRIMAS,
        _lote_primas,
        ResultadoPrimas(),
        ArchivoAfiliacion.Tipo.PRIMAS,
        lote=lote,
        nombre=nombre,
        por=por,
        instante=instante,
        al_error=al_error,
    )
