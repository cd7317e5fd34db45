"""Derechohabientes (LSS 5 A XXIV; relación 4.2, 4.3, 10.5, 10.6): the API.

`GET /derechohabiente` (who I am: NSS and CURP masked, the linkage by the e.firma's CURP),
`POST /derechohabiente/semanas` and `POST /derechohabiente/vigencia` (each issues a sealed
constancia: a POST), and their PDFs by folio. Another worker's folio is a 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.tipos_api import errores
from buzon.cuentas import autenticacion
from buzon.derechohabientes import presentacion
from buzon.derechohabientes.models import Constancia
from buzon.derechohabientes.selectors import access_constancia
from buzon.derechohabientes.servicios import do_emitir_semanas, do_emitir_vigencia

router = Router(tags=["derechohabientes"])

#: The linkage failures (404), each explained and naming the 5.9 aclaración.
SIN_VINCULO = ["sin_curp", "sin_asegurado", "curp_con_varios_nss"]


class QuienSoyDerechohabiente(Schema):
    rfc: str
    nombre: str
    curp: str | None = Field(description="CURP de la e.firma, enmascarada")
    nss: str | None = Field(description="NSS vinculado, enmascarado (solo los últimos 4)")
    vinculacion: str = Field(
        description="vinculado | sin_curp | sin_asegurado | curp_con_varios_nss"
    )
    mensaje: str | None = Field(description="Por qué no está vinculado y qué hacer (numeral 5.9)")


class _ConstanciaDerechohabiente(Schema):
    folio: str
    tipo: str
    emitida: datetime
    verificacion: str = Field(description="URL pública de verificación (la del QR)")
    nss: str
    curp: str
    nombre: str
    fecha_corte: str = Field(description="Día (Zona Centro, AAAA-MM-DD) de los registros usados")


class EmpleoDerechohabiente(Schema):
    registro_patronal: str
    patron: str
    alta: str
    baja: str | None = Field(description="None: vigente el día de corte")
    ultimo_sbc: str = Field(description="Último salario base de cotización diario, pesos")
    dias_vigentes: int
    dias_ausentismo: int
    dias_incapacidad: int = Field(description="Contados como reconocidos (subsidiados)")
    dias_reconocidos: int


class AjusteDeSemanas(Schema):
    tipo: str = Field(description="descontadas | reintegradas")
    fecha: str
    semanas: int
    referencia: str


class ConstanciaSemanas(_ConstanciaDerechohabiente):
    dias_reconocidos: int = Field(description="Unión de los días de todos los empleos")
    semanas_cotizadas: int = Field(description="Semanas completas: días // 7")
    dias_restantes: int = Field(description="Días que no completan una semana: días % 7")
    dias_traslapados: int = Field(description="Días con dos o más patrones, contados una vez")
    semanas_descontadas: int
    semanas_reintegradas: int
    semanas_netas: int
    empleos: list[EmpleoDerechohabiente]
    ajustes: list[AjusteDeSemanas]


class ConstanciaVigencia(_ConstanciaDerechohabiente):
    estado: str = Field(description="vigente | conservada | sin_vigencia")
    con_derecho: bool
    hasta: str | None = Field(description="Último día con derecho (conservación, LSS 109)")
    motivo: str
    registro_patronal: str | None
    patron: str | None
    ultima_baja: str | None
    dias_continuos: int


@router.get(
    "/derechohabiente",
    response=QuienSoyDerechohabiente,
    auth=autenticacion.particular,
    summary="Quién soy: mi NSS vinculado por la CURP de mi e.firma",
)
@acceso.particular
def quien_soy(request: HttpRequest) -> dict[str, Any]:
    return presentacion.quien_soy(autenticacion.sesion_de(request))


@router.post(
    "/derechohabiente/semanas",
    response={
        201: ConstanciaSemanas,
        404: RespuestaError,
        409: RespuestaError,
        503: RespuestaError,
    },
    auth=autenticacion.particular,
    summary="Mi constancia de semanas cotizadas: una nueva, sellada (relación 4.2, 10.5)",
    openapi_extra=errores(e404=SIN_VINCULO, e409=["movimientos_por_aclarar"]),
)
@acceso.particular
def semanas(request: HttpRequest) -> Any:
    constancia = do_emitir_semanas(autenticacion.sesion_de(request))
    return Status(201, presentacion.como_json(constancia))


@router.get(
    "/derechohabiente/semanas/{folio}/pdf",
    response={200: None, 404: RespuestaError, 503: RespuestaError},
    auth=autenticacion.particular,
    summary="La constancia de semanas en PDF, con QR, cadena y sello, firmada (PAdES)",
    openapi_extra=errores(e404=[*SIN_VINCULO, "no_encontrado"]),
)
@acceso.particular
def semanas_pdf(request: HttpRequest, folio: str) -> Any:
    sesion = autenticacion.sesion_de(request)
    return presentacion.respuesta_pdf(access_constancia(sesion, Constancia.Tipo.SEMANAS, folio))


@router.post(
    "/derechohabiente/vigencia",
    response={
        201: ConstanciaVigencia,
        404: RespuestaError,
        409: RespuestaError,
        503: RespuestaError,
    },
    auth=autenticacion.particular,
    summary="Mi constancia de vigencia de derechos: una nueva, sellada (relación 4.3, 10.6)",
    openapi_extra=errores(e404=SIN_VINCULO, e409=["movimientos_por_aclarar"]),
)
@acceso.particular
def vigencia(request: HttpRequest) -> Any:
    constancia = do_emitir_vigencia(autenticacion.sesion_de(request))
    return Status(201, presentacion.como_json(constancia))


@router.get(
    "/derechohabiente/vigencia/{folio}/pdf",
    response={200: None, 404: RespuestaError, 503: RespuestaError},
    auth=autenticacion.particular,
    summary="La constancia de vigencia en PDF, con QR, cadena y sello, firmada (PAdES)",
    openapi_extra=errores(e404=[*SIN_VINCULO, "no_encontrado"]),
)
@acceso.particular
def vigencia_pdf(request: HttpRequest, folio: str) -> Any:
    sesion = autenticacion.sesion_de(request)
    return presentacion.respuesta_pdf(access_constancia(sesion, Constancia.Tipo.VIGENCIA, folio))
