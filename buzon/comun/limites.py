"""Fixed-window rate limits on the cache (public endpoints: verification, login attempts).

With the default in-process cache each server process counts on its own; configure a shared cache
(`CACHES`) in production so the limit holds across processes.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def ip_de(request: HttpRequest) -> str:
    """The client's address. Behind BUZON_PROXIES trusted reverse proxies, the address the
    outermost of them saw (X-Forwarded-For, counted from the right); otherwise REMOTE_ADDR."""
    proxies = int(getattr(settings, "BUZON_PROXIES", 0))
    if proxies > 0:
        cadena = [d.strip() for d in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        cadena = [d for d in cadena if d]
        if len(cadena) >= proxies:
            return str(cadena[-proxies])
    return str(request.META.get("REMOTE_ADDR", "desconocida"))


def permitir(clave: str, maximo: int, ventana_segundos: int) -> bool:
    """True while `clave` has made at most `maximo` calls in the current window."""
    ventana = int(time.time() // ventana_segundos)
    llave = f"limite:{clave}:{ventana}"
    cache.add(llave, 0, ventana_segundos + 1)
    try:
        return cache.incr(llave) <= maximo
    except ValueError:  # expired between add and incr
        cache.set(llave, 1, ventana_segundos + 1)
        return True
