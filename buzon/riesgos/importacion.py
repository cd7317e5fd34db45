"""`buzon riesgos importar F.csv` and `buzon riesgos clases F.csv`: streaming (the padrón's
reader: one pass into a scratch SQLite file), idempotent, per-row Spanish errors, batches of
`LOTE` rows each in one transaction with a fixed number of queries and one insert (COPY on
PostgreSQL). Accidents en trayecto are counted, never stored (LSS 72). docs/riesgos.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db.models import F as Campo
from django.utils import timezone

from buzon.cuotas.insercion import insertar, preparar
from buzon.padron.lotes import ErrorLote, importar_por_lotes, revisar_lote
from buzon.padron.models import RegistroPatronal
from buzon.riesgos.archivo import CLASES, RIESGOS, Lectura, Problema, leer
from buzon.riesgos.filas import TRAYECTO, FilaClase, FilaRiesgo
from buzon.riesgos.models import ArchivoRiesgos, ClaseRiesgo, RiesgoTerminado

LOTE = 5_000


@dataclass
class Resultado:
    archivo_sha256: str = ""
    filas_leidas: int = 0
    filas_importadas: int = 0
    filas_con_error: int = 0
    #: LSS 72: not counted for the siniestralidad; read, valid, and not stored.
    en_trayecto_excluidos: int = 0
    creados: int = 0
    ya_registrados: int = 0

    def resumen(self) -> dict[str, int | str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


class ErrorImportacion(ErrorLote[Resultado]):
    """The database failed in a batch: that batch left nothing behind, earlier ones are kept."""


@dataclass
class _Archivo:
    sha256: str
    tipo: str
    nombre: str
    por: str
    ahora: datetime
    pk: int | None = None

    def id(self) -> int:
        if self.pk is None:
            fila, _ = ArchivoRiesgos.objects.get_or_create(
                sha256=self.sha256,
                defaults={
                    "tipo": self.tipo,
                    "nombre": self.nombre[:255],
                    "importado_por": self.por,
                    "importado_en": self.ahora,
                },
            )
            self.pk = int(fila.pk)
        return self.pk


def _registros(claves: set[str]) -> dict[str, int]:
    return dict(RegistroPatronal.objects.filter(registro__in=claves).values_list("registro", "pk"))


def _sin_padron(lectura: Lectura[Any], linea: int, registro: str) -> None:
    lectura.anotar_error(
        linea,
        "registro_patronal",
        f"el registro patronal {registro} no está en el padrón: impórtelo primero "
        "(buzon padron importar) o corrija el registro.",
    )


_COLUMNAS = (
    "registro_id",
    "nss",
    "tipo",
    "fecha_termino",
    "dias_subsidiados",
    "porcentaje_incapacidad",
    "defuncion",
    "archivo_id",
    "linea",
)


def _lote_riesgos(
    filas: list[FilaRiesgo], lectura: Lectura[FilaRiesgo], a: _Archivo, r: Resultado
) -> None:
    registros = _registros({f.registro for f in filas})
    existentes = {
        (rid, nss, tipo, fecha): (dias, porcentaje, defuncion)
        for rid, nss, tipo, fecha, dias, porcentaje, defuncion in RiesgoTerminado.objects.filter(
            nss__in={f.nss for f in filas}
        ).values_list(
            "registro_id",
            "nss",
            "tipo",
            "fecha_termino",
            "dias_subsidiados",
            "porcentaje_incapacidad",
            "defuncion",
        )
    }
    nuevas: list[tuple[Any, ...]] = []
    for f in filas:
        rid = registros.get(f.registro)
        if rid is None:
            _sin_padron(lectura, f.linea, f.registro)
            continue
        if f.tipo == TRAYECTO:
            r.en_trayecto_excluidos += 1
            continue
        clave = (rid, f.nss, f.tipo, f.fecha_termino)
        datos = (f.dias_subsidiados, f.porcentaje_incapacidad, f.defuncion)
        previa = existentes.get(clave)
        if previa is not None and previa != datos:
            lectura.anotar_error(
                f.linea,
                "dias_subsidiados",
                f"el riesgo ({f.tipo}) del NSS {f.nss} terminado el {f.fecha_termino} ya está "
                f"registrado con otros datos ({previa[0]} días, {previa[1]} %, defunción "
                f"{'sí' if previa[2] else 'no'}): una corrección no se hace con esta importación.",
            )
            continue
        r.filas_importadas += 1
        if previa is not None:
            r.ya_registrados += 1
            continue
        existentes[clave] = datos
        nuevas.append((rid, f.nss, f.tipo, f.fecha_termino, *datos, f.linea))
    if nuevas:
        archivo = a.id()
        insertar(RiesgoTerminado, _COLUMNAS, [preparar((*n[:7], archivo, n[7])) for n in nuevas])
        r.creados += len(nuevas)


def _lote_clases(
    filas: list[FilaClase], lectura: Lectura[FilaClase], a: _Archivo, r: Resultado
) -> None:
    registros = _registros({f.registro for f in filas})
    existentes = dict(
        ClaseRiesgo.objects.filter(registro_id__in=registros.values()).values_list(
            "registro_id", "clase"
        )
    )
    nuevas: list[tuple[Any, ...]] = []
    for f in filas:
        rid = registros.get(f.registro)
        if rid is None:
            _sin_padron(lectura, f.linea, f.registro)
            continue
        previa = existentes.get(rid)
        if previa is not None and previa != f.clase:
            lectura.anotar_error(
                f.linea,
                "clase",
                f"el registro {f.registro} ya tiene la clase {previa}: un cambio de actividad "
                "no se hace con esta importación.",
            )
            continue
        r.filas_importadas += 1
        if previa is not None:
            r.ya_registrados += 1
            continue
        existentes[rid] = f.clase
        nuevas.append((rid, f.clase, f.linea))
    if nuevas:
        archivo = a.id()
        insertar(
            ClaseRiesgo,
            ("registro_id", "clase", "archivo_id", "linea"),
            [preparar((n[0], n[1], archivo, n[2])) for n in nuevas],
        )
        r.creados += len(nuevas)


def _importar(
    ruta: Path,
    formato: Any,
    aplicar: Callable[..., None],
    tipo: str,
    *,
    lote: int,
    nombre: str | None,
    por: str,
    instante: datetime | None,
    al_error: Callable[[Problema], None] | None,
) -> Resultado:
    revisar_lote(lote)
    resultado = Resultado()
    with leer(ruta, formato, nombre) as lectura:
        archivo = _Archivo(
            lectura.sha256, tipo, nombre or ruta.name, por, instante or timezone.now()
        )
        resultado.archivo_sha256 = lectura.sha256

        def guardar(filas: list[Any]) -> None:
            """One batch, and the file's row counting it (in the batch's transaction)."""
            importadas, trayecto = resultado.filas_importadas, resultado.en_trayecto_excluidos
            aplicar(filas, lectura, archivo, resultado)
            if archivo.pk is not None:
                ArchivoRiesgos.objects.filter(pk=archivo.pk).update(
                    filas_leidas=lectura.filas_leidas,
                    filas_importadas=Campo("filas_importadas")
                    + resultado.filas_importadas
                    - importadas,
                    en_trayecto=Campo("en_trayecto") + resultado.en_trayecto_excluidos - trayecto,
                )

        return importar_por_lotes(
            lectura, resultado, guardar, lote=lote, al_error=al_error, error=ErrorImportacion
        )


def do_importar_riesgos(
    ruta: Path,
    *,
    lote: int = LOTE,
    nombre: str | None = None,
    por: str = "",
    instante: datetime | None = None,
    al_error: Callable[[Problema], None] | None = None,
) -> Resultado:
    """Import the riesgos terminados file (`registro_patronal,nss,tipo,fecha_termino,
    dias_subsidiados,porcentaje_incapacidad,defuncion`); idempotent, good rows kept, bad rows
    reported; `archivo.ErrorArchivo` (nothing written) when the file cannot be imported at all."""
    return _importar(
        ruta,
        RIESGOS,
        _lote_riesgos,
        ArchivoRiesgos.Tipo.RIESGOS,
        lote=lote,
        nombre=nombre,
        por=por,
        instante=instante,
        al_error=al_error,
    )


def do_importar_clases(
    ruta: Path,
    *,
    lote: int = LOTE,
    nombre: str | None = None,
    por: str = "",
    instante: datetime | None = None,
    al_error: Callable[[Problema], None] | None = None,
) -> Resultado:
    """Import each registro's class (`registro_patronal,clase`, LSS 73) [I-132]."""
    return _importar(
        ruta,
        CLASES,
        _lote_clases,
        ArchivoRiesgos.Tipo.CLASES,
        lote=lote,
        nombre=nombre,
        por=por,
        instante=instante,
        al_error=al_error,
    )
