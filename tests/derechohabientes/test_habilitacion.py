"""A worker enables their buzón like anyone (medios, codes within 72 hours, terms signed with the
same e.firma), with no registro patronal of their own, and keeps their worker's side."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from buzon.evidencia.models import CertificadoSello
from tests.actuaciones.fixtures import API, Cliente
from tests.cuentas.fixtures import Patron
from tests.derechohabientes.ayudas import TRABAJADOR, asegurado, trabajador

pytestmark = pytest.mark.django_db


def _json(r: Any) -> dict[str, Any]:
    assert r.status_code in (200, 201), r.content
    return dict(r.json())


def test_el_trabajador_habilita_su_buzon(
    hacer_patron: Callable[..., Patron], sello: CertificadoSello, codigos: dict[str, str]
) -> None:
    asegurado(1, TRABAJADOR[1])
    c = Cliente(Client(), trabajador(hacer_patron))
    assert _json(c.get("/buzon"))["estado"] == "sin_medios"
    r = c.client.put(
        f"{API}/buzon/medios",
        {"correos": ["wenceslao@example.com"], "celular": "5587654321"},
        content_type="application/json",
        headers=c.cabecera,
    )
    assert _json(r)["estado"] == "por_confirmar"
    for valor in ("wenceslao@example.com", "5587654321"):
        _json(c.post("/buzon/medios/confirmacion", {"valor": valor, "codigo": codigos[valor]}))
    terminos = _json(c.get("/buzon/terminos"))
    firma = c.patron.firmar(terminos["cadena"].encode())
    r = c.post("/buzon/terminos", {"version": terminos["version"], "firma": firma})
    assert _json(r)["estado"] == "habilitado"
    assert _json(c.get("/derechohabiente"))["vinculacion"] == "vinculado"
    assert c.post("/derechohabiente/semanas", {}).status_code == 201
