"""Opinión de cumplimiento API (relación 9.2–9.4; contract: POST /opinion, GET /opinion/{folio}/pdf,
POST /terceros/{rfc}/opinion, GET /publico/opinion/{rfc}) and the holder's consultations
(GET /consultas: who consulted its opinión, when and why)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from pydantic import BaseModel

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.limites import ip_de
from buzon.comun.tipos_api import RfcDocumentado, errores
from buzon.cuentas import autenticacion
from buzon.opinion import presentacion
from buzon.opinion.consultante import Consultante, permitido_publico
from buzon.opinion.selectors import access_opinion, consultas_de
from buzon.opinion.servicios import (
    do_emitir_opinion,
    do_emitir_opinion_de_tercero,
    do_emitir_opinion_publica,
)

router = Router(tags=["opinión de cumplimiento"])

MAXIMO_CONSULTAS = 500

DEMASIADAS = RespuestaError(
    error="demasiadas_consultas",
    mensaje="Hizo demasiadas consultas en poco tiempo: espere un minuto y reintente.",
)


class SolicitudDeOpinion(BaseModel):
    """A plain pydantic model (not ninja's Schema, which reads attributes of any value): a body
    that is not a JSON object is refused."""

    motivo: str = Field("", description="Para qué la pide (opcional; hasta 300 caracteres)")


#: An absent body is an empty one: the motivo is optional.
SIN_CUERPO = SolicitudDeOpinion(motivo="")


class OpinionEmitida(Schema):
    folio: str
    sentido: str = Field(description="positiva | negativa | sin_opinion")
    motivos: list[str]
    emitida: datetime
    vigente_hasta: date = Field(description="Último día (Zona Centro) en que está vigente")
    verificacion: str = Field(description="URL pública de verificación (la del QR)")


class ConsultaDeOpinion(Schema):
    instante: datetime
    tipo: str = Field(description="titular | tercero | publico | convenio")
    consultante: str
    consultante_rfc: str | None
    convenio: int | None
    red: str | None = Field(description="Red de origen de una consulta pública (enmascarada)")
    motivo: str
    folio: str
    sentido: str


class ConsultasDeOpinion(Schema):
    consultas: list[ConsultaDeOpinion]


@router.post(
    "/opinion",
    response={201: OpinionEmitida, 400: RespuestaError, 503: RespuestaError},
    auth=autenticacion.particular,
    summary="Mi opinión de cumplimiento (32-D): una nueva, sellada, con sus motivos",
    openapi_extra=errores(["motivo_largo"]),
)
@acceso.particular
def mi_opinion(request: HttpRequest, datos: SolicitudDeOpinion = SIN_CUERPO) -> Any:
    rfc = autenticacion.sesion_de(request).rfc
    motivo = datos.motivo
    opinion = do_emitir_opinion(
        rfc, consultante=Consultante("titular", rfc=rfc, motivo=motivo, ip=ip_de(request))
    )
    return Status(201, presentacion.como_json(opinion))


@router.get(
    "/opinion/{folio}/pdf",
    response={200: None, 404: RespuestaError, 503: RespuestaError},
    auth=autenticacion.particular,
    summary="La opinión en PDF, con QR, cadena y sello, firmado (PAdES) por el Instituto",
    description="Las opiniones propias y las que la sesión obtuvo como tercero autorizado.",
)
@acceso.particular
def pdf(request: HttpRequest, folio: str) -> Any:
    return presentacion.respuesta_pdf(access_opinion(autenticacion.sesion_de(request).rfc, folio))


@router.post(
    "/terceros/{rfc}/opinion",
    response={201: OpinionEmitida, 400: RespuestaError, 403: RespuestaError, 503: RespuestaError},
    auth=autenticacion.particular,
    summary="Opinión de un titular que autorizó a la sesión (relación 9.2)",
    description="403 `no_autorizado` si el titular no autorizó a la sesión, o si la "
    "autorización fue revocada o venció.",
    openapi_extra=errores(["rfc_invalido", "motivo_largo"], e403=["no_autorizado"]),
)
@acceso.particular
def de_tercero(
    request: HttpRequest, rfc: RfcDocumentado, datos: SolicitudDeOpinion = SIN_CUERPO
) -> Any:
    opinion = do_emitir_opinion_de_tercero(
        rfc,
        autenticacion.sesion_de(request).rfc,
        motivo=datos.motivo,
        ip=ip_de(request),
    )
    return Status(201, presentacion.como_json(opinion))


@router.get(
    "/publico/opinion/{rfc}",
    response={
        200: OpinionEmitida,
        400: RespuestaError,
        404: RespuestaError,
        429: RespuestaError,
        503: RespuestaError,
    },
    summary="Opinión pública de un RFC que autorizó publicarla (relación 9.3)",
    description="Sin sesión, con límite por IP. Solo por RFC exacto: nada se lista ni se busca. "
    "Cada consulta emite una opinión nueva, sellada, y queda registrada para su titular.",
    openapi_extra=errores(["rfc_invalido"], e429=["demasiadas_consultas"]),
)
@acceso.publico
def publica(request: HttpRequest, response: HttpResponse, rfc: RfcDocumentado) -> Any:
    response["Cache-Control"] = "no-store"  # each consultation is a fresh, recorded opinión
    if not permitido_publico(request):
        return Status(429, DEMASIADAS)
    return presentacion.como_json(do_emitir_opinion_publica(rfc, ip=ip_de(request)))


@router.get(
    "/consultas",
    response=ConsultasDeOpinion,
    auth=autenticacion.particular,
    summary="Mis consultas: quién consultó mi opinión, cuándo y para qué",
)
@acceso.particular
def consultas(request: HttpRequest) -> dict[str, Any]:
    rfc = autenticacion.sesion_de(request).rfc
    filas = consultas_de(rfc)[:MAXIMO_CONSULTAS]
    return {"consultas": [presentacion.consulta_json(c) for c in filas]}
