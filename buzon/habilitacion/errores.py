"""Errors of the enablement flow: a stable code for programs and a Spanish sentence for people."""

from __future__ import annotations

from typing import ClassVar

from buzon.comun.errores import ErrorBuzon


class ErrorHabilitacion(ErrorBuzon):
    """An enablement refusal; its status follows from its code (limits 429, conflicts 409)."""

    ESTADOS: ClassVar[dict[str, int]] = {
        "espere": 429,
        "reenvios_agotados": 429,
        "demasiados_codigos": 429,
        "demasiados_registros": 429,
        "medios_incompletos": 409,
        "terminos_ya_aceptados": 409,
    }
