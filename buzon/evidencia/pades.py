"""PAdES B-B signatures by the Institute's seal, for every PDF the Buzón prints.

pyHanko signs in an incremental update (the bytes before it are never rewritten), with an
invisible signature field, SHA-256, the ETSI.CAdES.detached subfilter, and the seal's CA embedded
in the CMS when `BUZON_SELLO_DIR/ac/ac.cer` exists, so `pdfsig` validates with the CA trusted.
"""

from __future__ import annotations

import io
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from buzon.evidencia.sello import RFC_INSTITUTO, Sellador, carpeta_sello


def certificado_ac() -> asn1_x509.Certificate | None:
    ruta = carpeta_sello() / "ac" / "ac.cer"
    try:
        contenido = ruta.read_bytes()
    except OSError:
        return None
    # asn1crypto has no annotations (here and below: its calls are untyped).
    certificado: asn1_x509.Certificate = asn1_x509.Certificate.load(contenido)  # type: ignore[no-untyped-call]
    return certificado


class _FirmanteSello(signers.SimpleSigner):
    """pyHanko's SimpleSigner, signing with the seal's already-loaded key.

    SimpleSigner re-parses (and re-validates) the PKCS#8 key on every raw signature, twice per PDF
    (size estimate and signature): ~45 ms each for RSA-2048. Same mechanism, same bytes.
    """

    def __init__(self, llave: rsa.RSAPrivateKey, **argumentos: Any) -> None:
        super().__init__(**argumentos)
        self._llave = llave

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mecanismo = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mecanismo.signature_algo != "rsassa_pkcs1v15":
            return bytes(super().sign_raw(data, digest_algorithm))
        return self._llave.sign(
            data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm)
        )


def firmante(sello: Sellador) -> signers.SimpleSigner:
    """pyHanko's signer for the seal. The key goes to asn1crypto as PKCS#8 DER, in memory only.

    asn1crypto decodes names lazily, and strictly: SAT-style subjects (the RFC in
    x500UniqueIdentifier as a PrintableString, Ñ as UTF-8 in a PrintableString or Latin-1 in a
    T61String) make `Name.native` raise. Nothing here asks it to decode a name (certificates are
    embedded as received), and the signer's display name is given explicitly, because pyHanko
    would otherwise build it from `subject.native`.
    """
    llave_der = sello.llave.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    ac = certificado_ac()
    return _FirmanteSello(
        sello.llave,
        signing_cert=asn1_x509.Certificate.load(sello.certificado.der),  # type: ignore[no-untyped-call]
        signing_key=asn1_keys.PrivateKeyInfo.load(llave_der),  # type: ignore[no-untyped-call]
        cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
            [ac] if ac is not None else []
        ),
    )


def firmar_escritor(
    escritor: IncrementalPdfFileWriter, sello: Sellador, razon: str, campo: str = "SelloIMSS"
) -> bytes:
    """The PDF `escritor` holds (with its pending changes), PAdES-signed by the seal in the
    invisible signature field `campo`.

    Changes already made in `escritor` go into the same incremental update as the signature, so
    the signature covers them; the input's bytes come out unchanged, as the prefix.
    """
    metadatos = signers.PdfSignatureMetadata(
        field_name=campo,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=f"Instituto Mexicano del Seguro Social ({RFC_INSTITUTO}), sello {sello.numero}",
        reason=razon,
        location="Buzón IMSS",
    )
    salida = io.BytesIO()
    signers.PdfSigner(metadatos, signer=firmante(sello)).sign_pdf(escritor, output=salida)
    return salida.getvalue()


def firmar_pdf(pdf: bytes, sello: Sellador, folio: str) -> bytes:
    """PAdES B-B signature of an acuse's `pdf` by the seal (an invisible signature field)."""
    escritor = IncrementalPdfFileWriter(io.BytesIO(pdf))
    return firmar_escritor(escritor, sello, f"Sello digital del acuse {folio}")
