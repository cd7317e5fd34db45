"""The trust policy (BUZON_CONFIANZA, BUZON_OCSP_URL) is built once per process and follows the
trust folder: a CA certificate added, removed or rewritten counts from the next check, with no
restart."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest
from django.test import Client

from buzon.cuentas.servicios import politica
from buzon.efirma.pki import AC, crear_ac
from tests.cuentas.fixtures import Patron

pytestmark = pytest.mark.django_db


def _entrar(client: Client, patron: Patron) -> tuple[int, str]:
    reto = client.post("/api/v1/sesiones/reto").json()["reto"]
    respuesta = client.post(
        "/api/v1/sesiones",
        {
            "certificado": base64.b64encode(patron.cer).decode(),
            "reto": reto,
            "firma": patron.firmar(reto.encode()),
        },
        content_type="application/json",
    )
    return respuesta.status_code, str(respuesta.json().get("error", ""))


@pytest.fixture
def otra_ac(tmp_path: Path) -> AC:
    return crear_ac(tmp_path / "otra-ac", nombre="Otra AC de pruebas")


def test_un_certificado_de_confianza_nuevo_vale_sin_reiniciar(
    client: Client,
    patron_a: Patron,
    ac_pruebas: AC,
    otra_ac: AC,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    confianza = tmp_path / "confianza"
    confianza.mkdir()
    shutil.copy(otra_ac.carpeta / "ac.cer", confianza / "otra.cer")
    monkeypatch.setenv("BUZON_CONFIANZA", str(confianza))
    assert _entrar(client, patron_a) == (401, "emisor_no_confiable")
    assert politica() is politica()  # nothing changed: the same policy, nothing read again

    shutil.copy(ac_pruebas.carpeta / "ac.cer", confianza / "sat.cer")
    assert _entrar(client, patron_a) == (201, "")

    (confianza / "sat.cer").unlink()
    assert _entrar(client, patron_a) == (401, "emisor_no_confiable")

    # A file rewritten in place (same name) with another CA's certificate.
    (confianza / "otra.cer").write_bytes((ac_pruebas.carpeta / "ac.cer").read_bytes())
    assert _entrar(client, patron_a) == (201, "")

    monkeypatch.delenv("BUZON_CONFIANZA")
    assert politica().confianza is None


def test_el_cliente_ocsp_y_su_cache_se_conservan(
    otra_ac: AC, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    confianza = tmp_path / "confianza"
    confianza.mkdir()
    shutil.copy(otra_ac.carpeta / "ac.cer", confianza / "otra.cer")
    monkeypatch.setenv("BUZON_CONFIANZA", str(confianza))
    monkeypatch.setenv("BUZON_OCSP_URL", "http://127.0.0.1:1/ocsp")
    primera = politica()
    assert primera.ocsp is not None and primera.confianza is not None
    shutil.copy(otra_ac.carpeta / "ac.cer", confianza / "copia.cer")
    segunda = politica()
    assert segunda is not primera and len(segunda.confianza.autoridades) == 2  # type: ignore[union-attr]
    assert segunda.ocsp is primera.ocsp  # same URL: its cache of answers is kept
    monkeypatch.setenv("BUZON_OCSP_URL", "http://127.0.0.1:2/ocsp")
    tercera = politica()
    assert tercera.ocsp is not None and tercera.ocsp is not primera.ocsp
