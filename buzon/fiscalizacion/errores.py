"""The app's expected failures."""

from __future__ import annotations

from buzon.comun.errores import ErrorBuzon


class ErrorFiscalizacion(ErrorBuzon):
    """A fiscalización failure (status 400 unless stated)."""
