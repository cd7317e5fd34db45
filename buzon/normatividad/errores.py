"""The library's expected failures."""

from __future__ import annotations

from typing import ClassVar

from buzon.comun.errores import ErrorBuzon


class ErrorNormatividad(ErrorBuzon):
    ESTADOS: ClassVar[dict[str, int]] = {
        "no_encontrado": 404,
        "no_autorizado": 403,
    }


def no_encontrado(que: str, campo: str) -> ErrorNormatividad:
    return ErrorNormatividad(
        "no_encontrado",
        f"No existe {que} en la biblioteca de normatividad: revise la dirección o busque en el "
        "índice de la biblioteca.",
        campo,
    )
