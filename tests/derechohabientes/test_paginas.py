"""The worker's pages: *Mis derechos como trabajador*, the two constancias (obtain, see, PDF,
previous ones), another worker's folio a 404 on every page, an employer's session told clearly
why these pages are not theirs (with the 5.9 aclaración), and the menu tag."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.template import Context, Template
from django.test import Client

from buzon.cuentas.models import Sesion
from buzon.derechohabientes.models import Constancia
from buzon.evidencia.models import CertificadoSello
from tests.cuentas.fixtures import Patron, entrar
from tests.derechohabientes.ayudas import (
    OTRO,
    REGISTRO_A,
    TRABAJADOR,
    asegurado,
    movimientos,
    trabajador,
)

pytestmark = pytest.mark.django_db


def _navegador(persona: Patron) -> Client:
    from buzon.cuentas.navegador import COOKIE

    cliente = Client()
    cliente.cookies[COOKIE] = entrar(Client(), persona)
    return cliente


@pytest.fixture
def yo(hacer_patron: Callable[..., Patron], sello: CertificadoSello) -> Client:
    a = asegurado(1, TRABAJADOR[1])
    movimientos(a, REGISTRO_A, [("08", "2024-01-01", "500.00"), ("11", "2024-01-10", "2")])
    return _navegador(trabajador(hacer_patron))


def test_inicio_muestra_quien_soy(yo: Client) -> None:
    pagina = yo.get("/buzon/derechohabiente/")
    assert pagina.status_code == 200
    texto = pagina.content.decode()
    assert "BOXW************09" in texto and 'id="menu-trabajador"' in texto
    assert "Constancia de semanas cotizadas" in texto


@pytest.mark.parametrize("tipo", ["semanas", "vigencia"])
def test_constancia_se_obtiene_y_se_descarga(yo: Client, tipo: str) -> None:
    ruta = f"/buzon/derechohabiente/{tipo}/"
    assert "Aún no tiene constancias emitidas" in yo.get(ruta).content.decode()
    enviada = yo.post(ruta)
    assert enviada.status_code == 302
    c = Constancia.objects.get()
    assert enviada["Location"] == f"{ruta}?folio={c.folio}"
    pagina = yo.get(enviada["Location"]).content.decode()
    assert c.folio in pagina and 'id="anteriores"' in pagina
    if tipo == "semanas":
        assert f'data-semanas="{c.datos["semanas_cotizadas"]}"' in pagina
        assert "1 de enero de 2024" in pagina and "vigente" in pagina
    else:
        assert 'data-estado="vigente"' in pagina and "mientras esa relación continúe" in pagina
    pdf = yo.get(f"/buzon/derechohabiente/{tipo}/{c.folio}/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_otro_trabajador_recibe_404_en_cada_pagina(
    yo: Client, hacer_patron: Callable[..., Patron]
) -> None:
    yo.post("/buzon/derechohabiente/semanas/")
    yo.post("/buzon/derechohabiente/vigencia/")
    semanas = Constancia.objects.get(tipo="semanas_cotizadas").folio
    vigencia = Constancia.objects.get(tipo="vigencia_derechos").folio
    asegurado(2, OTRO[1], "Luisa Pérez García")
    otro = _navegador(trabajador(hacer_patron, OTRO))
    for ruta in (
        f"/buzon/derechohabiente/semanas/?folio={semanas}",
        f"/buzon/derechohabiente/semanas/{semanas}/pdf",
        f"/buzon/derechohabiente/vigencia/?folio={vigencia}",
        f"/buzon/derechohabiente/vigencia/{vigencia}/pdf",
        f"/buzon/derechohabiente/semanas/?folio={vigencia}",  # the other kind, one's own or not
    ):
        r = otro.get(ruta)
        assert r.status_code == 404, ruta
        assert "No tiene una constancia con ese folio" in r.content.decode()
    lista = otro.get("/buzon/derechohabiente/semanas/").content.decode()
    assert semanas not in lista and "Aún no tiene constancias emitidas" in lista


def test_un_empleador_recibe_un_error_claro(
    yo: Client, patron_b: Patron, sello: CertificadoSello
) -> None:
    yo.post("/buzon/derechohabiente/semanas/")
    folio = Constancia.objects.get().folio
    empleador = _navegador(patron_b)  # persona moral
    for metodo, ruta in (
        ("get", "/buzon/derechohabiente/"),
        ("get", "/buzon/derechohabiente/semanas/"),
        ("post", "/buzon/derechohabiente/semanas/"),
        ("post", "/buzon/derechohabiente/vigencia/"),
        ("get", f"/buzon/derechohabiente/semanas/?folio={folio}"),
    ):
        r = getattr(empleador, metodo)(ruta)
        assert r.status_code == 404, ruta
        texto = r.content.decode()
        assert 'data-codigo="sin_curp"' in texto and "persona moral" in texto
        assert "/actuaciones/tramites/aclaracion-buzon/" in texto
        assert folio not in texto
    assert empleador.get(f"/buzon/derechohabiente/semanas/{folio}/pdf").status_code == 404
    assert Constancia.objects.count() == 1


def test_sin_sesion_va_a_entrar() -> None:
    r = Client().get("/buzon/derechohabiente/semanas/")
    assert r.status_code == 302 and r["Location"].startswith("/entrar/")


def test_etiqueta_del_menu(yo: Client, patron_b: Patron) -> None:
    plantilla = Template("{% load derechohabientes %}{% es_trabajador sesion as t %}{{ t }}")
    entrar(Client(), patron_b)
    trabajador_ = Sesion.objects.get(rfc=TRABAJADOR[0])
    empleador = Sesion.objects.get(rfc=patron_b.rfc)
    assert plantilla.render(Context({"sesion": trabajador_})) == "True"
    assert plantilla.render(Context({"sesion": empleador})) == "False"
    assert plantilla.render(Context({})) == "False"
