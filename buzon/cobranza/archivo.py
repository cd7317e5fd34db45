"""Reading the créditos fiscales file (pure: no Django import), the padrón's way
(`buzon.padron.archivo`, whose machinery it reuses).

`leer_creditos(ruta)` reads the CSV once, line by line, hashing its bytes (SHA-256, stored with the
import), validating every row and loading the good ones into a scratch SQLite file in a temporary
folder, where rows of one credit that contradict each other are found with plain SQL. Memory stays
flat whatever the size of the file; the database is written afterwards, in batches, by
`buzon.cobranza.servicios`.

File-level problems (unreadable, not UTF-8, wrong header, broken quoting) raise `ErrorArchivo`
before anything is written; row-level problems are kept as (line, field, message).
"""

from __future__ import annotations

import csv
import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any

from buzon.cobranza.filas import COLUMNAS, ENCABEZADO, ErrorFila, FilaCredito, validar_credito
from buzon.padron.archivo import (
    ErrorArchivo,
    borrador,
    csv_invalido,
    en_paginas,
    filas_escritas,
    lineas_utf8,
    lista_lineas,
    problemas_de_encabezado,
)

__all__ = ["ErrorArchivo", "Lectura", "Problema", "leer_creditos"]

Problema = tuple[int, str | None, str]

_LOTE_BORRADOR = 10_000
_CAMPOS = ("linea", "rfc", "registro", "credito", "concepto", "periodo", "importe", "situacion")
_ESQUEMA = (
    "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
    "CREATE TABLE fila (linea INTEGER PRIMARY KEY, rfc TEXT, registro TEXT, credito TEXT, "
    "concepto TEXT, periodo TEXT, importe TEXT, situacion TEXT, "
    "valida INTEGER NOT NULL DEFAULT 1);"
    "CREATE TABLE error (orden INTEGER PRIMARY KEY, linea INTEGER NOT NULL, campo TEXT, "
    "mensaje TEXT NOT NULL);"
    "CREATE INDEX error_linea ON error (linea, orden);"
)
_NOMBRES = {
    "rfc": "RFC",
    "registro": "registro patronal",
    "concepto": "concepto",
    "periodo": "periodo",
    "importe": "importe",
    "situacion": "situación",
}


class Lectura:
    """The file as read: its SHA-256, counts, the good rows in batches, the errors in line order."""

    def __init__(self, con: sqlite3.Connection, filas_leidas: int, sha256: str) -> None:
        self._con = con
        self.filas_leidas = filas_leidas
        self.sha256 = sha256

    def lotes(self, tamano: int) -> Iterator[list[FilaCredito]]:
        """The rows without errors, in file order, `tamano` at a time."""
        for renglones in en_paginas(
            self._con,
            f"SELECT {', '.join(_CAMPOS)} FROM fila "  # noqa: S608
            "WHERE valida = 1 AND linea > ? ORDER BY linea LIMIT ?",
            tamano,
        ):
            yield [
                FilaCredito(r[0], r[1], r[2], r[3], r[4], r[5], Decimal(r[6]), r[7])
                for r in renglones
            ]

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


def _conflictos(con: sqlite3.Connection) -> list[Problema]:
    """A credit listed more than once with different data: every one of its rows is refused (the
    file does not say which is right); listed twice identically, it is written once."""
    con.execute("CREATE INDEX fila_credito ON fila (credito)")
    datos = " || char(31) || ".join(c for c in _CAMPOS[1:] if c != "credito")
    renglones = con.execute(
        f"SELECT credito, linea, {', '.join(c for c in _CAMPOS[1:] if c != 'credito')} "  # noqa: S608
        "FROM fila WHERE credito IN ("
        f" SELECT credito FROM fila GROUP BY credito HAVING COUNT(DISTINCT {datos}) > 1"
        ") ORDER BY credito, linea"
    ).fetchall()
    problemas: list[Problema] = []
    columnas = [c for c in _CAMPOS[1:] if c != "credito"]
    for credito, grupo in groupby(renglones, key=lambda r: r[0]):
        filas = list(grupo)
        distintos = [c for i, c in enumerate(columnas, 2) if len({f[i] for f in filas}) > 1]
        prosa = ", ".join(_NOMBRES[c] for c in distintos)
        texto = (
            f"el crédito {credito} aparece en las líneas {lista_lineas([f[1] for f in filas])} "
            f"con distinto {prosa}: deje una sola fila con su situación actual."
        )
        problemas.extend((f[1], "credito", texto) for f in filas)
    return problemas


def _revisar_encabezado(encabezado: list[str], nombre: str) -> list[str]:
    columnas = [c.strip().lower() for c in encabezado]
    if sorted(columnas) == sorted(COLUMNAS):
        return columnas
    problemas = problemas_de_encabezado(columnas, COLUMNAS, COLUMNAS)
    raise ErrorArchivo(
        f"El encabezado de «{nombre}» no es el esperado ({'; '.join(problemas)}). La primera "
        f"línea debe ser: {ENCABEZADO}. No se guardó nada."
    )


def _tupla(f: FilaCredito) -> tuple[Any, ...]:
    return (
        f.linea,
        f.rfc,
        f.registro,
        f.credito,
        f.concepto,
        f.periodo,
        str(f.importe),
        f.situacion,
    )


def _cargar(archivo: Iterable[bytes], nombre: str, con: sqlite3.Connection) -> tuple[int, str]:
    huella = hashlib.sha256()
    lector = csv.reader(lineas_utf8(archivo, nombre, "importarlo", huella), strict=True)
    insertar = f"INSERT INTO fila ({', '.join(_CAMPOS)}) VALUES ({', '.join('?' * len(_CAMPOS))})"  # noqa: S608
    try:
        encabezado = next(lector, None)
        if encabezado is None:
            raise ErrorArchivo(
                f"«{nombre}» está vacío: la primera línea debe ser {ENCABEZADO}. No se guardó nada."
            )
        columnas = _revisar_encabezado(encabezado, nombre)
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
                        f"({ENCABEZADO}); revise las comas y encierre entre comillas los valores "
                        "que las contengan.",
                    )
                )
            else:
                try:
                    buenas.append(
                        _tupla(validar_credito(linea, dict(zip(columnas, celdas, strict=True))))
                    )
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
def leer_creditos(ruta: Path, nombre: str | None = None) -> Iterator[Lectura]:
    """Read and check the whole file; ErrorArchivo when it cannot be imported at all. `nombre` is
    how messages name the file (its own name by default)."""
    nombre = nombre or ruta.name
    with borrador("buzon-cobranza-") as con:
        con.executescript(_ESQUEMA)
        try:
            with ruta.open("rb") as archivo:
                leidas, sha256 = _cargar(archivo, nombre, con)
        except OSError as exc:
            raise ErrorArchivo(
                f"No se pudo leer «{nombre}» ({exc.strerror or exc}). No se guardó nada."
            ) from exc
        _anotar(con, _conflictos(con))
        yield Lectura(con, leidas, sha256)
