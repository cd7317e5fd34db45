"""Reading evidence: acuses by owner, and the public verification lookup."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.db.models import QuerySet

from buzon.comun.errores import ErrorBuzon
from buzon.evidencia.folio import normalizar_folio
from buzon.evidencia.models import Acuse, CertificadoSello


def url_verificacion(acuse: Acuse) -> str:
    """The public URL printed and encoded in the acuse's QR code."""
    base = str(getattr(settings, "BUZON_URL_PUBLICA", "http://127.0.0.1:8000")).rstrip("/")
    return f"{base}/verificar/{acuse.folio}?c={acuse.codigo_verificacion}"


def acuse_para_verificar(folio: str, codigo: str) -> Acuse | None:
    """The acuse when folio *and* its verification code match; None otherwise (no hint which)."""
    canonico = normalizar_folio(folio)
    if canonico is None:
        return None
    acuse = Acuse.objects.filter(folio=canonico).select_related("certificado_sello").first()
    codigo_normal = codigo.strip().upper()
    esperado = acuse.codigo_verificacion if acuse is not None else "X" * 12
    if not hmac.compare_digest(esperado.encode(), codigo_normal.encode()) or acuse is None:
        return None
    return acuse


def acuses_de(rfc: str) -> QuerySet[Acuse]:
    """The acuses of one RFC, newest first (callers pass the session's own RFC)."""
    return Acuse.objects.filter(rfc=rfc).order_by("-emitido", "-id")


def certificados_publicados() -> QuerySet[CertificadoSello]:
    return CertificadoSello.objects.order_by("alta_en", "id")


def acuse_autentico(acuse: Acuse) -> bool:
    """The stored facts rebuild the stored cadena, and the published seal certificate verifies
    the sello over it. Both must hold for a verification page to say «auténtico»."""
    import base64
    import binascii

    from buzon.efirma import ErrorEfirma, leer_certificado
    from buzon.evidencia.servicios import cadena_de

    if cadena_de(acuse) != acuse.cadena_original:
        return False
    sello = acuse.certificado_sello
    if not sello.vigente_desde <= acuse.emitido <= sello.vigente_hasta:
        return False  # sealed outside the seal certificate's validity
    try:
        certificado = leer_certificado(bytes(acuse.certificado_sello.certificado_der))
        firma = base64.b64decode(acuse.sello, validate=True)
    except (ErrorEfirma, binascii.Error, ValueError):
        return False
    return certificado.verificar(firma, acuse.cadena_original.encode("utf-8"))


NO_ENCONTRADO = "No tiene un acuse con ese folio. Revise el folio en su lista de acuses."


def access_acuse(rfc: str, folio: str) -> Acuse:
    """The acuse `folio` only if it belongs to `rfc` (the session's own). Always raises otherwise
    (404, one message: another's acuse is indistinguishable from a missing one)."""
    canonico = normalizar_folio(folio)
    acuse = (
        Acuse.objects.filter(folio=canonico, rfc=rfc).select_related("certificado_sello").first()
        if canonico is not None
        else None
    )
    if acuse is None:
        raise ErrorBuzon("no_encontrado", NO_ENCONTRADO, "folio", 404)
    return acuse
