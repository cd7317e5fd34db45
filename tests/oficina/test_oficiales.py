"""Officials: registration, and choosing the servidor_publico profile at login."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from buzon.oficina.models import Oficial
from tests.cuentas.fixtures import Patron

pytestmark = pytest.mark.django_db


def _entrar(client: Client, patron: Patron, perfil: str | None) -> Any:
    reto = client.post("/api/v1/sesiones/reto").json()["reto"]
    datos = {
        "certificado": base64.b64encode(patron.cer).decode(),
        "reto": reto,
        "firma": patron.firmar(reto.encode()),
    }
    if perfil:
        datos["perfil"] = perfil
    return client.post("/api/v1/sesiones", datos, content_type="application/json")


def test_alta_por_comando(capsys: pytest.CaptureFixture[str]) -> None:
    call_command(
        "oficina",
        "alta",
        "--rfc",
        "xiqb891116qe4",
        "--nombre",
        "Berenice Ximo",
        "--rol",
        "notificador",
        "--subdelegacion",
        "Centro",
    )
    salida = json.loads(capsys.readouterr().out)
    assert salida == {
        "rfc": "XIQB891116QE4",
        "nombre": "Berenice Ximo",
        "rol": "notificador",
        "subdelegacion": "Centro",
        "nuevo": True,
    }
    call_command(
        "oficina",
        "alta",
        "--rfc",
        "XIQB891116QE4",
        "--nombre",
        "Berenice Ximo",
        "--rol",
        "supervisor",
        "--subdelegacion",
        "Centro",
    )
    assert Oficial.objects.get().rol == "supervisor"
    with pytest.raises(CommandError, match="persona física"):
        call_command(
            "oficina",
            "alta",
            "--rfc",
            "AAA010101AAA",
            "--nombre",
            "X",
            "--rol",
            "notificador",
            "--subdelegacion",
            "Centro",
        )
    with pytest.raises(CommandError, match="opción inválida"):
        call_command(
            "oficina",
            "alta",
            "--rfc",
            "XIQB891116QE4",
            "--nombre",
            "X",
            "--rol",
            "jefe",
            "--subdelegacion",
            "Centro",
        )


def test_perfil_servidor_publico(client: Client, patron_a: Patron) -> None:
    negado = _entrar(client, patron_a, "servidor_publico")
    assert negado.status_code == 403
    assert negado.json()["error"] == "perfil_no_autorizado"
    call_command(
        "oficina",
        "alta",
        "--rfc",
        patron_a.rfc,
        "--nombre",
        "B",
        "--rol",
        "notificador",
        "--subdelegacion",
        "Centro",
    )
    oficial = _entrar(client, patron_a, "servidor_publico")
    assert oficial.status_code == 201
    assert oficial.json()["perfil"] == "servidor_publico"
    token = oficial.json()["token"]
    # An official's session is not a particular's: the particular's endpoints refuse it.
    assert (
        client.get("/api/v1/acuses", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )
    # The same person may still enter as a particular.
    particular = _entrar(client, patron_a, None)
    assert particular.json()["perfil"] == "particular"
    assert _entrar(client, patron_a, "jefe").status_code == 400
