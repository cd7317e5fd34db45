"""The public verification of an emisión de cuotas (the QR of its PDF): page and API show the
masked registro patronal, the period, the total, the generated instant and the huella, and say it
is a propuesta, not a notification; a wrong code, an unknown folio and altered rows get the one
negative answer (issue 13 §4)."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test import Client

from buzon.cuotas.emisiones import generacion
from buzon.cuotas.emisiones.modelos import Emision
from buzon.evidencia.folio import nuevo_folio
from buzon.legal.rfc import enmascarar_rfc
from buzon.verificacion.selectors import NO_ENCONTRADO, enmascarar_registro
from tests.cuotas.test_emisiones_generacion import ledger

__all__ = ["ledger"]  # a fixture, used by name

pytestmark = pytest.mark.django_db


def _emision() -> Emision:
    generacion.generar("2026-04")
    return Emision.objects.get(registro_patronal="Y5412345108")


def test_enmascarar_registro() -> None:
    assert enmascarar_registro("Y5412345108") == "Y54******08"
    assert enmascarar_registro("abc") == "***"


def test_pagina_de_una_emision_autentica(ledger: None, client: Client) -> None:
    e = _emision()
    texto = html.unescape(
        client.get(f"/verificar/{e.folio}?c={e.codigo_verificacion}").content.decode()
    )
    assert "Emisión auténtica" in texto
    assert "Propuesta emitida por el IMSS (no es una notificación)" in texto
    assert "Y54******08" in texto and "Y5412345108" not in texto
    assert enmascarar_rfc(e.rfc) in texto and e.rfc not in texto
    assert "2026-04" in texto and e.huella in texto
    assert f"{(e.total_patron + e.total_obrero) // 100}." in texto
    assert "Zona Centro" in texto  # the generated instant, legible


def test_api_de_una_emision(ledger: None, client: Client) -> None:
    e = _emision()
    datos = client.get(f"/api/v1/verificacion/{e.folio}", {"c": e.codigo_verificacion}).json()
    total = e.total_patron + e.total_obrero
    assert datos["valido"] is True and datos["tipo"] == "emision"
    assert datos["emision"] == "EMA" and datos["periodo"] == "2026-04"
    assert datos["registro_patronal"] == "Y54******08"
    assert datos["total"] == f"{total // 100}.{total % 100:02d}"
    assert datos["huella"] == e.huella and datos["sha256"] == [e.huella]
    assert datos["trabajadores"] == 2 and datos["emitido"]
    assert "No es una notificación" in datos["mensaje"]
    assert "Y5412345108" not in str(datos)


def test_sin_oraculo(ledger: None, client: Client) -> None:
    e = _emision()
    malo = client.get(f"/api/v1/verificacion/{e.folio}", {"c": "INVENTADO12"}).json()
    otro = nuevo_folio(2026)
    desconocido = client.get(f"/api/v1/verificacion/{otro}", {"c": "INVENTADO12"}).json()
    assert malo == {**desconocido, "folio": e.folio}
    assert malo["valido"] is False and malo["mensaje"] == NO_ENCONTRADO
    pagina = html.unescape(client.get(f"/verificar/{e.folio}?c=INVENTADO12").content.decode())
    assert "No encontramos un documento con esos datos" in pagina and e.huella not in pagina
    # One stored amount altered: the rows no longer rebuild the huella.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cuotas_emisiontrabajador SET cuota_fija_patron = cuota_fija_patron + 1 "
            "WHERE emision_id = %s",
            [e.pk],
        )
    alterada = client.get(f"/api/v1/verificacion/{e.folio}", {"c": e.codigo_verificacion}).json()
    assert alterada["valido"] is False and alterada["mensaje"] == NO_ENCONTRADO
