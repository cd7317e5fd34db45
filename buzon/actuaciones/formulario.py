"""PURE. A trámite's JSON Schema as an HTML form, the submitted form back into datos, and datos
shown for reading. Field names are the datos paths (`contratos[0].rfc_contratante`), so an error
from the validator (validacion.ErrorDato.campo) lands next to its field.

Widgets: strings → text input (textarea when maxLength > 300; date input for format date;
select for enum); integers and numbers → number inputs; booleans → checkbox; objects → fieldset;
arrays → rows (one per item), with a row template that formulario.js clones and an «Agregar»
button that works without JavaScript (the page re-renders with one more row).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from buzon.actuaciones.validacion import ruta_texto

INDICE = "__i__"
#: A string whose maxLength exceeds this is a long text (textarea).
LARGO_AREA = 300


@dataclass
class Campo:
    nombre: str
    etiqueta: str
    ayuda: str
    control: str  # texto, area, fecha, opciones, entero, numero, casilla, grupo, lista
    requerido: bool = False
    valor: str = ""
    opciones: list[str] = field(default_factory=list)
    hijos: list[Campo] = field(default_factory=list)
    plantilla: Campo | None = None
    error: str = ""
    largo: int | None = None
    minimo: int | float | None = None
    maximo: int | float | None = None
    ejemplo: str = ""

    @property
    def id(self) -> str:
        return "campo-" + re.sub(r"[^A-Za-z0-9_]+", "-", self.nombre).strip("-")

    @property
    def errores_internos(self) -> bool:
        return bool(self.error) or any(h.errores_internos for h in self.hijos)


def _control(nodo: Mapping[str, Any]) -> str:
    tipo = nodo.get("type")
    if tipo == "object":
        return "grupo"
    if tipo == "array":
        return "lista"
    if tipo == "boolean":
        return "casilla"
    if "enum" in nodo:
        return "opciones"
    if tipo == "integer":
        return "entero"
    if tipo == "number":
        return "numero"
    if nodo.get("format") == "date":
        return "fecha"
    largo = nodo.get("maxLength")
    return "area" if isinstance(largo, int) and largo > LARGO_AREA else "texto"


def _texto(valor: Any) -> str:
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "on" if valor else ""
    return str(valor)


def campos(
    esquema: Mapping[str, Any],
    datos: Mapping[str, Any] | None = None,
    errores: Mapping[str, str] | None = None,
    extra: Mapping[str, int] | None = None,
) -> list[Campo]:
    """The form's fields for `esquema` (the root object), filled with `datos`, with `errores`
    ({path: message}) beside their fields and `extra` empty rows added to arrays ({path: n})."""
    return _hijos(esquema, datos or {}, (), errores or {}, extra or {})


def _hijos(
    nodo: Mapping[str, Any],
    datos: Any,
    ruta: tuple[str | int, ...],
    errores: Mapping[str, str],
    extra: Mapping[str, int],
) -> list[Campo]:
    requeridos = set(nodo.get("required", []))
    valores = datos if isinstance(datos, Mapping) else {}
    return [
        _campo(hijo, valores.get(nombre), (*ruta, nombre), nombre in requeridos, errores, extra)
        for nombre, hijo in nodo.get("properties", {}).items()
    ]


def _campo(
    nodo: Mapping[str, Any],
    valor: Any,
    ruta: tuple[str | int, ...],
    requerido: bool,
    errores: Mapping[str, str],
    extra: Mapping[str, int],
) -> Campo:
    nombre = ruta_texto(ruta)
    control = _control(nodo)
    ejemplos = nodo.get("examples")
    campo = Campo(
        nombre=nombre,
        etiqueta=str(nodo.get("title", ruta[-1] if ruta else "")),
        ayuda=str(nodo.get("description", "")),
        control=control,
        requerido=requerido,
        error=errores.get(nombre, ""),
        largo=nodo.get("maxLength"),
        minimo=nodo.get("minimum"),
        maximo=nodo.get("maximum"),
        ejemplo=str(ejemplos[0]) if isinstance(ejemplos, list) and ejemplos else "",
    )
    if control == "grupo":
        campo.hijos = _hijos(nodo, valor, ruta, errores, extra)
    elif control == "lista":
        items = nodo.get("items", {})
        filas = list(valor) if isinstance(valor, list) else []
        minimo = nodo.get("minItems", 0)
        cuantas = max(len(filas), minimo if isinstance(minimo, int) else 0, 1)
        cuantas += extra.get(nombre, 0)
        filas += [None] * (cuantas - len(filas))
        campo.hijos = [
            _campo(items, fila, (*ruta, i), True, errores, extra) for i, fila in enumerate(filas)
        ]
        modelo = _campo(items, None, (*ruta, 0), True, {}, {})
        campo.plantilla = _reindexar(modelo, f"{nombre}[0]", f"{nombre}[{INDICE}]")
        campo.largo = nodo.get("maxItems")
    else:
        campo.valor = _texto(valor)
        campo.opciones = [str(o) for o in nodo.get("enum", [])]
    return campo


def _reindexar(campo: Campo, antes: str, despues: str) -> Campo:
    campo.nombre = despues + campo.nombre.removeprefix(antes)
    for hijo in campo.hijos:
        _reindexar(hijo, antes, despues)
    return campo


# --- The submitted form back into datos ----------------------------------------------------------


def leer(esquema: Mapping[str, Any], enviado: Mapping[str, str]) -> dict[str, Any]:
    """The datos a submitted form holds. Empty inputs are left out (so «required» reports them);
    numbers that do not parse stay as the text typed (so «type» reports them, next to the
    field); array rows left entirely empty are dropped."""
    valor = _leer_objeto(esquema, enviado, ())
    return valor if isinstance(valor, dict) else {}


def _leer_objeto(
    nodo: Mapping[str, Any], enviado: Mapping[str, str], ruta: tuple[str | int, ...]
) -> dict[str, Any] | None:
    resultado: dict[str, Any] = {}
    for nombre, hijo in nodo.get("properties", {}).items():
        valor = _leer(hijo, enviado, (*ruta, nombre))
        if valor is not None:
            resultado[nombre] = valor
    return resultado or None


def _leer(nodo: Mapping[str, Any], enviado: Mapping[str, str], ruta: tuple[str | int, ...]) -> Any:
    tipo = nodo.get("type")
    nombre = ruta_texto(ruta)
    if tipo == "object":
        return _leer_objeto(nodo, enviado, ruta)
    if tipo == "array":
        patron = re.compile(re.escape(nombre) + r"\[(\d{1,4})\]")
        indices = sorted({int(m[1]) for k in enviado if (m := patron.match(k))})
        filas = [_leer(nodo.get("items", {}), enviado, (*ruta, i)) for i in indices]
        presentes = [f for f in filas if f is not None]
        return presentes or None
    if tipo == "boolean":  # a checkbox: checked is true; unchecked is absent
        return True if enviado.get(nombre, "") not in ("", "off") else None
    texto = enviado.get(nombre, "").strip()
    if texto == "":
        return None
    if tipo == "integer" and re.fullmatch(r"-?\d{1,15}", texto):
        return int(texto)
    if tipo == "number" and re.fullmatch(r"-?\d{1,15}(\.\d{1,10})?", texto):
        return int(texto) if "." not in texto else float(texto)
    if "enum" in nodo and tipo in ("integer", "number"):
        for opcion in nodo["enum"]:
            if str(opcion) == texto:
                return opcion
    return texto


# --- Datos for reading ---------------------------------------------------------------------------


@dataclass
class Dato:
    etiqueta: str
    valor: str = ""
    hijos: list[Dato] = field(default_factory=list)
    #: For an array of objects: column titles and one row of texts per item.
    columnas: list[str] = field(default_factory=list)
    filas: list[list[str]] = field(default_factory=list)


def lectura(esquema: Mapping[str, Any], datos: Mapping[str, Any]) -> list[Dato]:
    """The datos as labelled values in the schema's order (fields absent from datos omitted)."""
    resultado = []
    for nombre, nodo in esquema.get("properties", {}).items():
        if nombre in datos:
            resultado.append(_dato(nodo, datos[nombre], str(nodo.get("title", nombre))))
    return resultado


def _legible(valor: Any) -> str:
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    if valor is None:
        return ""
    return str(valor)


def _dato(nodo: Mapping[str, Any], valor: Any, etiqueta: str) -> Dato:
    if nodo.get("type") == "object" and isinstance(valor, Mapping):
        return Dato(etiqueta, hijos=lectura(nodo, valor))
    if nodo.get("type") == "array" and isinstance(valor, list):
        items = nodo.get("items", {})
        if items.get("type") == "object":
            propiedades = items.get("properties", {})
            return Dato(
                etiqueta,
                columnas=[str(p.get("title", n)) for n, p in propiedades.items()],
                filas=[
                    [_legible(f.get(n)) if isinstance(f, Mapping) else "" for n in propiedades]
                    for f in valor
                ],
            )
        return Dato(etiqueta, valor=", ".join(_legible(v) for v in valor))
    return Dato(etiqueta, valor=_legible(valor))
