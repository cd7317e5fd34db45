"""Time zones, read from the pinned `tzdata` package and never from the system database.

`zoneinfo.ZoneInfo(key)` prefers the operating system's files when they exist, so two machines could
compute different legal instants. `zona()` always reads the `tzdata` wheel pinned in the lock file.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

from buzon.legal.errores import ErrorLegal

ZONA_CENTRO_NOMBRE = "America/Mexico_City"
#: Instants outside these years are refused: far from any plazo, and near datetime's limits a
#: conversion between zones or a 72-hour sum would overflow.
ANIO_MINIMO, ANIO_MAXIMO = 1900, 9000
_NOMBRE_VALIDO = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}$")


@lru_cache(maxsize=128)
def zona(nombre: str) -> ZoneInfo:
    """The IANA zone `nombre` from the tzdata package; ErrorLegal when it does not exist."""
    if not _NOMBRE_VALIDO.match(nombre):
        raise ErrorLegal(
            f"«{nombre}» no es una zona horaria IANA válida (ejemplo: America/Tijuana).", "tz"
        )
    recurso = resources.files("tzdata").joinpath("zoneinfo", *nombre.split("/"))
    try:
        with recurso.open("rb") as archivo:
            return ZoneInfo.from_file(archivo, key=nombre)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, ValueError) as exc:
        raise ErrorLegal(
            f"La zona horaria «{nombre}» no existe en la base tzdata (ejemplo: America/Tijuana).",
            "tz",
        ) from exc


ZONA_CENTRO = zona(ZONA_CENTRO_NOMBRE)


def version_tzdata() -> str:
    """The IANA release of the tz database in use (recorded with legal computations)."""
    return (
        resources.files("tzdata")
        .joinpath("zoneinfo", "tzdata.zi")
        .open(encoding="ascii")
        .readline()
        .removeprefix("# version")
        .strip()
    )


def exigir_consciente(instante: datetime, campo: str) -> datetime:
    """Aware datetimes only: a naive one is a programming error upstream, reported in Spanish."""
    if instante.tzinfo is None or instante.utcoffset() is None:
        raise ErrorLegal(f"El instante de «{campo}» no tiene zona horaria.", campo)
    if not ANIO_MINIMO <= instante.year <= ANIO_MAXIMO:
        raise ErrorLegal(
            f"El instante de «{campo}» está fuera del intervalo que el Buzón calcula "
            f"(años {ANIO_MINIMO} a {ANIO_MAXIMO}).",
            campo,
        )
    return instante
