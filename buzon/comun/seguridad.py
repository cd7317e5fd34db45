"""Security headers the pages send (issue 19): a strict Content-Security-Policy on every HTML
answer. Nothing inline runs: scripts and styles come from our own static files (`'self'`), no
plugin, no framing, forms post only here. The API docs (`/api/v1/docs`, ninja's Swagger UI served
from our static files, not a CDN) need nothing more: Swagger UI styles through the DOM (CSSOM),
which a policy does not restrict, and shows its icons as `data:` images.

HSTS and the proxy's HTTPS header are Django settings (`BUZON_HTTPS`, `BUZON_PROXIES`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLITICA = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class CabecerasDeSeguridad:
    """Middleware: `Content-Security-Policy` on HTML answers (a view may set its own)."""

    def __init__(self, siguiente: Callable[[HttpRequest], HttpResponse]) -> None:
        self.siguiente = siguiente

    def __call__(self, request: HttpRequest) -> HttpResponse:
        respuesta = self.siguiente(request)
        if respuesta.get("Content-Type", "").startswith("text/html"):
            respuesta.headers.setdefault("Content-Security-Policy", POLITICA)
        return respuesta
