"""`buzon cliente` against a real Buzón (pytest-django's live server) for the endpoints that exist
today: sessions, acuses (JSON and PDF) and the published seal certificates."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from buzon.cliente import http
from buzon.cuentas.servicios import do_revocar_sesiones
from buzon.evidencia.models import Acuse, CertificadoSello
from tests.cliente.conftest import Corrida, Efirma

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def enviado(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Everything the client put on the wire to the server (path, token and JSON body)."""
    registro: list[bytes] = []
    original = http.Conexion.pedir

    def pedir(self: http.Conexion, metodo: str, ruta: str, datos: Any = None) -> http.Respuesta:
        registro.append(
            f"{metodo} {self.base}{ruta} {self.token}".encode()
            + json.dumps(datos, ensure_ascii=False).encode("utf-8")
        )
        return original(self, metodo, ruta, datos)

    monkeypatch.setattr(http.Conexion, "pedir", pedir)
    return registro


def test_de_entrar_a_verificar_un_acuse(
    cli: Callable[..., Corrida],
    live_server: Any,
    efirma_b: Efirma,
    acuse: Acuse,
    sello: CertificadoSello,
    entorno: Path,
    tmp_path: Path,
    enviado: list[bytes],
) -> None:
    url = live_server.url
    entrada = cli("--json", "entrar", *efirma_b.argumentos, "--url", url)
    assert entrada.codigo == 0, entrada.errores
    assert entrada.json()["rfc"] == "H&E951128469"
    assert entrada.json()["perfil"] == "particular"
    archivo = tmp_path / "config" / "sesiones" / "H&E951128469.json"
    assert stat.S_IMODE(archivo.stat().st_mode) == 0o600

    lista = cli("acuses", "--json")
    assert lista.codigo == 0, lista.errores
    assert [a["folio"] for a in lista.json()["acuses"]] == [acuse.folio]
    assert acuse.folio in cli("acuses").salida

    assert cli("acuse", acuse.folio, "-o", "acuse.json").codigo == 0
    guardado = json.loads((entorno / "acuse.json").read_text("utf-8"))
    assert guardado["cadena_original"] == acuse.cadena_original
    assert guardado["sello"] == acuse.sello
    pdf = cli("acuse", acuse.folio, "--pdf", "--json")
    assert pdf.codigo == 0, pdf.errores
    assert (entorno / f"acuse-{acuse.folio}.pdf").read_bytes().startswith(b"%PDF-")

    certificados = cli("certificados", "--json")
    assert certificados.codigo == 0, certificados.errores
    assert certificados.json()["certificados"] == 1
    publicado = json.loads((entorno / "certificados-sello.json").read_text("utf-8"))
    assert publicado["certificados"][0]["numero"] == sello.numero

    valido = cli("verificar", "acuse.json", "--certificados", "certificados-sello.json", "--json")
    assert valido.codigo == 0, valido.errores
    assert valido.json()["folio"] == acuse.folio
    assert valido.json()["certificado_sello"] == sello.numero

    guardado["cadena_original"] = guardado["cadena_original"].replace(
        "contacto@empresa.mx", "otro@empresa.mx"
    )
    (entorno / "alterado.json").write_text(json.dumps(guardado, ensure_ascii=False), "utf-8")
    alterado = cli("verificar", "alterado.json", "--certificados", "certificados-sello.json")
    assert alterado.codigo == 1
    assert "El acuse NO es válido" in alterado.errores

    assert cli("salir").codigo == 0
    assert not archivo.exists()
    assert cli("acuses").codigo == 1

    assert len(enviado) >= 8
    for linea in enviado:
        for secreto in efirma_b.secretos():
            assert secreto not in linea


def test_sesion_revocada_en_el_servidor(
    cli: Callable[..., Corrida], live_server: Any, efirma_a: Efirma
) -> None:
    assert cli("entrar", *efirma_a.argumentos, "--url", live_server.url).codigo == 0
    assert cli("acuses").codigo == 0
    do_revocar_sesiones("XIQB891116QE4")
    corrida = cli("acuses")
    assert corrida.codigo == 1
    assert "La sesión de XIQB891116QE4 venció o se cerró" in corrida.errores
    assert "buzon cliente entrar" in corrida.errores
    assert cli("acuses", "--json").json()["error"] == "sesion_vencida"


def test_el_acuse_de_otro_patron_no_se_ve(
    cli: Callable[..., Corrida], live_server: Any, efirma_a: Efirma, acuse: Acuse, entorno: Path
) -> None:
    assert cli("entrar", *efirma_a.argumentos, "--url", live_server.url).codigo == 0
    assert cli("acuses", "--json").json() == {"acuses": []}
    corrida = cli("acuse", acuse.folio, "--json")
    assert corrida.codigo == 1
    assert corrida.json()["error"] == "no_encontrado"
    assert corrida.json()["campo"] == "folio"
    assert cli("acuse", acuse.folio, "--pdf").codigo == 1
    assert not list(entorno.iterdir())


def test_firma_con_el_reto_de_otro_servidor_es_rechazada(
    cli: Callable[..., Corrida], live_server: Any, efirma_a: Efirma, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's own error codes reach the person as they came (here: a forged reto)."""
    original = http.Conexion.json

    def json_con_reto_falso(self: http.Conexion, metodo: str, ruta: str, datos: Any = None) -> Any:
        respuesta = original(self, metodo, ruta, datos)
        if ruta == "/sesiones/reto":
            respuesta["reto"] = "buzon-reto|v1|sesion|inventado"
        return respuesta

    monkeypatch.setattr(http.Conexion, "json", json_con_reto_falso)
    corrida = cli("--json", "entrar", *efirma_a.argumentos, "--url", live_server.url)
    assert corrida.codigo == 1
    assert corrida.json()["error"] == "reto_invalido"
    assert "[reto_invalido]" in corrida.errores
