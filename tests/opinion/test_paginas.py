"""The pages: *Mi opinión de cumplimiento* (obtain, motivos, PDF, previous ones), *Consultar a un
tercero que me autorizó*, *Mis consultas* and the public *Opinión pública*; another's folio is a
404 on every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from buzon.cuentas.navegador import COOKIE
from buzon.evidencia.models import CertificadoSello
from buzon.opinion.models import Consulta, Opinion
from tests.actuaciones.fixtures import Cliente
from tests.cuentas.fixtures import Patron, entrar
from tests.opinion.ayudas import TERCERO, TITULAR, titular_con_trabajadores
from tests.terceros.fixtures import otorgar, revocar

pytestmark = pytest.mark.django_db


def _navegador(patron: Patron) -> Client:
    cliente = Client()
    cliente.cookies[COOKIE] = entrar(Client(), patron)
    return cliente


@pytest.fixture
def datos(tmp_path: Path, sello: CertificadoSello) -> None:
    titular_con_trabajadores(tmp_path)


def test_mi_opinion_se_obtiene_y_se_descarga(datos: None, patron_a: Patron) -> None:
    navegador = _navegador(patron_a)
    vacia = navegador.get("/buzon/opinion/")
    assert vacia.status_code == 200
    assert "Aún no tiene opiniones emitidas" in vacia.content.decode()
    assert "Mi opinión de cumplimiento" in vacia.content.decode()  # the menu link too
    enviada = navegador.post("/buzon/opinion/", {"motivo": "Para una licitación"})
    assert enviada.status_code == 302
    opinion = Opinion.objects.get()
    assert enviada["Location"] == f"/buzon/opinion/?folio={opinion.folio}"
    pagina = navegador.get(enviada["Location"]).content.decode()
    assert 'data-sentido="positiva"' in pagina and opinion.folio in pagina
    assert "3 trabajadores vigentes" in pagina
    assert "Vigente únicamente el día de su emisión" in pagina
    pdf = navegador.get(f"/buzon/opinion/{opinion.folio}/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert Consulta.objects.get().motivo == "Para una licitación"


def test_el_motivo_demasiado_largo_se_explica(datos: None, patron_a: Patron) -> None:
    respuesta = _navegador(patron_a).post("/buzon/opinion/", {"motivo": "x" * 301})
    assert respuesta.status_code == 400
    assert "300 caracteres" in respuesta.content.decode()
    assert not Opinion.objects.exists()


def test_otro_particular_no_ve_la_opinion_ajena(
    datos: None, patron_a: Patron, patron_b: Patron
) -> None:
    _navegador(patron_a).post("/buzon/opinion/", {})
    folio = Opinion.objects.get().folio
    ajeno = _navegador(patron_b)
    assert ajeno.get(f"/buzon/opinion/?folio={folio}").status_code == 404
    assert ajeno.get(f"/buzon/opinion/{folio}/pdf").status_code == 404
    assert folio not in ajeno.get("/buzon/opinion/").content.decode()
    assert folio not in ajeno.get("/buzon/consultas/").content.decode()
    assert folio not in ajeno.get("/buzon/opinion-de-terceros/").content.decode()
    # Without a session, the particular's pages send to the login page.
    for ruta in ("/buzon/opinion/", f"/buzon/opinion/{folio}/pdf", "/buzon/consultas/"):
        assert Client().get(ruta)["Location"].startswith("/entrar/")


def test_el_tercero_consulta_y_el_titular_lo_ve_en_mis_consultas(
    datos: None, patron_a: Patron, patron_b: Patron
) -> None:
    tercero = _navegador(patron_b)
    negada = tercero.post("/buzon/opinion-de-terceros/", {"rfc": TITULAR})
    assert negada.status_code == 403
    assert "no le ha autorizado" in negada.content.decode()
    concedida = otorgar(Cliente(Client(), patron_a), TERCERO)
    hecha = tercero.post("/buzon/opinion-de-terceros/", {"rfc": TITULAR, "motivo": "Proveedor"})
    assert hecha.status_code == 200
    assert 'data-sentido="positiva"' in hecha.content.decode()
    folio = Opinion.objects.get().folio
    assert tercero.get(f"/buzon/opinion/{folio}/pdf").status_code == 200
    assert folio in tercero.get("/buzon/opinion-de-terceros/").content.decode()
    consultas = _navegador(patron_a).get("/buzon/consultas/").content.decode()
    assert f"Tercero autorizado, RFC {TERCERO.replace('&', '&amp;')}" in consultas
    assert "Proveedor" in consultas
    revocar(Cliente(Client(), patron_a), concedida["id"])
    assert tercero.post("/buzon/opinion-de-terceros/", {"rfc": TITULAR}).status_code == 403


def test_la_pagina_publica(datos: None, patron_a: Patron, settings: Any) -> None:
    anonimo = Client()
    formulario = anonimo.get("/opinion-publica/")
    assert formulario.status_code == 200 and "RFC exacto" in formulario.content.decode()
    cerrada = anonimo.post("/opinion-publica/", {"rfc": TITULAR})
    assert cerrada.status_code == 404
    assert "no ha autorizado publicar" in cerrada.content.decode()
    otorgar(Cliente(Client(), patron_a), None, "publicacion")
    abierta = anonimo.post("/opinion-publica/", {"rfc": TITULAR})
    assert abierta.status_code == 200
    assert 'data-sentido="positiva"' in abierta.content.decode()
    assert "Descargar la opinión en PDF" not in abierta.content.decode()
    assert Consulta.objects.get().tipo == "publico"
    assert anonimo.post("/opinion-publica/", {"rfc": "x"}).status_code == 400
