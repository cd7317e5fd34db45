"""The imported data the indicators read that no other app holds: activities and classes per
registro, external head counts per RFC, pension/subsidy claims per NSS. UTF-8 CSV (BOM accepted),
header first; every row checked; a file with any bad row writes nothing (the errors name line
and field); re-importing the same rows changes nothing but `importado_en` of changed rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from buzon.fiscalizacion.models import Actividad, PlantillaExterna, Reclamo
from buzon.legal.errores import ErrorLegal
from buzon.legal.nss import normalizar_nss
from buzon.legal.rfc import normalizar_rfc
from buzon.padron.filas import normalizar_registro

CLASES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}


class ErrorArchivo(ValueError):
    """The file cannot be imported at all (nothing written)."""


@dataclass
class Resumen:
    filas_leidas: int = 0
    filas_importadas: int = 0
    errores: list[str] = field(default_factory=list)

    def como_dict(self) -> dict[str, Any]:
        return {
            "filas_leidas": self.filas_leidas,
            "filas_importadas": self.filas_importadas,
            "filas_con_error": len(self.errores),
        }


def _filas(ruta: Path, encabezado: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        texto = ruta.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ErrorArchivo(f"No se pudo leer {ruta.name} como UTF-8: {exc}") from exc
    lector = csv.reader(io.StringIO(texto))
    try:
        cabeza = [c.strip().lower() for c in next(lector)]
    except StopIteration as exc:
        raise ErrorArchivo("El archivo está vacío: la primera línea es el encabezado.") from exc
    if sorted(cabeza) != sorted(encabezado):
        raise ErrorArchivo(f"El encabezado debe ser {','.join(encabezado)} (en cualquier orden).")
    filas = []
    for n, valores in enumerate(lector, start=2):
        if not any(v.strip() for v in valores):
            continue
        if len(valores) != len(cabeza):
            filas.append(
                (n, {"_error": f"línea {n}: tiene {len(valores)} valores, no {len(cabeza)}."})
            )
            continue
        filas.append((n, {k: v.strip() for k, v in zip(cabeza, valores, strict=True)}))
    return filas


def _importar(
    ruta: Path,
    encabezado: tuple[str, ...],
    leer: Callable[[dict[str, str]], dict[str, Any]],
    guardar: Callable[[list[dict[str, Any]], datetime], None],
) -> Resumen:
    resumen = Resumen()
    buenas = []
    for n, fila in _filas(ruta, encabezado):
        resumen.filas_leidas += 1
        if "_error" in fila:
            resumen.errores.append(fila["_error"])
            continue
        try:
            buenas.append(leer(fila))
        except ErrorLegal as exc:
            resumen.errores.append(f"línea {n}, campo «{exc.campo}»: {exc.mensaje}")
    if not resumen.errores:
        with transaction.atomic():
            guardar(buenas, timezone.now())
        resumen.filas_importadas = len(buenas)
    return resumen


def _clase(valor: str, campo: str) -> int:
    clase = CLASES.get(valor.upper())
    if clase is None:
        raise ErrorLegal(f"«{valor}» no es una clase de riesgo: escriba I, II, III, IV o V.", campo)
    return clase


def _actividad(f: dict[str, str]) -> dict[str, Any]:
    if not re.fullmatch(r"[0-9]{1,8}", f["actividad"]):
        raise ErrorLegal("La actividad es la fracción del catálogo (1 a 8 dígitos).", "actividad")
    return {
        "registro": normalizar_registro(f["registro_patronal"]),
        "actividad": f["actividad"],
        "clase_declarada": _clase(f["clase_declarada"], "clase_declarada"),
        "clase_actividad": _clase(f["clase_actividad"], "clase_actividad"),
    }


def _guardar_actividades(filas: list[dict[str, Any]], ahora: datetime) -> None:
    Actividad.objects.bulk_create(
        [Actividad(importado_en=ahora, **f) for f in filas],
        update_conflicts=True,
        unique_fields=["registro"],
        update_fields=["actividad", "clase_declarada", "clase_actividad", "importado_en"],
        batch_size=2_000,
    )


def importar_actividades(ruta: Path) -> Resumen:
    return _importar(
        ruta,
        ("registro_patronal", "actividad", "clase_declarada", "clase_actividad"),
        _actividad,
        _guardar_actividades,
    )


def _plantilla(f: dict[str, str]) -> dict[str, Any]:
    if not re.fullmatch(r"[0-9]{1,9}", f["trabajadores"]):
        raise ErrorLegal("Escriba el número de trabajadores (entero, 0 o más).", "trabajadores")
    fuente = " ".join(f["fuente"].split())
    if not 1 <= len(fuente) <= 120:
        raise ErrorLegal("Escriba la fuente del conteo (1 a 120 caracteres).", "fuente")
    return {
        "rfc": normalizar_rfc(f["rfc"], "rfc"),
        "trabajadores": int(f["trabajadores"]),
        "fuente": fuente,
    }


def _guardar_plantilla(filas: list[dict[str, Any]], ahora: datetime) -> None:
    PlantillaExterna.objects.bulk_create(
        [PlantillaExterna(importado_en=ahora, **f) for f in filas],
        update_conflicts=True,
        unique_fields=["rfc"],
        update_fields=["trabajadores", "fuente", "importado_en"],
        batch_size=2_000,
    )


def importar_plantilla(ruta: Path) -> Resumen:
    return _importar(ruta, ("rfc", "trabajadores", "fuente"), _plantilla, _guardar_plantilla)


def _reclamo(f: dict[str, str]) -> dict[str, Any]:
    if f["tipo"] not in Reclamo.Tipo.values:
        raise ErrorLegal("El tipo es «pension» o «subsidio».", "tipo")
    try:
        fecha = date.fromisoformat(f["fecha"])
    except ValueError as exc:
        raise ErrorLegal("Escriba la fecha como AAAA-MM-DD.", "fecha") from exc
    return {"nss": normalizar_nss(f["nss"]), "tipo": f["tipo"], "fecha": fecha}


def _guardar_reclamos(filas: list[dict[str, Any]], ahora: datetime) -> None:
    Reclamo.objects.bulk_create(
        [Reclamo(importado_en=ahora, **f) for f in filas], ignore_conflicts=True, batch_size=2_000
    )


def importar_reclamos(ruta: Path) -> Resumen:
    return _importar(ruta, ("nss", "tipo", "fecha"), _reclamo, _guardar_reclamos)
