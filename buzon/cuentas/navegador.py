"""Browser sessions: the `Sesion` of the API, its token in an HttpOnly, SameSite=Strict cookie."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from buzon.comun import acceso
from buzon.cuentas.models import Sesion
from buzon.cuentas.seguridad import autorizacion_rechazada
from buzon.cuentas.servicios import DURACION_MAXIMA, sesion_vigente
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import oficial_activo

COOKIE = "buzon_sesion"

Vista = Callable[..., HttpResponse]


def sesion_de(request: HttpRequest) -> Sesion | None:
    token = request.COOKIES.get(COOKIE)
    return sesion_vigente(token) if token else None


def poner_cookie(respuesta: HttpResponse, token: str) -> None:
    respuesta.set_cookie(
        COOKIE,
        token,
        max_age=int(DURACION_MAXIMA.total_seconds()),
        httponly=True,
        secure=bool(settings.SESSION_COOKIE_SECURE),
        samesite="Strict",
    )


def quitar_cookie(respuesta: HttpResponse) -> None:
    respuesta.delete_cookie(COOKIE, samesite="Strict")


def _parametros_de_entrada(request: HttpRequest, sesion: Sesion | None) -> dict[str, str]:
    """The login page's query: where to come back and, when a cookie came without an open session
    (closed, expired or idle), `sesion=terminada`: the page then says the session ended."""
    parametros = {"siguiente": request.get_full_path()}
    if sesion is None and request.COOKIES.get(COOKIE):
        parametros["sesion"] = "terminada"
    return parametros


def requiere_particular(vista: Vista) -> Vista:
    """Page for a logged-in particular: otherwise to the login page, coming back afterwards."""

    @wraps(vista)
    def envoltura(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        sesion = sesion_de(request)
        if sesion is None or sesion.perfil != Sesion.Perfil.PARTICULAR:
            if sesion is not None:
                autorizacion_rechazada(request, "perfil_no_autorizado", sesion)
            destino = "/entrar/?" + urlencode(_parametros_de_entrada(request, sesion))
            respuesta = HttpResponseRedirect(destino)
            quitar_cookie(respuesta)
            return respuesta
        request.sesion = sesion  # type: ignore[attr-defined]
        return vista(request, *args, **kwargs)

    return acceso.particular(envoltura)


def sesion_actual(request: HttpRequest) -> Sesion:
    sesion = getattr(request, "sesion", None)
    assert isinstance(sesion, Sesion)
    return sesion


def requiere_oficial(vista: Vista) -> Vista:
    """Page for a logged-in official (perfil servidor_publico, registered and active): otherwise
    to the officials' login page, coming back afterwards. A particular's session is kept."""

    @wraps(vista)
    def envoltura(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        sesion = sesion_de(request)
        oficial = None
        if sesion is not None and sesion.perfil == Sesion.Perfil.SERVIDOR_PUBLICO:
            oficial = oficial_activo(sesion.rfc)
        if sesion is None or oficial is None:
            if sesion is not None:
                autorizacion_rechazada(request, "perfil_no_autorizado", sesion)
            destino = "/oficina/entrar/?" + urlencode(_parametros_de_entrada(request, sesion))
            respuesta = HttpResponseRedirect(destino)
            if sesion is None:
                quitar_cookie(respuesta)
            return respuesta
        request.sesion = sesion  # type: ignore[attr-defined]
        request.oficial = oficial  # type: ignore[attr-defined]
        return vista(request, *args, **kwargs)

    return acceso.oficial(envoltura)


def oficial_actual(request: HttpRequest) -> Oficial:
    oficial = getattr(request, "oficial", None)
    assert isinstance(oficial, Oficial)
    return oficial
