"""The convenios' refusals: the contract's `{"error", "mensaje", "campo"}` and, for the token
endpoint, OAuth's `error_description` (RFC 6749 §5.2) with the same Spanish text."""

from __future__ import annotations

from typing import ClassVar

from buzon.comun.errores import ErrorBuzon

#: RFC 6749 §5.2's codes: their answers also carry `error_description`.
CODIGOS_OAUTH = frozenset(
    {
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "invalid_scope",
        "unsupported_grant_type",
        "unauthorized_client",
    }
)


class ErrorConvenio(ErrorBuzon):
    ESTADOS: ClassVar[dict[str, int]] = {
        "invalid_client": 401,
        "invalid_token": 401,
        "convenio_no_vigente": 403,
        "alcance_insuficiente": 403,
        "cuota_agotada": 429,
        "no_encontrado": 404,
        "sin_permiso": 403,
    }

    def __init__(
        self,
        codigo: str,
        mensaje: str,
        campo: str | None = None,
        estado: int | None = None,
        extra: dict[str, object] | None = None,
    ) -> None:
        super().__init__(codigo, mensaje, campo, estado)
        self.extra = dict(extra or {})

    def extras(self) -> dict[str, object]:
        if self.codigo in CODIGOS_OAUTH:
            return {"error_description": self.mensaje, **self.extra}
        return dict(self.extra)
