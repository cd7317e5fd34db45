"""The Calendario de eventos' expected failures."""

from __future__ import annotations

from typing import ClassVar

from buzon.comun.errores import ErrorBuzon


class ErrorEventos(ErrorBuzon):
    ESTADOS: ClassVar[dict[str, int]] = {"no_encontrado": 404}
