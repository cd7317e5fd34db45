"""Agencies' web service (convenios; contract: POST /convenios/token, POST /convenios/opiniones)
and the officials' management of convenios (`/oficina/convenios`, rol administrador).

The token endpoint is OAuth 2.0's client-credentials grant (RFC 6749 §4.4) authenticated by a JWT
client assertion (RFC 7523 §2.2), form-encoded as §4.4.2 says; its answers are §5.1's and §5.2's
(`error`, `error_description`) plus the contract's `mensaje` and `campo`.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema, Status
from pydantic import Field

from buzon.comun import acceso
from buzon.comun.limites import ip_de
from buzon.comun.respuestas import json_de_lista
from buzon.comun.tipos_api import Base64, RfcDocumentado, errores, linea
from buzon.convenios import autenticacion as auth_convenios
from buzon.convenios.consultas import do_consultar_opiniones
from buzon.convenios.errores import ErrorConvenio
from buzon.convenios.selectors import access_convenio, como_json, lista_json, llamadas
from buzon.convenios.servicios import (
    TIPO_ASERCION,
    DatosConvenio,
    do_emitir_token,
    do_registrar_convenio,
    do_revocar_convenio,
)
from buzon.cuentas import autenticacion
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import oficial_activo

router = Router(tags=["convenios"])

_FORMULARIO = {
    "requestBody": {
        "required": True,
        "description": "Formulario application/x-www-form-urlencoded (RFC 6749, sección 4.4.2; "
        "RFC 7523, sección 2.2).",
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "grant_type": {"type": "string", "enum": ["client_credentials"]},
                        "client_assertion_type": {"type": "string", "enum": [TIPO_ASERCION]},
                        "client_assertion": {
                            "type": "string",
                            "description": "JWS compacto RS256: encabezado con «x5c» o «kid»; "
                            "reclamos iss = sub = identificador de cliente, aud = esta "
                            "dirección, exp (≤ 120 s), iat, jti único.",
                        },
                        "scope": {"type": "string", "example": "opinion"},
                    },
                    "required": ["grant_type", "client_assertion_type", "client_assertion"],
                }
            }
        },
    }
}


class TokenConvenioSalida(Schema):
    access_token: str
    token_type: str
    expires_in: int
    scope: str


def _campo(request: HttpRequest, nombre: str) -> str:
    valores = request.POST.getlist(nombre)
    if len(valores) > 1:  # RFC 6749 §3.2: parameters must not be repeated
        raise ErrorConvenio(
            "invalid_request", f"El parámetro «{nombre}» viene más de una vez: envíelo una.", nombre
        )
    return valores[0].strip() if valores else ""


@router.post(
    "/convenios/token",
    response={200: TokenConvenioSalida},
    summary="Token de acceso de una dependencia (client_credentials con aserción JWT)",
    openapi_extra={
        **_FORMULARIO,
        **errores(
            ["invalid_request", "invalid_grant", "invalid_scope", "unsupported_grant_type"],
            e401=["invalid_client"],
        ),
    },
)
@acceso.publico
def token(request: HttpRequest) -> HttpResponse:
    if request.content_type != "application/x-www-form-urlencoded":
        raise ErrorConvenio(
            "invalid_request",
            "Envíe la solicitud de token como formulario application/x-www-form-urlencoded "
            "(RFC 6749, sección 4.4.2), no como JSON.",
            None,
        )
    concesion = _campo(request, "grant_type")
    if concesion != "client_credentials":
        raise ErrorConvenio(
            "unsupported_grant_type",
            f"El tipo de concesión «{concesion}» no se admite: use grant_type=client_credentials.",
            "grant_type",
        )
    if _campo(request, "client_assertion_type") != TIPO_ASERCION:
        raise ErrorConvenio(
            "invalid_request",
            f"«client_assertion_type» debe ser {TIPO_ASERCION}.",
            "client_assertion_type",
        )
    asercion = _campo(request, "client_assertion")
    if not asercion:
        raise ErrorConvenio(
            "invalid_request",
            "Falta «client_assertion»: la aserción JWT firmada con su certificado institucional.",
            "client_assertion",
        )
    emitido = do_emitir_token(asercion, _campo(request, "scope") or None, ip=ip_de(request))
    respuesta = JsonResponse(
        {
            "access_token": emitido.token,
            "token_type": "Bearer",
            "expires_in": emitido.expira_en,
            "scope": emitido.alcance,
        }
    )
    respuesta["Cache-Control"] = "no-store"  # RFC 6749 §5.1
    respuesta["Pragma"] = "no-cache"
    return respuesta


class OpinionesConvenioEntrada(Schema):
    rfcs: list[str] = Field(
        description="De 1 a 1,000 RFC; uno mal formado se informa en su elemento",
        json_schema_extra={"minItems": 1, "maxItems": 1000},
    )
    motivo: str | None = Field(
        None,
        description="Por qué consulta (si falta: la finalidad del convenio)",
        json_schema_extra={"maxLength": 300},
    )


class OpinionConvenioItem(Schema):
    rfc: str
    folio: str | None = None
    sentido: str | None = None
    motivos: list[str] | None = None
    emitida: datetime | None = None
    vigente_hasta: date | None = None
    verificacion: str | None = None
    sello: str | None = None
    error: str | None = None
    mensaje: str | None = None


class OpinionesConvenioSalida(Schema):
    opiniones: list[OpinionConvenioItem]


CAMPOS_OPINION = tuple(OpinionConvenioItem.model_fields)


@router.post(
    "/convenios/opiniones",
    response={200: OpinionesConvenioSalida},
    auth=auth_convenios.dependencia,
    summary="Opiniones de cumplimiento de hasta 1,000 RFC para una dependencia con convenio",
    openapi_extra=errores(
        ["rfcs_vacio", "demasiados_rfcs", "motivo_largo"],
        e401=["invalid_token"],
        e403=["convenio_no_vigente"],
        e429=["cuota_agotada"],
    ),
)
@acceso.dependencia
def opiniones(request: HttpRequest, entrada: OpinionesConvenioEntrada) -> Any:
    fila = auth_convenios.token_de(request)
    salida = do_consultar_opiniones(
        fila.convenio, entrada.rfcs, motivo=entrada.motivo, ip=ip_de(request)
    )
    # Up to a thousand items our service just built: written as the schema renders them
    # (tests/convenios compares the bytes), not validated item by item once more.
    return json_de_lista("opiniones", salida, CAMPOS_OPINION)


# ----------------------------------------------------------------- officials (administrador)


def _administrador(request: HttpRequest) -> Oficial:
    sesion = autenticacion.sesion_de(request)
    oficial = oficial_activo(sesion.rfc)
    if oficial is None or oficial.rol != Oficial.Rol.ADMINISTRADOR:
        raise ErrorConvenio(
            "sin_permiso",
            "Solo un servidor público activo con rol de administrador administra los convenios: "
            "pida ese rol a quien administra el Buzón (buzon oficina alta).",
        )
    return oficial


class CertificadoConvenioSalida(Schema):
    no_certificado: str
    huella_sha256: str
    valido_hasta: datetime


class ConvenioSalida(Schema):
    id: int
    cliente: str
    dependencia: str
    rfc: str
    fundamento: str
    finalidad: str
    vigente_desde: date
    vigente_hasta: date
    alcance: str
    cuota_diaria: int
    usadas_hoy: int
    estado: str
    revocado_en: datetime | None
    motivo_revocacion: str
    certificados: list[CertificadoConvenioSalida]


class ConvenioEntrada(Schema):
    dependencia: linea(300, "Nombre de la dependencia")  # type: ignore[valid-type]
    rfc: RfcDocumentado
    fundamento: linea(2000, "Fundamento legal del convenio")  # type: ignore[valid-type]
    finalidad: linea(2000, "Para qué consulta la dependencia")  # type: ignore[valid-type]
    vigente_desde: date
    vigente_hasta: date
    cuota_diaria: int = Field(description="Opiniones por día", json_schema_extra={"minimum": 1})
    certificados: list[Base64] = Field(
        description="Certificado(s) institucional(es) de la dependencia: .cer (DER) en base64",
        json_schema_extra={"minItems": 1},
    )
    alcance: str = Field("opinion", json_schema_extra={"enum": ["opinion"]})


class RevocacionConvenioEntrada(Schema):
    motivo: linea(2000, "Por qué se revoca")  # type: ignore[valid-type]


class LlamadaConvenioSalida(Schema):
    instante: datetime
    operacion: str
    cantidad: int
    rechazadas: int
    estado: int
    error: str


def _der(valores: list[str]) -> list[bytes]:
    ders = []
    for i, valor in enumerate(valores):
        try:
            ders.append(base64.b64decode(valor, validate=True))
        except (binascii.Error, ValueError):
            raise ErrorConvenio(
                "solicitud_invalida",
                "El certificado no está en base64: envíe el .cer (DER) codificado en base64.",
                f"certificados[{i}]",
            ) from None
    return ders


@router.get(
    "/oficina/convenios",
    response={200: list[ConvenioSalida]},
    auth=autenticacion.oficial,
    summary="Convenios con dependencias (servidores públicos, rol administrador)",
)
@acceso.oficial
def lista(request: HttpRequest) -> Any:
    _administrador(request)
    return lista_json()


@router.post(
    "/oficina/convenios",
    response={201: ConvenioSalida},
    auth=autenticacion.oficial,
    summary="Registra un convenio con una dependencia",
    openapi_extra=errores(["solicitud_invalida", "certificado_invalido"], e403=["sin_permiso"]),
)
@acceso.oficial
def alta(request: HttpRequest, entrada: ConvenioEntrada) -> Any:
    oficial = _administrador(request)
    convenio = do_registrar_convenio(
        DatosConvenio(
            dependencia=entrada.dependencia,
            rfc=entrada.rfc,
            fundamento=entrada.fundamento,
            finalidad=entrada.finalidad,
            vigente_desde=entrada.vigente_desde,
            vigente_hasta=entrada.vigente_hasta,
            cuota_diaria=entrada.cuota_diaria,
            certificados=_der(entrada.certificados),
            alcance=entrada.alcance,
        ),
        por=oficial.rfc,
    )
    return Status(201, como_json(convenio, 0))


@router.post(
    "/oficina/convenios/{convenio_id}/revocacion",
    response={200: ConvenioSalida},
    auth=autenticacion.oficial,
    summary="Revoca un convenio: sus tokens dejan de servir de inmediato",
    openapi_extra=errores(
        e403=["sin_permiso"], e404=["no_encontrado"], e409=["convenio_no_vigente"]
    ),
)
@acceso.oficial
def revocacion(request: HttpRequest, convenio_id: int, entrada: RevocacionConvenioEntrada) -> Any:
    oficial = _administrador(request)
    convenio = do_revocar_convenio(
        access_convenio(convenio_id), motivo=entrada.motivo, por=oficial.rfc
    )
    return como_json(convenio)


@router.get(
    "/oficina/convenios/{convenio_id}/llamadas",
    response={200: list[LlamadaConvenioSalida]},
    auth=autenticacion.oficial,
    summary="Las últimas llamadas de una dependencia (auditoría)",
)
@acceso.oficial
def llamadas_de(request: HttpRequest, convenio_id: int) -> Any:
    _administrador(request)
    return llamadas(access_convenio(convenio_id))
