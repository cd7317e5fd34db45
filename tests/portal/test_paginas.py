"""Public pages render in Spanish and report bad input on the page."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_inicio(client: Client) -> None:
    respuesta = client.get("/")
    assert respuesta.status_code == 200
    texto = respuesta.content.decode()
    assert '<html lang="es-MX">' in texto
    assert "nunca le pedirá su contraseña" in texto


def test_calendario(client: Client) -> None:
    texto = client.get("/calendario/", {"anio": "2024"}).content.decode()
    assert 'datetime="2024-10-01"' in texto  # the handover day
    assert "martes 1 de octubre" in texto


@pytest.mark.parametrize(("anio", "mensaje"), [("veinte", "no es un año"), ("1800", "entre 2000")])
def test_calendario_con_error(client: Client, anio: str, mensaje: str) -> None:
    respuesta = client.get("/calendario/", {"anio": anio})
    assert respuesta.status_code == 400
    assert mensaje in respuesta.content.decode()
    assert 'role="alert"' in respuesta.content.decode()


def test_archivos_estaticos_se_sirven(client: Client) -> None:
    respuesta = client.get("/static/portal/buzon.css")
    assert respuesta.status_code == 200
