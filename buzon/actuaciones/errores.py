"""Errors of the actuaciones flow: a stable code, a Spanish sentence, the field, the HTTP status."""

from __future__ import annotations

from buzon.comun.errores import ErrorBuzon


class ErrorActuacion(ErrorBuzon):
    """A filing's refusal; it may carry every problem found, when there are several to fix at once
    (the rows of a CSV: `errores` = [{"linea", "campo", "mensaje"}], answered beside the three)."""

    def __init__(
        self,
        codigo: str,
        mensaje: str,
        campo: str | None = None,
        estado: int = 400,
        errores: list[dict[str, object]] | None = None,
    ):
        super().__init__(codigo, mensaje, campo, estado)
        self.errores = errores

    def extras(self) -> dict[str, object]:
        return {"errores": self.errores} if self.errores is not None else {}


NO_ENCONTRADA = "No existe esa actuación entre las suyas. Revise su lista de actuaciones."
NO_ENCONTRADA_OFICINA = "No existe esa actuación presentada en su subdelegación."
