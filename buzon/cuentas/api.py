"""Sessions (contract: /sesiones/reto, /sesiones). Failed logins are limited per IP."""

from __future__ import annotations

import base64
import binascii
from contextlib import suppress
from datetime import datetime
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.limites import ip_de, permitir
from buzon.comun.tipos_api import Base64, errores
from buzon.cuentas import autenticacion, seguridad
from buzon.cuentas.servicios import (
    PerfilNoAutorizado,
    do_abrir_sesion,
    do_cerrar_sesion,
    do_emitir_reto,
)
from buzon.efirma import ErrorEfirma, decodificar_firma
from buzon.legal.zonas import ZONA_CENTRO

router = Router(tags=["sesiones"])


def intento_permitido(request: HttpRequest) -> bool:
    """Login attempts per IP per 10 minutes, successful or not (nothing reveals whether an RFC
    exists): BUZON_LIMITE_SESIONES, 30 by default; 0 lifts the limit (load tests only)."""
    limite = int(settings.BUZON_LIMITE_SESIONES)
    return limite == 0 or permitir(f"sesion:{ip_de(request)}", limite, 600)


class RetoSalida(Schema):
    reto: str
    expira: datetime


class SesionEntrada(Schema):
    certificado: Base64 = Field(description="El certificado (.cer) de la e.firma, en base64")
    reto: str
    firma: Base64 = Field(description="Firma del reto con la llave de la e.firma (base64)")
    #: A person who is both particular and official chooses; by default, particular.
    perfil: Literal["particular", "servidor_publico"] = "particular"


class SesionSalida(Schema):
    token: str
    rfc: str
    nombre: str
    perfil: str
    expira: datetime


def _error(estado: int, codigo: str, mensaje: str, campo: str | None = None) -> Status[Any]:
    return Status(estado, RespuestaError(error=codigo, mensaje=mensaje, campo=campo))


@router.post("/sesiones/reto", response={201: RetoSalida}, summary="Pide un reto para firmar")
@acceso.publico
def reto(request: HttpRequest) -> Any:
    nuevo = do_emitir_reto()
    return Status(201, {"reto": nuevo.valor, "expira": nuevo.expira.astimezone(ZONA_CENTRO)})


@router.post(
    "/sesiones",
    response={
        201: SesionSalida,
        400: RespuestaError,
        401: RespuestaError,
        403: RespuestaError,
        429: RespuestaError,
    },
    summary="Abre una sesión con el reto firmado con la e.firma",
    openapi_extra=errores(
        e401=[
            "certificado_invalido",
            "no_es_fiel",
            "vencido",
            "aun_no_vigente",
            "emisor_no_confiable",
            "revocado",
            "revocacion_no_verificable",
            "reto_invalido",
            "firma_invalida",
        ],
        e403=["perfil_no_autorizado"],
        e429=["demasiados_intentos"],
    ),
)
@acceso.publico
def abrir(request: HttpRequest, datos: SesionEntrada) -> Any:
    respuesta = _abrir(request, datos)
    if isinstance(respuesta, Status) and isinstance(respuesta.value, RespuestaError):
        codigo = respuesta.value.error
        certificado = None
        with suppress(binascii.Error, ValueError):
            certificado = base64.b64decode(datos.certificado, validate=True)
        seguridad.inicio_rechazado(request, codigo, certificado, datos.perfil)
    return respuesta


def _abrir(request: HttpRequest, datos: SesionEntrada) -> Any:
    if not intento_permitido(request):
        return _error(
            429, "demasiados_intentos", "Demasiados intentos de acceso: espere 10 minutos."
        )
    try:
        certificado = base64.b64decode(datos.certificado, validate=True)
    except (binascii.Error, ValueError):
        return _error(
            401,
            "certificado_invalido",
            "El certificado no está codificado en base64: envíe el .cer en base64.",
            "certificado",
        )
    try:
        abierta = do_abrir_sesion(
            certificado, datos.reto, decodificar_firma(datos.firma), datos.perfil
        )
    except PerfilNoAutorizado:
        return _error(
            403,
            "perfil_no_autorizado",
            "Su e.firma es válida, pero no está registrado como servidor público del Buzón. "
            "Entre como particular o pida su alta a un administrador.",
            "perfil",
        )
    except ErrorEfirma as exc:
        codigo = "certificado_invalido" if exc.codigo == "archivo_invalido" else exc.codigo
        return _error(401, codigo, exc.mensaje, exc.campo)
    sesion = abierta.sesion
    return Status(
        201,
        {
            "token": abierta.token,
            "rfc": sesion.rfc,
            "nombre": sesion.nombre,
            "perfil": sesion.perfil,
            "expira": sesion.expira.astimezone(ZONA_CENTRO),
        },
    )


@router.delete(
    "/sesiones",
    response={204: None},
    auth=[autenticacion.particular, autenticacion.oficial],
    summary="Cierra la sesión",
)
@acceso.particular
def cerrar(request: HttpRequest) -> HttpResponse:
    do_cerrar_sesion(autenticacion.sesion_de(request))
    return HttpResponse(status=204)
