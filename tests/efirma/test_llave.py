from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from buzon.efirma import ErrorEfirma, leer_certificado, leer_llave
from buzon.efirma import der as d
from buzon.efirma.llave import corresponde
from buzon.efirma.pkcs8 import ESQUEMAS, OID_DES_EDE3_CBC, OID_PBES2, a_pem, cifrar_llave

from .conftest import PASSWORD_SAT


def _codigo(datos: bytes, password: str) -> str:
    with pytest.raises(ErrorEfirma) as error:
        leer_llave(datos, password)
    return error.value.codigo


def test_llaves_del_sat(sat: Path) -> None:
    llaves = sorted(sat.glob("*.key"))
    assert len(llaves) == 6
    for ruta in llaves:
        llave = leer_llave(ruta.read_bytes(), PASSWORD_SAT)
        cert = leer_certificado(ruta.with_suffix(".cer").read_bytes())
        assert corresponde(llave, cert), ruta.name
        assert _codigo(ruta.read_bytes(), "12345678A") == "password_incorrecta"


def test_formato_de_las_llaves_del_sat(sat: Path) -> None:
    """SAT's .key: PBES2 + PBKDF2 + DES-EDE3-CBC, which `pkcs8.cifrar_llave` reproduces."""
    datos = (sat / "moral-AAA010101AAA-fiel.key").read_bytes()
    algoritmo = d.leer(datos).hijos()[0].hijos()
    assert d.oid_texto(algoritmo[0]) == OID_PBES2
    cifra = algoritmo[1].hijos()[1].hijos()
    assert d.oid_texto(cifra[0]) == OID_DES_EDE3_CBC


@pytest.fixture(scope="module")
def llave() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize("esquema", ESQUEMAS)
@pytest.mark.parametrize("pem", [False, True])
def test_esquemas_generados(llave: rsa.RSAPrivateKey, esquema: str, pem: bool) -> None:
    datos = cifrar_llave(llave, "contraseña Ñ&", esquema)  # type: ignore[arg-type]
    if pem:
        datos = a_pem(datos)
    leida = leer_llave(datos, "contraseña Ñ&")
    assert leida.private_numbers() == llave.private_numbers()
    assert _codigo(datos, "otra") == "password_incorrecta"


def test_sat_3des_generado_es_como_el_del_sat(llave: rsa.RSAPrivateKey) -> None:
    datos = cifrar_llave(llave, "x", "pbes2-3des")
    cifra = d.leer(datos).hijos()[0].hijos()[1].hijos()[1].hijos()
    assert d.oid_texto(cifra[0]) == OID_DES_EDE3_CBC


def test_llave_sin_cifrar_se_acepta(llave: rsa.RSAPrivateKey) -> None:
    claro = llave.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    assert leer_llave(claro, "").private_numbers() == llave.private_numbers()


@pytest.mark.parametrize(
    "datos",
    [b"", b"no soy una llave", b"\x30\x03\x02\x01\x01", b"\x30\x06\x30\x00\x04\x02ab"],
)
def test_no_es_llave(datos: bytes) -> None:
    assert _codigo(datos, "x") == "archivo_invalido"


def test_mensajes_en_espanol(llave: rsa.RSAPrivateKey) -> None:
    with pytest.raises(ErrorEfirma) as error:
        leer_llave(cifrar_llave(llave, "a"), "b")
    assert error.value.campo == "password"
    assert "contraseña" in error.value.mensaje
