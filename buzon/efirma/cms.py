"""Detached CMS SignedData (RFC 5652) around a signature we already verified.

The signer made RSASSA-PKCS1-v1_5 / SHA-256 directly over the content, which is exactly a
SignerInfo without signed attributes. So the archive form needs no private key: it is the
certificate's original DER and the signature's bytes, placed in the
structure that `openssl cms -verify` reads.
"""

from __future__ import annotations

from . import der
from .certificado import Certificado
from .firma import exigir_firma

OID_DATA = "1.2.840.113549.1.7.1"
OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_SHA256 = "2.16.840.1.101.3.4.2.1"
OID_RSA = "1.2.840.113549.1.1.1"


def cms_desacoplado(certificado: Certificado, datos: bytes, firma: bytes) -> bytes:
    """DER ContentInfo(SignedData) of `firma` over `datos`; `firma_invalida` if it is not one."""
    exigir_firma(certificado, datos, firma)
    sha256 = der.secuencia(der.oid_der(OID_SHA256), der.nulo())
    signer_info = der.secuencia(
        der.entero_der(1),
        der.secuencia(certificado.emisor_der, certificado.serie_der),
        sha256,
        der.secuencia(der.oid_der(OID_RSA), der.nulo()),
        der.octetos(firma),
    )
    signed_data = der.secuencia(
        der.entero_der(1),
        der.conjunto([sha256]),
        der.secuencia(der.oid_der(OID_DATA)),
        der.contexto(0, certificado.der),
        der.conjunto([signer_info]),
    )
    return der.secuencia(der.oid_der(OID_SIGNED_DATA), der.contexto(0, signed_data))
