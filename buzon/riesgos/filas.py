"""The rows of `buzon riesgos importar` and `buzon riesgos clases` (pure reading and checking).

registro_patronal,nss,tipo,fecha_termino,dias_subsidiados,porcentaje_incapacidad,defuncion
registro_patronal,clase
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from buzon.cuotas.filas import leer_fecha
from buzon.legal.errores import ErrorLegal
from buzon.legal.nss import normalizar_nss
from buzon.legal.prima_rt import PRIMAS_MEDIAS
from buzon.padron.filas import normalizar_registro
from buzon.padron.lectura import ErrorFila

COLUMNAS_RIESGOS = (
    "registro_patronal",
    "nss",
    "tipo",
    "fecha_termino",
    "dias_subsidiados",
    "porcentaje_incapacidad",
    "defuncion",
)
COLUMNAS_CLASES = ("registro_patronal", "clase")
TRAYECTO = "trayecto"
TIPOS = {"accidente": "accidente", "enfermedad": "enfermedad", "trayecto": TRAYECTO}
_SINONIMOS = {"en trayecto": TRAYECTO, "en_trayecto": TRAYECTO}
_SI = frozenset({"si", "sí", "1"})
_NO = frozenset({"no", "0"})
_DIAS = re.compile(r"\d{1,5}")
_PORCENTAJE = re.compile(r"\d{1,3}(\.\d{1,2})?")


@dataclass(frozen=True)
class FilaRiesgo:
    linea: int
    registro: str
    nss: str
    tipo: str
    fecha_termino: date
    dias_subsidiados: int
    porcentaje_incapacidad: Decimal
    defuncion: bool


@dataclass(frozen=True)
class FilaClase:
    linea: int
    registro: str
    clase: str


def leer_tipo(valor: str) -> str:
    texto = valor.strip().lower()
    tipo = TIPOS.get(texto) or _SINONIMOS.get(texto)
    if tipo is None:
        raise ErrorLegal(
            f"«{valor}» no es un tipo de riesgo: use accidente, enfermedad o trayecto.", "tipo"
        )
    return tipo


def leer_dias_subsidiados(valor: str) -> int:
    texto = valor.strip()
    if not _DIAS.fullmatch(texto):
        raise ErrorLegal(
            f"«{valor}» no son días subsidiados: escriba un número entero de 0 a 99999.",
            "dias_subsidiados",
        )
    return int(texto)


def leer_porcentaje(valor: str) -> Decimal:
    texto = valor.strip() or "0"
    if not _PORCENTAJE.fullmatch(texto) or Decimal(texto) > 100:
        raise ErrorLegal(
            f"«{valor}» no es un porcentaje de incapacidad permanente: de 0 a 100, con a lo más "
            "dos decimales (vacío = 0).",
            "porcentaje_incapacidad",
        )
    return Decimal(texto)


def leer_defuncion(valor: str) -> bool:
    texto = valor.strip().lower()
    if texto in _SI:
        return True
    if texto in _NO or texto == "":
        return False
    raise ErrorLegal(f"«{valor}» no es sí o no (defunción): use si, no, 1 o 0.", "defuncion")


def leer_clase(valor: str) -> str:
    texto = valor.strip().upper()
    if texto not in PRIMAS_MEDIAS:
        raise ErrorLegal(f"«{valor}» no es una clase de riesgo: use I, II, III, IV o V.", "clase")
    return texto


def _tomador(
    celdas: Mapping[str, str], problemas: list[tuple[str | None, str]]
) -> Callable[[str, Callable[[str], Any]], Any]:
    def tomar(columna: str, funcion: Callable[[str], Any]) -> Any:
        try:
            return funcion(celdas[columna])
        except ErrorLegal as exc:
            problemas.append((exc.campo or columna, exc.mensaje))
            return None

    return tomar


def validar_riesgo(linea: int, celdas: Mapping[str, str]) -> FilaRiesgo:
    """One row, normalised; ErrorFila naming every field at fault."""
    problemas: list[tuple[str | None, str]] = []
    tomar = _tomador(celdas, problemas)
    registro = tomar("registro_patronal", normalizar_registro)
    nss = tomar("nss", normalizar_nss)
    tipo = tomar("tipo", leer_tipo)
    fecha = tomar("fecha_termino", lambda v: leer_fecha(v, "fecha_termino"))
    dias = tomar("dias_subsidiados", leer_dias_subsidiados)
    porcentaje = tomar("porcentaje_incapacidad", leer_porcentaje)
    defuncion = tomar("defuncion", leer_defuncion)
    if problemas:
        raise ErrorFila(linea, problemas)
    return FilaRiesgo(linea, registro, nss, tipo, fecha, dias, porcentaje, defuncion)


def validar_clase(linea: int, celdas: Mapping[str, str]) -> FilaClase:
    problemas: list[tuple[str | None, str]] = []
    tomar = _tomador(celdas, problemas)
    registro = tomar("registro_patronal", normalizar_registro)
    clase = tomar("clase", leer_clase)
    if problemas:
        raise ErrorFila(linea, problemas)
    return FilaClase(linea, registro, clase)
