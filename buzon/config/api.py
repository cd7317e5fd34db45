"""The REST API (`/api/v1`): OpenAPI 3.1 at `/api/v1/openapi.json`, docs at `/api/v1/docs`."""

from __future__ import annotations

from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from buzon.comun.errores import ErrorBuzon
from buzon.comun.respuestas import CodificadorApi
from buzon.config import errores
from buzon.config.lector import LectorBuzon
from buzon.config.openapi import ApiBuzon
from buzon.cuentas import seguridad
from buzon.cuentas.models import Sesion
from buzon.evidencia.sello import ErrorSello
from buzon.portal.documentacion_api import SwaggerBuzon


class _Json(JSONRenderer):
    encoder_class = CodificadorApi


api = ApiBuzon(
    renderer=_Json(),
    title="Buzón IMSS",
    version="1",
    description=(
        "API del Buzón IMSS. Instantes en ISO 8601 con desfase, en Zona Centro "
        "(America/Mexico_City) salvo que el campo diga otra cosa; fechas AAAA-MM-DD. "
        'Errores: {"error", "mensaje", "campo"}. Ningún texto admite el carácter nulo '
        "(U+0000): se rechaza con 400 «caracter_no_permitido»."
    ),
    urls_namespace="api",
    parser=LectorBuzon(),
    docs=SwaggerBuzon(),
)


@api.exception_handler(ValidationError)
def _error_de_validacion(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Ninja's validation errors in the contract's shape, in Spanish, naming the field."""
    primero: dict[str, Any] = exc.errors[0] if exc.errors else {}
    ubicacion = [str(p) for p in primero.get("loc", []) if p not in ("body", "query", "path")]
    campo = ".".join(ubicacion) or None
    cuerpo = {
        "error": "solicitud_invalida",
        "mensaje": f"El campo «{campo}» no es válido: revise su valor y formato."
        if campo
        else "La solicitud no es válida: revise los datos enviados.",
        "campo": campo,
    }
    return api.create_response(request, cuerpo, status=400)


@api.exception_handler(AuthenticationError)
def _sin_sesion(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    cuerpo = {
        "error": "sesion_requerida",
        "mensaje": "Se necesita una sesión vigente: entre con su e.firma (POST /sesiones) y envíe "
        "«Authorization: Bearer <token>». Las sesiones vencen tras 15 minutos sin uso.",
        "campo": None,
    }
    seguridad.autorizacion_rechazada(request, "sesion_requerida", None)
    return api.create_response(request, cuerpo, status=401)


@api.exception_handler(ErrorBuzon)
def _error_esperado(request: HttpRequest, exc: ErrorBuzon) -> HttpResponse:
    """Every expected refusal of every app: the contract's shape (and what the error carries
    beyond it, e.g. a CSV's rows), with its own status. The one handler: no per-endpoint try.
    A 403 (the session may not do this) is also a security event."""
    if exc.estado == 403:
        sesion = getattr(request, "auth", None)
        seguridad.autorizacion_rechazada(
            request, exc.codigo, sesion if isinstance(sesion, Sesion) else None
        )
    return api.create_response(request, exc.como_dict(), status=exc.estado)


@api.exception_handler(Http404)
def _no_encontrado(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, errores.cuerpo_de_estado(404), status=404)


@api.exception_handler(ErrorSello)
def _sin_sello(request: HttpRequest, exc: ErrorSello) -> HttpResponse:
    """No usable seal (an installation not finished): nothing can be sealed, so the service is not
    available (503), with the operator's details only in the log, under the reference."""
    referencia = errores.registrar_interno(request, (type(exc), exc, exc.__traceback__))
    cuerpo = {
        "error": "servicio_no_disponible",
        "mensaje": "El Buzón no puede emitir acuses en este momento y la operación no se "
        "completó. Intente más tarde; si se repite, informe al Instituto la referencia "
        f"{referencia}.",
        "referencia": referencia,
    }
    return api.create_response(request, cuerpo, status=503)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
@api.exception_handler(OSError)
def _dependencia(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A dependency failed (database down, documents' storage full or unwritable, a stored
    document missing): 503 with a Spanish message and a reference (`config.errores`); any other
    OSError is an internal error."""
    estado, cuerpo = errores.cuerpo_de_dependencia(request, exc)
    return api.create_response(request, cuerpo, status=estado)


@api.exception_handler(Exception)
def _error_interno(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything unexpected: JSON, never Django's HTML page; the traceback is in the log under the
    reference the answer quotes."""
    referencia = errores.registrar_interno(request, (type(exc), exc, exc.__traceback__))
    return api.create_response(request, errores.cuerpo_interno(referencia), status=500)


@api.exception_handler(HttpError)
def _error_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own HTTP errors (e.g. an unparsable body) in the contract's shape, in Spanish."""
    if isinstance(exc.__cause__, ErrorBuzon):  # the parser's own refusal (config.lector)
        return _error_esperado(request, exc.__cause__)
    mensajes = {
        400: "El cuerpo de la solicitud no es JSON válido en UTF-8: revíselo y reenvíelo.",
        403: "No tiene permiso para esta operación.",
        404: "No existe el recurso solicitado.",
        429: "Hizo demasiadas solicitudes: espere un momento y reintente.",
    }
    cuerpo = {
        "error": "solicitud_invalida",
        "mensaje": mensajes.get(exc.status_code, "La solicitud no se pudo atender."),
        "campo": None,
    }
    return api.create_response(request, cuerpo, status=exc.status_code)


def _registrar_routers() -> None:
    from buzon.actuaciones.api import router as actuaciones
    from buzon.calendario.api import router as calendario
    from buzon.comunicados.api import router as comunicados
    from buzon.config.salud import router as salud
    from buzon.convenios.api import router as convenios
    from buzon.cotizacion.api import router as cotizacion
    from buzon.cuentas.api import router as sesiones
    from buzon.cuotas.api_oficina import router as afiliacion_oficina
    from buzon.cuotas.emisiones.api import router as emisiones
    from buzon.derechohabientes.api import router as derechohabientes
    from buzon.documentos.api import router as documentos
    from buzon.eventos.api import router as eventos
    from buzon.evidencia.api import router as acuses
    from buzon.fiscalizacion.api import router as fiscalizacion
    from buzon.habilitacion.api import router as habilitacion
    from buzon.normatividad.api import router as normatividad
    from buzon.notificaciones.caras.api import router as notificaciones
    from buzon.notificaciones.caras.api_oficina import router as notificaciones_oficina
    from buzon.notificaciones.caras.api_personal import router as notificaciones_personal
    from buzon.opinion.api import router as opinion
    from buzon.riesgos.api import router as riesgos
    from buzon.terceros.api import router as terceros
    from buzon.verificacion.api import router as verificacion

    api.add_router("/calendario", calendario)
    api.add_router("/", salud)
    api.add_router("/", verificacion)
    api.add_router("/", sesiones)
    api.add_router("/", acuses)
    api.add_router("/", habilitacion)
    api.add_router("/", notificaciones)
    api.add_router("/", notificaciones_oficina)
    api.add_router("/", notificaciones_personal)
    api.add_router("/", actuaciones)
    api.add_router("/", afiliacion_oficina)
    api.add_router("/", emisiones)
    api.add_router("/", terceros)
    api.add_router("/", opinion)
    api.add_router("/", convenios)
    api.add_router("/", comunicados)
    api.add_router("/", normatividad)
    api.add_router("/", derechohabientes)
    api.add_router("/", eventos)
    api.add_router("/", cotizacion)
    api.add_router("/", riesgos)
    api.add_router("/", fiscalizacion)
    api.add_router("/", documentos)


_registrar_routers()
