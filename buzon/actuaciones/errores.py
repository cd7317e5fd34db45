"""Errors of the actuaciones flow: a stable code, a Spanish sentence, the field, the HTTP status."""

from __future__ import annotations


class ErrorActuacion(Exception):
    def __init__(
        self,
        codigo: str,
        mensaje: str,
        campo: str | None = None,
        estado: int = 400,
        errores: list[dict[str, object]] | None = None,
    ):
        super().__init__(f"{codigo}: {mensaje}")
        self.codigo = codigo
        self.mensaje = mensaje
        self.campo = campo
        self.estado = estado
        #: Every problem found, when there are several to fix at once (the rows of a CSV:
        #: [{"linea", "campo", "mensaje"}]).
        self.errores = errores


NO_ENCONTRADA = "No existe esa actuación entre las suyas. Revise su lista de actuaciones."
