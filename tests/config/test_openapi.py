"""The OpenAPI document says what every operation answers (buzon.config.openapi).

An operation without documented responses, an error status without the contract's shape or its
codes, a shared refusal the operation can give but does not declare, or two schemas under one
name (the second silently replaces the first in the document) fails here; what the server
really answers is proven against the document by tests/config/test_schemathesis.py.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pydantic
import pytest
from django.test import Client
from ninja.constants import NOT_SET

from buzon.comun import acceso
from buzon.comun.tipos_api import EXTENSION_CODIGOS, EXTENSION_NEGOCIO, PATRON_RFC
from buzon.config.api import api

METODOS = {"get", "post", "put", "patch", "delete"}
#: Error statuses whose body is not a refusal: /salud's 503 is its report (config/salud.py).
SIN_FORMA_DE_ERROR = {("/api/v1/salud", "get", "503")}


@pytest.fixture(scope="module")
def documento() -> dict[str, Any]:
    salida: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    return salida


def operaciones(documento: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (ruta, metodo, detalle)
        for ruta, metodos in documento["paths"].items()
        for metodo, detalle in metodos.items()
        if metodo in METODOS
    ]


def _vistas() -> dict[str, Any]:
    """operationId → the view function, for every operation of the API."""
    salida = {}
    for enrutador in api._get_bound_routers():
        for vista in enrutador.path_operations.values():
            for op in vista.operations:
                salida[op.operation_id or api.get_openapi_operation_id(op)] = op
    return salida


def test_el_documento_se_sirve(db: None) -> None:
    respuesta = Client().get("/api/v1/openapi.json")
    assert respuesta.status_code == 200
    assert respuesta.json()["paths"]


def test_cada_operacion_documenta_exito_y_errores(documento: dict[str, Any]) -> None:
    faltas = []
    for ruta, metodo, detalle in operaciones(documento):
        estados = {str(e) for e in detalle.get("responses", {})}
        if not any(e.startswith("2") for e in estados):
            faltas.append(f"{metodo.upper()} {ruta}: sin respuesta 2xx")
        for estado in ("500", "503"):
            if estado not in estados:
                faltas.append(f"{metodo.upper()} {ruta}: no declara {estado}")
        for estado, respuesta in detalle["responses"].items():
            if int(estado) < 400:
                continue
            esquema = respuesta.get("content", {}).get("application/json", {}).get("schema")
            if not esquema:
                faltas.append(f"{metodo.upper()} {ruta} {estado}: sin cuerpo JSON")
            if (ruta, metodo, estado) in SIN_FORMA_DE_ERROR:
                continue
            if not respuesta.get(EXTENSION_CODIGOS):
                faltas.append(f"{metodo.upper()} {ruta} {estado}: sin {EXTENSION_CODIGOS}")
    assert not faltas, "\n".join(faltas)


def test_las_negativas_comunes_se_declaran(documento: dict[str, Any]) -> None:
    """From what the operation is: its session, its access class, its path, its body."""
    vistas = _vistas()
    faltas = []
    for ruta, metodo, detalle in operaciones(documento):
        op = vistas[detalle["operationId"]]
        estados = {str(e) for e in detalle["responses"]}
        esperados = set()
        if op.auth_callbacks:
            esperados.add("401")
        if acceso.clase_de(op.view_func) == "oficial":
            esperados.add("403")
        if "{" in ruta:
            esperados.add("404")
        if "requestBody" in detalle:
            esperados |= {"400", "413"}
        if detalle.get("parameters"):
            esperados.add("400")
        for estado in sorted(esperados - estados):
            faltas.append(f"{metodo.upper()} {ruta}: no declara {estado}")
    assert not faltas, "\n".join(faltas)


def test_el_401_trae_su_codigo(documento: dict[str, Any]) -> None:
    respuesta = documento["paths"]["/api/v1/acuses"]["get"]["responses"]["401"]
    assert respuesta[EXTENSION_CODIGOS] == ["sesion_requerida"]
    assert "sesion_requerida" in respuesta["description"]


def test_reglas_de_negocio_entre_los_codigos_del_400(documento: dict[str, Any]) -> None:
    for ruta, metodo, detalle in operaciones(documento):
        negocio = set(detalle.get(EXTENSION_NEGOCIO) or [])
        if negocio:
            codigos = set(detalle["responses"]["400"][EXTENSION_CODIGOS])
            assert negocio <= codigos, f"{metodo.upper()} {ruta}"


def test_restricciones_declaradas(documento: dict[str, Any]) -> None:
    """A few constraints the server enforces, stated where integrators read them."""
    lista = documento["paths"]["/api/v1/oficina/notificaciones"]
    parametros = {p["name"]: p for p in lista["get"]["parameters"]}
    assert parametros["limite"]["schema"]["minimum"] == 1
    assert parametros["limite"]["schema"]["maximum"] == 500
    assert parametros["desde"]["schema"]["minimum"] == 0
    clave = {p["name"]: p for p in lista["post"]["parameters"]}["Idempotency-Key"]
    assert clave["required"] is True and clave["schema"]["maxLength"] == 200
    emision = documento["components"]["schemas"]["EmisionEntrada"]["properties"]
    assert emision["rfc"]["pattern"] == PATRON_RFC
    assert emision["documento"]["format"] == "byte"


def test_un_nombre_por_esquema() -> None:
    """ninja names each schema by its class: two classes of one name share one entry, and the
    document then describes one of them with the other's fields."""
    por_nombre: dict[str, set[str]] = defaultdict(set)
    vistos: set[int] = set()

    def recorrer(tipo: Any) -> None:
        if id(tipo) in vistos:
            return
        vistos.add(id(tipo))
        if isinstance(tipo, type) and issubclass(tipo, pydantic.BaseModel):
            if not tipo.__module__.startswith("ninja."):  # ninja's own response wrappers
                por_nombre[tipo.__name__].add(f"{tipo.__module__}.{tipo.__qualname__}")
            for campo in tipo.model_fields.values():
                recorrer(campo.annotation)
        for argumento in getattr(tipo, "__args__", None) or ():
            recorrer(argumento)

    for op in _vistas().values():
        for modelo in op.response_models.values():
            recorrer(modelo)
        for modelo in op.models:
            if modelo.__ninja_param_source__ in ("body", "form", "file"):
                recorrer(modelo)
    repetidos = {n: sorted(m) for n, m in por_nombre.items() if len(m) > 1}
    assert not repetidos, repetidos


def test_cada_operacion_declara_su_respuesta() -> None:
    """`response=` on every operation: without it ninja documents a bare 200 with no schema."""
    sin = [
        f"{op.view_func.__module__}.{op.view_func.__name__}"
        for op in _vistas().values()
        if any(modelo is NOT_SET for modelo in op.response_models.values())
    ]
    assert not sin, sin


def test_el_caracter_nulo_se_rechaza_en_cuerpo_y_consulta(db: None) -> None:
    """PostgreSQL cannot store U+0000: refused alike on both databases (buzon.config.lector)."""
    cliente = Client()
    cuerpo = cliente.post(
        "/api/v1/sesiones",
        {"certificado": "QUJD", "reto": "a\x00b", "firma": "QUJD"},
        content_type="application/json",
    )
    assert cuerpo.status_code == 400
    assert (cuerpo.json()["error"], cuerpo.json()["campo"]) == ("caracter_no_permitido", "reto")
    consulta = cliente.get("/api/v1/calendario/dias-inhabiles", {"anio": "2026", "entidad": "\x00"})
    assert consulta.status_code == 400
    assert consulta.json()["campo"] == "entidad"
