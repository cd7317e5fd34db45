"""Logging in on a page with the e.firma: one flow for particulars and officials.

The browser signs a fresh single-use reto with the key it read locally (static/efirma/efirma.js);
the server verifies it (`do_abrir_sesion`) and sets the session cookie. Only the perfil, the page
to go back to and the template differ between `/entrar/` and `/oficina/entrar/`.
"""

from __future__ import annotations

import base64
import binascii

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from buzon.cuentas import seguridad
from buzon.cuentas.api import intento_permitido
from buzon.cuentas.models import Sesion
from buzon.cuentas.navegador import poner_cookie, sesion_de
from buzon.cuentas.servicios import (
    PerfilNoAutorizado,
    do_abrir_sesion,
    do_cerrar_sesion,
    do_emitir_reto,
)
from buzon.efirma import ErrorEfirma, decodificar_firma

NO_ES_OFICIAL = (
    "Su e.firma es válida, pero no está registrado como servidor público del Buzón. Pida su alta "
    "a un administrador o entre como particular."
)


def siguiente(request: HttpRequest, omision: str) -> str:
    """Where to go after logging in: the page asked for, if it is on this site."""
    destino = request.POST.get("siguiente") or request.GET.get("siguiente") or omision
    if not url_has_allowed_host_and_scheme(destino, allowed_hosts={request.get_host()}):
        return omision
    return destino


def pagina_de_entrada(
    request: HttpRequest, *, perfil: str, omision: str, plantilla: str
) -> HttpResponse:
    error = None
    if request.method == "POST":
        certificado = b""
        if not intento_permitido(request):
            error, codigo = (
                "Demasiados intentos de acceso: espere 10 minutos.",
                "demasiados_intentos",
            )
        else:
            try:
                certificado = base64.b64decode(request.POST.get("certificado", ""), validate=True)
                abierta = do_abrir_sesion(
                    certificado,
                    request.POST.get("reto", ""),
                    decodificar_firma(request.POST.get("firma", "")),
                    perfil=perfil,
                )
            except (binascii.Error, ValueError):
                error = "No se recibió el certificado: elija su archivo .cer y vuelva a firmar."
                codigo = "certificado_invalido"
            except PerfilNoAutorizado:
                error, codigo = NO_ES_OFICIAL, "perfil_no_autorizado"
            except ErrorEfirma as exc:
                error = exc.mensaje
                codigo = "certificado_invalido" if exc.codigo == "archivo_invalido" else exc.codigo
            else:
                anterior = sesion_de(request)
                if anterior is not None:
                    do_cerrar_sesion(anterior, "nueva_sesion")
                respuesta = HttpResponseRedirect(siguiente(request, omision))
                poner_cookie(respuesta, abierta.token)
                return respuesta
        if error:
            seguridad.inicio_rechazado(request, codigo, certificado or None, perfil)
    contexto = {
        "reto": do_emitir_reto().valor,
        "error": error,
        "siguiente": siguiente(request, omision),
    }
    return render(request, plantilla, contexto, status=400 if error else 200)


PARTICULAR = Sesion.Perfil.PARTICULAR
SERVIDOR_PUBLICO = Sesion.Perfil.SERVIDOR_PUBLICO
