"""Reading the employers' register file (pure: no Django import).

`leer_padron(ruta)` reads the CSV once, line by line, validates every row and loads the good ones
into a scratch SQLite file in a temporary folder, where rows that contradict each other within the
file are found with plain SQL. Memory stays flat whatever the size of the file; the database is
written afterwards, in batches, by `buzon.padron.servicios`.

File-level problems (unreadable, not UTF-8, wrong header) raise `ErrorArchivo` before anything is
written; row-level problems become one Spanish line per row, kept in the scratch file.
"""

from __future__ import annotations

import codecs
import csv
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path
from typing import Any

from buzon.padron.filas import (
    COLUMNAS,
    COLUMNAS_OPCIONALES,
    ENCABEZADO,
    ErrorFila,
    FilaPadron,
    formatear_error,
    validar_fila,
)


class ErrorArchivo(Exception):
    """The file as a whole cannot be imported (nothing has been written)."""

    def __init__(self, mensaje: str) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje


# --- the machinery of a batch CSV import (also `buzon.cuotas.archivo`) ---------------------------


def lineas_utf8(
    archivo: Iterable[bytes], nombre: str, reenvio: str = "importarlo", huella: Any = None
) -> Iterator[str]:
    """Decoded lines, keeping their endings (as csv wants); a bad byte is named by its line.
    `reenvio`: what the message asks to do again; `huella`: a hashlib object fed every byte."""
    for numero, crudo in enumerate(archivo, start=1):
        if huella is not None:
            huella.update(crudo)
        if numero == 1 and crudo.startswith(codecs.BOM_UTF8):
            crudo = crudo[len(codecs.BOM_UTF8) :]
        try:
            yield crudo.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ErrorArchivo(
                f"«{nombre}» no está en UTF-8 (línea {numero}, byte {exc.start + 1}): guárdelo "
                f"como «CSV UTF-8» y vuelva a {reenvio}. No se guardó nada."
            ) from exc


def problemas_de_encabezado(
    columnas: Sequence[str], esperadas: Sequence[str], admitidas: Sequence[str]
) -> list[str]:
    """What is wrong with a header (already stripped and lower-cased), in Spanish."""
    if len(columnas) == 1 and ";" in columnas[0]:
        return ["las columnas están separadas por «;» y deben separarse con comas"]
    problemas = []
    faltan = [c for c in esperadas if c not in columnas]
    sobran = [c for c in dict.fromkeys(columnas) if c not in admitidas]
    repetidas = sorted({c for c in columnas if c in admitidas and columnas.count(c) > 1})
    if faltan:
        problemas.append("faltan las columnas " + ", ".join(faltan))
    if sobran:
        problemas.append("sobran las columnas " + ", ".join(f"«{c}»" for c in sobran))
    if repetidas:
        problemas.append("se repiten las columnas " + ", ".join(repetidas))
    return problemas


def filas_escritas(lector: Any) -> Iterator[tuple[int, list[str]]]:
    """The rows of a csv.reader with something written, each with the line where it starts."""
    siguiente = lector.line_num + 1
    for celdas in lector:
        linea, siguiente = siguiente, lector.line_num + 1
        if any(c.strip() for c in celdas):
            yield linea, celdas


def csv_invalido(nombre: str, linea: int, exc: csv.Error) -> ErrorArchivo:
    return ErrorArchivo(
        f"«{nombre}» no es un CSV válido cerca de la línea {linea} ({exc}): revise "
        "las comillas. No se guardó nada."
    )


def lista_lineas(lineas: Sequence[int]) -> str:
    if len(lineas) > 8:
        return ", ".join(map(str, lineas[:6])) + f", … ({len(lineas)} líneas)"
    return ", ".join(map(str, lineas[:-1])) + f" y {lineas[-1]}"


def en_paginas(
    con: sqlite3.Connection, consulta: str, tamano: int, desde: tuple[int, ...] = (0,)
) -> Iterator[list[Any]]:
    """Keyset paging over the scratch file: `consulta` selects the key's columns first (as many
    as `desde` has) and takes the last key seen, then the page size, as its parameters."""
    ultima = desde
    while True:
        renglones = con.execute(consulta, (*ultima, tamano)).fetchall()
        if not renglones:
            return
        ultima = tuple(renglones[-1][: len(desde)])
        yield renglones


@contextmanager
def borrador(prefijo: str) -> Iterator[sqlite3.Connection]:
    """A scratch SQLite file in a temporary folder; both go when the block ends."""
    with tempfile.TemporaryDirectory(prefix=prefijo) as carpeta:
        con = sqlite3.connect(Path(carpeta) / "borrador.sqlite3")
        try:
            yield con
        finally:
            con.close()


# --- the whole file ------------------------------------------------------------------------------


def _revisar_encabezado(encabezado: list[str], nombre: str) -> list[str]:
    columnas = [c.strip().lower() for c in encabezado]
    admitidas = COLUMNAS + COLUMNAS_OPCIONALES
    if set(COLUMNAS) <= set(columnas) <= set(admitidas) and len(set(columnas)) == len(columnas):
        return columnas
    problemas = problemas_de_encabezado(columnas, COLUMNAS, admitidas)
    raise ErrorArchivo(
        f"El encabezado de «{nombre}» no es el esperado ({'; '.join(problemas)}). La primera "
        f"línea debe ser: {ENCABEZADO} (y, si se quiere, las columnas "
        f"{', '.join(COLUMNAS_OPCIONALES)}). No se guardó nada."
    )


_ESQUEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE fila (
    linea INTEGER PRIMARY KEY, rfc TEXT NOT NULL, nombre TEXT NOT NULL, registro TEXT NOT NULL,
    entidad TEXT NOT NULL, subdelegacion TEXT NOT NULL, zona TEXT NOT NULL,
    valida INTEGER NOT NULL DEFAULT 1, zona_salario TEXT, modalidad TEXT, situacion TEXT
);
CREATE TABLE error (linea INTEGER PRIMARY KEY, texto TEXT NOT NULL);
"""
_LOTE_BORRADOR = 10_000


class Lectura:
    """The file as read: counts, the good rows in batches, and the errors in line order."""

    def __init__(self, conexion: sqlite3.Connection, filas_leidas: int) -> None:
        self._con = conexion
        self.filas_leidas = filas_leidas

    def lotes(self, tamano: int) -> Iterator[list[FilaPadron]]:
        """The rows without errors, in file order, `tamano` at a time."""
        for renglones in en_paginas(
            self._con,
            "SELECT linea, rfc, nombre, registro, entidad, subdelegacion, zona, zona_salario, "
            "modalidad, situacion FROM fila "
            "WHERE valida = 1 AND linea > ? ORDER BY linea LIMIT ?",
            tamano,
        ):
            yield [FilaPadron(*r) for r in renglones]

    def anotar_error(self, linea: int, texto: str) -> None:
        """Record a problem of a row (joined to any it already has); the row is not imported."""
        _anotar_errores(self._con, [(linea, texto)])

    @property
    def filas_con_error(self) -> int:
        return int(self._con.execute("SELECT COUNT(*) FROM error").fetchone()[0])

    def errores(self) -> Iterator[str]:
        """One Spanish line per bad row, in line order."""
        for renglones in en_paginas(
            self._con,
            "SELECT linea, texto FROM error WHERE linea > ? ORDER BY linea LIMIT ?",
            _LOTE_BORRADOR,
        ):
            for linea, texto in renglones:
                yield formatear_error(linea, texto)


def _anotar_errores(con: sqlite3.Connection, errores: list[tuple[int, str]]) -> None:
    con.executemany(
        "INSERT INTO error (linea, texto) VALUES (?, ?) "
        "ON CONFLICT (linea) DO UPDATE SET texto = texto || '; ' || excluded.texto",
        errores,
    )
    con.executemany("UPDATE fila SET valida = 0 WHERE linea = ?", [(e[0],) for e in errores])


def _cargar(archivo: Iterable[bytes], nombre: str, con: sqlite3.Connection) -> int:
    lector = csv.reader(lineas_utf8(archivo, nombre), strict=True)
    try:
        encabezado = next(lector, None)
        if encabezado is None:
            raise ErrorArchivo(
                f"«{nombre}» está vacío: la primera línea debe ser {ENCABEZADO}. No se guardó nada."
            )
        columnas = _revisar_encabezado(encabezado, nombre)
        leidas = 0
        buenas: list[tuple[object, ...]] = []
        malas: list[tuple[int, str]] = []
        for linea, celdas in filas_escritas(lector):
            leidas += 1
            if len(celdas) != len(columnas):
                malas.append(
                    (
                        linea,
                        f"columnas: la fila tiene {len(celdas)} valores y se esperan "
                        f"{len(columnas)} ({','.join(columnas)}); revise las comas y encierre "
                        "entre comillas los valores que las contengan.",
                    )
                )
            else:
                try:
                    f = validar_fila(linea, dict(zip(columnas, celdas, strict=True)))
                    buenas.append(
                        (
                            f.linea,
                            f.rfc,
                            f.nombre,
                            f.registro,
                            f.entidad,
                            f.subdelegacion,
                            f.zona_horaria,
                            f.zona_salario,
                            f.modalidad,
                            f.situacion,
                        )
                    )
                except ErrorFila as exc:
                    malas.append((linea, exc.texto))
            if len(buenas) >= _LOTE_BORRADOR or len(malas) >= _LOTE_BORRADOR:
                _guardar(con, buenas, malas)
        _guardar(con, buenas, malas)
    except csv.Error as exc:
        raise csv_invalido(nombre, lector.line_num, exc) from exc
    return leidas


def _guardar(
    con: sqlite3.Connection, buenas: list[tuple[object, ...]], malas: list[tuple[int, str]]
) -> None:
    con.executemany(
        "INSERT INTO fila (linea, rfc, nombre, registro, entidad, subdelegacion, zona, "
        "zona_salario, modalidad, situacion) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        buenas,
    )
    con.executemany("INSERT INTO error VALUES (?, ?)", malas)
    buenas.clear()
    malas.clear()


_EN_PROSA = {
    "rfc": "RFC",
    "subdelegacion": "subdelegación",
    "zona_horaria": "zona horaria",
    "zona_salario": "zona de salario mínimo",
    "situacion": "situación",
}


def _prosa(columnas: list[str]) -> str:
    nombres = [_EN_PROSA.get(c, c) for c in columnas]
    return nombres[0] if len(nombres) == 1 else ", ".join(nombres[:-1]) + f" y {nombres[-1]}"


def _columnas(nombres: list[str]) -> str:
    citadas = [f"«{n}»" for n in nombres]
    if len(citadas) == 1:
        return f"columna {citadas[0]}"
    return "columnas " + ", ".join(citadas[:-1]) + f" y {citadas[-1]}"


def _marcar_conflictos(con: sqlite3.Connection) -> None:
    """Rows that contradict each other within the file: all of them are refused."""
    con.execute("CREATE INDEX fila_registro ON fila (registro)")
    con.execute("CREATE INDEX fila_rfc ON fila (rfc)")
    errores: list[tuple[int, str]] = []
    renglones = con.execute(
        "SELECT registro, linea, rfc, entidad, subdelegacion, COALESCE(zona_salario, ''), "
        "COALESCE(modalidad, ''), COALESCE(situacion, '') "
        "FROM fila WHERE registro IN ("
        " SELECT registro FROM fila GROUP BY registro"
        " HAVING COUNT(DISTINCT rfc || char(31) || entidad || char(31) || subdelegacion"
        " || char(31) || COALESCE(zona_salario, '') || char(31) || COALESCE(modalidad, '')"
        " || char(31) || COALESCE(situacion, '')) > 1"
        ") ORDER BY registro, linea"
    ).fetchall()
    for registro, grupo in groupby(renglones, key=lambda r: r[0]):
        filas = list(grupo)
        lineas = [f[1] for f in filas]
        distintas = [
            c
            for i, c in enumerate(
                ("rfc", "entidad", "subdelegacion", "zona_salario", "modalidad", "situacion"), 2
            )
            if len({f[i] for f in filas}) > 1
        ]
        texto = (
            f"columna «registro_patronal»: el registro patronal {registro} aparece en las líneas "
            f"{lista_lineas(lineas)} con distinto {_prosa(distintas)}: deje una sola fila con "
            "los datos correctos."
        )
        errores.extend((linea, texto) for linea in lineas)
    renglones = con.execute(
        "SELECT rfc, linea, nombre, zona FROM fila WHERE rfc IN ("
        " SELECT rfc FROM fila GROUP BY rfc"
        " HAVING COUNT(DISTINCT nombre || char(31) || zona) > 1"
        ") ORDER BY rfc, linea"
    ).fetchall()
    for rfc, grupo in groupby(renglones, key=lambda r: r[0]):
        filas = list(grupo)
        lineas = [f[1] for f in filas]
        distintas = [
            c for i, c in enumerate(("nombre", "zona_horaria"), 2) if len({f[i] for f in filas}) > 1
        ]
        texto = (
            f"{_columnas(distintas)}: el RFC {rfc} aparece en las líneas {lista_lineas(lineas)} "
            f"con distinto {_prosa(distintas)}: escriba el mismo nombre y la misma zona "
            "horaria en todas las filas del patrón."
        )
        errores.extend((linea, texto) for linea in lineas)
    _anotar_errores(con, errores)


@contextmanager
def leer_padron(ruta: Path) -> Iterator[Lectura]:
    """Read and check the whole file; ErrorArchivo when it cannot be imported at all."""
    with borrador("buzon-padron-") as con:
        con.executescript(_ESQUEMA)
        try:
            with ruta.open("rb") as archivo:
                leidas = _cargar(archivo, ruta.name, con)
        except OSError as exc:
            raise ErrorArchivo(
                f"No se pudo leer «{ruta}» ({exc.strerror or exc}). No se guardó nada."
            ) from exc
        _marcar_conflictos(con)
        yield Lectura(con, leidas)
