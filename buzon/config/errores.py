"""How a failure leaves the server: JSON in the contract's shape under `/api/`, a Spanish page
everywhere else. One place for both (the ninja API's handlers call `cuerpo_*` too).

- An expected failure (`comun.errores.ErrorBuzon`) keeps its code, message, field and status.
- An unexpected one is `{"error": "error_interno", "mensaje", "referencia"}` (500); its traceback
  is logged under that reference (logger `buzon.errores`), so a person quoting it can be traced.
- Django's own 400, 403 (CSRF), 404 and 405 answers get the same two faces.
"""

from __future__ import annotations

import errno
import logging
import re
import secrets
import sys
from collections.abc import Callable
from types import TracebackType
from typing import TypeAlias

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from buzon.comun.errores import ErrorBuzon
from buzon.cuentas import seguridad
from buzon.cuentas.models import Sesion
from buzon.evidencia.sello import ErrorSello

registro = logging.getLogger("buzon.errores")

PREFIJO_API = "/api/"

InfoExcepcion: TypeAlias = (
    tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]
)

#: Django's answers that carry no message of ours: (code, Spanish message) by status.
MENSAJES: dict[int, tuple[str, str]] = {
    400: ("solicitud_invalida", "La solicitud no es válida: revise los datos enviados."),
    403: ("sin_permiso", "No tiene permiso para esta operación."),
    404: (
        "no_encontrado",
        "No existe esa dirección. Revise la ruta; las operaciones de la API están en /api/v1/docs.",
    ),
    405: (
        "metodo_no_permitido",
        "Esta dirección no admite ese método HTTP. Revise la operación en /api/v1/docs.",
    ),
    413: ("solicitud_demasiado_grande", "La solicitud es demasiado grande: envíe menos datos."),
    429: ("demasiadas_solicitudes", "Hizo demasiadas solicitudes: espere un momento y reintente."),
}

CSRF = (
    "sin_permiso",
    "El formulario caducó o su navegador no envió la cookie de seguridad (CSRF). Vuelva a la "
    "página anterior, recárguela y envíe el formulario de nuevo.",
)

TITULOS = {
    400: "Solicitud no válida",
    403: "Sin permiso",
    404: "No encontrado",
    405: "Método no permitido",
    409: "No se puede hacer ahora",
    410: "Ya no está disponible",
    413: "Solicitud demasiado grande",
    429: "Demasiadas solicitudes",
    500: "Error interno",
    503: "Servicio no disponible",
}


def es_api(request: HttpRequest) -> bool:
    return request.path.startswith(PREFIJO_API)


def mensaje_interno(referencia: str) -> str:
    return (
        "Ocurrió un error interno y la operación no se completó. Intente de nuevo en unos minutos; "
        f"si se repite, informe al Instituto la referencia {referencia}."
    )


def registrar_interno(request: HttpRequest, info: InfoExcepcion) -> str:
    """Log the traceback under a fresh reference; return the reference."""
    referencia = secrets.token_hex(8)
    registro.error(
        "error_interno referencia=%s %s %s",
        referencia,
        request.method,
        request.path,
        exc_info=info if info[0] is not None else None,
    )
    return referencia


#: A storage that cannot take a write: full disk or quota, no permission, read-only file system.
ERRNO_ALMACEN = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS})
_HUELLA = re.compile(r"[0-9a-f]{64}")


def falla_de_dependencia(exc: BaseException) -> tuple[int, str, str] | None:
    """(status, code, Spanish sentence without the reference) when `exc` says a dependency of the
    server failed: the database does not answer (503), the documents' storage cannot be written
    (503) or a stored document cannot be read (503, naming it: the record of the fact stands and
    the operator restores the file from the backup, I-85). None for anything else."""
    if isinstance(exc, ErrorSello):
        return (
            503,
            "servicio_no_disponible",
            "El Buzón no puede emitir acuses en este momento y la operación no se completó. "
            "Intente más tarde",
        )
    if isinstance(exc, (OperationalError, InterfaceError)):
        return (
            503,
            "servicio_no_disponible",
            "El Buzón no puede atender en este momento porque su base de datos no responde; la "
            "operación no se completó. Intente de nuevo en unos minutos",
        )
    if isinstance(exc, FileNotFoundError):
        huella = _HUELLA.search(str(exc.filename or exc))
        que = f"El documento {huella.group(0)}" if huella else "Un documento guardado"
        return (
            503,
            "documento_no_disponible",
            f"{que} no está disponible en el almacén de documentos del Buzón; la operación no se "
            "completó y el Instituto debe restaurarlo. Intente más tarde",
        )
    if isinstance(exc, OSError) and exc.errno in ERRNO_ALMACEN:
        return (
            503,
            "servicio_no_disponible",
            "El Buzón no puede guardar documentos en este momento (su almacén está lleno o no "
            "admite escritura); la operación no se completó. Intente de nuevo más tarde",
        )
    return None


def cuerpo_de_dependencia(
    request: HttpRequest, exc: BaseException
) -> tuple[int, dict[str, object]]:
    """The answer for a failed dependency (see `falla_de_dependencia`), or for anything else the
    internal error; the traceback is logged under the reference either way."""
    referencia = registrar_interno(request, (type(exc), exc, exc.__traceback__))
    falla = falla_de_dependencia(exc)
    if falla is None:
        return 500, cuerpo_interno(referencia)
    estado, codigo, mensaje = falla
    return estado, {
        "error": codigo,
        "mensaje": f"{mensaje}; si se repite, informe al Instituto la referencia {referencia}.",
        "campo": None,
        "referencia": referencia,
    }


def cuerpo_interno(referencia: str) -> dict[str, object]:
    return {
        "error": "error_interno",
        "mensaje": mensaje_interno(referencia),
        "referencia": referencia,
    }


def cuerpo_de_estado(estado: int) -> dict[str, object]:
    codigo, mensaje = MENSAJES.get(
        estado, ("solicitud_invalida", "La solicitud no se pudo atender.")
    )
    return {"error": codigo, "mensaje": mensaje, "campo": None}


def pagina(
    request: HttpRequest, estado: int, mensaje: str, referencia: str | None = None
) -> HttpResponse:
    """The Spanish error page (every page's failure looks the same)."""
    contexto = {
        "estado": estado,
        "titulo": TITULOS.get(estado, "No se pudo atender la solicitud"),
        "mensaje": mensaje,
        "referencia": referencia,
    }
    return render(request, "errores/pagina.html", contexto, status=estado)


def _responder(request: HttpRequest, estado: int, cuerpo: dict[str, object]) -> HttpResponse:
    if es_api(request):
        return JsonResponse(cuerpo, status=estado, json_dumps_params={"ensure_ascii": False})
    referencia = cuerpo.get("referencia")
    return pagina(request, estado, str(cuerpo["mensaje"]), str(referencia) if referencia else None)


# Django's handlers (buzon.config.urls: handler400, handler403, handler404, handler500) and the
# CSRF failure view (settings.CSRF_FAILURE_VIEW).
def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _responder(request, 400, cuerpo_de_estado(400))


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _responder(request, 403, cuerpo_de_estado(403))


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not es_api(request):
        return pagina(
            request, 404, "No existe esa página. Vuelva al inicio o revise la dirección escrita."
        )
    return _responder(request, 404, cuerpo_de_estado(404))


def error_500(request: HttpRequest) -> HttpResponse:
    """Called by Django inside its `except`: the exception is still in sys.exc_info() (a failed
    dependency, e.g. the database down in a middleware, still answers 503)."""
    exc = sys.exc_info()[1]
    if exc is not None and falla_de_dependencia(exc) is not None:
        estado, cuerpo = cuerpo_de_dependencia(request, exc)
        return _responder(request, estado, cuerpo)
    return _responder(request, 500, cuerpo_interno(registrar_interno(request, sys.exc_info())))


def fallo_csrf(request: HttpRequest, reason: str = "") -> HttpResponse:
    codigo, mensaje = CSRF
    return _responder(request, 403, {"error": codigo, "mensaje": mensaje, "campo": None})


class Errores:
    """Middleware, outermost after security: an `ErrorBuzon` escaping a page becomes the error
    page with its message and status; under `/api/` no answer leaves as HTML (Django's bare 405
    of an API path, or any empty error answer, is rewritten in the contract's shape)."""

    def __init__(self, siguiente: Callable[[HttpRequest], HttpResponse]) -> None:
        self.siguiente = siguiente

    def __call__(self, request: HttpRequest) -> HttpResponse:
        respuesta = self.siguiente(request)
        if es_api(request) and respuesta.status_code >= 400:
            tipo = respuesta.get("Content-Type", "")
            if not tipo.startswith("application/json"):
                cuerpo = cuerpo_de_estado(respuesta.status_code)
                nueva = JsonResponse(
                    cuerpo,
                    status=respuesta.status_code,
                    json_dumps_params={"ensure_ascii": False},
                )
                if "Allow" in respuesta:
                    nueva["Allow"] = respuesta["Allow"]
                return nueva
        return respuesta

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, ErrorBuzon):
            if exc.estado == 403:
                sesion = getattr(request, "sesion", None)
                seguridad.autorizacion_rechazada(
                    request, exc.codigo, sesion if isinstance(sesion, Sesion) else None
                )
            if es_api(request):
                return JsonResponse(
                    exc.como_dict(), status=exc.estado, json_dumps_params={"ensure_ascii": False}
                )
            return pagina(request, exc.estado, exc.mensaje)
        if falla_de_dependencia(exc) is not None:
            estado, cuerpo = cuerpo_de_dependencia(request, exc)
            return _responder(request, estado, cuerpo)
        return None
