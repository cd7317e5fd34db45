"""Public verification API and the published seal certificates (no login, rate-limited)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.limites import ip_de, permitir
from buzon.comun.tipos_api import errores
from buzon.evidencia.selectors import certificados_publicados
from buzon.legal.zonas import ZONA_CENTRO
from buzon.verificacion.selectors import (
    LIMITE_POR_MINUTO,
    NO_ENCONTRADO,
    VerificacionDocumento,
    VerificacionEmision,
    consultar,
    verificar_aviso,
)

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
    # -- a notified document (tipo "documento_notificado"); null for an acuse
    acto: str | None = Field(None, description="Numeral y nombre legal del acto notificado")
    subdelegacion: str | None = None
    firmante_cargo: str | None = None
    firmante_certificado: str | None = Field(
        None, description="Número del certificado de e.firma con que se firmó el documento"
    )
    estado: str | None = Field(
        None,
        description="programada | avisada | notificada | cancelada | en_estrados | "
        "requiere_notificacion_personal",
    )
    estado_texto: str | None = Field(
        None,
        description="pendiente | notificada | cancelada | en estrados | "
        "notificación personal pendiente",
    )
    notificada: datetime | None = Field(None, description="Cuándo quedó notificado, si ya lo está")
    # -- an emisión de cuotas (tipo "emision"); null otherwise
    emision: str | None = Field(None, description="EMA (mensual) | EBA (bimestral)")
    periodo: str | None = Field(None, description="AAAA-MM (EMA) o AAAA-Bn (EBA)")
    registro_patronal: str | None = Field(None, description="Enmascarado: Y54******08")
    trabajadores: int | None = None
    total: str | None = Field(None, description="Total de la propuesta, pesos con dos decimales")
    huella: str | None = Field(
        None, description="SHA-256 del texto canónico de la emisión (encabezado, totales, filas)"
    )


class DestinoAvisoSalida(Schema):
    canal: str = Field(description="correo | sms")
    destino: str = Field(description="Enmascarado: r***@acme.mx, ******1234")
    aceptado: datetime = Field(description="Cuándo lo aceptó el proveedor (Zona Centro)")


class AvisoSalida(Schema):
    enviado: bool
    folio: str
    enviado_en: datetime | None = Field(
        None, description="Primera aceptación de un proveedor (Zona Centro)"
    )
    destinos: list[DestinoAvisoSalida] = Field(default_factory=list)
    mensaje: str


DEMASIADAS = RespuestaError(
    error="demasiadas_consultas",
    mensaje="Hizo demasiadas consultas en poco tiempo: espere un minuto y reintente.",
)


def _permitido(request: HttpRequest) -> bool:
    """Page and API, documents and avisos, share one budget per IP."""
    return permitir(f"verificacion:{ip_de(request)}", LIMITE_POR_MINUTO, 60)


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
    "/verificacion/avisos/{folio}",
    response={200: AvisoSalida, 429: RespuestaError},
    summary="¿Es auténtico este aviso? (el folio que cita el correo o el SMS)",
    openapi_extra=errores(e429=["demasiadas_consultas"]),
    description="Dice si el IMSS envió un aviso con ese folio, cuándo lo aceptó el proveedor y a "
    "qué direcciones (enmascaradas). Nada más: ni RFC ni asunto. Público, con límite por IP.",
)
@acceso.publico
def verificacion_aviso(request: HttpRequest, folio: str) -> Any:
    if not _permitido(request):
        return Status(429, DEMASIADAS)
    resultado = verificar_aviso(folio)
    if not resultado.enviado:
        return {
            "enviado": False,
            "folio": resultado.folio,
            "mensaje": "No encontramos un aviso del IMSS con ese folio. Si un correo o SMS lo "
            "cita, no es del IMSS: no abra sus ligas ni responda.",
        }
    return {
        "enviado": True,
        "folio": resultado.folio,
        "enviado_en": resultado.enviado_en,
        "destinos": [
            {"canal": d.canal, "destino": d.destino, "aceptado": d.aceptado}
            for d in resultado.destinos
        ],
        "mensaje": "El IMSS envió un aviso con ese folio. Aun así, el IMSS nunca pone ligas en "
        "sus avisos: entre al Buzón IMSS escribiendo usted la dirección.",
    }


@router.get(
    "/verificacion/{folio}",
    response={200: VerificacionSalida, 429: RespuestaError},
    summary="¿Es auténtico este acuse o documento? (folio y código del QR)",
    openapi_extra=errores(e429=["demasiadas_consultas"]),
    description="Un acuse del Buzón o un documento notificado por el IMSS (su representación "
    "impresa lleva el QR): quién lo firmó, cuándo, su SHA-256 y su estado, con el RFC "
    "enmascarado. Un folio desconocido y un código equivocado reciben la misma respuesta.",
)
@acceso.publico
def verificacion(request: HttpRequest, folio: str, c: str = "") -> Any:
    if not _permitido(request):
        return Status(429, DEMASIADAS)
    resultado = consultar(folio, c, timezone.now())
    if isinstance(resultado, VerificacionDocumento):
        return _documento(resultado)
    if isinstance(resultado, VerificacionEmision):
        return _emision(resultado)
    if not resultado.valido:
        return {"valido": False, "folio": folio, "mensaje": NO_ENCONTRADO}
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


def _documento(d: VerificacionDocumento) -> dict[str, Any]:
    return {
        "valido": True,
        "folio": d.folio,
        "tipo": "documento_notificado",
        "emitido": d.emitido,
        "rfc": d.rfc,
        "sha256": [sha for _, sha in d.documentos],
        "documentos": [{"nombre": n, "sha256": s} for n, s in d.documentos],
        "firmante": d.firmante,
        "acto": d.acto,
        "subdelegacion": d.subdelegacion,
        "firmante_cargo": d.firmante_cargo,
        "firmante_certificado": d.firmante_certificado,
        "estado": d.estado,
        "estado_texto": d.estado_texto,
        "notificada": d.notificada,
        "mensaje": "Documento auténtico: lo emitió el IMSS y lo firmó con e.firma el servidor "
        "público indicado.",
    }


def _emision(e: VerificacionEmision) -> dict[str, Any]:
    return {
        "valido": True,
        "folio": e.folio,
        "tipo": "emision",
        "emitido": e.generada,
        "rfc": e.rfc,
        "sha256": [e.huella],
        "emision": e.emision,
        "periodo": e.periodo,
        "registro_patronal": e.registro_patronal,
        "trabajadores": e.trabajadores,
        "total": e.total,
        "huella": e.huella,
        "mensaje": MENSAJE_EMISION,
    }


MENSAJE_EMISION = (
    "Emisión auténtica: propuesta de cédula de determinación de cuotas emitida por el IMSS "
    "(LSS 39 A). No es una notificación."
)
