"""What the client prints: one JSON document with --json (for scripts), Spanish text for people.

Results go to stdout. Failures: the Spanish message on stderr and, with --json, the error object
on stdout as well (the server's own body when the server refused), so a script always parses
stdout.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from .errores import ErrorCliente

VACIO = "—"


class Salida:
    def __init__(self, como_json: bool) -> None:
        self.como_json = como_json

    def resultado(self, datos: Any, humano: str) -> None:
        if self.como_json:
            sys.stdout.write(json.dumps(datos, ensure_ascii=False, indent=1) + "\n")
        else:
            sys.stdout.write(humano.rstrip("\n") + "\n")

    def aviso(self, texto: str) -> None:
        """A progress note for people (stderr, so stdout stays clean); silent with --json."""
        if not self.como_json:
            sys.stderr.write(texto + "\n")

    def error(self, exc: ErrorCliente) -> None:
        sys.stderr.write(f"buzon cliente: {exc.texto}\n")
        if self.como_json:
            sys.stdout.write(json.dumps(exc.cuerpo, ensure_ascii=False) + "\n")


def fecha(valor: Any) -> str:
    """An ISO instant as `20/03/2026 09:30 (-06:00)`, a date as `20/03/2026`; else as it came."""
    if valor is None or valor == "":
        return VACIO
    texto = str(valor)
    try:
        if len(texto) == 10:
            return date.fromisoformat(texto).strftime("%d/%m/%Y")
        instante = datetime.fromisoformat(texto)
    except ValueError:
        return texto
    desfase = instante.strftime("%z")
    zona = f" ({desfase[:3]}:{desfase[3:]})" if desfase else ""
    return instante.strftime("%d/%m/%Y %H:%M") + zona


def texto(valor: Any) -> str:
    if valor is None or valor == "":
        return VACIO
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    if isinstance(valor, list | tuple):
        return ", ".join(texto(v) for v in valor) or VACIO
    return " ".join(str(valor).split())


def _ancho(celda: str) -> int:
    return sum(0 if unicodedata.combining(c) else 1 for c in celda)


def tabla(encabezados: Sequence[str], filas: Sequence[Sequence[str]], vacia: str) -> str:
    """Aligned columns with a header; `vacia` when there are no rows."""
    if not filas:
        return vacia
    anchos = [
        max([_ancho(encabezados[i])] + [_ancho(f[i]) for f in filas])
        for i in range(len(encabezados))
    ]

    def linea(celdas: Sequence[str]) -> str:
        return "  ".join(c + " " * (anchos[i] - _ancho(c)) for i, c in enumerate(celdas)).rstrip()

    separador = "  ".join("-" * a for a in anchos)
    return "\n".join([linea(encabezados), separador, *(linea(f) for f in filas)])


def ficha(pares: Sequence[tuple[str, str]]) -> str:
    """`Etiqueta: valor` lines, labels aligned."""
    ancho = max((_ancho(e) for e, _ in pares), default=0)
    return "\n".join(f"{e}:{' ' * (ancho - _ancho(e))} {v}" for e, v in pares)
