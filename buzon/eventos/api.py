"""Calendario de eventos y recordatorios (relación 2): the API.

GET /eventos?desde&hasta, GET/PUT /eventos/preferencias, POST /eventos/ics/token (the feed's
secret, shown once), DELETE /eventos/ics/token (revoke). Always the session's own RFC.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.tipos_api import PATRON_DIA_OPCIONAL, errores, linea, opcional
from buzon.cuentas import autenticacion
from buzon.eventos import presentacion
from buzon.eventos.preferencias import Ajustes, ajustes_de
from buzon.eventos.selectors import eventos_de, hoy_centro
from buzon.eventos.servicios import (
    LARGO_FUNDAMENTO,
    do_crear_token,
    do_guardar_preferencias,
    do_registrar_plazo,
    do_revocar_token,
)
from buzon.legal.obligaciones import MAXIMO_DIAS_REQUERIMIENTO
from buzon.oficina.servicios import oficial_activo

router = Router(tags=["calendario de eventos"])


class Rango(Schema):
    desde: str = opcional(PATRON_DIA_OPCIONAL, "AAAA-MM-DD, incluido (por omisión: hoy)")
    hasta: str = opcional(
        PATRON_DIA_OPCIONAL, "AAAA-MM-DD, incluido (por omisión: 90 días después de «desde»)"
    )


class EventoCalendario(Schema):
    uid: str = Field(description="Identificador estable (el mismo del calendario .ics)")
    clase: str = Field(description="obligacion | notificacion | requerimiento")
    clave: str
    fecha: date = Field(description="El día en que vence (ya recorrido al día hábil siguiente)")
    titulo: str
    fundamento: str
    detalle: str
    registros_patronales: list[str]
    folio: str | None
    recordatorio: date | None = Field(description="El día en que se le recuerda, si lo pidió")


class EventosSalida(Schema):
    desde: date
    hasta: date
    eventos: list[EventoCalendario]


class PreferenciasEntrada(BaseModel):
    recordar_notificaciones: bool = True
    dias_notificaciones: int = Field(1, ge=1, le=3, description="Días hábiles antes (1 a 3)")
    recordar_obligaciones: bool = True
    dias_obligaciones: int = Field(3, ge=1, le=10, description="Días hábiles antes (1 a 10)")
    recordar_requerimientos: bool = True
    dias_requerimientos: int = Field(3, ge=1, le=10, description="Días hábiles antes (1 a 10)")
    por_correo: bool = True
    por_sms: bool = True
    presta_servicios_especializados: bool = Field(
        False, description="Presta servicios u obras especializadas (ICSOE, LSS 15 A)"
    )


class PreferenciasSalida(Schema):
    recordar_notificaciones: bool
    dias_notificaciones: int
    recordar_obligaciones: bool
    dias_obligaciones: int
    recordar_requerimientos: bool
    dias_requerimientos: int
    por_correo: bool
    por_sms: bool
    presta_servicios_especializados: bool


class TokenSalida(Schema):
    token: str = Field(description="Se muestra una sola vez; guárdelo en su aplicación")
    url: str = Field(description="La dirección del calendario .ics para suscribirse")


@router.get(
    "/eventos",
    response={200: EventosSalida, 400: RespuestaError},
    auth=autenticacion.particular,
    summary="Mi calendario de eventos: obligaciones, notificaciones por abrir, requerimientos",
    openapi_extra=errores(e400=["fecha_invalida", "rango_invalido"], negocio=["rango_invalido"]),
)
@acceso.particular
def eventos(request: HttpRequest, rango: Query[Rango]) -> Any:
    rfc = autenticacion.sesion_de(request).rfc
    ahora = timezone.now()
    desde, hasta = presentacion.rango(rango.desde, rango.hasta, hoy_centro(ahora))
    lista = eventos_de(rfc, desde, hasta, ahora)
    dias = presentacion.recordatorios_de(rfc, lista, ajustes_de(rfc))
    return {
        "desde": desde,
        "hasta": hasta,
        "eventos": [presentacion.como_json(e, dias.get(e.uid)) for e in lista],
    }


@router.get(
    "/eventos/preferencias",
    response=PreferenciasSalida,
    auth=autenticacion.particular,
    summary="Qué recordatorios recibo (por omisión: notificaciones 1 día hábil antes, "
    "obligaciones 3)",
)
@acceso.particular
def preferencias(request: HttpRequest) -> Any:
    return ajustes_de(autenticacion.sesion_de(request).rfc)


@router.put(
    "/eventos/preferencias",
    response={200: PreferenciasSalida, 400: RespuestaError},
    auth=autenticacion.particular,
    summary="Cambiar qué recordatorios recibo y por qué medio",
)
@acceso.particular
def guardar_preferencias(request: HttpRequest, datos: PreferenciasEntrada) -> Any:
    rfc = autenticacion.sesion_de(request).rfc
    do_guardar_preferencias(rfc, Ajustes(**datos.model_dump()), timezone.now())
    return ajustes_de(rfc)


@router.post(
    "/eventos/ics/token",
    response={201: TokenSalida, 409: RespuestaError},
    auth=autenticacion.particular,
    summary="Crear (o volver a crear) el enlace secreto de mi calendario .ics",
    description="El anterior deja de funcionar. El token se muestra solo esta vez.",
    openapi_extra=errores(e409=["conflicto"]),
)
@acceso.particular
def crear_token(request: HttpRequest) -> Any:
    token = do_crear_token(autenticacion.sesion_de(request).rfc, timezone.now())
    url = request.build_absolute_uri(reverse("eventos:ics", args=[token]))
    return Status(201, {"token": token, "url": url})


@router.delete(
    "/eventos/ics/token",
    response={204: None},
    auth=autenticacion.particular,
    summary="Revocar el enlace de mi calendario .ics (responde 404 desde ese momento)",
)
@acceso.particular
def revocar_token(request: HttpRequest) -> Any:
    do_revocar_token(autenticacion.sesion_de(request).rfc, timezone.now())
    return HttpResponse(status=204)


class PlazoEntrada(BaseModel):
    dias_habiles: int = Field(
        ge=1, le=MAXIMO_DIAS_REQUERIMIENTO, description="Días hábiles que concede el oficio"
    )
    fundamento: linea(  # type: ignore[valid-type]
        LARGO_FUNDAMENTO, "Dónde señala el oficio el plazo (ej. «punto tercero»)"
    )


class PlazoSalida(Schema):
    notificacion: int
    folio: str
    dias_habiles: int
    fundamento: str
    registrado: datetime
    registrado_por: str


@router.put(
    "/oficina/eventos/requerimientos/{notificacion_id}/plazo",
    response={
        200: PlazoSalida,
        400: RespuestaError,
        403: RespuestaError,
        404: RespuestaError,
        409: RespuestaError,
    },
    auth=autenticacion.oficial,
    summary="Registrar el plazo (días hábiles) que señala un requerimiento notificado",
    description="Para el calendario de eventos del particular (CFF 12, 135). Solo actos del "
    "catálogo que son requerimientos, de la subdelegación del servidor público. Cada registro "
    "queda; el último es el que aplica.",
    openapi_extra=errores(
        ["no_es_requerimiento", "fundamento_invalido"],
        e403=["sin_permiso"],
        e404=["no_encontrada"],
        e409=["cancelada"],
    ),
)
@acceso.oficial
def registrar_plazo(request: HttpRequest, notificacion_id: int, datos: PlazoEntrada) -> Any:
    oficial = oficial_activo(autenticacion.sesion_de(request).rfc)
    plazo = do_registrar_plazo(
        oficial, notificacion_id, datos.dias_habiles, datos.fundamento, timezone.now()
    )
    return {
        "notificacion": plazo.notificacion_id,
        "folio": plazo.notificacion.folio,
        "dias_habiles": plazo.dias_habiles,
        "fundamento": plazo.fundamento,
        "registrado": plazo.registrado,
        "registrado_por": plazo.registrado_por,
    }
