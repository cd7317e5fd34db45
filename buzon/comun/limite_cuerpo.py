"""Refuses request bodies larger than BUZON_MAXIMO_CUERPO before Django reads them (413)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


class LimiteDeCuerpo:
    def __init__(self, siguiente: Callable[[HttpRequest], HttpResponse]) -> None:
        self.siguiente = siguiente

    def __call__(self, request: HttpRequest) -> HttpResponse:
        maximo = int(settings.BUZON_MAXIMO_CUERPO)
        try:
            largo = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            largo = 0
        if largo > maximo:
            mensaje = (
                f"La solicitud pesa {largo / 1_048_576:.1f} MB y el máximo es "
                f"{maximo / 1_048_576:.0f} MB: envíe archivos más pequeños."
            )
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": "solicitud_demasiado_grande", "mensaje": mensaje, "campo": None},
                    status=413,
                )
            return HttpResponse(mensaje, status=413, content_type="text/plain; charset=utf-8")
        return self.siguiente(request)
