"""The public pages (no session) and the officials' upload page; every piece of the law's text
is escaped (highlights and diffs are spans wrapped in <mark>, <del>, <ins>)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from buzon.cuentas.navegador import COOKIE
from buzon.normatividad.models import Version
from buzon.normatividad.servicios import ResultadoAlta, do_agregar_version
from tests.cuentas.fixtures import Patron, entrar
from tests.normatividad.conftest import ADMINISTRADOR, NOTIFICADOR, alta, texto_incluido

pytestmark = pytest.mark.django_db


def test_indice_texto_y_version(client: Client, cff: ResultadoAlta) -> None:
    r = client.get("/normatividad/")
    assert r.status_code == 200
    assert 'data-clave="cff"' in r.content.decode()
    r = client.get("/normatividad/cff/")
    html = r.content.decode()
    assert r.status_code == 200
    assert 'data-clave="Artículo 139"' in html and "Versión 1 (vigente)" in html
    assert client.get("/normatividad/cff/versiones/1/").status_code == 200
    assert client.get("/normatividad/cff/versiones/2/").status_code == 404
    assert client.get("/normatividad/nada/").status_code == 404


def test_busqueda_resalta_escapando(client: Client, cff: ResultadoAlta) -> None:
    r = client.get("/normatividad/buscar/", {"q": "días inhábiles"})
    html = r.content.decode()
    assert r.status_code == 200
    assert 'data-articulo="Artículo 12"' in html
    assert "<mark>inhábiles</mark>" in html
    r = client.get("/normatividad/buscar/", {"q": "de la"})
    assert r.status_code == 400 and 'id="error"' in r.content.decode()
    r = client.get("/normatividad/buscar/", {"q": "<script>alert(1)</script>"})
    assert "<script>alert" not in r.content.decode()


def test_el_texto_de_la_ley_se_escapa(client: Client, administrador: str) -> None:
    do_agregar_version(
        alta("prueba", tipo="ley", nombre="Ley <b>de prueba</b>"),
        "Artículo 1. Uno <script>alert(1)</script> estrados.\nArtículo 2. Dos.\n",
        por=administrador,
    )
    do_agregar_version(
        alta("prueba", tipo="ley", fecha_dof=date(2022, 1, 1)),
        "Artículo 1. Uno <img src=x onerror=alert(1)> estrados.\nArtículo 3. Tres.\n",
        por=administrador,
    )
    for url in (
        "/normatividad/prueba/versiones/1/",
        "/normatividad/buscar/?q=estrados&clave=prueba&version=1",
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "&lt;script&gt;" in html
    html = client.get("/normatividad/prueba/comparar/", {"de": 1, "a": 2}).content.decode()
    assert "<img" not in html and "&lt;img" in html
    assert "<del>" in html and "<ins>" in html
    assert 'id="agregados"' in html and 'data-clave="Artículo 3"' in html
    assert "Ley &lt;b&gt;de prueba&lt;/b&gt;" in client.get("/normatividad/").content.decode()
    # Without «de» and «a»: the last two versions.
    assert client.get("/normatividad/prueba/comparar/").status_code == 200


def test_comparar_un_texto_de_una_version(client: Client, cff: ResultadoAlta) -> None:
    assert client.get("/normatividad/cff/comparar/").status_code == 400
    assert client.get("/normatividad/cff/comparar/", {"de": "1", "a": "9"}).status_code == 404
    assert client.get("/normatividad/cff/comparar/", {"de": "x", "a": "1"}).status_code == 400


def _formulario(**cambios: object) -> dict[str, object]:
    datos: dict[str, object] = {
        "clave": "cff",
        "tipo": "codigo",
        "nombre": "Código Fiscal de la Federación",
        "dof": "2021-11-12",
        "vigor": "",
        "fuente": "DOF 12-11-2021",
        "archivo": SimpleUploadedFile(
            "cff.txt", texto_incluido("cff-extractos.txt").encode(), "text/plain"
        ),
    }
    datos.update(cambios)
    return datos


def _con_cookie(cliente: Client, token: str) -> Client:
    cliente.cookies[COOKIE] = token
    return cliente


def test_el_administrador_sube_un_texto(
    sesion_oficial: Callable[[str, str], tuple[Client, str]],
) -> None:
    cliente = _con_cookie(*sesion_oficial(ADMINISTRADOR, "administrador"))
    assert cliente.get("/oficina/normatividad/agregar/").status_code == 200
    r = cliente.post("/oficina/normatividad/agregar/", _formulario())
    assert r.status_code == 302 and r["Location"] == "/normatividad/cff/versiones/1/?agregada=1"
    r = cliente.post("/oficina/normatividad/agregar/", _formulario())
    assert r["Location"] == "/normatividad/cff/versiones/1/?ya=1"
    assert Version.objects.count() == 1


@pytest.mark.parametrize(
    ("cambios", "campo"),
    [
        ({"archivo": SimpleUploadedFile("a.txt", "Artículo 1. á".encode("latin-1"))}, "archivo"),
        ({"archivo": SimpleUploadedFile("a.pdf", b"%PDF-1.7\x00\x01\x02")}, "archivo"),
        ({"archivo": SimpleUploadedFile("a.txt", b"")}, "archivo"),
        ({"archivo": SimpleUploadedFile("a.txt", "Solo un párrafo.".encode())}, "archivo"),
        ({"archivo": ""}, "archivo"),
        ({"dof": "12/11/2021"}, "dof"),
        ({"dof": ""}, "dof"),
        ({"vigor": "2021-02-30"}, "vigor"),
        ({"clave": "Código Fiscal"}, "clave"),
        ({"tipo": "otro"}, "tipo"),
        ({"nombre": ""}, "nombre"),
        ({"fuente": "x"}, "fuente"),
    ],
)
def test_subidas_invalidas_dicen_el_campo(
    sesion_oficial: Callable[[str, str], tuple[Client, str]], cambios: dict[str, object], campo: str
) -> None:
    cliente = _con_cookie(*sesion_oficial(ADMINISTRADOR, "administrador"))
    datos = _formulario(**cambios)
    if datos["archivo"] == "":
        del datos["archivo"]
    r = cliente.post("/oficina/normatividad/agregar/", datos)
    html = r.content.decode()
    assert r.status_code == 400
    assert 'role="alert" id="error"' in html
    assert f'id="{campo}" name="{campo}"' in html
    assert html.count('aria-invalid="true"') == 1
    assert html.split('aria-invalid="true"')[0].rsplit("<", 1)[1].startswith(("input", "select"))
    assert f'name="{campo}"' in html.split('aria-invalid="true"')[0].rsplit("<", 1)[1]
    assert Version.objects.count() == 0


def test_un_notificador_no_agrega(
    sesion_oficial: Callable[[str, str], tuple[Client, str]],
) -> None:
    cliente = _con_cookie(*sesion_oficial(NOTIFICADOR, "notificador"))
    assert (
        'id="solo-administrador"' in cliente.get("/oficina/normatividad/agregar/").content.decode()
    )
    r = cliente.post("/oficina/normatividad/agregar/", _formulario())
    assert r.status_code == 403
    assert Version.objects.count() == 0


def test_sin_sesion_de_oficial_va_a_entrar(client: Client, patron_a: Patron) -> None:
    r = client.get("/oficina/normatividad/agregar/")
    assert r.status_code == 302 and r["Location"].startswith("/oficina/entrar/")
    particular = _con_cookie(Client(), entrar(Client(), patron_a))
    r = particular.post("/oficina/normatividad/agregar/", _formulario())
    assert r.status_code == 302 and r["Location"].startswith("/oficina/entrar/")
    assert Version.objects.count() == 0
