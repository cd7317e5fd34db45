"""Public verification API and the published seal certificates (no login, rate-limited)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.limites import ip_de, permitir
from buzon.evidencia.selectors import certificados_publicados
from buzon.legal.zonas import ZONA_CENTRO
from buzon.verificacion.selectors import LIMITE_POR_MINUTO, verificar

router = Router(tags=["verificación pública"])


class CertificadoSalida(Schema):
    numero: str
    pem: str
    vigente_desde: datetime
    vigente_hasta: datetime
    activo: bool
    retirado_en: datetime | None


class CertificadosSalida(Schema):
    certificados: list[CertificadoSalida]


class VerificacionSalida(Schema):
    valido: bool
    folio: str
    tipo: str | None = None
    emitido: datetime | None = None
    instante_legal: datetime | None = None
    rfc: str | None = None
    sha256: list[str] = Field(default_factory=list)
    documentos: list[dict[str, str]] = Field(default_factory=list)
    certificado_sello: str | None = None
    firmante: str | None = None
    mensaje: str


@router.get(
    "/sello/certificados",
    response=CertificadosSalida,
    summary="Certificados del sello institucional, vigentes y retirados",
)
@acceso.publico
def certificados(request: HttpRequest) -> dict[str, Any]:
    from buzon.efirma import leer_certificado

    return {
        "certificados": [
            {
                "numero": c.numero,
                "pem": leer_certificado(bytes(c.certificado_der)).pem,
                "vigente_desde": c.vigente_desde.astimezone(ZONA_CENTRO),
                "vigente_hasta": c.vigente_hasta.astimezone(ZONA_CENTRO),
                "activo": c.activo,
                "retirado_en": c.retirado_en.astimezone(ZONA_CENTRO) if c.retirado_en else None,
            }
            for c in certificados_publicados()
        ]
    }


@router.get(
    "/verificacion/{folio}",
    response={200: VerificacionSalida, 429: RespuestaError},
    summary="¿Es auténtico este acuse? (folio y código del QR)",
)
@acceso.publico
def verificacion(request: HttpRequest, folio: str, c: str = "") -> Any:
    if not permitir(f"verificacion:{ip_de(request)}", LIMITE_POR_MINUTO, 60):
        return Status(
            429,
            RespuestaError(
                error="demasiadas_consultas",
                mensaje="Hizo demasiadas consultas en poco tiempo: espere un minuto y reintente.",
            ),
        )
    resultado = verificar(folio, c)
    if not resultado.valido:
        return {
            "valido": False,
            "folio": folio,
            "mensaje": "No existe un acuse auténtico con ese folio y código. Si recibió este "
            "documento, no confíe en él y repórtelo al IMSS.",
        }
    return {
        "valido": True,
        "folio": resultado.folio,
        "tipo": resultado.tipo,
        "emitido": resultado.emitido.astimezone(ZONA_CENTRO) if resultado.emitido else None,
        "instante_legal": resultado.instante_legal,
        "rfc": resultado.rfc,
        "sha256": [sha for _, sha in resultado.documentos],
        "documentos": [{"nombre": n, "sha256": s} for n, s in resultado.documentos],
        "certificado_sello": resultado.certificado_sello,
        "firmante": resultado.firmante,
        "mensaje": "Acuse auténtico: emitido por el Buzón IMSS y sellado por el Instituto.",
    }
