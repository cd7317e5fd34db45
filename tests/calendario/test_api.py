"""Public calendar API."""

from __future__ import annotations

import pytest
from django.test import Client

from buzon.calendario.servicios import do_declarar_dia_inhabil
from buzon.legal.calendario import DiaInhabilDeclarado
from tests.legal.ayudas import d

pytestmark = pytest.mark.django_db


def test_dias_inhabiles_del_anio(client: Client) -> None:
    do_declarar_dia_inhabil(
        DiaInhabilDeclarado(
            d("2026-09-14"), d("2026-09-14"), "DOF J", entidades=frozenset({"JAL"})
        ),
        por="XAXX010101000",
    )
    nacional = client.get("/api/v1/calendario/dias-inhabiles", {"anio": 2026}).json()
    fechas = [x["fecha"] for x in nacional["dias_inhabiles"]]
    assert fechas == [
        "2026-01-01",
        "2026-02-02",
        "2026-03-16",
        "2026-05-01",
        "2026-05-05",
        "2026-09-16",
        "2026-11-16",
        "2026-12-25",
    ]
    consulta: dict[str, str | int] = {"anio": 2026, "entidad": "JAL"}
    jalisco = client.get("/api/v1/calendario/dias-inhabiles", consulta)
    dias = jalisco.json()["dias_inhabiles"]
    assert {
        "fecha": "2026-09-14",
        "origen": "declarado",
        "motivo": "declarado inhábil: DOF J",
    } in dias


@pytest.mark.parametrize(
    ("parametros", "campo"),
    [
        ({"anio": 1800}, "anio"),
        ({"anio": 2026, "entidad": "DF"}, "entidad"),
        ({"anio": "x"}, "anio"),
        ({}, "anio"),
    ],
)
def test_errores_con_forma_del_contrato(
    client: Client, parametros: dict[str, str | int], campo: str
) -> None:
    respuesta = client.get("/api/v1/calendario/dias-inhabiles", parametros)
    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert set(cuerpo) == {"error", "mensaje", "campo"}
    assert cuerpo["campo"] == campo
    assert cuerpo["mensaje"]


def test_exportacion_publica(client: Client) -> None:
    assert client.get("/api/v1/calendario/exportacion").json() == {"dias_inhabiles": []}


def test_openapi_y_docs(client: Client) -> None:
    esquema = client.get("/api/v1/openapi.json").json()
    assert esquema["openapi"].startswith("3.1")
    assert "/api/v1/calendario/dias-inhabiles" in esquema["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"openapi.json" in docs.content
