"""Private keys: SAT's encrypted PKCS#8 (PBES2 with 3DES or AES, PBES1), DER or PEM.

A key file that is not an encrypted PKCS#8 structure is `archivo_invalido`; a well-formed one that
does not decrypt with the password is `password_incorrecta`. The key is only ever held in memory.
"""

from __future__ import annotations

import base64
import binascii
import re

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_der_private_key

from . import der
from .certificado import Certificado
from .errores import ARCHIVO_INVALIDO, LLAVE_NO_CORRESPONDE, PASSWORD_INCORRECTA, ErrorEfirma

_PEM = re.compile(
    rb"-----BEGIN (ENCRYPTED PRIVATE KEY|PRIVATE KEY)-----(.+?)-----END \1-----", re.DOTALL
)


def _invalido(detalle: str) -> ErrorEfirma:
    return ErrorEfirma(
        ARCHIVO_INVALIDO,
        f"El archivo no es una llave privada válida ({detalle}). "
        "Elija el archivo .key que corresponde a su certificado.",
        "llave",
    )


def _password_incorrecta() -> ErrorEfirma:
    return ErrorEfirma(
        PASSWORD_INCORRECTA,
        "La contraseña de la llave privada no es correcta. Escríbala de nuevo "
        "(distingue mayúsculas y minúsculas).",
        "password",
    )


def _estructura(datos: bytes) -> bool:
    """Whether `datos` is an EncryptedPrivateKeyInfo (True) or a plain PrivateKeyInfo (False)."""
    partes = der.leer(datos).esperar(der.SEQUENCE).hijos()
    if len(partes) == 2 and partes[0].tag == der.SEQUENCE and partes[1].tag == der.OCTET_STRING:
        algoritmo = partes[0].hijos()
        if not algoritmo:
            raise der.ErrorDER("algoritmo de cifrado vacío")
        der.oid_texto(algoritmo[0])
        return True
    if len(partes) >= 3 and partes[0].tag == der.INTEGER and partes[2].tag == der.OCTET_STRING:
        return False
    raise der.ErrorDER("no es PKCS#8")


def leer_llave(datos: bytes, password: str | bytes) -> rsa.RSAPrivateKey:
    """Decrypt a PKCS#8 RSA key (DER or PEM)."""
    if not isinstance(datos, bytes | bytearray | memoryview):
        raise _invalido("no son bytes")
    datos = bytes(datos)
    pem = _PEM.search(datos)
    if pem:
        try:
            datos = base64.b64decode(b"".join(pem.group(2).split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise _invalido("PEM con base64 inválido") from exc
    try:
        cifrada = _estructura(datos)
    except (der.ErrorDER, IndexError) as exc:
        raise _invalido(str(exc)) from exc
    clave = password.encode("utf-8") if isinstance(password, str) else bytes(password)
    try:
        llave = load_der_private_key(datos, clave if cifrada else None)
    except (ValueError, TypeError) as exc:
        if cifrada:
            raise _password_incorrecta() from exc
        raise _invalido("estructura ilegible") from exc
    except Exception as exc:  # unsupported algorithm and similar: still the file's fault
        raise _invalido(type(exc).__name__) from exc
    if not isinstance(llave, rsa.RSAPrivateKey):
        raise _invalido("la llave no es RSA")
    return llave


def corresponde(llave: rsa.RSAPrivateKey, certificado: Certificado) -> bool:
    return llave.public_key().public_numbers() == certificado.llave_publica.public_numbers()


def exigir_correspondencia(llave: rsa.RSAPrivateKey, certificado: Certificado) -> None:
    if not corresponde(llave, certificado):
        raise ErrorEfirma(
            LLAVE_NO_CORRESPONDE,
            "La llave privada no corresponde al certificado. Elija el archivo .key que se generó "
            "junto con este .cer.",
            "llave",
        )
