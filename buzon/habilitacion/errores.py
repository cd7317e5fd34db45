"""Errors of the enablement flow: a stable code for programs and a Spanish sentence for people."""

from __future__ import annotations


class ErrorHabilitacion(Exception):
    def __init__(self, codigo: str, mensaje: str, campo: str | None = None) -> None:
        super().__init__(f"{codigo}: {mensaje}")
        self.codigo = codigo
        self.mensaje = mensaje
        self.campo = campo
