"""The cache the rate limits count in (`comun.limites`), from `BUZON_CACHE_URL` (issue 19).

A limit of 30 login attempts holds only if every server process counts in the same place:
- `redis://[:contraseña@]servidor:6379/0` (or `rediss://`): Redis, Django's RedisCache (atomic
  counters; the `redis` package is in the lock for Celery already);
- `db://`: the installation's own database: the limits count in their table `buzon_limite`
  (one atomic upsert per attempt, `comun.limites`, migration `cuentas.0003_tabla_limites`); the
  cache itself is Django's DatabaseCache on `buzon_cache` (migration `cuentas.0002_tabla_cache`);
- `local://` (or unset): this process's memory: right for one process only. `buzon servir` with
  more than one worker switches an unset one to `db://` (`compartir_entre_procesos`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

TABLA = "buzon_cache"
REDIS = "django.core.cache.backends.redis.RedisCache"
BASE_DE_DATOS = "django.core.cache.backends.db.DatabaseCache"
MEMORIA = "django.core.cache.backends.locmem.LocMemCache"


class ErrorCache(ValueError):
    pass


def config_de_cache(url: str) -> dict[str, Any]:
    """Django's CACHES["default"] for BUZON_CACHE_URL (see the module's docstring)."""
    url = url.strip()
    esquema = urlsplit(url).scheme if url else "local"
    if esquema in {"redis", "rediss"}:
        return {"BACKEND": REDIS, "LOCATION": url, "KEY_PREFIX": "buzon"}
    if esquema in {"db", "bd"}:
        # Django culls a third of the rows past MAX_ENTRIES (300 by default): a flood of
        # addresses must not wipe the counters of the others.
        return {"BACKEND": BASE_DE_DATOS, "LOCATION": TABLA, "OPTIONS": {"MAX_ENTRIES": 200_000}}
    if esquema in {"local", "memoria"}:
        return {"BACKEND": MEMORIA, "LOCATION": "buzon"}
    raise ErrorCache(
        f"BUZON_CACHE_URL: «{esquema}://…» no se reconoce; use redis://servidor:6379/0, db:// "
        "(una tabla de la base de datos) o local:// (un solo proceso)."
    )


def compartir_entre_procesos() -> bool:
    """Before serving with several processes: an in-memory cache becomes the database's (each
    process would count its own attempts). True when it changed. A cache chosen explicitly in
    BUZON_CACHE_URL is left as it is."""
    import os

    from asgiref.local import Local
    from django.conf import settings
    from django.core.cache import caches, close_caches

    if os.environ.get("BUZON_CACHE_URL", "").strip():
        return False
    if settings.CACHES["default"]["BACKEND"] != MEMORIA:
        return False
    settings.CACHES = {**settings.CACHES, "default": config_de_cache("db://")}
    # The handler read CACHES once: read it again and forget the clients built from it (what
    # Django's own `setting_changed` receiver does when a test changes CACHES).
    close_caches()
    caches.settings = caches.configure_settings(None)
    caches._connections = Local()  # type: ignore[attr-defined]
    return True
