"""Every URL and every API operation is classified public / particular / official.

Adding a route without `@acceso.publico|particular|oficial` fails here. The enforcement of
`particular` and `oficial` is proven per endpoint by the sessions issue's tests; this test also
fails if a route is classified but its class is unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from buzon.comun import acceso
from buzon.config.api import api

# Ninja's own pages: the OpenAPI document and its viewer are public by design.
NINJA_PUBLICAS = {"openapi-json", "openapi-view"}


def _patrones(resolver: URLResolver, prefijo: str = "") -> Iterator[tuple[str, URLPattern]]:
    for patron in resolver.url_patterns:
        if isinstance(patron, URLResolver):
            yield from _patrones(patron, prefijo + str(patron.pattern))
        else:
            yield prefijo + str(patron.pattern), patron


def _operaciones() -> Iterator[tuple[str, Any]]:
    for ruta, router in api._routers:
        for subruta, vista in router.path_operations.items():
            for operacion in vista.operations:
                yield f"{ruta}{subruta} {operacion.methods}", operacion.view_func


def test_toda_ruta_de_paginas_esta_clasificada() -> None:
    sin_clase = []
    for ruta, patron in _patrones(get_resolver()):
        if ruta.startswith("api/v1/"):
            continue  # checked per operation below
        if acceso.clase_de(patron.callback) is None:
            sin_clase.append(ruta)
    assert sin_clase == []


def test_toda_operacion_de_la_api_esta_clasificada() -> None:
    operaciones = list(_operaciones())
    assert operaciones, "la API no tiene operaciones: el recorrido está mal"
    sin_clase = [nombre for nombre, vista in operaciones if acceso.clase_de(vista) is None]
    assert sin_clase == []


def test_las_rutas_de_ninja_son_las_conocidas() -> None:
    nombres = {
        patron.name for ruta, patron in _patrones(get_resolver()) if ruta.startswith("api/v1/")
    }
    assert nombres >= NINJA_PUBLICAS


def test_las_operaciones_no_publicas_exigen_sesion() -> None:
    """An operation classified particular/oficial carries an authentication class."""
    sin_auth = []
    for ruta, router in api._routers:
        for subruta, vista in router.path_operations.items():
            for operacion in vista.operations:
                clase = acceso.clase_de(operacion.view_func)
                if (
                    clase in ("particular", "oficial", "dependencia")
                    and not operacion.auth_callbacks
                ):
                    sin_auth.append(f"{ruta}{subruta} {operacion.methods}")
    assert sin_auth == []


def test_las_operaciones_de_dependencia_exigen_token_de_convenio() -> None:
    """`dependencia` operations authenticate with the agencies' token, and only they do: a
    person's session never reaches them and an agency's token never reaches a person's data."""
    from buzon.convenios.autenticacion import BearerDependencia

    mal = []
    for ruta, router in api._routers:
        for subruta, vista in router.path_operations.items():
            for operacion in vista.operations:
                clase = acceso.clase_de(operacion.view_func)
                de_convenio = [isinstance(a, BearerDependencia) for a in operacion.auth_callbacks]
                if (clase == "dependencia") != (bool(de_convenio) and all(de_convenio)):
                    mal.append(f"{ruta}{subruta} {operacion.methods}")
    assert mal == []


def test_ip_detras_de_proxies_de_confianza(settings: object) -> None:
    from django.test import RequestFactory

    from buzon.comun.limites import ip_de

    peticion = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4", REMOTE_ADDR="10.0.0.1"
    )
    assert ip_de(peticion) == "10.0.0.1"  # no proxies configured: the header is not trusted
    settings.BUZON_PROXIES = 1  # type: ignore[attr-defined]
    assert ip_de(peticion) == "1.2.3.4"  # what our one proxy saw; the client's own claim ignored


def test_cuerpos_demasiado_grandes_se_rechazan_antes_de_leerse(
    client: object, settings: object
) -> None:
    settings.BUZON_MAXIMO_CUERPO = 1000  # type: ignore[attr-defined]
    respuesta = client.post(  # type: ignore[attr-defined]
        "/api/v1/sesiones", "x" * 2000, content_type="application/json"
    )
    assert respuesta.status_code == 413
    assert respuesta.json()["error"] == "solicitud_demasiado_grande"
    pagina = client.post("/verificar/2026-AAAA-BBBB-CCCDD", {"archivo": "x" * 2000})  # type: ignore[attr-defined]
    assert pagina.status_code == 413
    assert "máximo" in pagina.content.decode()
