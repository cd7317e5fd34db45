"""Mailbox enablement API (contract: /buzon, /buzon/medios, /buzon/terminos), perfil particular."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.tipos_api import Base64, errores
from buzon.cuentas import autenticacion
from buzon.cuentas.models import Sesion
from buzon.evidencia.api import AcuseSalida, como_json
from buzon.habilitacion import servicios
from buzon.habilitacion import terminos as terminos_servicio
from buzon.habilitacion.errores import ErrorHabilitacion
from buzon.habilitacion.models import Buzon
from buzon.habilitacion.selectors import estado_de, estado_medio, terminos_vigentes
from buzon.legal.zonas import ZONA_CENTRO

router = Router(tags=["buzón"])


class MedioSalida(Schema):
    tipo: str
    valor: str
    estado: str
    expira: datetime | None
    registro_patronal: str | None


class BuzonSalida(Schema):
    rfc: str
    nombre: str
    estado: str
    medios: list[MedioSalida]
    registros_patronales: list[str]


class BuzonConAcuse(BuzonSalida):
    acuse: AcuseSalida


class MediosEntrada(Schema):
    correos: list[str] = Field(
        default_factory=list,
        description="De 1 a 5 correos electrónicos, sin repetir",
        json_schema_extra={"minItems": 1, "maxItems": 5},
    )
    celular: str | None = None
    registro_patronal: str | None = None


class ConfirmacionEntrada(Schema):
    valor: str
    codigo: str
    #: For a medio registered for a registro patronal; RFC level when absent.
    registro_patronal: str | None = None


class ReenvioEntrada(Schema):
    valor: str
    registro_patronal: str | None = None


class TerminosSalida(Schema):
    version: str
    texto: str
    cadena: str


class TerminosEntrada(Schema):
    version: str
    firma: Base64 = Field(description="Firma de la cadena con la e.firma de la sesión (base64)")


class HabilitadoSalida(Schema):
    estado: str
    acuse: AcuseSalida


def _registros(rfc: str) -> list[str]:
    from buzon.padron.selectors import registros_de

    return registros_de(rfc)


def vista_buzon(sesion: Sesion, buzon: Buzon | None = None) -> dict[str, Any]:
    """The mailbox as the contract shows it (GET /buzon)."""
    ahora = timezone.now()
    buzon = buzon or servicios.obtener_buzon(sesion.rfc, sesion.nombre)
    medios = [
        {
            "tipo": m.tipo,
            "valor": m.valor,
            "estado": estado_medio(m, ahora),
            "expira": m.expira.astimezone(ZONA_CENTRO)
            if estado_medio(m, ahora) == "por_confirmar"
            else None,
            "registro_patronal": m.registro_patronal or None,
        }
        for m in buzon.medios.order_by("registro_patronal", "tipo", "id")
        if estado_medio(m, ahora) != "cancelado"
    ]
    return {
        "rfc": buzon.rfc,
        "nombre": buzon.nombre or sesion.nombre,
        "estado": estado_de(buzon, ahora),
        "medios": medios,
        "registros_patronales": _registros(buzon.rfc),
    }


@router.get("/buzon", response=BuzonSalida, auth=autenticacion.particular, summary="Mi buzón")
@acceso.particular
def buzon(request: HttpRequest) -> dict[str, Any]:
    return vista_buzon(autenticacion.sesion_de(request))


@router.put(
    "/buzon/medios",
    response={200: BuzonConAcuse, 400: RespuestaError, 429: RespuestaError},
    auth=autenticacion.particular,
    summary="Registra o actualiza mis medios de contacto (se envía un código a cada medio nuevo)",
    openapi_extra=errores(
        negocio=[
            "registro_desconocido",
            "correo_invalido",
            "correos_invalidos",
            "celular_invalido",
            "celular_requerido",
        ],
        e429=["demasiados_codigos", "demasiados_registros"],
    ),
)
@acceso.particular
def medios(request: HttpRequest, datos: MediosEntrada) -> Any:
    sesion = autenticacion.sesion_de(request)
    registro = (datos.registro_patronal or "").strip().upper()
    if registro and registro not in _registros(sesion.rfc):
        raise ErrorHabilitacion(
            "registro_desconocido",
            f"El registro patronal «{registro}» no pertenece a su RFC en el padrón.",
            "registro_patronal",
        )
    resultado = servicios.do_registrar_medios(
        sesion.rfc,
        correos=datos.correos,
        celular=datos.celular,
        nombre=sesion.nombre,
        registro_patronal=registro,
    )
    return {**vista_buzon(sesion, resultado.buzon), "acuse": como_json(resultado.acuse)}


@router.post(
    "/buzon/medios/confirmacion",
    response={200: BuzonSalida, 400: RespuestaError},
    auth=autenticacion.particular,
    summary="Confirma un medio con el código recibido",
    openapi_extra=errores(
        negocio=[
            "medio_desconocido",
            "ya_confirmado",
            "codigo_invalido",
            "codigo_vencido",
            "intentos_agotados",
        ]
    ),
)
@acceso.particular
def confirmar(request: HttpRequest, datos: ConfirmacionEntrada) -> Any:
    sesion = autenticacion.sesion_de(request)
    buzon = servicios.do_confirmar_medio(
        sesion.rfc, datos.valor, datos.codigo, datos.registro_patronal or ""
    )
    return vista_buzon(sesion, buzon)


@router.post(
    "/buzon/medios/reenvio",
    response={200: BuzonSalida, 400: RespuestaError, 429: RespuestaError},
    auth=autenticacion.particular,
    summary="Envía un código nuevo a un medio por confirmar (con límite)",
    openapi_extra=errores(
        negocio=["medio_desconocido", "ya_confirmado", "codigo_vencido"],
        e429=["espere", "reenvios_agotados", "demasiados_codigos"],
    ),
)
@acceso.particular
def reenviar(request: HttpRequest, datos: ReenvioEntrada) -> Any:
    sesion = autenticacion.sesion_de(request)
    servicios.do_reenviar_codigo(sesion.rfc, datos.valor, datos.registro_patronal or "")
    return vista_buzon(sesion)


@router.get(
    "/buzon/terminos",
    response=TerminosSalida,
    auth=autenticacion.particular,
    summary="Términos y condiciones vigentes y la cadena que se firma",
)
@acceso.particular
def terminos(request: HttpRequest) -> dict[str, str]:
    sesion = autenticacion.sesion_de(request)
    vigentes = terminos_vigentes()
    return {
        "version": vigentes.version,
        "texto": vigentes.texto,
        "cadena": terminos_servicio.cadena_terminos(sesion.rfc, vigentes),
    }


@router.post(
    "/buzon/terminos",
    response={201: HabilitadoSalida, 400: RespuestaError, 409: RespuestaError},
    auth=autenticacion.particular,
    summary="Acepta los términos firmando su cadena con la e.firma de la sesión",
    openapi_extra=errores(
        negocio=["version_invalida", "firma_invalida"],
        e409=["medios_incompletos", "terminos_ya_aceptados"],
    ),
)
@acceso.particular
def aceptar(request: HttpRequest, datos: TerminosEntrada) -> Any:
    sesion = autenticacion.sesion_de(request)
    buzon, acuse = terminos_servicio.do_aceptar_terminos(
        sesion.rfc, bytes(sesion.certificado_der), datos.version, datos.firma
    )
    return Status(201, {"estado": estado_de(buzon, timezone.now()), "acuse": como_json(acuse)})
