"""The library's API: public reads (no session), the official's POST (administrador only), every
refusal in the contract's shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from buzon.normatividad.models import Version
from buzon.normatividad.servicios import ResultadoAlta
from tests.cuentas.fixtures import Patron, entrar
from tests.normatividad.conftest import ADMINISTRADOR, NOTIFICADOR, texto_incluido

pytestmark = pytest.mark.django_db
BASE = "/api/v1/normatividad"


def test_textos_y_versiones_sin_sesion(client: Client, cff: ResultadoAlta) -> None:
    r = client.get(BASE)
    assert r.status_code == 200
    (texto,) = r.json()["textos"]
    assert texto["clave"] == "cff" and texto["versiones"] == 1
    assert texto["vigente"]["sha256"] == cff.version.sha256
    assert "agregada_por" not in texto["vigente"]
    r = client.get(f"{BASE}/cff")
    assert r.status_code == 200
    assert r.json()["vigente"] == 1 and [v["numero"] for v in r.json()["versiones"]] == [1]
    r = client.get(f"{BASE}/cff/versiones/1")
    assert r.status_code == 200
    articulos = [a["clave"] for a in r.json()["articulos"]]
    assert "Artículo 139" in articulos and r.json()["fecha_dof"] == "2021-11-12"


@pytest.mark.parametrize("ruta", ["/nada", "/cff/versiones/2", "/nada/versiones/1"])
def test_no_encontrado(client: Client, cff: ResultadoAlta, ruta: str) -> None:
    r = client.get(BASE + ruta)
    assert r.status_code == 404
    assert r.json()["error"] == "no_encontrado"


def test_busqueda(client: Client, cff: ResultadoAlta) -> None:
    r = client.get(f"{BASE}/busqueda", {"q": "días inhábiles"})
    assert r.status_code == 200
    por_articulo = {x["articulo"]: x for x in r.json()["resultados"]}
    doce = por_articulo["Artículo 12"]
    assert doce["clave"] == "cff" and doce["version"] == 1
    assert {t["texto"].lower() for t in doce["extracto"] if t["resaltado"]} == {"días", "inhábiles"}
    r = client.get(f"{BASE}/busqueda", {"q": "estrados", "clave": "cff", "version": "1"})
    assert "Artículo 139" in {x["articulo"] for x in r.json()["resultados"]}


@pytest.mark.parametrize(
    ("parametros", "estado", "codigo", "campo"),
    [
        ({"q": "de la"}, 400, "consulta_invalida", "q"),
        ({"q": "x"}, 400, "solicitud_invalida", None),
        ({}, 400, "solicitud_invalida", None),
        ({"q": "estrados", "fecha": "2024-13-01"}, 400, "consulta_invalida", "fecha"),
        ({"q": "estrados", "version": "1"}, 400, "consulta_invalida", "clave"),
        ({"q": "estrados", "clave": "nada"}, 404, "no_encontrado", "clave"),
    ],
)
def test_busqueda_invalida(
    client: Client,
    cff: ResultadoAlta,
    parametros: dict[str, Any],
    estado: int,
    codigo: str,
    campo: str | None,
) -> None:
    r = client.get(f"{BASE}/busqueda", parametros)
    assert r.status_code == estado, r.content
    assert r["Content-Type"].startswith("application/json")
    assert r.json()["error"] == codigo
    if campo:
        assert r.json()["campo"] == campo


def cuerpo(**cambios: Any) -> dict[str, Any]:
    datos = {
        "clave": "cff",
        "tipo": "codigo",
        "nombre": "Código Fiscal de la Federación",
        "fecha_dof": "2021-11-12",
        "fuente_dof": "DOF 12-11-2021",
        "contenido": texto_incluido("cff-extractos.txt"),
    }
    return datos | cambios


def publicar(cliente: Client, token: str | None, datos: dict[str, Any]) -> Any:
    extra: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return cliente.post(BASE, datos, content_type="application/json", **extra)


def test_el_administrador_agrega_y_repetir_no_hace_nada(
    sesion_oficial: Callable[[str, str], tuple[Client, str]],
) -> None:
    cliente, token = sesion_oficial(ADMINISTRADOR, "administrador")
    r = publicar(cliente, token, cuerpo())
    assert r.status_code == 201, r.content
    assert r.json()["nueva"] is True and r.json()["articulos"] == 10
    r = publicar(cliente, token, cuerpo())
    assert r.status_code == 200 and r.json()["nueva"] is False
    assert Version.objects.count() == 1
    r = publicar(cliente, token, cuerpo(contenido="sin artículos"))
    assert r.status_code == 400
    assert (r.json()["error"], r.json()["campo"]) == ("sin_articulos", "archivo")


def test_solo_el_administrador(
    sesion_oficial: Callable[[str, str], tuple[Client, str]], patron_a: Patron
) -> None:
    cliente, token = sesion_oficial(NOTIFICADOR, "notificador")
    r = publicar(cliente, token, cuerpo())
    assert r.status_code == 403 and r.json()["error"] == "no_autorizado"
    assert publicar(Client(), None, cuerpo()).status_code == 401
    # A particular's session is no official's session.
    particular = Client()
    assert publicar(particular, entrar(particular, patron_a), cuerpo()).status_code == 401
    assert Version.objects.count() == 0
