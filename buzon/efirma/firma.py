"""The contract's signature scheme: base64 of RSASSA-PKCS1-v1_5 / SHA-256 over exact bytes."""

from __future__ import annotations

import base64
import binascii

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .certificado import Certificado
from .errores import FIRMA_INVALIDA, ErrorEfirma


def firmar(llave: rsa.RSAPrivateKey, datos: bytes) -> bytes:
    return llave.sign(datos, padding.PKCS1v15(), hashes.SHA256())


def firmar_b64(llave: rsa.RSAPrivateKey, datos: bytes) -> str:
    return base64.b64encode(firmar(llave, datos)).decode("ascii")


def decodificar_firma(firma: str | bytes) -> bytes:
    """A base64 signature as bytes; anything that is not base64 is `firma_invalida`."""
    try:
        if isinstance(firma, str):
            firma = firma.encode("ascii")
        return base64.b64decode(firma, validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise ErrorEfirma(
            FIRMA_INVALIDA, "La firma no está codificada en base64.", "firma"
        ) from exc


def exigir_firma(certificado: Certificado, datos: bytes, firma: bytes) -> None:
    if not certificado.verificar(firma, datos):
        raise ErrorEfirma(
            FIRMA_INVALIDA,
            "La firma no corresponde a estos datos con este certificado. Vuelva a firmar con la "
            "e.firma cuyo certificado envió.",
            "firma",
        )
