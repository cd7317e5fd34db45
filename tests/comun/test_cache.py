"""Issue 19: rate limits count in one place for every server process (BUZON_CACHE_URL: Redis or
the database); `buzon servir` with several workers shares the count by default."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import connection

from buzon.comun import cache as modulo
from buzon.comun.cache import (
    BASE_DE_DATOS,
    MEMORIA,
    REDIS,
    TABLA,
    ErrorCache,
    compartir_entre_procesos,
    config_de_cache,
)
from buzon.comun.limites import TABLA_LIMITES, permitir, purgar_limites
from tests.hilos import a_la_vez

RAIZ = Path(__file__).resolve().parents[2]


def test_la_url_elige_el_cache() -> None:
    assert config_de_cache("")["BACKEND"] == MEMORIA
    assert config_de_cache("local://")["BACKEND"] == MEMORIA
    assert config_de_cache("db://") == {
        "BACKEND": BASE_DE_DATOS,
        "LOCATION": TABLA,
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }
    redis = config_de_cache("redis://:clave@cache.interna:6379/2")
    assert (redis["BACKEND"], redis["LOCATION"]) == (REDIS, "redis://:clave@cache.interna:6379/2")
    assert config_de_cache("rediss://cache:6380/0")["BACKEND"] == REDIS
    with pytest.raises(ErrorCache, match="BUZON_CACHE_URL"):
        config_de_cache("memcached://x")


def _url_de_la_base() -> str:
    datos = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{datos['NAME']}"
    puerto = datos.get("PORT") or 5432
    return f"postgres://{datos['USER']}@{datos['HOST']}:{puerto}/{datos['NAME']}"


PROCESO = """
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "buzon.config.settings"
django.setup()
from buzon.comun.limites import permitir
print(sum(permitir("sesion:203.0.113.9", 5, 600) for _ in range(4)))
"""


@pytest.mark.django_db(transaction=True)
def test_dos_procesos_comparten_un_limite_en_la_base_de_datos() -> None:
    """Two server processes, 4 attempts each, a limit of 5: 5 pass in all (not 8)."""
    entorno = {**os.environ, "BUZON_CACHE_URL": "db://", "DATABASE_URL": _url_de_la_base()}
    if connection.vendor == "postgresql" and connection.settings_dict.get("PASSWORD"):
        entorno["PGPASSWORD"] = str(connection.settings_dict["PASSWORD"])
    permitidos = [
        int(
            subprocess.run(
                [sys.executable, "-c", PROCESO],
                env=entorno,
                cwd=RAIZ,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()[-1]
        )
        for _ in range(2)
    ]
    assert permitidos == [4, 1]
    # The same without a shared cache: each process counts alone, and 8 pass.
    entorno["BUZON_CACHE_URL"] = "local://"
    solos = [
        int(
            subprocess.run(
                [sys.executable, "-c", PROCESO], env=entorno, cwd=RAIZ, check=True, text=True,
                capture_output=True,
            ).stdout.split()[-1]
        )
        for _ in range(2)
    ]  # fmt: skip
    assert solos == [4, 4]


@pytest.mark.django_db
def test_servir_con_varios_procesos_usa_la_base_de_datos(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.cache import cache, caches

    monkeypatch.delenv("BUZON_CACHE_URL", raising=False)
    settings.CACHES = {"default": config_de_cache("")}
    assert compartir_entre_procesos() is True
    assert type(caches["default"]).__module__ == "django.core.cache.backends.db"
    cache.set("prueba", 1)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(TABLA)}")
        assert cursor.fetchone()[0] == 1
    assert compartir_entre_procesos() is False  # already shared
    monkeypatch.setenv("BUZON_CACHE_URL", "local://")
    settings.CACHES = {"default": config_de_cache("local://")}
    assert compartir_entre_procesos() is False  # chosen explicitly: left alone
    assert settings.CACHES["default"]["BACKEND"] == modulo.MEMORIA


@pytest.mark.django_db
def test_en_la_base_de_datos_el_limite_es_un_contador_propio(settings: Any) -> None:
    """db://: one upsert per attempt in `buzon_limite`; a new window starts again at 1, and the
    purge drops only the counters whose window is over."""
    settings.CACHES = {"default": config_de_cache("db://")}
    with time_machine.travel(datetime(2026, 12, 4, 10, 0, 5, tzinfo=UTC), tick=False):
        assert [permitir("sesion:203.0.113.7", 3, 600) for _ in range(5)] == [
            True, True, True, False, False,
        ]  # fmt: skip
        assert permitir("sesion:203.0.113.8", 3, 600)  # another key counts apart
        assert permitir("verificacion:203.0.113.7", 1, 60)  # another limit too
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT clave, cuenta FROM {TABLA_LIMITES} ORDER BY clave")
            filas = cursor.fetchall()
        assert filas == [
            ("sesion:203.0.113.7:600", 5),
            ("sesion:203.0.113.8:600", 1),
            ("verificacion:203.0.113.7:60", 1),
        ]
    with time_machine.travel(datetime(2026, 12, 4, 10, 10, 1, tzinfo=UTC), tick=False):
        assert permitir("sesion:203.0.113.7", 3, 600)  # the next window: the same row, from 1
        assert purgar_limites() == 2  # .8's window (10:00–10:10) and the 60 s one are over
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT clave, cuenta FROM {TABLA_LIMITES}")
            assert cursor.fetchall() == [("sesion:203.0.113.7:600", 1)]


@pytest.mark.django_db
def test_sin_la_base_de_datos_no_hay_nada_que_purgar(settings: Any) -> None:
    settings.CACHES = {"default": config_de_cache("local://")}
    assert permitir("sesion:203.0.113.9", 1, 600)
    assert not permitir("sesion:203.0.113.9", 1, 600)
    assert purgar_limites() == 0


@pytest.mark.django_db(transaction=True)
def test_intentos_simultaneos_no_pasan_del_limite(settings: Any) -> None:
    """Eight threads at once, a limit of 5: exactly 5 pass (the upsert is atomic)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer: the concurrency is PostgreSQL's")
    settings.CACHES = {"default": config_de_cache("db://")}
    resultados = a_la_vez(*[lambda: permitir("sesion:198.51.100.4", 5, 600)] * 8)
    assert sorted(resultados) == [False] * 3 + [True] * 5
