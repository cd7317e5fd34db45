"""Refusals of the authorisations: a stable code for programs and a Spanish sentence for people."""

from __future__ import annotations

from typing import ClassVar

from buzon.comun.errores import ErrorBuzon


class ErrorAutorizacion(ErrorBuzon):
    """An authorisation's refusal; its status follows from its code (conflicts 409, 403)."""

    ESTADOS: ClassVar[dict[str, int]] = {
        "no_autorizado": 403,
        "no_encontrada": 404,
        "ya_autorizado": 409,
        "ya_firmada": 409,
        "no_firmada": 409,
        "ya_revocada": 409,
        "autorizacion_vencida": 409,
        "revocacion_no_solicitada": 409,
    }
