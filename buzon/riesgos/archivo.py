"""The riesgos files' formats for the shared reader `buzon.padron.lectura` (pure) and the SQL
that finds rows contradicting each other within one file."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from itertools import groupby

from buzon.padron.archivo import lista_lineas
from buzon.padron.lectura import ErrorArchivo, Formato, Lectura, Problema, leer
from buzon.riesgos.filas import (
    COLUMNAS_CLASES,
    COLUMNAS_RIESGOS,
    FilaClase,
    FilaRiesgo,
    validar_clase,
    validar_riesgo,
)

__all__ = ["CLASES", "RIESGOS", "ErrorArchivo", "Lectura", "Problema", "leer"]


def _conflictos_de_riesgos(con: sqlite3.Connection) -> list[Problema]:
    con.execute("CREATE INDEX fila_clave ON fila (registro, fecha_termino, nss, tipo)")
    renglones = con.execute(
        "SELECT registro, nss, tipo, fecha_termino, linea FROM fila"
        " WHERE (registro, fecha_termino, nss, tipo) IN ("
        "  SELECT registro, fecha_termino, nss, tipo FROM fila"
        "  GROUP BY registro, fecha_termino, nss, tipo"
        "  HAVING COUNT(DISTINCT dias || char(31) || porcentaje || char(31) || defuncion) > 1"
        " ) ORDER BY registro, nss, tipo, fecha_termino, linea"
    ).fetchall()
    problemas: list[Problema] = []
    for (registro, nss, tipo, fecha), grupo in groupby(renglones, key=lambda r: r[:4]):
        lineas = [f[4] for f in grupo]
        texto = (
            f"el riesgo ({tipo}) del NSS {nss} terminado el {fecha} en el registro {registro} "
            f"aparece en las líneas {lista_lineas(lineas)} con distintos datos: deje una sola "
            "fila con los datos correctos."
        )
        problemas.extend((linea, "dias_subsidiados", texto) for linea in lineas)
    return problemas


def _conflictos_de_clases(con: sqlite3.Connection) -> list[Problema]:
    con.execute("CREATE INDEX fila_clave ON fila (registro)")
    renglones = con.execute(
        "SELECT registro, linea FROM fila WHERE registro IN ("
        " SELECT registro FROM fila GROUP BY registro HAVING COUNT(DISTINCT clase) > 1"
        ") ORDER BY registro, linea"
    ).fetchall()
    problemas: list[Problema] = []
    for registro, grupo in groupby(renglones, key=lambda r: r[0]):
        lineas = [f[1] for f in grupo]
        texto = (
            f"el registro {registro} aparece en las líneas {lista_lineas(lineas)} con distinta "
            "clase: deje una sola fila."
        )
        problemas.extend((linea, "clase", texto) for linea in lineas)
    return problemas


RIESGOS: Formato[FilaRiesgo] = Formato(
    columnas=COLUMNAS_RIESGOS,
    campos=(
        "linea",
        "registro",
        "nss",
        "tipo",
        "fecha_termino",
        "dias",
        "porcentaje",
        "defuncion",
    ),
    validar=validar_riesgo,
    como_tupla=lambda f: (
        f.linea,
        f.registro,
        f.nss,
        f.tipo,
        f.fecha_termino.isoformat(),
        f.dias_subsidiados,
        str(f.porcentaje_incapacidad),
        int(f.defuncion),
    ),
    desde_tupla=lambda t: FilaRiesgo(
        int(t[0]),
        t[1],
        t[2],
        t[3],
        date.fromisoformat(t[4]),
        int(t[5]),
        Decimal(t[6]),
        bool(int(t[7])),
    ),
    conflictos=_conflictos_de_riesgos,
    prefijo="buzon-riesgos-",
)

CLASES: Formato[FilaClase] = Formato(
    columnas=COLUMNAS_CLASES,
    campos=("linea", "registro", "clase"),
    validar=validar_clase,
    como_tupla=lambda f: (f.linea, f.registro, f.clase),
    desde_tupla=lambda t: FilaClase(int(t[0]), t[1], t[2]),
    conflictos=_conflictos_de_clases,
    prefijo="buzon-riesgos-",
)
