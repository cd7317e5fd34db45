"""The créditos fiscales file: its format for the shared reader `buzon.padron.lectura` (pure: no
Django import, the same machinery as the afiliación files) and the plain SQL that finds rows of
one credit contradicting each other. `leer_creditos(ruta)` reads and checks the whole file; the
database is written afterwards, in batches, by `buzon.cobranza.servicios`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from itertools import groupby
from pathlib import Path

from buzon.cobranza.filas import COLUMNAS, FilaCredito, validar_credito
from buzon.padron import lectura
from buzon.padron.archivo import lista_lineas
from buzon.padron.lectura import ErrorArchivo, Formato, Problema

__all__ = ["CREDITOS", "ErrorArchivo", "Lectura", "Problema", "leer_creditos"]

Lectura = lectura.Lectura[FilaCredito]

_CAMPOS = ("linea", "rfc", "registro", "credito", "concepto", "periodo", "importe", "situacion")
_NOMBRES = {
    "rfc": "RFC",
    "registro": "registro patronal",
    "concepto": "concepto",
    "periodo": "periodo",
    "importe": "importe",
    "situacion": "situación",
}


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


CREDITOS: Formato[FilaCredito] = Formato(
    columnas=COLUMNAS,
    campos=_CAMPOS,
    validar=validar_credito,
    como_tupla=lambda f: (
        f.linea,
        f.rfc,
        f.registro,
        f.credito,
        f.concepto,
        f.periodo,
        str(f.importe),
        f.situacion,
    ),
    desde_tupla=lambda t: FilaCredito(t[0], t[1], t[2], t[3], t[4], t[5], Decimal(t[6]), t[7]),
    conflictos=_conflictos,
    prefijo="buzon-cobranza-",
    verbo="importarlo",
)


@contextmanager
def leer_creditos(ruta: Path, nombre: str | None = None) -> Iterator[Lectura]:
    """Read and check the whole file; ErrorArchivo when it cannot be imported at all. `nombre` is
    how messages name the file (its own name by default)."""
    with lectura.leer(ruta, CREDITOS, nombre) as leida:
        yield leida
