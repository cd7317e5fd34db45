"""Expected failures of the afiliación ledger: a stable code, a Spanish sentence, the field, the
HTTP status; an import that failed in a batch also carries what was stored before it."""

from __future__ import annotations

from buzon.comun.errores import ErrorBuzon


class ErrorAfiliacion(ErrorBuzon):
    def __init__(
        self,
        codigo: str,
        mensaje: str,
        campo: str | None = None,
        estado: int = 400,
        resumen: dict[str, int | str] | None = None,
    ) -> None:
        super().__init__(codigo, mensaje, campo, estado)
        self.resumen = resumen

    def extras(self) -> dict[str, object]:
        return {"resumen": self.resumen} if self.resumen is not None else {}
