"""The one error type of the legal modules: a Spanish message for a person, naming the field."""

from __future__ import annotations


class ErrorLegal(ValueError):
    """Bad input to a legal rule. `campo` names the field at fault, when there is one."""

    def __init__(self, mensaje: str, campo: str | None = None) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.campo = campo
