"""Fixtures of the e.firma tests: SAT's public test files and a generated test PKI."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from buzon.efirma.pki import AC, crear_ac, emitir, responder_ocsp

RAIZ = Path(__file__).resolve().parents[2]
SAT = RAIZ.parent / "shared" / "sat-pruebas"
PASSWORD_SAT = "12345678a"
AHORA = datetime(2026, 3, 20, 15, 30, tzinfo=UTC)


def carpeta_sat() -> Path:
    if not (SAT / "README.md").is_file():
        pytest.skip(
            f"*** FALTAN LOS ARCHIVOS DE PRUEBA DEL SAT: {SAT} no existe. Estas pruebas leen "
            "../shared/sat-pruebas junto a la raíz del repositorio. ***"
        )
    return SAT


@pytest.fixture(scope="session")
def sat() -> Path:
    return carpeta_sat()


@pytest.fixture(scope="session")
def llaves() -> Iterator[rsa.RSAPrivateKey]:
    """Fresh RSA keys, generated once per session and handed out in order."""
    generadas = [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(4)]

    def ciclo() -> Iterator[rsa.RSAPrivateKey]:
        while True:
            yield from generadas

    return ciclo()


@pytest.fixture(scope="session")
def ac(tmp_path_factory: pytest.TempPathFactory) -> AC:
    return crear_ac(
        tmp_path_factory.mktemp("ac"),
        desde=AHORA - timedelta(days=3650),
        hasta=AHORA + timedelta(days=3650),
    )


@pytest.fixture(scope="session")
def otra_ac(tmp_path_factory: pytest.TempPathFactory) -> AC:
    return crear_ac(
        tmp_path_factory.mktemp("otra-ac"),
        nombre="AC ajena",
        desde=AHORA - timedelta(days=3650),
        hasta=AHORA + timedelta(days=3650),
    )


Emisor = Callable[..., tuple[bytes, bytes]]


@pytest.fixture(scope="session")
def credencial(ac: AC, llaves: Iterator[rsa.RSAPrivateKey]) -> Emisor:
    """emitir(...) with defaults: a persona física FIEL valid around AHORA, signed by `ac`."""

    def hacer(**opciones: Any) -> tuple[bytes, bytes]:
        datos: dict[str, Any] = {
            "rfc": "XIQB891116QE4",
            "nombre": "BERENICE XIMO QUEZADA",
            "curp": "XIQB891116MGRMZR05",
            "desde": AHORA - timedelta(days=30),
            "hasta": AHORA + timedelta(days=365),
        }
        datos.update(opciones)
        autoridad = datos.pop("ac", ac)
        datos.setdefault("llave", next(llaves))
        return emitir(autoridad, **datos)

    return hacer


def transporte_local(ac: AC) -> Callable[[str, bytes, float], bytes]:
    """An OCSP 'network' that answers in-process from `ac`'s folder, and counts the calls."""
    llamadas: list[bytes] = []

    def enviar(url: str, cuerpo: bytes, espera: float) -> bytes:
        llamadas.append(cuerpo)
        return responder_ocsp(ac, cuerpo)  # the responder answers with the real clock

    enviar.llamadas = llamadas  # type: ignore[attr-defined]
    return enviar
