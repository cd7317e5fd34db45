"""The API's request parser: ninja's, refusing the NUL character (U+0000) in any text.

No field of the contract can hold it, and PostgreSQL cannot store it (SQLite can): without this
one database would answer 500 where the other stores it. Refused before any operation runs, with
the contract's 400 (`caracter_no_permitido`, naming the field); the document says so once, in
its description.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from buzon.comun.errores import ErrorBuzon

NUL = "\x00"


def _con_nul(valor: Any, ruta: str) -> str | None:
    """The path of the first text holding NUL (a key or a value), or None."""
    if isinstance(valor, str):
        return ruta if NUL in valor else None
    if isinstance(valor, dict):
        for clave, dentro in valor.items():
            aqui = f"{ruta}.{clave}" if ruta else str(clave)
            if NUL in str(clave):
                return aqui
            if (hallado := _con_nul(dentro, aqui)) is not None:
                return hallado
    if isinstance(valor, list):
        for i, dentro in enumerate(valor):
            if (hallado := _con_nul(dentro, f"{ruta}[{i}]")) is not None:
                return hallado
    return None


def _exigir_sin_nul(datos: Any) -> Any:
    campo = _con_nul(datos, "")
    if campo is not None:
        raise ErrorBuzon(
            "caracter_no_permitido",
            f"El campo «{campo or 'cuerpo'}» contiene el carácter nulo (U+0000), que ningún "
            "dato del Buzón admite: quítelo y reenvíe la solicitud.",
            campo or None,
            400,
        )
    return datos


class LectorBuzon(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        datos: dict[str, Any] = _exigir_sin_nul(super().parse_body(request))
        return datos

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        datos: dict[str, Any] = _exigir_sin_nul(super().parse_querydict(data, list_fields, request))
        return datos
