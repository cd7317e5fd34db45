"""PURE. Trámite declarations (data, not code): reading and checking a trámite's file.

A trámite is declared in a JSON file (format `buzon-tramite-1`, see docs/actuaciones.md): its
clave, version, legal name and numeral, who files it, whether it needs an enabled mailbox and
expects an answer, Spanish help, the attachment rules and a JSON Schema (draft 2020-12) of its
datos. The schema is restricted to what the Buzón can turn into a form: objects that close their
properties, strings (with `maxLength`, `enum` or a `format`), integers, numbers, booleans and
arrays (with `maxItems`) of those or of objects. Formats: `date` (AAAA-MM-DD), `rfc` (checked
with buzon.legal.rfc) and `registro-patronal`. An actuación's datos are checked against that
schema by `validacion`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from buzon.actuaciones.anexos import CSV, EXTENSIONES, TABLAS, Reglas

FORMATO = "buzon-tramite-1"
PROMOVENTES = ("rfc", "registro_patronal", "cualquiera")
FORMATOS = ("date", "rfc", "registro-patronal")
TIPOS = ("string", "integer", "number", "boolean", "object", "array")
#: Largest attachment any trámite may allow (a trámite declares its own, up to this).
MAXIMO_ANEXO = 20 * 1024 * 1024

_CLAVE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$")
_PROPIEDAD = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class ErrorDeclaracion(ValueError):
    """A trámite file that cannot be loaded; `campo` names the part at fault."""

    def __init__(self, mensaje: str, campo: str) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.campo = campo


@dataclass(frozen=True)
class Declaracion:
    clave: str
    version: str
    nombre: str
    numeral: str
    fundamento: str
    ayuda: str
    #: "rfc": filed by the RFC; "registro_patronal": for one of its registros (required);
    #: "cualquiera": by the RFC, optionally naming a registro.
    promovente: str
    requiere_habilitacion: bool
    espera_respuesta: bool
    #: The datos field holding the folio of the notified requirement it answers (7.6), if any.
    requerimiento: str | None
    esquema: Mapping[str, Any]
    anexos: Reglas
    ayuda_anexos: str

    def como_json(self) -> dict[str, Any]:
        """The declaration as stored and served (same format as the file)."""
        return {
            "formato": FORMATO,
            "clave": self.clave,
            "version": self.version,
            "nombre": self.nombre,
            "numeral": self.numeral,
            "fundamento": self.fundamento,
            "ayuda": self.ayuda,
            "promovente": self.promovente,
            "requiere_habilitacion": self.requiere_habilitacion,
            "espera_respuesta": self.espera_respuesta,
            "requerimiento": self.requerimiento,
            "esquema": self.esquema,
            "anexos": reglas_como_json(self.anexos, self.ayuda_anexos),
        }


def reglas_como_json(reglas: Reglas, ayuda: str = "") -> dict[str, Any]:
    """As declared; `tabla` only when there is one (older versions keep their exact form)."""
    return {
        "tipos": list(reglas.tipos),
        "maximo_bytes": reglas.maximo_bytes,
        "minimo": reglas.minimo,
        "maximo": reglas.maximo,
        "ayuda": ayuda,
        **({"tabla": reglas.tabla} if reglas.tabla else {}),
    }


def _texto(doc: Mapping[str, Any], clave: str, largo: int, obligatorio: bool = True) -> str:
    valor = doc.get(clave, "")
    if not isinstance(valor, str) or (obligatorio and not valor.strip()) or len(valor) > largo:
        raise ErrorDeclaracion(
            f"«{clave}» debe ser un texto{' no vacío' if obligatorio else ''} de hasta "
            f"{largo} caracteres.",
            clave,
        )
    return " ".join(valor.split()) if largo <= 300 else valor.strip()


def _booleano(doc: Mapping[str, Any], clave: str) -> bool:
    valor = doc.get(clave)
    if not isinstance(valor, bool):
        raise ErrorDeclaracion(f"«{clave}» debe ser true o false.", clave)
    return valor


def _entero(doc: Mapping[str, Any], clave: str, minimo: int, maximo: int, ruta: str) -> int:
    valor = doc.get(clave)
    if not isinstance(valor, int) or isinstance(valor, bool) or not minimo <= valor <= maximo:
        raise ErrorDeclaracion(f"«{ruta}» debe ser un entero entre {minimo} y {maximo}.", ruta)
    return valor


def _reglas_anexos(doc: Any) -> tuple[Reglas, str]:
    if not isinstance(doc, dict):
        raise ErrorDeclaracion("«anexos» debe ser un objeto con las reglas de archivos.", "anexos")
    tipos = doc.get("tipos")
    if (
        not isinstance(tipos, list)
        or not tipos
        or any(t not in EXTENSIONES for t in tipos)
        or len(set(tipos)) != len(tipos)
    ):
        raise ErrorDeclaracion(
            f"«anexos.tipos» debe listar tipos admitidos: {', '.join(EXTENSIONES)}.",
            "anexos.tipos",
        )
    maximo_bytes = _entero(doc, "maximo_bytes", 1024, MAXIMO_ANEXO, "anexos.maximo_bytes")
    minimo = _entero(doc, "minimo", 0, 20, "anexos.minimo")
    maximo = _entero(doc, "maximo", 0, 20, "anexos.maximo")
    if minimo > maximo:
        raise ErrorDeclaracion("«anexos.minimo» no puede exceder «anexos.maximo».", "anexos")
    ayuda = doc.get("ayuda", "")
    if not isinstance(ayuda, str):
        raise ErrorDeclaracion("«anexos.ayuda» debe ser texto.", "anexos.ayuda")
    tabla = doc.get("tabla")
    if tabla is not None and (tabla not in TABLAS or CSV not in tipos):
        raise ErrorDeclaracion(
            f"«anexos.tabla» debe ser una de: {', '.join(TABLAS)}, y «anexos.tipos» debe "
            f"incluir {CSV}.",
            "anexos.tabla",
        )
    if tabla is None and CSV in tipos:
        raise ErrorDeclaracion(
            f"Un trámite que admite {CSV} debe nombrar en «anexos.tabla» las reglas de sus filas.",
            "anexos.tabla",
        )
    return Reglas(tuple(tipos), maximo_bytes, minimo, maximo, tabla), ayuda.strip()


def _revisar_nodo(nodo: Any, ruta: str, raiz: bool = False) -> None:
    """The schema subset the Buzón renders as a form (module docstring)."""
    if not isinstance(nodo, dict):
        raise ErrorDeclaracion(f"«{ruta}» debe ser un esquema (objeto JSON).", ruta)
    tipo = nodo.get("type")
    if tipo not in TIPOS or (raiz and tipo != "object"):
        esperado = "object" if raiz else ", ".join(TIPOS)
        raise ErrorDeclaracion(f"«{ruta}.type» debe ser {esperado}.", f"{ruta}.type")
    if not raiz and not (isinstance(nodo.get("title"), str) and nodo["title"].strip()):
        raise ErrorDeclaracion(
            f"«{ruta}» necesita un «title» en español: es la etiqueta del campo en la página.",
            f"{ruta}.title",
        )
    if tipo == "object":
        propiedades = nodo.get("properties")
        if not isinstance(propiedades, dict) or not propiedades:
            raise ErrorDeclaracion(f"«{ruta}.properties» no puede estar vacío.", ruta)
        if nodo.get("additionalProperties") is not False:
            raise ErrorDeclaracion(
                f'«{ruta}» debe cerrar sus datos con "additionalProperties": false.', ruta
            )
        for nombre, hijo in propiedades.items():
            if not _PROPIEDAD.match(nombre):
                raise ErrorDeclaracion(
                    f"«{nombre}» no es un nombre de dato válido (minúsculas, dígitos y _).",
                    f"{ruta}.properties",
                )
            _revisar_nodo(hijo, f"{ruta}.properties.{nombre}")
        requeridos = nodo.get("required", [])
        if not isinstance(requeridos, list) or any(r not in propiedades for r in requeridos):
            raise ErrorDeclaracion(
                f"«{ruta}.required» solo puede nombrar propiedades declaradas.",
                f"{ruta}.required",
            )
    elif tipo == "array":
        if not isinstance(nodo.get("maxItems"), int):
            raise ErrorDeclaracion(f"«{ruta}» necesita «maxItems».", f"{ruta}.maxItems")
        items = nodo.get("items")
        if isinstance(items, dict) and items.get("type") == "array":
            raise ErrorDeclaracion(f"«{ruta}.items» no puede ser otra lista.", f"{ruta}.items")
        _revisar_nodo(items, f"{ruta}.items")
    elif tipo == "string":
        formato = nodo.get("format")
        if formato is not None and formato not in FORMATOS:
            raise ErrorDeclaracion(
                f"«{ruta}.format» debe ser uno de: {', '.join(FORMATOS)}.", f"{ruta}.format"
            )
        if formato is None and "enum" not in nodo and not isinstance(nodo.get("maxLength"), int):
            raise ErrorDeclaracion(
                f"«{ruta}» necesita «maxLength», «enum» o «format».", f"{ruta}.maxLength"
            )


def leer_declaracion(texto: str) -> Declaracion:
    """Parse and check a trámite file; ErrorDeclaracion names the part at fault."""
    try:
        doc = json.loads(texto)
    except json.JSONDecodeError as exc:
        raise ErrorDeclaracion(
            f"El archivo no es JSON válido (línea {exc.lineno}).", "archivo"
        ) from exc
    if not isinstance(doc, dict):
        raise ErrorDeclaracion("El archivo debe contener un objeto JSON.", "archivo")
    if doc.get("formato") != FORMATO:
        raise ErrorDeclaracion(f'«formato» debe ser "{FORMATO}".', "formato")
    clave = doc.get("clave")
    if not isinstance(clave, str) or not _CLAVE.match(clave):
        raise ErrorDeclaracion(
            "«clave» debe tener de 2 a 40 minúsculas, dígitos o guiones (ej. aclaracion-buzon).",
            "clave",
        )
    version = doc.get("version")
    if not isinstance(version, str) or not _VERSION.match(version):
        raise ErrorDeclaracion(
            "«version» debe ser un texto corto (ej. 2024-08-05 o 1.2).", "version"
        )
    promovente = doc.get("promovente")
    if promovente not in PROMOVENTES:
        raise ErrorDeclaracion(
            f"«promovente» debe ser uno de: {', '.join(PROMOVENTES)}.", "promovente"
        )
    _revisar_nodo(doc.get("esquema"), "esquema", raiz=True)
    esquema: dict[str, Any] = doc["esquema"]
    try:
        Draft202012Validator.check_schema(esquema)
    except SchemaError as exc:
        raise ErrorDeclaracion(
            f"«esquema» no es un JSON Schema válido: {exc.message}", "esquema"
        ) from exc
    requerimiento = doc.get("requerimiento")
    if requerimiento is not None:
        propiedades = esquema["properties"]
        if (
            not isinstance(requerimiento, str)
            or requerimiento not in propiedades
            or propiedades[requerimiento].get("type") != "string"
            or requerimiento not in esquema.get("required", [])
        ):
            raise ErrorDeclaracion(
                "«requerimiento» debe nombrar un dato de texto obligatorio del esquema (el folio "
                "de la notificación que se contesta).",
                "requerimiento",
            )
    reglas, ayuda_anexos = _reglas_anexos(doc.get("anexos"))
    return Declaracion(
        clave=clave,
        version=version,
        nombre=_texto(doc, "nombre", 300),
        numeral=_texto(doc, "numeral", 60),
        fundamento=_texto(doc, "fundamento", 500),
        ayuda=_texto(doc, "ayuda", 4000),
        promovente=str(promovente),
        requiere_habilitacion=_booleano(doc, "requiere_habilitacion"),
        espera_respuesta=_booleano(doc, "espera_respuesta"),
        requerimiento=requerimiento,
        esquema=esquema,
        anexos=reglas,
        ayuda_anexos=ayuda_anexos,
    )
