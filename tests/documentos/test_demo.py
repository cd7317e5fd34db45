"""The demo's documents for everyone: published once by the demo's administrador."""

from __future__ import annotations

import pytest
from django.test import Client

from buzon.oficina.servicios import do_alta_oficial
from buzon.sistema.demo.comun import ADMINISTRADOR
from buzon.sistema.demo.documentos import cargar_documentos

pytestmark = pytest.mark.django_db


def test_la_demo_publica_una_guia_y_un_formato_una_sola_vez() -> None:
    do_alta_oficial(
        rfc=ADMINISTRADOR.rfc, nombre=ADMINISTRADOR.nombre, rol="administrador", subdelegacion="C"
    )
    ids = cargar_documentos()
    assert cargar_documentos() == ids and len(ids) == 2
    lista = Client().get("/api/v1/documentos/publicos").json()["documentos"]
    assert sorted(d["tipo"] for d in lista) == ["formato", "guia"]
    for d in lista:
        assert Client().get(d["descarga"]).content.startswith(b"%PDF-")
