"""The texts shipped with the code (`textos/`, public law, with `manifiesto.json`): what
`buzon normatividad cargar-demo` and `buzon demo` load through the one service, so a fresh clone
has a library without `../shared`. Loading them again adds nothing (same content)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.utils import timezone

from buzon.legal.zonas import ZONA_CENTRO
from buzon.normatividad.servicios import Alta, do_agregar_version, leer_archivo

CARPETA = Path(__file__).resolve().parent / "textos"
MANIFIESTO = CARPETA / "manifiesto.json"


def entradas() -> list[dict[str, str]]:
    datos = json.loads(MANIFIESTO.read_text("utf-8"))
    return list(datos["textos"])


def alta_de(entrada: dict[str, str]) -> Alta:
    return Alta(
        clave=entrada["clave"],
        tipo=entrada["tipo"],
        nombre=entrada["nombre"],
        fecha_dof=date.fromisoformat(entrada["fecha_dof"]),
        fuente_dof=entrada["fuente"],
        vigente_desde=date.fromisoformat(entrada["vigente_desde"]),
    )


def cargar_textos_incluidos(por: str) -> dict[str, Any]:
    """Add every shipped text published by today (each its own transaction; a text whose DOF
    date is still to come, as on an installation whose clock reads an earlier day, is left out
    and listed in `omitidos`); `por`: an administrador's RFC."""
    resumen: dict[str, Any] = {"nuevos": 0, "ya_existian": 0, "textos": [], "omitidos": []}
    hoy = timezone.now().astimezone(ZONA_CENTRO).date()
    for entrada in entradas():
        if date.fromisoformat(entrada["fecha_dof"]) > hoy:
            resumen["omitidos"].append(entrada["clave"])
            continue
        contenido = leer_archivo((CARPETA / entrada["archivo"]).read_bytes())
        resultado = do_agregar_version(alta_de(entrada), contenido, por=por)
        resumen["nuevos" if resultado.nueva else "ya_existian"] += 1
        resumen["textos"].append({"clave": entrada["clave"], "version": resultado.version.numero})
    return resumen
