"""The contract's error shape: {"error": code, "mensaje": Spanish sentence, "campo": field}."""

from __future__ import annotations

from ninja import Schema, Status

from buzon.legal.errores import ErrorLegal


class RespuestaError(Schema):
    error: str
    mensaje: str
    campo: str | None = None


def responder_error(estado: int, codigo: str, exc: ErrorLegal) -> Status[RespuestaError]:
    return Status(estado, RespuestaError(error=codigo, mensaje=exc.mensaje, campo=exc.campo))
