"""Fixed-window rate limits on the cache (public endpoints: verification, login attempts).

They count in the cache of `comun.cache` (BUZON_CACHE_URL): Redis or the database when several
processes serve (`buzon servir` with more than one worker shares the count by default), so the
limit holds across processes. The database cache's increment is not atomic: under simultaneous
attempts of one client a few more may pass than the limit; Redis counts exactly.
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


#: The largest offset a listing accepts (`?desde=`): far beyond any real listing, well inside the
#: 64-bit integer SQLite and PostgreSQL take as OFFSET (a larger one made the database fail).
MAXIMO_DESDE = 1_000_000_000


def comprobar_desde(desde: int) -> int:
    """`desde` of a paginated listing, checked: 0 to MAXIMO_DESDE, or a 400 naming it."""
    from buzon.comun.errores import ErrorBuzon

    if not 0 <= desde <= MAXIMO_DESDE:
        raise ErrorBuzon(
            "desde_invalido",
            f"«desde» va de 0 a {MAXIMO_DESDE:,}".replace(",", " ")
            + ": es el número de resultados que se saltan; use el valor de la página anterior "
            "más su «limite».",
            "desde",
            400,
        )
    return desde
