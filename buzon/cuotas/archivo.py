"""The afiliación files (movements, primas de riesgos de trabajo): their formats for the shared
reader `buzon.padron.lectura` (pure: no Django import) and the plain SQL that finds rows
contradicting each other within one file. `leer(ruta, MOVIMIENTOS)` reads and checks a file; the
database is written afterwards, in batches, by `buzon.cuotas.servicios`.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from itertools import groupby

from buzon.cuotas.filas import (
    COLUMNAS_MOVIMIENTOS,
    COLUMNAS_PRIMAS,
    TIPOS,
    FilaMovimiento,
    FilaPrima,
    validar_movimiento,
    validar_prima,
)
from buzon.padron.archivo import lista_lineas
from buzon.padron.lectura import ErrorArchivo, Formato, Lectura, Problema, leer

__all__ = ["MOVIMIENTOS", "PRIMAS", "ErrorArchivo", "Formato", "Lectura", "Problema", "leer"]


def _conflictos_de_movimientos(con: sqlite3.Connection) -> list[Problema]:
    con.execute("CREATE INDEX fila_nss ON fila (nss)")
    con.execute("CREATE INDEX fila_clave ON fila (registro, nss, fecha, tipo)")
    problemas: list[Problema] = []
    renglones = con.execute(
        "SELECT nss, linea, curp, nombre FROM fila WHERE nss IN ("
        " SELECT nss FROM fila GROUP BY nss HAVING COUNT(DISTINCT curp || char(31) || nombre) > 1"
        ") ORDER BY nss, linea"
    ).fetchall()
    for nss, grupo in groupby(renglones, key=lambda r: r[0]):
        filas = list(grupo)
        campo = "curp" if len({f[2] for f in filas}) > 1 else "nombre"
        texto = (
            f"el NSS {nss} aparece en las líneas {lista_lineas([f[1] for f in filas])} con "
            f"distint{'a CURP' if campo == 'curp' else 'o nombre'}: escriba la misma CURP y el "
            "mismo nombre en todas las filas del asegurado."
        )
        problemas.extend((f[1], campo, texto) for f in filas)
    renglones = con.execute(
        "SELECT registro, nss, fecha, tipo, linea FROM fila"
        " WHERE (registro, nss, fecha, tipo) IN ("
        "  SELECT registro, nss, fecha, tipo FROM fila GROUP BY registro, nss, fecha, tipo"
        "  HAVING COUNT(DISTINCT COALESCE(sbc, '') || char(31) || COALESCE(dias, '')) > 1"
        " ) ORDER BY registro, nss, fecha, tipo, linea"
    ).fetchall()
    for (registro, nss, fecha, tipo), grupo in groupby(renglones, key=lambda r: r[:4]):
        lineas = [f[4] for f in grupo]
        campo = "dias" if tipo in ("11", "12") else "sbc"
        dato = "días" if campo == "dias" else "salario base de cotización"
        texto = (
            f"el movimiento {tipo} ({TIPOS[tipo]}) del {fecha} del NSS {nss} en el registro "
            f"{registro} aparece en las líneas {lista_lineas(lineas)} con distinto {dato}: deje "
            "una sola fila con el dato correcto."
        )
        problemas.extend((linea, campo, texto) for linea in lineas)
    return problemas


def _conflictos_de_primas(con: sqlite3.Connection) -> list[Problema]:
    con.execute("CREATE INDEX fila_clave ON fila (registro, vigente_desde)")
    renglones = con.execute(
        "SELECT registro, vigente_desde, linea FROM fila WHERE (registro, vigente_desde) IN ("
        " SELECT registro, vigente_desde FROM fila GROUP BY registro, vigente_desde"
        " HAVING COUNT(DISTINCT prima) > 1"
        ") ORDER BY registro, vigente_desde, linea"
    ).fetchall()
    problemas: list[Problema] = []
    for (registro, desde), grupo in groupby(renglones, key=lambda r: r[:2]):
        lineas = [f[2] for f in grupo]
        texto = (
            f"la prima del registro {registro} vigente desde {desde} aparece en las líneas "
            f"{lista_lineas(lineas)} con distinto valor: deje una sola fila con la prima "
            "correcta."
        )
        problemas.extend((linea, "prima", texto) for linea in lineas)
    return problemas


def _texto_o_nada(valor: Decimal | int | None) -> str | None:
    return None if valor is None else str(valor)


MOVIMIENTOS: Formato[FilaMovimiento] = Formato(
    columnas=COLUMNAS_MOVIMIENTOS,
    campos=("linea", "registro", "nss", "curp", "nombre", "tipo", "fecha", "sbc", "dias"),
    validar=validar_movimiento,
    como_tupla=lambda f: (
        f.linea,
        f.registro,
        f.nss,
        f.curp,
        f.nombre,
        f.tipo,
        f.fecha.isoformat(),
        _texto_o_nada(f.sbc),
        f.dias,
    ),
    desde_tupla=lambda t: FilaMovimiento(
        t[0],
        t[1],
        t[2],
        t[3],
        t[4],
        t[5],
        date.fromisoformat(t[6]),
        None if t[7] is None else Decimal(t[7]),
        None if t[8] is None else int(t[8]),
    ),
    conflictos=_conflictos_de_movimientos,
    prefijo="buzon-afiliacion-",
)

PRIMAS: Formato[FilaPrima] = Formato(
    columnas=COLUMNAS_PRIMAS,
    campos=("linea", "registro", "vigente_desde", "prima"),
    validar=validar_prima,
    como_tupla=lambda f: (f.linea, f.registro, f.vigente_desde.isoformat(), str(f.prima)),
    desde_tupla=lambda t: FilaPrima(t[0], t[1], date.fromisoformat(t[2]), Decimal(t[3])),
    conflictos=_conflictos_de_primas,
    prefijo="buzon-afiliacion-",
)
