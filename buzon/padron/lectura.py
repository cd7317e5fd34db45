"""Reading an import file the padrón's way, for every import that is not the padrón's own
(afiliación, primas, créditos): pure, no Django import.

`leer(ruta, formato)` reads the CSV once, line by line, hashing its bytes (SHA-256, stored with
the import for traceability), validating every row with the `Formato`'s function and loading the
good ones into a scratch SQLite file in a temporary folder, where rows that contradict each other
within the file are found with the format's plain SQL. Memory stays flat whatever the size of the
file; the database is written afterwards, in batches, by the importing app's services.

File-level problems (unreadable, not UTF-8, wrong header, broken quoting) raise `ErrorArchivo`
before anything is written; row-level problems are kept as (line, field, message).
"""

from __future__ import annotations

import csv
import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from buzon.padron.archivo import (
    ErrorArchivo,
    borrador,
    csv_invalido,
    en_paginas,
    filas_escritas,
    lineas_utf8,
    problemas_de_encabezado,
)

__all__ = ["ErrorArchivo", "ErrorFila", "Formato", "Lectura", "Problema", "formatear_error", "leer"]

F = TypeVar("F")
Problema = tuple[int, str | None, str]

_LOTE_BORRADOR = 10_000


class ErrorFila(ValueError):
    """A bad row: every (field, message) at fault."""

    def __init__(self, linea: int, problemas: list[tuple[str | None, str]]) -> None:
        self.linea = linea
        self.problemas = problemas
        super().__init__(formatear_error(linea, *problemas[0]))


def formatear_error(linea: int, campo: str | None, mensaje: str) -> str:
    """`línea N, campo «X»: mensaje` (the line alone when no field is at fault)."""
    if campo is None:
        return f"línea {linea}: {mensaje}"
    return f"línea {linea}, campo «{campo}»: {mensaje}"


@dataclass(frozen=True)
class Formato(Generic[F]):
    """One kind of file: its columns, how a row is checked, kept and rebuilt, and the SQL that
    finds rows contradicting each other."""

    columnas: tuple[str, ...]
    #: The scratch table's columns, `linea` first, in the order of `como_tupla`.
    campos: tuple[str, ...]
    validar: Callable[[int, Mapping[str, str]], F]
    como_tupla: Callable[[F], tuple[Any, ...]]
    desde_tupla: Callable[[tuple[Any, ...]], F]
    conflictos: Callable[[sqlite3.Connection], list[Problema]]
    #: The scratch folder's prefix, and what the person does with the file ("importarlo"…), as
    #: the encoding error names it.
    prefijo: str = "buzon-archivo-"
    verbo: str = "enviarlo"

    @property
    def encabezado(self) -> str:
        return ",".join(self.columnas)


class Lectura(Generic[F]):
    """The file as read: its SHA-256, counts, the good rows in batches, the errors in line order."""

    def __init__(
        self, con: sqlite3.Connection, formato: Formato[F], filas_leidas: int, sha256: str
    ) -> None:
        self._con = con
        self._formato: Formato[F] = formato
        self.filas_leidas = filas_leidas
        self.sha256 = sha256

    def lotes(self, tamano: int) -> Iterator[list[F]]:
        """The rows without errors, in file order, `tamano` at a time."""
        for renglones in en_paginas(
            self._con,
            f"SELECT {', '.join(self._formato.campos)} FROM fila "  # noqa: S608
            "WHERE valida = 1 AND linea > ? ORDER BY linea LIMIT ?",
            tamano,
        ):
            yield [self._formato.desde_tupla(tuple(r)) for r in renglones]

    def anotar_error(self, linea: int, campo: str | None, mensaje: str) -> None:
        """Record a problem of a row found while writing; the row is not imported."""
        _anotar(self._con, [(linea, campo, mensaje)])

    @property
    def filas_con_error(self) -> int:
        return int(self._con.execute("SELECT COUNT(DISTINCT linea) FROM error").fetchone()[0])

    def errores(self) -> Iterator[Problema]:
        """Every (line, field, message), in line order (a line may have several)."""
        for renglones in en_paginas(
            self._con,
            "SELECT linea, orden, campo, mensaje FROM error WHERE (linea, orden) > (?, ?) "
            "ORDER BY linea, orden LIMIT ?",
            _LOTE_BORRADOR,
            desde=(0, 0),
        ):
            for linea, _, campo, mensaje in renglones:
                yield linea, campo, mensaje


def _anotar(con: sqlite3.Connection, problemas: Iterable[Problema]) -> None:
    lista = list(problemas)
    con.executemany("INSERT INTO error (linea, campo, mensaje) VALUES (?, ?, ?)", lista)
    con.executemany("UPDATE fila SET valida = 0 WHERE linea = ?", [(p[0],) for p in lista])


def _revisar_encabezado(encabezado: list[str], formato: Formato[F], nombre: str) -> list[str]:
    columnas = [c.strip().lower() for c in encabezado]
    if sorted(columnas) == sorted(formato.columnas):
        return columnas
    problemas = problemas_de_encabezado(columnas, formato.columnas, formato.columnas)
    raise ErrorArchivo(
        f"El encabezado de «{nombre}» no es el esperado ({'; '.join(problemas)}). La primera "
        f"línea debe ser: {formato.encabezado}. No se guardó nada."
    )


def _cargar(
    archivo: Iterable[bytes], nombre: str, formato: Formato[F], con: sqlite3.Connection
) -> tuple[int, str]:
    huella = hashlib.sha256()
    lector = csv.reader(lineas_utf8(archivo, nombre, formato.verbo, huella), strict=True)
    marcas = ", ".join("?" * len(formato.campos))
    insertar = f"INSERT INTO fila ({', '.join(formato.campos)}) VALUES ({marcas})"  # noqa: S608
    try:
        encabezado = next(lector, None)
        if encabezado is None:
            raise ErrorArchivo(
                f"«{nombre}» está vacío: la primera línea debe ser {formato.encabezado}. No se "
                "guardó nada."
            )
        columnas = _revisar_encabezado(encabezado, formato, nombre)
        leidas = 0
        buenas: list[tuple[Any, ...]] = []
        malas: list[Problema] = []
        for linea, celdas in filas_escritas(lector):
            leidas += 1
            if len(celdas) != len(columnas):
                malas.append(
                    (
                        linea,
                        None,
                        f"la fila tiene {len(celdas)} valores y se esperan {len(columnas)} "
                        f"({formato.encabezado}); revise las comas y encierre entre comillas los "
                        "valores que las contengan.",
                    )
                )
            else:
                try:
                    fila = formato.validar(linea, dict(zip(columnas, celdas, strict=True)))
                    buenas.append(formato.como_tupla(fila))
                except ErrorFila as exc:
                    malas.extend((linea, c, m) for c, m in exc.problemas)
            if len(buenas) >= _LOTE_BORRADOR or len(malas) >= _LOTE_BORRADOR:
                _guardar(con, insertar, buenas, malas)
        _guardar(con, insertar, buenas, malas)
    except csv.Error as exc:
        raise csv_invalido(nombre, lector.line_num, exc) from exc
    return leidas, huella.hexdigest()


def _guardar(
    con: sqlite3.Connection, insertar: str, buenas: list[tuple[Any, ...]], malas: list[Problema]
) -> None:
    con.executemany(insertar, buenas)
    con.executemany("INSERT INTO error (linea, campo, mensaje) VALUES (?, ?, ?)", malas)
    buenas.clear()
    malas.clear()


@contextmanager
def leer(ruta: Path, formato: Formato[F], nombre: str | None = None) -> Iterator[Lectura[F]]:
    """Read and check the whole file; ErrorArchivo when it cannot be imported at all. `nombre` is
    how messages name the file (its own name by default)."""
    nombre = nombre or ruta.name
    with borrador(formato.prefijo) as con:
        otras = ", ".join(f"{c} TEXT" for c in formato.campos[1:])
        con.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            f"CREATE TABLE fila (linea INTEGER PRIMARY KEY, {otras}, "
            "valida INTEGER NOT NULL DEFAULT 1);"
            "CREATE TABLE error (orden INTEGER PRIMARY KEY, linea INTEGER NOT NULL, "
            "campo TEXT, mensaje TEXT NOT NULL);"
            "CREATE INDEX error_linea ON error (linea, orden);"
        )
        try:
            with ruta.open("rb") as archivo:
                leidas, sha256 = _cargar(archivo, nombre, formato, con)
        except OSError as exc:
            raise ErrorArchivo(
                f"No se pudo leer «{nombre}» ({exc.strerror or exc}). No se guardó nada."
            ) from exc
        _anotar(con, formato.conflictos(con))
        yield Lectura(con, formato, leidas, sha256)
