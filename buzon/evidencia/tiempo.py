"""RFC 3161 timestamps for checkpoints, from the TSA at `BUZON_TSA_URL` (none: no timestamp).

The token is kept as DER (a CMS ContentInfo). Verification checks that the token is intact, that
its signature is valid, and that its message imprint is SHA-256 of the checkpoint's cadena; with
`BUZON_TSA_CONFIANZA` (the TSA's root certificate, DER or PEM) it also checks trust.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from pathlib import Path

from asn1crypto import cms, pem
from asn1crypto import x509 as asn1_x509


class ErrorTiempo(RuntimeError):
    pass


def solicitar_sello_de_tiempo(datos: bytes) -> bytes | None:
    url = os.environ.get("BUZON_TSA_URL")
    if not url:
        return None
    if not os.environ.get("BUZON_TSA_CONFIANZA"):
        raise ErrorTiempo(
            "BUZON_TSA_URL está configurada sin BUZON_TSA_CONFIANZA: sin el certificado raíz de la "
            "autoridad de sellado de tiempo, sus sellos no se podrían verificar. Configure ambas."
        )
    from pyhanko.sign.timestamps import HTTPTimeStamper

    async def pedir() -> cms.ContentInfo:
        return await HTTPTimeStamper(url, timeout=10).async_timestamp(
            hashlib.sha256(datos).digest(), "sha256"
        )

    try:
        respuesta = asyncio.run(pedir())
    except Exception as exc:
        raise ErrorTiempo(
            f"La autoridad de sellado de tiempo ({url}) no respondió correctamente: {exc}"
        ) from exc
    return bytes(respuesta.dump())


def _raices() -> list[asn1_x509.Certificate]:
    ruta = os.environ.get("BUZON_TSA_CONFIANZA")
    if not ruta:
        return []
    datos = Path(ruta).read_bytes()
    if pem.detect(datos):
        _, _, datos = pem.unarmor(datos)
    return [asn1_x509.Certificate.load(datos)]


def verificar_sello_de_tiempo(token: bytes, datos: bytes) -> str | None:
    """None when the token is good for `datos`; otherwise a Spanish description of the problem."""
    from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
    from pyhanko_certvalidator import ValidationContext

    try:
        contenido = cms.ContentInfo.load(token)
        firmado = contenido["content"]
        raices = _raices()
        contexto = ValidationContext(trust_roots=raices) if raices else None
        imprenta = hashlib.sha256(datos).digest()
        resultado = asyncio.run(
            validate_tst_signed_data(firmado, contexto, lambda _algoritmo: imprenta)
        )
    except Exception as exc:
        return f"el sello de tiempo no se pudo verificar ({exc})."
    if not (resultado.get("intact") and resultado.get("valid")):
        return "el sello de tiempo no corresponde a este punto de control o su firma no es válida."
    confiable = resultado.get("validation_path") is not None and not resultado.get(
        "trust_problem_indic"
    )
    if raices and not confiable:
        return "el sello de tiempo no fue emitido por la autoridad configurada."
    return None
