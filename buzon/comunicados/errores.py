"""The comunicados' expected failures (one `ErrorBuzon` subclass that can carry a list's rows)."""

from __future__ import annotations

from buzon.comun.errores import ErrorBuzon

NO_ENCONTRADO = "No tiene un comunicado con ese número. Revise la lista de Mis comunicados."
NO_ENCONTRADO_OFICINA = (
    "No existe ese comunicado entre los de su subdelegación. Revise la lista de comunicados."
)


class ErrorComunicado(ErrorBuzon):
    """A refusal; an uploaded list's refusal names every bad row (`errores`: línea, mensaje)."""

    def __init__(
        self,
        codigo: str,
        mensaje: str,
        campo: str | None = None,
        estado: int | None = None,
        errores: list[dict[str, object]] | None = None,
    ) -> None:
        super().__init__(codigo, mensaje, campo, estado)
        self.errores = errores

    def extras(self) -> dict[str, object]:
        return {"errores": self.errores} if self.errores is not None else {}
