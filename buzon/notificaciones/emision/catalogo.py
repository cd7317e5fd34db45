"""The catalogue of notifiable acts (7.1–7.18) as data: loaded from a JSON file, versioned.

Format: {"version", "fuente", "actos": [{"clave": "7.n", "nombre", "es_requerimiento"?}]}. An
import replaces names and flags in one transaction, all or nothing, and never deletes an act
(notifications cite it): an act missing from the new file is deactivated.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

from django.db import transaction

from buzon.legal.errores import ErrorLegal
from buzon.notificaciones.models import TipoActo

_CLAVE = re.compile(r"^7\.(?:[1-9]|1[0-8])$")


def leer(texto: str) -> tuple[str, str, list[dict[str, Any]]]:
    """Parse and check a catalogue document; every problem names its entry and field."""
    try:
        documento = json.loads(texto)
    except json.JSONDecodeError as exc:
        raise ErrorLegal(f"El catálogo no es JSON válido (línea {exc.lineno}).", "archivo") from exc
    if not isinstance(documento, dict) or not isinstance(documento.get("actos"), list):
        raise ErrorLegal("El catálogo debe ser un objeto con la lista «actos».", "actos")
    version, fuente = documento.get("version"), documento.get("fuente")
    if not isinstance(version, str) or not version.strip():
        raise ErrorLegal(
            "Falta la «version» del catálogo (por ejemplo, la fecha del DOF).", "version"
        )
    if not isinstance(fuente, str) or not fuente.strip():
        raise ErrorLegal(
            "Falta la «fuente» del catálogo (la disposición que lo establece).", "fuente"
        )
    vistos: set[str] = set()
    actos = []
    for i, acto in enumerate(documento["actos"], start=1):
        if not isinstance(acto, dict):
            raise ErrorLegal(f"El acto {i} debe ser un objeto.", f"actos[{i}]")
        clave, nombre = acto.get("clave"), acto.get("nombre")
        if not isinstance(clave, str) or not _CLAVE.match(clave):
            raise ErrorLegal(f"Acto {i}: la clave debe ser 7.1 a 7.18.", f"actos[{i}].clave")
        if clave in vistos:
            raise ErrorLegal(f"Acto {i}: la clave {clave} está repetida.", f"actos[{i}].clave")
        if not isinstance(nombre, str) or not nombre.strip() or len(nombre) > 300:
            raise ErrorLegal(
                f"Acto {clave}: escriba su nombre legal (hasta 300 caracteres).",
                f"actos[{i}].nombre",
            )
        vistos.add(clave)
        actos.append(
            {
                "clave": clave,
                "nombre": " ".join(nombre.split()),
                "es_requerimiento": acto.get("es_requerimiento") is True,
            }
        )
    return version.strip(), fuente.strip(), actos


def do_importar_catalogo(texto: str) -> int:
    """Load a catalogue document (see module docstring); returns how many acts it holds."""
    version, fuente, actos = leer(texto)
    with transaction.atomic():
        for acto in actos:
            TipoActo.objects.update_or_create(
                clave=acto["clave"],
                defaults={**acto, "fuente": fuente, "version": version, "activo": True},
            )
        TipoActo.objects.exclude(clave__in=[a["clave"] for a in actos]).update(activo=False)
    return len(actos)


def catalogo_base() -> str:
    return (
        resources.files("buzon.notificaciones").joinpath("datos", "actos.json").read_text("utf-8")
    )


def asegurar_catalogo() -> None:
    """Load the shipped catalogue when the table is empty (a flushed or restored database).
    Writes: called by the issuing service and `buzon notificaciones catalogo`, never by a read
    (migration 0002 loads the catalogue; GET requests only read it)."""
    if not TipoActo.objects.exists():
        do_importar_catalogo(catalogo_base())


def claves_activas() -> frozenset[str]:
    asegurar_catalogo()
    return frozenset(TipoActo.objects.filter(activo=True).values_list("clave", flat=True))
