"""The pages: *Mis comunicados* (apart from notifications, «no tiene efectos legales», read on
open through a POST), the officials' pages (write with a list and PDFs, approve, progress), and
no particular reaching a comunicado targeted elsewhere."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from buzon.comunicados.models import Comunicado, Destinatario
from buzon.cuentas.navegador import COOKIE
from buzon.oficina.models import NACIONAL
from tests.comunicados.ayudas import RFC_A, RFC_C, padron_basico
from tests.cuentas.fixtures import Patron, entrar
from tests.notificaciones.fixtures import Funcionario, entrar_oficial, pdf_de_prueba

pytestmark = pytest.mark.django_db


def navegador_particular(patron: Patron) -> Client:
    cliente = Client()
    cliente.cookies[COOKIE] = entrar(Client(), patron)
    return cliente


def navegador_oficial(f: Funcionario) -> Client:
    cliente = Client()
    cliente.cookies[COOKIE] = entrar_oficial(Client(), f.patron)
    return cliente


@pytest.fixture
def oficiales(hacer_funcionario: Callable[..., Funcionario]) -> tuple[Client, Client]:
    padron_basico()
    autor = hacer_funcionario("CONA800101AB1", "comunicador", NACIONAL)
    jefe = hacer_funcionario("SUNA750505AB3", "supervisor", NACIONAL)
    return navegador_oficial(autor), navegador_oficial(jefe)


def escribir_y_aprobar(autor: Client, jefe: Client, **campos: object) -> Comunicado:
    formulario = {
        "titulo": "Jornada de regularización",
        "cuerpo": "Acuda **sin cita**.\n\n<script>alert(1)</script>",
        "formato": "markdown",
        "segmento": "lista",
        "lista": SimpleUploadedFile("lista.csv", f"rfc\n{RFC_A}\n".encode()),
        "adjuntos": SimpleUploadedFile("guia.pdf", pdf_de_prueba("guía"), "application/pdf"),
        **campos,
    }
    creado = autor.post("/oficina/comunicados/nuevo", formulario)
    assert creado.status_code == 302, creado.content.decode()[:2000]
    c = Comunicado.objects.latest("id")
    assert autor.post(f"/oficina/comunicados/{c.pk}/enviar").status_code == 302
    assert jefe.post(f"/oficina/comunicados/{c.pk}/aprobar").status_code == 302
    c.refresh_from_db()
    return c


def test_el_particular_lee_su_comunicado(
    oficiales: tuple[Client, Client], patron_a: Patron
) -> None:
    c = escribir_y_aprobar(*oficiales)
    navegador = navegador_particular(patron_a)
    lista = navegador.get("/buzon/comunicados/").content.decode()
    assert "Este comunicado es informativo y no tiene efectos legales" in lista
    assert "Mis notificaciones" in lista and 'data-leido="no"' in lista
    assert 'data-sin-leer="1"' in lista
    assert navegador.get(f"/buzon/comunicados/{c.pk}/").status_code == 200
    assert Destinatario.objects.get(rfc=RFC_A).leido_en is None  # GET never writes
    abierto = navegador.post(f"/buzon/comunicados/{c.pk}/abrir")
    assert abierto["Location"] == f"/buzon/comunicados/{c.pk}/"
    pagina = navegador.get(abierto["Location"]).content.decode()
    assert "<strong>sin cita</strong>" in pagina
    assert "<script>alert" not in pagina and "&lt;script&gt;alert(1)&lt;/script&gt;" in pagina
    assert "no tiene efectos legales" in pagina
    assert 'data-leido="si"' in navegador.get("/buzon/comunicados/").content.decode()
    pdf = navegador.get(f"/buzon/comunicados/{c.pk}/adjuntos/1")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    progreso = oficiales[1].get(f"/oficina/comunicados/{c.pk}/").content.decode()
    assert 'data-objetivo="1" data-entregados="1" data-leidos="1"' in progreso


def test_ningun_particular_ve_lo_dirigido_a_otro(
    oficiales: tuple[Client, Client], patron_a: Patron, patron_b: Patron
) -> None:
    c = escribir_y_aprobar(*oficiales)
    ajeno = navegador_particular(patron_b)
    assert f'data-id="{c.pk}"' not in ajeno.get("/buzon/comunicados/").content.decode()
    assert ajeno.get(f"/buzon/comunicados/{c.pk}/").status_code == 404
    assert ajeno.post(f"/buzon/comunicados/{c.pk}/abrir").status_code == 404
    assert ajeno.get(f"/buzon/comunicados/{c.pk}/adjuntos/1").status_code == 404
    assert Destinatario.objects.get(comunicado=c).rfc == RFC_A
    # An official's pages are not a particular's.
    assert ajeno.get(f"/oficina/comunicados/{c.pk}/").status_code in (302, 403)
    for ruta in ("/buzon/comunicados/", f"/buzon/comunicados/{c.pk}/"):
        assert Client().get(ruta)["Location"].startswith("/entrar/")


def test_la_lista_con_errores_se_muestra_por_linea(oficiales: tuple[Client, Client]) -> None:
    autor, _jefe = oficiales
    respuesta = autor.post(
        "/oficina/comunicados/nuevo",
        {
            "titulo": "T",
            "cuerpo": "C",
            "segmento": "lista",
            "lista": SimpleUploadedFile("l.csv", f"{RFC_A}\nmalo\n{RFC_C}\nY0000000000\n".encode()),
        },
    )
    assert respuesta.status_code == 400
    pagina = respuesta.content.decode()
    assert (
        'data-linea="2"' in pagina and 'data-linea="4"' in pagina and 'data-linea="3"' not in pagina
    )
    assert "Línea 4: el registro patronal Y0000000000 no está en el padrón." in pagina
    assert not Comunicado.objects.exists()


def test_un_pdf_falso_se_rechaza(oficiales: tuple[Client, Client]) -> None:
    autor, _jefe = oficiales
    respuesta = autor.post(
        "/oficina/comunicados/nuevo",
        {
            "titulo": "T",
            "cuerpo": "C",
            "segmento": "todos",
            "adjuntos": SimpleUploadedFile("x.pdf", b"MZ\x90\x00", "application/pdf"),
        },
    )
    assert respuesta.status_code == 400 and "no es un PDF" in respuesta.content.decode()
    assert not Comunicado.objects.exists()
