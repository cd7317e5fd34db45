"""What a trámite's form page says before and after a round: the error summary (every problem
of the round, each linking to its field, GOV.UK style) and the way out for an employer the padrón
knows no registro patronal of.

All the checks of one round run together (the datos against the schema, the registro patronal,
how many files): the person fixes everything at once instead of discovering one error per
submission. The content checks of the files and the CSV rows need the datos to be valid and run
in the service afterwards; their errors join the same summary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from buzon.actuaciones import anexos as reglas_anexos
from buzon.actuaciones.esquemas import Declaracion
from buzon.actuaciones.formulario import Campo

#: The aclaración of numeral 5.9, open to every particular (enabled or not, with a registro or not).
ACLARACION = "aclaracion-buzon"
#: The page's ids of the fields that are not in the trámite's schema.
ID_REGISTRO = "registro_patronal"
ID_ANEXOS = "anexos"
ID_FORMULARIO = "formulario-tramite"

REGISTRO_REQUERIDO = (
    "Elija el registro patronal por el que presenta este trámite: sin él no se puede presentar."
)


def sin_registro(declaracion: Declaracion, registros: list[str]) -> bool:
    """The trámite is filed for a registro patronal and the padrón has none for this RFC [I-93]."""
    return declaracion.promovente == "registro_patronal" and not registros


def revisar_ronda(declaracion: Declaracion, registro: str, cuantos_archivos: int) -> dict[str, str]:
    """The form-level checks that do not need valid datos: {área: mensaje} (registro, anexos)."""
    otros: dict[str, str] = {}
    if declaracion.promovente == "registro_patronal" and not registro.strip():
        otros["registro"] = REGISTRO_REQUERIDO
    try:
        reglas_anexos.revisar_cantidad(cuantos_archivos, declaracion.anexos)
    except reglas_anexos.ErrorAnexo as exc:
        otros["anexos"] = exc.mensaje
    return otros


def _con_error(campos: Iterable[Campo]) -> Iterable[Campo]:
    for campo in campos:
        if campo.error:
            yield campo
        yield from _con_error(campo.hijos)


def resumen(
    campos: list[Campo], errores: Mapping[str, str], otros: Mapping[str, str]
) -> list[dict[str, Any]]:
    """[{id, mensaje}] in the page's order: registro, the fields, the files, the rest.

    A field's line starts with its label, so each link says where it goes; an error whose path
    has no field of its own (never expected from the schema's validator) links to the form."""
    lineas: list[dict[str, Any]] = []
    if otros.get("registro"):
        lineas.append({"id": ID_REGISTRO, "mensaje": f"Registro patronal: {otros['registro']}"})
    vistos: set[str] = set()
    for campo in _con_error(campos):
        vistos.add(campo.nombre)
        lineas.append({"id": campo.id, "mensaje": f"{campo.etiqueta}: {campo.error}"})
    for ruta, mensaje in errores.items():
        if ruta not in vistos:
            lineas.append({"id": ID_FORMULARIO, "mensaje": mensaje})
    if otros.get("anexos"):
        lineas.append({"id": ID_ANEXOS, "mensaje": f"Archivos adjuntos: {otros['anexos']}"})
    if otros.get("general"):
        lineas.append({"id": ID_FORMULARIO, "mensaje": otros["general"]})
    return lineas
