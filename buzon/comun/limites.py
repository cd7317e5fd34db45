"""Fixed-window rate limits (public endpoints: verification, login attempts).

They count where `comun.cache` says (BUZON_CACHE_URL): in Redis (its atomic INCR), in this
process's memory (one process only), or, when several processes serve without Redis (`buzon servir`
with more than one worker shares the count by default: `db://`), in the database. There a limit is
one statement on its own table `buzon_limite` (migration `cuentas.0003`): an upsert that starts the
key's window or adds one to it and returns the count, atomic on PostgreSQL and SQLite alike, so
simultaneous attempts never pass beyond the limit. (Django's DatabaseCache took five to seven
statements per attempt, and its increment was not atomic.) One row per key, not per window: a key
coming back reuses its row; `purgar_limites` (the background pass) drops the rows whose window
ended.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest

from buzon.comun.cache import BASE_DE_DATOS

#: The database counters' table (created by the migration `cuentas.0003_tabla_limites`).
TABLA_LIMITES = "buzon_limite"


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
    if settings.CACHES["default"]["BACKEND"] == BASE_DE_DATOS:
        return _contar_en_la_base(clave, ventana, ventana_segundos) <= maximo
    llave = f"limite:{clave}:{ventana}"
    cache.add(llave, 0, ventana_segundos + 1)
    try:
        return cache.incr(llave) <= maximo
    except ValueError:  # expired between add and incr
        cache.set(llave, 1, ventana_segundos + 1)
        return True


def _contar_en_la_base(clave: str, ventana: int, segundos: int) -> int:
    """This call's number in `clave`'s current window (1 for the first), in one statement."""
    # The key carries the window's length (a key is always used with the same one), so the
    # window's number alone tells a new window from the current one.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLA_LIMITES} AS l (clave, ventana, cuenta, expira) "  # noqa: S608
            "VALUES (%s, %s, 1, %s) ON CONFLICT (clave) DO UPDATE SET "
            "cuenta = CASE WHEN l.ventana = excluded.ventana THEN l.cuenta + 1 ELSE 1 END, "
            "ventana = excluded.ventana, expira = excluded.expira RETURNING cuenta",
            [f"{clave}:{segundos}"[:255], ventana, (ventana + 1) * segundos],
        )
        fila = cursor.fetchone()
    return int(fila[0])


def purgar_limites(ahora: float | None = None) -> int:
    """Drop the database counters whose window is over (the background pass); how many."""
    if settings.CACHES["default"]["BACKEND"] != BASE_DE_DATOS:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLA_LIMITES} WHERE expira <= %s",  # noqa: S608
            [int(time.time() if ahora is None else ahora)],
        )
        return int(cursor.rowcount)


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
