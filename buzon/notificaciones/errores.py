"""Errors of notifications: a stable code, a Spanish sentence, the field, the HTTP status."""

from __future__ import annotations

from buzon.comun.errores import ErrorBuzon


class ErrorNotificacion(ErrorBuzon):
    """A notification service's refusal (the API and the pages show it as every `ErrorBuzon`)."""
