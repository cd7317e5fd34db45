"""Shared test settings: hypothesis profiles (CI runs more examples, never with deadlines)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
#: Fixtures shared across apps (employers with test e.firmas, logging in through the API).
pytest_plugins = [
    "tests.cuentas.fixtures",
    "tests.evidencia.fixtures",
    "tests.habilitacion.fixtures",
    "tests.avisos.fixtures",
    "tests.notificaciones.fixtures",
    "tests.actuaciones.fixtures",
]

settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _cache_limpia() -> None:
    """Rate limits live in the cache: every test starts with none used."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _catalogo_tras_vaciar(request: pytest.FixtureRequest) -> None:
    """Migration 0002 loads the acts catalogue; a transactional test empties every table when it
    ends (flush), as a restored empty database would be. Reads never load it (GET never writes),
    so the next transactional test starts as an operator would leave it: with the catalogue
    loaded (`buzon notificaciones catalogo`)."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        from buzon.notificaciones.emision.catalogo import asegurar_catalogo

        request.getfixturevalue("transactional_db")
        asegurar_catalogo()
