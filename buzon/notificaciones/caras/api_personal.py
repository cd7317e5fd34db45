"""Officials' API for the personal route (7.10, CFF 134-I, 135–137): choose it before the
notification is made, record the citatorio and print it, record the diligencia with the signed
acta, and print the representación impresa the notificador hands over."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.tipos_api import Base64, errores, linea
from buzon.cuentas import autenticacion
from buzon.notificaciones import selectors
from buzon.notificaciones.caras.api import respuesta_pdf
from buzon.notificaciones.caras.api_oficina import (
    NotificacionConEventos,
    con_eventos,
    oficial_de,
)
from buzon.notificaciones.entrega import impresion
from buzon.notificaciones.entrega.personal import (
    do_elegir_notificacion_personal,
    do_registrar_citatorio,
    do_registrar_notificacion_personal,
)

router = Router(tags=["oficina: notificación personal"])

ERRORES = {
    400: RespuestaError,
    401: RespuestaError,
    403: RespuestaError,
    404: RespuestaError,
    409: RespuestaError,
}


class ViaPersonalEntrada(Schema):
    motivo: linea(500) = Field(  # type: ignore[valid-type]
        description="Por qué se notifica personalmente (hasta 500 caracteres)"
    )


class CitatorioEntrada(Schema):
    dejado: datetime = Field(description="Cuándo se dejó el citatorio (con desfase horario)")
    cita: datetime = Field(description="La hora fija del día hábil siguiente (7:30 a 18:00)")
    con: str = Field("", description="Nombre de quien lo recibió (vacío si se fijó)")
    fijado: bool = Field(False, description="Nadie lo recibió: se fijó en el acceso principal")


class PersonalEntrada(Schema):
    instante: datetime = Field(description="Inicio de la diligencia (días y horas hábiles)")
    acta: Base64 = Field(description="El acta de la diligencia, PDF en base64")
    firma: Base64 = Field(description="Firma del servidor público sobre los bytes del acta")
    con: str = Field(
        description="interesado, representante, tercero o vecino (CFF 135, 137)",
        json_schema_extra={"enum": ["interesado", "representante", "tercero", "vecino"]},
    )
    nombre: linea(300) = Field(  # type: ignore[valid-type]
        description="Nombre de la persona con quien se entendió la diligencia"
    )
    nego_firma: bool = Field(False, description="La persona se negó a firmar el acta (CFF 135)")


@router.post(
    "/oficina/notificaciones/{notificacion_id}/via-personal",
    response={200: NotificacionConEventos, **ERRORES},
    auth=autenticacion.oficial,
    summary="Elige la notificación personal (7.10) antes de que la notificación se haga",
    openapi_extra=errores(
        e400=["motivo_invalido"], e409=["ya_notificada", "ya_personal", "cancelada"]
    ),
)
@acceso.oficial
def via_personal(request: HttpRequest, notificacion_id: int, datos: ViaPersonalEntrada) -> Any:
    _sesion, oficial = oficial_de(request)
    return con_eventos(do_elegir_notificacion_personal(oficial, notificacion_id, datos.motivo))


@router.post(
    "/oficina/notificaciones/{notificacion_id}/citatorio",
    response={200: NotificacionConEventos, **ERRORES},
    auth=autenticacion.oficial,
    summary="Registra el citatorio dejado en el domicilio (CFF 137)",
    openapi_extra=errores(
        negocio=[
            "con_invalido",
            "instante_invalido",
            "cita_invalida",
            "dia_inhabil",
            "hora_inhabil",
        ],
        e409=["citatorio_vigente", "no_requiere_personal", "ya_notificada", "cancelada"],
    ),
)
@acceso.oficial
def citatorio(request: HttpRequest, notificacion_id: int, datos: CitatorioEntrada) -> Any:
    _sesion, oficial = oficial_de(request)
    n = do_registrar_citatorio(
        oficial,
        notificacion_id,
        dejado=datos.dejado,
        cita=datos.cita,
        con=datos.con,
        fijado=datos.fijado,
    )
    return con_eventos(n)


@router.get(
    "/oficina/notificaciones/{notificacion_id}/citatorio/pdf",
    response={200: None, 403: RespuestaError, 404: RespuestaError},
    auth=autenticacion.oficial,
    summary="El citatorio para imprimir (PDF sellado por el Instituto)",
)
@acceso.oficial
def citatorio_pdf(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    _sesion, oficial = oficial_de(request)
    n = selectors.access_notificacion_oficial(oficial, notificacion_id)
    return respuesta_pdf(impresion.pdf_citatorio(n), impresion.nombre_citatorio(n))


@router.post(
    "/oficina/notificaciones/{notificacion_id}/notificacion-personal",
    response={200: NotificacionConEventos, **ERRORES, 413: RespuestaError},
    auth=autenticacion.oficial,
    summary="Registra la diligencia de notificación personal con el acta firmada (CFF 135)",
    openapi_extra=errores(
        negocio=[
            "instante_invalido",
            "dia_inhabil",
            "hora_inhabil",
            "fuera_de_la_cita",
            "requiere_citatorio",
            "con_quien_invalido",
            "acta_invalida",
            "firma_invalida",
        ],
        e400=["nombre_invalido"],
        e409=["no_requiere_personal", "ya_notificada", "cancelada"],
    ),
)
@acceso.oficial
def personal(request: HttpRequest, notificacion_id: int, datos: PersonalEntrada) -> Any:
    sesion, oficial = oficial_de(request)
    n = do_registrar_notificacion_personal(
        oficial,
        bytes(sesion.certificado_der),
        notificacion_id,
        instante=datos.instante,
        acta=datos.acta,
        firma=datos.firma,
        con=datos.con,
        nombre=datos.nombre,
        nego_firma=datos.nego_firma,
    )
    return con_eventos(n)


@router.get(
    "/oficina/notificaciones/{notificacion_id}/impresa",
    response={
        200: None,
        403: RespuestaError,
        404: RespuestaError,
        409: RespuestaError,
        410: RespuestaError,
    },
    auth=autenticacion.oficial,
    summary="La representación impresa: el documento firmado y la hoja de verificación con QR",
    openapi_extra=errores(
        e409=["no_imprimible", "no_requiere_personal", "cancelada"], e410=["depurado"]
    ),
)
@acceso.oficial
def impresa(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    _sesion, oficial = oficial_de(request)
    n = selectors.access_notificacion_oficial(oficial, notificacion_id)
    return respuesta_pdf(impresion.pdf_impresa(n), impresion.nombre_impresa(n))
