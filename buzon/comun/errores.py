"""The one error type for expected failures, and the contract's error shape.

Every refusal a person can act on is an `ErrorBuzon`: a stable `codigo` for programs, a Spanish
`mensaje` saying what is wrong and what to do, the `campo` at fault and the HTTP `estado`. The API
answers it in the contract's shape `{"error", "mensaje", "campo"}` plus whatever `extras()` a
subclass carries (one handler, `buzon.config.api`); pages show it on the Spanish error page
(`buzon.config.errores_paginas`). Apps keep a thin subclass only to name their own failures.
"""

from __future__ import annotations

from typing import ClassVar

from ninja import Schema

from buzon.legal.errores import ErrorLegal


class RespuestaError(Schema):
    error: str
    mensaje: str
    campo: str | None = None


class ErrorBuzon(Exception):
    """An expected failure: code, Spanish message, field, HTTP status."""

    #: The status when the raiser does not give one (a subclass may map codes to statuses).
    ESTADOS: ClassVar[dict[str, int]] = {}

    def __init__(
        self, codigo: str, mensaje: str, campo: str | None = None, estado: int | None = None
    ) -> None:
        super().__init__(f"{codigo}: {mensaje}")
        self.codigo = codigo
        self.mensaje = mensaje
        self.campo = campo
        self.estado = estado if estado is not None else self.ESTADOS.get(codigo, 400)

    def extras(self) -> dict[str, object]:
        """Fields beyond the contract's three that this failure carries (none by default)."""
        return {}

    def como_dict(self) -> dict[str, object]:
        return {"error": self.codigo, "mensaje": self.mensaje, "campo": self.campo, **self.extras()}


def desde_legal(codigo: str, exc: ErrorLegal, estado: int = 400) -> ErrorBuzon:
    """A pure rule's refusal (`ErrorLegal`, no code of its own) under the caller's code."""
    return ErrorBuzon(codigo, exc.mensaje, exc.campo, estado)
