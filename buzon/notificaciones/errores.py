"""Errors of notifications: a stable code, a Spanish sentence, the field, the HTTP status."""

from __future__ import annotations


class ErrorNotificacion(Exception):
    def __init__(
        self, codigo: str, mensaje: str, campo: str | None = None, estado: int = 400
    ) -> None:
        super().__init__(f"{codigo}: {mensaje}")
        self.codigo = codigo
        self.mensaje = mensaje
        self.campo = campo
        self.estado = estado
