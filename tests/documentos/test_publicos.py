"""Documentos para todos: an administrador publishes guides and formats (API, page, command),
checked by content and size; anyone lists and downloads them; a withdrawn one is gone."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from buzon.cuentas.navegador import COOKIE
from buzon.documentos.models import CambioDocumento, DocumentoPublico
from buzon.documentos.servicios import MAXIMO_PDF
from buzon.evidencia.models import EntradaBitacora
from buzon.oficina.servicios import do_alta_oficial
from tests.cuentas.fixtures import Patron, entrar
from tests.documentos.ayudas import pdf
from tests.notificaciones.fixtures import entrar_oficial, sesion_particular

pytestmark = pytest.mark.django_db

RFC_ADMIN = "XOJI740919U48"
RFC_NOTIFICADOR = "GOMA800101AB6"


@pytest.fixture
def administrador(hacer_patron: Callable[..., Patron]) -> Patron:
    do_alta_oficial(rfc=RFC_ADMIN, nombre="Admin", rol="administrador", subdelegacion="Centro")
    return hacer_patron(RFC_ADMIN)


@pytest.fixture
def notificador_patron(hacer_patron: Callable[..., Patron]) -> Patron:
    do_alta_oficial(
        rfc=RFC_NOTIFICADOR, nombre="Notificador", rol="notificador", subdelegacion="Centro"
    )
    return hacer_patron(RFC_NOTIFICADOR)


def _archivo(contenido: bytes, nombre: str = "guia.pdf") -> io.BytesIO:
    archivo = io.BytesIO(contenido)
    archivo.name = nombre
    return archivo


def _publicar(oficial: Patron, contenido: bytes, **campos: str) -> Any:
    cliente = Client()
    token = entrar_oficial(cliente, oficial)
    datos: dict[str, Any] = {
        "titulo": "Guía para habilitar el buzón",
        "descripcion": "Paso a paso",
        "tipo": "guia",
        "version": "2026.1",
        **campos,
        "archivo": _archivo(contenido),
    }
    return cliente.post("/api/v1/oficina/documentos", datos, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_el_administrador_publica_y_cualquiera_descarga(administrador: Patron) -> None:
    contenido = pdf("Guía de habilitación")
    respuesta = _publicar(administrador, contenido)
    assert respuesta.status_code == 201, respuesta.content
    cuerpo = respuesta.json()
    assert (cuerpo["titulo"], cuerpo["tipo"], cuerpo["version"]) == (
        "Guía para habilitar el buzón",
        "guia",
        "2026.1",
    )
    assert cuerpo["tamano"] == len(contenido)
    lista = Client().get("/api/v1/documentos/publicos").json()["documentos"]
    assert [d["id"] for d in lista] == [cuerpo["id"]]
    descarga = Client().get(cuerpo["descarga"])
    assert descarga.status_code == 200 and descarga["Content-Type"] == "application/pdf"
    assert descarga.content == contenido
    assert "attachment" in descarga["Content-Disposition"]
    pagina = Client().get("/documentos/")
    assert pagina.status_code == 200 and "Guía para habilitar el buzón" in pagina.content.decode()
    desde_pagina = Client().get(f"/documentos/{cuerpo['id']}/pdf")
    assert desde_pagina.content == contenido
    cambio = CambioDocumento.objects.get()
    assert (cambio.accion, cambio.por, cambio.documento_id) == (
        "publicado",
        RFC_ADMIN,
        cuerpo["id"],
    )
    [entrada] = EntradaBitacora.objects.filter(tipo="documento_publicado")
    assert entrada.sujeto == f"documento-{cuerpo['id']}"
    assert (entrada.datos["sha256"], entrada.datos["por"]) == (cambio.sha256, RFC_ADMIN)


@pytest.mark.parametrize(
    ("contenido", "campos", "codigo", "campo"),
    [
        (b"GIF89a no soy un pdf", {}, "archivo_no_pdf", "archivo"),
        (b"", {}, "archivo_no_pdf", "archivo"),
        (b"%PDF-" + b"0" * MAXIMO_PDF, {}, "archivo_grande", "archivo"),
        (None, {"titulo": "   "}, "titulo_invalido", "titulo"),
        (None, {"titulo": "Guía\u202e oculta"}, "titulo_invalido", "titulo"),
        (None, {"tipo": "manual"}, "tipo_invalido", "tipo"),
        (None, {"version": "v 1"}, "version_invalida", "version"),
    ],
)
def test_lo_que_no_es_una_guia_se_rechaza(
    administrador: Patron,
    contenido: bytes | None,
    campos: dict[str, str],
    codigo: str,
    campo: str,
) -> None:
    respuesta = _publicar(administrador, pdf() if contenido is None else contenido, **campos)
    assert respuesta.status_code == 400, respuesta.content
    assert (respuesta.json()["error"], respuesta.json()["campo"]) == (codigo, campo)
    assert not DocumentoPublico.objects.exists()
    assert not CambioDocumento.objects.exists()


def test_solo_un_administrador_publica_y_no_se_repite_la_version(
    administrador: Patron, notificador_patron: Patron, patron_a: Patron
) -> None:
    negada = _publicar(notificador_patron, pdf())
    assert negada.status_code == 403 and negada.json()["error"] == "no_autorizado"
    cliente, auth = sesion_particular(patron_a)  # a particular's token is not an official's
    assert cliente.post("/api/v1/oficina/documentos", {}, **auth).status_code == 401
    assert _publicar(administrador, pdf()).status_code == 201
    repetida = _publicar(administrador, pdf("otra"))
    assert repetida.status_code == 409 and repetida.json()["error"] == "version_existente"
    assert _publicar(administrador, pdf("otra"), version="2026.2").status_code == 201
    assert DocumentoPublico.objects.count() == 2


def test_el_retirado_ya_no_se_ofrece(administrador: Patron) -> None:
    creado = _publicar(administrador, pdf()).json()
    cliente = Client()
    token = entrar_oficial(cliente, administrador)
    ruta = f"/api/v1/oficina/documentos/{creado['id']}/retiro"
    retiro = cliente.post(ruta, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert retiro.status_code == 200 and retiro.json()["retirado"] is not None
    assert cliente.post(ruta, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 409
    assert Client().get("/api/v1/documentos/publicos").json()["documentos"] == []
    assert Client().get(creado["descarga"]).status_code == 404
    assert Client().get(f"/documentos/{creado['id']}/pdf").status_code == 404
    assert "Aún no hay guías" in Client().get("/documentos/").content.decode()
    assert [c.accion for c in CambioDocumento.objects.all()] == ["publicado", "retirado"]
    assert list(
        EntradaBitacora.objects.filter(sujeto=f"documento-{creado['id']}").values_list(
            "tipo", flat=True
        )
    ) == ["documento_publicado", "documento_retirado"]
    assert DocumentoPublico.objects.filter(pk=creado["id"]).exists()  # kept, withdrawn


def test_la_pagina_de_la_oficina_publica_y_retira(
    administrador: Patron, notificador_patron: Patron
) -> None:
    oficina = Client()
    oficina.cookies[COOKIE] = entrar_oficial(Client(), administrador)
    datos = {"titulo": "Formato de aviso", "descripcion": "", "tipo": "formato", "version": "1"}
    mala = oficina.post("/oficina/documentos/", {**datos, "archivo": _archivo(b"hola", "a.pdf")})
    assert mala.status_code == 400
    assert "no es un PDF" in mala.content.decode()
    assert 'value="Formato de aviso"' in mala.content.decode()  # the form keeps what was typed
    buena = oficina.post("/oficina/documentos/", {**datos, "archivo": _archivo(pdf())})
    assert buena.status_code == 302
    documento = DocumentoPublico.objects.get()
    assert (documento.tipo, documento.publicado_por) == ("formato", RFC_ADMIN)
    assert "Formato de aviso" in oficina.get("/oficina/documentos/").content.decode()
    assert oficina.post(f"/oficina/documentos/{documento.pk}/retiro").status_code == 302
    documento.refresh_from_db()
    assert documento.retirado is not None
    # A notificador sees the list, not the form, and cannot publish.
    otro = Client()
    otro.cookies[COOKIE] = entrar_oficial(Client(), notificador_patron)
    assert 'id="publicar"' not in otro.get("/oficina/documentos/").content.decode()
    negada = otro.post(
        "/oficina/documentos/", {**datos, "version": "2", "archivo": _archivo(pdf())}
    )
    assert negada.status_code == 403
    assert DocumentoPublico.objects.count() == 1
    # Without an official's session, to the officials' login.
    assert Client().get("/oficina/documentos/")["Location"].startswith("/oficina/entrar/")


def test_el_comando_publica_lista_y_retira(administrador: Patron, tmp_path: Path) -> None:
    ruta = tmp_path / "guia.pdf"
    ruta.write_bytes(pdf())
    salida = io.StringIO()
    call_command(
        "documentos",
        "publicar",
        str(ruta),
        "--titulo",
        "Guía",
        "--tipo",
        "guia",
        "--version",
        "1",
        "--por",
        RFC_ADMIN,
        stdout=salida,
    )
    creado = json.loads(salida.getvalue())
    listado = io.StringIO()
    call_command("documentos", "listar", stdout=listado)
    assert [d["id"] for d in json.loads(listado.getvalue())] == [creado["id"]]
    (tmp_path / "malo.pdf").write_bytes(b"no")
    with pytest.raises(CommandError, match="no es un PDF"):
        call_command(
            "documentos",
            "publicar",
            str(tmp_path / "malo.pdf"),
            "--titulo",
            "X",
            "--tipo",
            "guia",
            "--version",
            "2",
            "--por",
            RFC_ADMIN,
        )
    with pytest.raises(CommandError, match="administrador"):
        call_command("documentos", "retirar", str(creado["id"]), "--por", RFC_NOTIFICADOR)
    call_command(
        "documentos", "retirar", str(creado["id"]), "--por", RFC_ADMIN, stdout=io.StringIO()
    )
    vacio = io.StringIO()
    call_command("documentos", "listar", stdout=vacio)
    assert json.loads(vacio.getvalue()) == []


def test_mis_documentos_muestra_los_documentos_para_todos(
    administrador: Patron, patron_a: Patron
) -> None:
    creado = _publicar(administrador, pdf()).json()
    navegador = Client()
    navegador.cookies[COOKIE] = entrar(Client(), patron_a)
    html = navegador.get("/buzon/mis-documentos/").content.decode()
    assert "Documentos para todos" in html and f"/documentos/{creado['id']}/pdf" in html
