"""PURE. Checking an actuación's datos against its trámite's JSON Schema (esquemas.Declaracion).

Datos are normalised (strings trimmed; RFCs and registros in canonical form) and then validated;
every problem names its field (`contratos[1].rfc`) in Spanish. The canonical form of datos is
compact JSON with sorted keys (what the particular signs inside the cadena).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from buzon.legal.errores import ErrorLegal
from buzon.legal.rfc import normalizar_rfc
from buzon.padron.filas import normalizar_registro

#: Largest canonical datos accepted (characters).
MAXIMO_DATOS = 200_000

_FECHA = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ErrorDato:
    """One problem in the datos: `campo` is the path inside datos ("" for the whole)."""

    campo: str
    codigo: str
    mensaje: str


_verificador_formatos = FormatChecker(formats=())


@_verificador_formatos.checks("rfc", raises=ErrorLegal)
def _es_rfc(valor: object) -> bool:
    if isinstance(valor, str):
        normalizar_rfc(valor)
    return True


@_verificador_formatos.checks("registro-patronal", raises=ErrorLegal)
def _es_registro(valor: object) -> bool:
    if isinstance(valor, str):
        normalizar_registro(valor)
    return True


@_verificador_formatos.checks("date", raises=ValueError)
def _es_fecha(valor: object) -> bool:
    if isinstance(valor, str):
        if not _FECHA.match(valor):
            raise ValueError(valor)
        date.fromisoformat(valor)
    return True


def ruta_texto(partes: Iterable[str | int]) -> str:
    """("contratos", 1, "rfc") -> "contratos[1].rfc"."""
    texto = ""
    for parte in partes:
        if isinstance(parte, int):
            texto += f"[{parte}]"
        else:
            texto += f".{parte}" if texto else parte
    return texto


def _normalizar(valor: Any, nodo: Mapping[str, Any]) -> Any:
    """Trim strings; RFCs and registros in canonical form when they are valid (the validator
    reports the invalid ones)."""
    tipo = nodo.get("type")
    if isinstance(valor, str) and tipo == "string":
        limpio = valor.strip()
        try:
            if nodo.get("format") == "rfc":
                return normalizar_rfc(limpio)
            if nodo.get("format") == "registro-patronal":
                return normalizar_registro(limpio)
        except ErrorLegal:
            return limpio
        return limpio
    if isinstance(valor, dict) and tipo == "object":
        propiedades = nodo.get("properties", {})
        return {k: _normalizar(v, propiedades.get(k, {})) for k, v in valor.items()}
    if isinstance(valor, list) and tipo == "array":
        return [_normalizar(v, nodo.get("items", {})) for v in valor]
    return valor


def _numeros_finitos(valor: Any, ruta: tuple[str | int, ...] = ()) -> ErrorDato | None:
    if isinstance(valor, float) and not math.isfinite(valor):
        return ErrorDato(ruta_texto(ruta), "numero_invalido", "Escriba un número finito.")
    hijos: Iterable[tuple[str | int, Any]] = ()
    if isinstance(valor, dict):
        hijos = valor.items()
    elif isinstance(valor, list):
        hijos = enumerate(valor)
    for clave, hijo in hijos:
        error = _numeros_finitos(hijo, (*ruta, clave))
        if error is not None:
            return error
    return None


_TIPOS_LEGIBLES = {
    "string": "un texto",
    "integer": "un número entero",
    "number": "un número",
    "boolean": "sí o no",
    "object": "un grupo de datos",
    "array": "una lista",
}


def _mensaje(error: ValidationError) -> tuple[str, str]:
    """(code, Spanish sentence) for one schema violation."""
    regla, valor = error.validator, error.validator_value
    if regla == "format":
        causa = error.cause
        if isinstance(causa, ErrorLegal):
            return "formato_invalido", causa.mensaje
        if valor == "date":
            return (
                "formato_invalido",
                "Escriba una fecha válida con el formato AAAA-MM-DD (por ejemplo 2026-03-20).",
            )
        return "formato_invalido", "El valor no tiene el formato esperado."
    if regla == "type":
        tipo = valor if isinstance(valor, str) else "string"
        return "tipo_invalido", f"Debe ser {_TIPOS_LEGIBLES.get(tipo, 'otro tipo de dato')}."
    if regla == "enum":
        opciones = ", ".join(str(v) for v in valor) if isinstance(valor, list) else ""
        return "opcion_invalida", f"Elija una de las opciones: {opciones}."
    if regla == "minLength":
        if valor == 1:
            return "requerido", "Este dato es obligatorio."
        return "muy_corto", f"Escriba al menos {valor} caracteres."
    if regla == "maxLength":
        return "muy_largo", f"Escriba a lo más {valor} caracteres."
    if regla in ("minimum", "exclusiveMinimum"):
        return (
            "fuera_de_rango",
            f"Debe ser {'al menos' if regla == 'minimum' else 'mayor que'} {valor}.",
        )
    if regla in ("maximum", "exclusiveMaximum"):
        return (
            "fuera_de_rango",
            f"Debe ser {'a lo más' if regla == 'maximum' else 'menor que'} {valor}.",
        )
    if regla == "minItems":
        return "faltan_elementos", f"Agregue al menos {valor} elemento(s)."
    if regla == "maxItems":
        return "sobran_elementos", f"Puede agregar a lo más {valor} elemento(s)."
    if regla == "pattern":
        ejemplos = error.schema.get("examples") if isinstance(error.schema, dict) else None
        ejemplo = f" (por ejemplo {ejemplos[0]})" if isinstance(ejemplos, list) and ejemplos else ""
        return "formato_invalido", f"El valor no tiene el formato esperado{ejemplo}."
    if regla == "multipleOf":
        return "formato_invalido", f"Debe ser múltiplo de {valor}."
    return "dato_invalido", "El valor no es válido."


def _errores(validador: Draft202012Validator, datos: Any) -> list[ErrorDato]:
    encontrados: list[ErrorDato] = []
    for error in validador.iter_errors(datos):
        ruta = tuple(error.absolute_path)
        if error.validator == "required" and isinstance(error.instance, dict):
            requeridos = error.validator_value if isinstance(error.validator_value, list) else []
            for nombre in requeridos:
                if nombre not in error.instance:
                    encontrados.append(
                        ErrorDato(
                            ruta_texto((*ruta, nombre)), "requerido", "Este dato es obligatorio."
                        )
                    )
            continue
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            permitidas = (
                error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
            )
            for nombre in error.instance:
                if nombre not in permitidas:
                    encontrados.append(
                        ErrorDato(
                            ruta_texto((*ruta, str(nombre))),
                            "dato_desconocido",
                            f"El dato «{nombre}» no pertenece a este trámite.",
                        )
                    )
            continue
        codigo, mensaje = _mensaje(error)
        encontrados.append(ErrorDato(ruta_texto(ruta), codigo, mensaje))
    unicos: dict[str, ErrorDato] = {}
    for e in encontrados:
        unicos.setdefault(e.campo, e)  # the first problem of each field is the one shown
    return list(unicos.values())


_validadores: dict[str, Draft202012Validator] = {}
#: The same validators by schema object: id -> (the schema, kept alive so that its id cannot be
#: reused by another object while the entry exists; its validator).
_por_objeto: dict[int, tuple[Mapping[str, Any], Draft202012Validator]] = {}


def validador(esquema: Mapping[str, Any]) -> Draft202012Validator:
    """A compiled validator per schema (declarations are immutable once loaded).

    A declaration is parsed once per process (catalogo.declaracion_de), so the same schema object
    comes back on every filing: it is found by identity, without serialising the schema again.
    Any other schema object is found by its canonical text (equal schemas share a validator)."""
    propio = _por_objeto.get(id(esquema))
    if propio is not None and propio[0] is esquema:
        return propio[1]
    clave = canonico(esquema)
    compilado = _validadores.get(clave)
    if compilado is None:
        if len(_validadores) > 256:
            _validadores.clear()
        compilado = _validadores[clave] = Draft202012Validator(
            dict(esquema), format_checker=_verificador_formatos
        )
    if len(_por_objeto) > 256:
        _por_objeto.clear()
    _por_objeto[id(esquema)] = (esquema, compilado)
    return compilado


def validar_datos(esquema: Mapping[str, Any], datos: Any) -> tuple[dict[str, Any], list[ErrorDato]]:
    """(normalised datos, problems). Problems are empty when the datos may be filed."""
    if not isinstance(datos, dict):
        return {}, [ErrorDato("", "tipo_invalido", "Los datos deben ser un objeto JSON.")]
    no_finito = _numeros_finitos(datos)
    if no_finito is not None:
        return {}, [no_finito]
    normalizados = _normalizar(datos, esquema)
    errores = _errores(validador(esquema), normalizados)
    if not errores and len(canonico(normalizados)) > MAXIMO_DATOS:
        errores = [
            ErrorDato(
                "",
                "datos_demasiado_grandes",
                f"Los datos exceden {MAXIMO_DATOS:,} caracteres: reparta la información en "
                "varias actuaciones o adjúntela como archivo.",
            )
        ]
    return normalizados, errores


def canonico(valor: Any) -> str:
    """Compact JSON with sorted keys, UTF-8 characters kept: the form the cadena carries."""
    return json.dumps(
        valor, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
