"""Employers with test e.firmas, and logging them in through the API."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.test import Client

from buzon.efirma.pki import AC, crear_ac, emitir


@dataclass
class Patron:
    rfc: str
    cer: bytes
    llave: rsa.RSAPrivateKey

    def firmar(self, datos: bytes) -> str:
        return base64.b64encode(
            self.llave.sign(datos, padding.PKCS1v15(), hashes.SHA256())
        ).decode()


@pytest.fixture(scope="session")
def ac_pruebas(tmp_path_factory: pytest.TempPathFactory) -> AC:
    return crear_ac(tmp_path_factory.mktemp("ac-sesiones"))


@pytest.fixture(scope="session")
def llaves_por_rfc() -> dict[str, rsa.RSAPrivateKey]:
    """Each test employer signs with its own key (one per RFC, generated once per session), so
    a check that the signer's certificate matters can fail."""
    return {}


@pytest.fixture(scope="session")
def hacer_patron(
    ac_pruebas: AC, llaves_por_rfc: dict[str, rsa.RSAPrivateKey]
) -> Callable[..., Patron]:
    def hacer(rfc: str = "XIQB891116QE4", **opciones: object) -> Patron:
        if rfc not in llaves_por_rfc:
            llaves_por_rfc[rfc] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        llave_rsa = llaves_por_rfc[rfc]
        ahora = datetime.now(UTC)
        datos: dict[str, object] = {
            "nombre": f"PATRON {rfc}",
            "desde": ahora - timedelta(days=30),
            "hasta": ahora + timedelta(days=365),
            "llave": llave_rsa,
            "registrar": False,
        }
        if len(rfc) == 12:
            datos["representante"] = ("XIQB891116QE4", "XIQB891116MGRMZR05")
        else:
            datos["curp"] = "XIQB891116MGRMZR05"
        datos.update(opciones)
        cer, _ = emitir(ac_pruebas, rfc=rfc, **datos)  # type: ignore[arg-type]
        return Patron(rfc, cer, llave_rsa)

    return hacer


def entrar(cliente: Client, patron: Patron) -> str:
    reto = cliente.post("/api/v1/sesiones/reto").json()["reto"]
    respuesta = cliente.post(
        "/api/v1/sesiones",
        {
            "certificado": base64.b64encode(patron.cer).decode(),
            "reto": reto,
            "firma": patron.firmar(reto.encode()),
        },
        content_type="application/json",
    )
    assert respuesta.status_code == 201, respuesta.content
    return str(respuesta.json()["token"])


@pytest.fixture
def patron_a(hacer_patron: Callable[..., Patron]) -> Patron:
    return hacer_patron("XIQB891116QE4")


@pytest.fixture
def patron_b(hacer_patron: Callable[..., Patron]) -> Patron:
    return hacer_patron("H&E951128469")
