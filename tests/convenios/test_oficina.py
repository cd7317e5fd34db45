"""Administering convenios: `/oficina/convenios` (rol administrador only) and `buzon convenios
alta|revocar|lista`; every change is logged in the evidence log."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from buzon.convenios.models import Convenio
from buzon.convenios.servicios import hoy
from buzon.evidencia.models import EntradaBitacora
from tests.convenios.conftest import RFC_DEPENDENCIA, Agencia
from tests.cuentas.fixtures import Patron
from tests.notificaciones.fixtures import Funcionario, entrar_oficial

pytestmark = pytest.mark.django_db

LISTA = "/api/v1/oficina/convenios"


def _cuerpo(dependencia: Patron, **cambios: Any) -> dict[str, Any]:
    datos: dict[str, Any] = {
        "dependencia": "Instituto Nacional de Estadística y Geografía",
        "rfc": RFC_DEPENDENCIA,
        "fundamento": "LSNIEG art. 47; convenio IMSS-INEGI 2026",
        "finalidad": "Estadística de proveedores del sector público",
        "vigente_desde": str(hoy()),
        "vigente_hasta": str(hoy() + timedelta(days=365)),
        "cuota_diaria": 1000,
        "certificados": [base64.b64encode(dependencia.cer).decode()],
    }
    datos.update(cambios)
    return datos


def _auth(f: Funcionario) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {entrar_oficial(f.cliente, f.patron)}"}


def test_el_administrador_registra_lista_y_revoca(
    client: Client, hacer_funcionario: Callable[..., Funcionario], dependencia: Patron
) -> None:
    admin = _auth(hacer_funcionario("ROCA700101AB3", "administrador"))
    alta = client.post(LISTA, _cuerpo(dependencia), content_type="application/json", **admin)
    assert alta.status_code == 201, alta.content
    convenio = alta.json()
    assert convenio["estado"] == "vigente" and len(convenio["cliente"]) == 36
    assert convenio["certificados"][0]["huella_sha256"]
    entrada = EntradaBitacora.objects.get(tipo="convenio_registrado")
    assert (
        entrada.datos["cliente"] == convenio["cliente"] and entrada.datos["por"] == "ROCA700101AB3"
    )
    lista = client.get(LISTA, **admin)
    assert [c["id"] for c in lista.json()] == [convenio["id"]]
    revocar = f"{LISTA}/{convenio['id']}/revocacion"
    sin_motivo = client.post(revocar, {"motivo": " "}, content_type="application/json", **admin)
    assert sin_motivo.status_code == 400 and sin_motivo.json()["campo"] == "motivo"
    hecha = client.post(revocar, {"motivo": "Fin"}, content_type="application/json", **admin)
    assert hecha.status_code == 200 and hecha.json()["estado"] == "revocado"
    otra = client.post(revocar, {"motivo": "Fin"}, content_type="application/json", **admin)
    assert otra.status_code == 409
    assert (
        client.post(
            f"{LISTA}/999/revocacion", {"motivo": "x"}, content_type="application/json", **admin
        ).status_code
        == 404
    )
    llamadas = client.get(f"{LISTA}/{convenio['id']}/llamadas", **admin)
    assert llamadas.status_code == 200 and llamadas.json() == []


def test_solo_el_administrador(
    client: Client, hacer_funcionario: Callable[..., Funcionario], dependencia: Patron
) -> None:
    notificador = _auth(hacer_funcionario())
    assert client.get(LISTA, **notificador).status_code == 403
    respuesta = client.post(
        LISTA, _cuerpo(dependencia), content_type="application/json", **notificador
    )
    assert respuesta.status_code == 403 and respuesta.json()["error"] == "sin_permiso"
    assert client.get(LISTA).status_code == 401
    assert not Convenio.objects.exists()


@pytest.mark.parametrize(
    ("cambios", "campo"),
    [
        ({"rfc": "XIQB891116QE4"}, "certificado"),  # the certificate is another RFC's
        ({"rfc": "NO-RFC"}, "rfc"),
        ({"vigente_hasta": "2000-01-01"}, "vigente_hasta"),
        ({"alcance": "todo"}, "alcance"),
        ({"cuota_diaria": 0}, "cuota_diaria"),
        ({"certificados": ["%%"]}, "certificados[0]"),
        ({"certificados": [base64.b64encode(b"basura").decode()]}, "certificado"),
        ({"fundamento": "  "}, "fundamento"),
    ],
)
def test_datos_malos(
    client: Client,
    hacer_funcionario: Callable[..., Funcionario],
    dependencia: Patron,
    cambios: dict[str, Any],
    campo: str,
) -> None:
    admin = _auth(hacer_funcionario("ROCA700101AB3", "administrador"))
    respuesta = client.post(
        LISTA, _cuerpo(dependencia, **cambios), content_type="application/json", **admin
    )
    assert respuesta.status_code == 400, respuesta.content
    assert respuesta.json()["campo"] == campo
    assert not Convenio.objects.exists()


def test_emisor_no_confiable(
    client: Client, dependencia: Patron, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    hacer_agencia: Callable[..., Agencia], ac_pruebas: Any,
) -> None:  # fmt: skip
    """With a trust folder that does not hold the test CA, the agency's certificate is refused;
    with the test CA's, accepted."""
    from buzon.efirma.pki import crear_ac

    monkeypatch.setenv("BUZON_CONFIANZA", str(ac_pruebas.carpeta))
    assert hacer_agencia().convenio.pk

    otra = crear_ac(tmp_path / "otra-ac")
    monkeypatch.setenv("BUZON_CONFIANZA", str(otra.carpeta))
    from buzon.convenios.errores import ErrorConvenio

    with pytest.raises(ErrorConvenio) as error:
        hacer_agencia()
    assert error.value.codigo == "certificado_invalido"
    assert "confianza" in error.value.mensaje


def test_comando(dependencia: Patron, tmp_path: Path) -> None:
    cer = tmp_path / "sat.cer"
    cer.write_bytes(dependencia.cer)
    salida = StringIO()
    call_command(
        "convenios", "alta", "--dependencia", "SAT", "--rfc", RFC_DEPENDENCIA,
        "--fundamento", "CFF 32-D", "--finalidad", "Proveedores", "--desde", str(hoy()),
        "--hasta", str(hoy() + timedelta(days=30)), "--cuota", "10", "--certificado", str(cer),
        stdout=salida,
    )  # fmt: skip
    convenio = json.loads(salida.getvalue())
    assert convenio["cuota_diaria"] == 10 and convenio["estado"] == "vigente"
    lista = StringIO()
    call_command("convenios", "lista", stdout=lista)
    assert [c["cliente"] for c in json.loads(lista.getvalue())] == [convenio["cliente"]]
    revocado = StringIO()
    call_command("convenios", "revocar", convenio["cliente"], "--motivo", "Fin", stdout=revocado)
    assert json.loads(revocado.getvalue())["estado"] == "revocado"
    with pytest.raises(CommandError, match="ya estaba revocado"):
        call_command("convenios", "revocar", str(convenio["id"]), "--motivo", "Otra vez")
    with pytest.raises(CommandError, match="No existe el convenio"):
        call_command("convenios", "revocar", "77", "--motivo", "x")
    with pytest.raises(CommandError, match="No se puede leer"):
        call_command(
            "convenios", "alta", "--dependencia", "SAT", "--rfc", RFC_DEPENDENCIA,
            "--fundamento", "f", "--finalidad", "f", "--desde", str(hoy()), "--hasta", str(hoy()),
            "--cuota", "1", "--certificado", str(tmp_path / "no-existe.cer"),
        )  # fmt: skip
    assert EntradaBitacora.objects.filter(tipo__startswith="convenio_").count() == 2
